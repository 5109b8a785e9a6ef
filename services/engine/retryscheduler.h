// Automatic retries waiting for their time: one timer per waiting task, replaced when the task is
// scheduled again and dropped when it is canceled, paused or removed meanwhile. When the wait is
// over, due() says so; what to retry and when is the engine's decision (RetryPolicy).
#pragma once

#include "models/task.h"

#include <QHash>
#include <QObject>

class RetryScheduler final : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    void schedule(TaskId id, qint64 delayMs); // replaces a pending retry of `id`
    bool cancel(TaskId id);                   // true when one was pending
    bool isWaiting(TaskId id) const { return m_tickets.contains(id); }
    bool isEmpty() const { return m_tickets.isEmpty(); }

Q_SIGNALS:
    void due(TaskId id); // the wait is over (already forgotten here)

private:
    QHash<TaskId, quint64> m_tickets; // a timer that fires with an older ticket is stale
    quint64 m_lastTicket = 0;
};
