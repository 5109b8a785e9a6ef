// Task states in words.
#include "taskstatus.h"

#include "format.h"

#include <QCoreApplication>

namespace TaskStatus {

static QString tr(const char *text)
{
    return QCoreApplication::translate("TaskStatus", text);
}

QString retryPlanned(const QString &reason, qint64 delayMs, int attempt, int maxAttempts)
{
    // The countdown first: a long reason ("HTTP 503 Service Unavailable") is what a narrow
    // State column cuts off.
    const QString when = tr("Retrying in %1 (attempt %2 of %3)")
                             .arg(Format::duration(qMax<qint64>(0, (delayMs + 999) / 1000)))
                             .arg(attempt)
                             .arg(maxAttempts);
    return reason.isEmpty() ? when : when + QStringLiteral(": ") + reason;
}

QString text(const Task &task, const QDateTime &now)
{
    if (task.isWaitingToRetry())
        return retryPlanned(task.error.message, now.msecsTo(task.retryAt), task.retryAttempt,
                            task.retryMax);
    switch (task.state) {
    case TaskState::Failed:
        return task.error.message.isEmpty() ? taskStateName(task.state)
                                            : tr("Failed: %1").arg(task.error.message);
    case TaskState::Running:
        return task.extra().phase.isEmpty() ? taskStateName(task.state) : task.extra().phase;
    case TaskState::Canceled:
        if (task.kind == TaskKind::Download && !task.fileName.isEmpty() && task.bytesDone > 0)
            return tr("Canceled, %1 kept").arg(Format::bytes(task.bytesDone));
        return taskStateName(task.state);
    default:
        return taskStateName(task.state);
    }
}

} // namespace TaskStatus
