// Small helpers on the task record.
#include "task.h"

#include <QCoreApplication>
#include <QDir>

QString taskStateName(TaskState state)
{
    switch (state) {
    case TaskState::Queued:
        return QCoreApplication::translate("Task", "Queued");
    case TaskState::Running:
        return QCoreApplication::translate("Task", "Running");
    case TaskState::Completed:
        return QCoreApplication::translate("Task", "Completed");
    case TaskState::Failed:
        return QCoreApplication::translate("Task", "Failed");
    case TaskState::Canceled:
        return QCoreApplication::translate("Task", "Canceled");
    case TaskState::Paused:
        return QCoreApplication::translate("Task", "Paused");
    }
    return {};
}

const TaskExtra &Task::noExtra()
{
    static const TaskExtra none;
    return none;
}

TaskExtra &Task::editExtra()
{
    if (!m_extra.constData())
        m_extra = new TaskExtra;
    return *m_extra; // detaches when another copy of the task shares it
}

void Task::dropEmptyExtra()
{
    // Through constData(): a non-const access would copy a block the store's copy shares.
    if (const TaskExtra *x = m_extra.constData(); x && x->isEmpty())
        m_extra.reset();
}

bool TaskExtra::isEmpty() const
{
    return connectionDetails.isEmpty() && mirrors.isEmpty() && requestedName.isEmpty() &&
           checksum.isEmpty() && !extract && referrer.isEmpty() && cookies.isEmpty() &&
           userAgent.isEmpty() && !browserContextKept && sourcePath.isEmpty() && result.isEmpty() &&
           phase.isEmpty() && engine.isEmpty() && gid.isEmpty() && remoteFields.isEmpty();
}

QString Task::filePath() const
{
    if (fileName.isEmpty())
        return {};
    return QDir(directory).filePath(fileName);
}

qint64 Task::etaSeconds() const
{
    if (state != TaskState::Running || bytesTotal < 0 || speed < 1.0)
        return -1;
    const qint64 left = qMax<qint64>(0, bytesTotal - bytesDone);
    // Bytes still to come take at least a second as shown: never "0 s" mid-download.
    return left == 0 ? 0 : qMax<qint64>(1, static_cast<qint64>(left / speed + 0.5));
}
