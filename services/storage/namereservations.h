// Which task owns which file name in which folder, for the task's whole life: from the moment a
// name is chosen (or a restored task brings one) until the file is complete, the task is removed
// or its partial file is gone. Two tasks can then never write one `.part`, even while one of
// them is paused, failed or waiting in the database. One name per task.
#pragma once

#include "models/task.h"

#include <QHash>
#include <QSet>
#include <QString>

class NameReservations {
public:
    // The first n >= `from` whose candidate for `wanted` (FileNames::candidate) no other task
    // holds in `dir`; `id` holds it now, and whatever it held before is released. Memory only:
    // whether the disk has that name is for the caller to learn off the GUI thread.
    // When `from` is held, the search goes on from nextNumber() (numbers are not handed out
    // twice while this lives, so a gap a removed task leaves is not filled).
    int reserveFrom(TaskId id, const QString &dir, const QString &wanted, int from = 0);
    // One past the highest number reserveFrom() gave for `wanted` in `dir` (0: none yet).
    int nextNumber(const QString &dir, const QString &wanted) const;
    // `id` keeps `name` (a restored or resuming task). False when another task holds it.
    bool claim(TaskId id, const QString &dir, const QString &name);
    void release(TaskId id);
    // Whether some task holds `dir/name`.
    bool isHeld(const QString &dir, const QString &name) const;
    bool holds(TaskId id, const QString &dir, const QString &name) const; // `id` is the owner
    int count() const { return int(m_byTask.size()); }

private:
    struct Held {
        QString dir;
        QString name;
    };
    QHash<TaskId, Held> m_byTask;
    QHash<QString, QHash<QString, TaskId>> m_byDir; // dir -> name -> owner
    QHash<QString, int> m_next;                     // dir + '/' + wanted -> nextNumber()
};
