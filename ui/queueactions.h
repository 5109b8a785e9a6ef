// The queue's order by hand: Start Now (beyond the limit of downloads at a time), Move to Top,
// Up, Down, to Bottom. The list's order is the order queued downloads start in, and it is
// stored, so it survives a restart. They act on the table's selection.
#pragma once

#include "models/task.h"
#include "services/engine/taskregistry.h"

#include <QObject>
#include <functional>

class DownloadEngine;
class QAbstractItemView;
class QAction;
class TaskModel;

class QueueActions final : public QObject {
    Q_OBJECT
public:
    QueueActions(DownloadEngine *engine, TaskModel *model, QAbstractItemView *view,
                 std::function<QList<TaskId>()> selection, QObject *parent = nullptr);

    QList<QAction *> actions() const; // Start Now, then the four moves
    void updateEnabled();

private:
    void moveSelection(TaskRegistry::Move where);
    QAction *makeAction(const char *objectName, const QString &text, const QString &toolTip,
                        const QKeySequence &keys);

    DownloadEngine *m_engine;
    TaskModel *m_model;
    QAbstractItemView *m_view;
    std::function<QList<TaskId>()> m_selection;
    QAction *m_startNow;
    QList<QAction *> m_moves;
};
