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
    // A name for `id` in `dir` based on `wanted`, free on disk (no file, no `.part`) and not held
    // by another task. Whatever `id` held before is released first.
    QString reserveUnique(TaskId id, const QString &dir, const QString &wanted);
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
};
