// TaskModel's columns: their titles, the text each shows, the raw values they sort by, and
// the State column's tooltip. Split from taskmodel.cpp.
#include "format.h"
#include "taskmodel.h"
#include "taskstatus.h"

#include <QLocale>

QVariant TaskModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case ProgressColumn:
        return tr("Progress");
    case SpeedColumn:
        return tr("Speed");
    case EtaColumn:
        return tr("ETA");
    case StateColumn:
        return tr("State");
    case AddedColumn:
        return tr("Added");
    case FinishedColumn:
        return tr("Completed at");
    case DownloadedColumn:
        return tr("Downloaded");
    case HostColumn:
        return tr("Host");
    case FolderColumn:
        return tr("Folder");
    case ConnectionsColumn:
        return tr("Connections");
    case WhereColumn:
        return tr("Where");
    }
    return {};
}

static QString displayName(const Task &task)
{
    if (!task.fileName.isEmpty())
        return task.fileName;
    const QString last = task.url.fileName();
    return last.isEmpty() ? task.url.toDisplayString() : last;
}

QVariant TaskModel::displayData(const Task &task, int column) const
{
    switch (column) {
    case NameColumn: // a job says what it does to the file, so it is never taken for a download
        switch (task.kind) {
        case TaskKind::Hash:
            return tr("Hash: %1").arg(displayName(task));
        case TaskKind::Extract:
            return tr("Unpack: %1").arg(displayName(task));
        case TaskKind::Download:
            break;
        }
        return displayName(task);
    case SizeColumn: // a size the server did not give: what has come so far
        if (task.bytesTotal < 0 && task.bytesDone > 0 && task.state != TaskState::Completed)
            return tr("%1 so far").arg(Format::bytes(task.bytesDone));
        return Format::bytes(task.bytesTotal < 0 && task.state == TaskState::Completed
                                 ? task.bytesDone
                                 : task.bytesTotal);
    case ProgressColumn:
        if (task.bytesTotal > 0)
            return QStringLiteral("%1%").arg(
                static_cast<int>(task.bytesDone * 100 / task.bytesTotal));
        return task.state == TaskState::Completed ? QStringLiteral("100%") : QString();
    case SpeedColumn:
        return task.state == TaskState::Running ? Format::speed(task.speed) : QString();
    case EtaColumn:
        return task.state == TaskState::Running ? Format::duration(task.etaSeconds()) : QString();
    case StateColumn:
        return TaskStatus::text(task);
    case AddedColumn:
        return QLocale().toString(task.added, QLocale::ShortFormat);
    case FinishedColumn:
        return task.state == TaskState::Completed
                   ? QLocale().toString(task.finished, QLocale::ShortFormat)
                   : QString();
    case DownloadedColumn: // bytes so far, also when the size is unknown
        return task.kind == TaskKind::Download ? Format::bytes(task.bytesDone) : QString();
    case HostColumn:
        return task.kind == TaskKind::Download ? task.url.host() : QString();
    case FolderColumn:
        return task.directory;
    case ConnectionsColumn:
        return task.connections > 0 ? QLocale().toString(task.connections) : QString();
    case WhereColumn:
        return whereText(task);
    }
    return {};
}

QString TaskModel::stateToolTip(const Task &task)
{
    QString tip = TaskStatus::text(task);
    if (task.isWaitingToRetry())
        tip += QLatin1Char('\n') +
               tr("Attempt %1 is due at %2.")
                   .arg(task.retryAttempt)
                   .arg(QLocale().toString(task.retryAt.time(), QLocale::LongFormat));
    if (task.error.isError() && task.state != TaskState::Completed && !task.error.detail.isEmpty())
        tip += QLatin1Char('\n') + task.error.detail;
    return tip;
}

QVariant TaskModel::rawData(const Task &task, int column) const
{
    switch (column) {
    case NameColumn:
        return displayName(task);
    case SizeColumn:
        return task.bytesTotal;
    case ProgressColumn:
        if (task.state == TaskState::Completed)
            return 1.0;
        return task.bytesTotal > 0 ? double(task.bytesDone) / double(task.bytesTotal) : -1.0;
    case SpeedColumn:
        return task.state == TaskState::Running ? task.speed : 0.0;
    case EtaColumn:
        return task.etaSeconds();
    case StateColumn:
        return static_cast<int>(task.state);
    case AddedColumn:
        return task.added.toMSecsSinceEpoch();
    case FinishedColumn:
        return task.state == TaskState::Completed ? task.finished.toMSecsSinceEpoch() : 0;
    case DownloadedColumn:
        return task.bytesDone;
    case HostColumn:
        return task.url.host();
    case FolderColumn:
        return task.directory;
    case ConnectionsColumn:
        return task.connections;
    case WhereColumn:
        return whereText(task);
    }
    return {};
}

QString TaskModel::whereText(const Task &task) const
{
    if (!task.isRemote())
        return tr("This computer");
    return m_whereLabels.value(task.extra().engine, task.extra().engine);
}
