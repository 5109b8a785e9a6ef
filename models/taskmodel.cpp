// The task list adapter.
#include "taskmodel.h"

#include "format.h"
#include "services/engine/taskregistry.h"
#include "taskstatus.h"

#include <QLocale>
#include <algorithm>

TaskModel::TaskModel(TaskRegistry *tasks, QObject *parent)
    : QAbstractTableModel(parent), m_tasks(tasks)
{
    m_countdown.setObjectName(QStringLiteral("TaskModel countdown")); // named in slow-event traces
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &TaskModel::refreshCountdowns);
    connect(tasks, &TaskRegistry::added, this, &TaskModel::onAdded);
    connect(tasks, &TaskRegistry::removed, this, &TaskModel::onRemoved);
    connect(tasks, &TaskRegistry::moved, this, &TaskModel::onMoved);
    connect(tasks, &TaskRegistry::changed, this, &TaskModel::onChanged);
    connect(tasks, &TaskRegistry::stateChanged, this, &TaskModel::stateChanged);
    connect(tasks, &TaskRegistry::statsChanged, this, &TaskModel::statsChanged);
    m_rowIds = tasks->ids();
    for (int row = 0; row < m_rowIds.size(); ++row)
        m_rows.insert(m_rowIds[row], row);
}

int TaskModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rowIds.size());
}

int TaskModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Task *found = task(m_rowIds[index.row()]);
    if (!found)
        return {};
    const Task &task = *found;
    switch (role) {
    case Qt::DisplayRole:
        return displayData(task, index.column());
    case Qt::ToolTipRole:
        if (index.column() == StateColumn) // the whole text, however narrow the column
            return stateToolTip(task);
        if (index.column() == NameColumn)
            return task.kind == TaskKind::Download ? task.url.toDisplayString()
                                                   : task.extra().sourcePath;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == SpeedColumn ||
            index.column() == EtaColumn || index.column() == DownloadedColumn ||
            index.column() == ConnectionsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case TaskIdRole:
        return QVariant::fromValue(task.id);
    case RawValueRole:
        return rawData(task, index.column());
    case StateRole:
        return static_cast<int>(task.state);
    case ErrorMessageRole:
        return task.error.message;
    case UrlRole:
        return task.url;
    case FilePathRole:
        return task.filePath();
    case KindRole:
        return static_cast<int>(task.kind);
    case SegmentsRole:
        return task.segments;
    case EngineRole:
        return task.extra().engine;
    case RetryingRole:
        return task.isWaitingToRetry();
    }
    return {};
}

const Task *TaskModel::task(TaskId id) const
{
    return m_tasks->task(id);
}

int TaskModel::countIn(TaskState state) const
{
    return m_tasks->countIn(state);
}

int TaskModel::localCountIn(TaskState state) const
{
    return m_tasks->localCountIn(state);
}

void TaskModel::setWhereLabels(const QHash<QString, QString> &labels)
{
    if (labels == m_whereLabels)
        return;
    m_whereLabels = labels;
    if (!m_rowIds.isEmpty())
        Q_EMIT dataChanged(index(0, WhereColumn), index(int(m_rowIds.size()) - 1, WhereColumn));
}

int TaskModel::waitingCount() const
{
    return m_tasks->waitingCount();
}

double TaskModel::totalSpeed() const
{
    return m_tasks->totalSpeed();
}

void TaskModel::flush()
{
    m_tasks->flush();
}

void TaskModel::onAdded(const QList<TaskId> &ids)
{
    const int first = rowCount();
    beginInsertRows({}, first, first + int(ids.size()) - 1);
    for (TaskId id : ids) {
        m_rows.insert(id, int(m_rowIds.size()));
        m_rowIds.append(id);
    }
    endInsertRows();
}

void TaskModel::onRemoved(const QList<TaskId> &ids)
{
    // Remove from the bottom up, one contiguous block at a time, then rebuild the row index once.
    QList<int> rows;
    for (TaskId id : ids) {
        const int row = rowOf(id);
        if (row >= 0)
            rows.append(row);
        m_waiting.remove(id);
    }
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int i = 0; i < rows.size();) {
        const int last = rows[i];
        int first = last;
        while (i + 1 < rows.size() && rows[i + 1] == first - 1)
            first = rows[++i];
        ++i;
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r)
            m_rows.remove(m_rowIds[r]);
        m_rowIds.remove(first, last - first + 1);
        for (int r = first; r < int(m_rowIds.size()); ++r)
            m_rows[m_rowIds[r]] = r;
        endRemoveRows();
    }
}

// The registry's order changed (Move to top...): rows follow it, selections follow their rows.
void TaskModel::onMoved()
{
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList before = persistentIndexList();
    QList<TaskId> beforeIds;
    beforeIds.reserve(before.size());
    for (const QModelIndex &index : before)
        beforeIds.append(m_rowIds.value(index.row()));
    m_rowIds = m_tasks->ids();
    for (int row = 0; row < m_rowIds.size(); ++row)
        m_rows[m_rowIds[row]] = row;
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after.append(index(rowOf(beforeIds[i]), before[i].column()));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged();
}

// Which columns show a field.
static std::pair<int, int> columnSpan(TaskFields fields)
{
    int first = TaskModel::ColumnCount;
    int last = -1;
    const auto cover = [&](int column) {
        first = qMin(first, column);
        last = qMax(last, column);
    };
    if (fields & (TaskField::Name | TaskField::Added))
        cover(TaskModel::NameColumn);
    if (fields & (TaskField::Progress | TaskField::Added))
        cover(TaskModel::SizeColumn);
    if (fields &
        (TaskField::Progress | TaskField::State | TaskField::Segments | TaskField::Connections))
        cover(TaskModel::ProgressColumn);
    if (fields & (TaskField::Speed | TaskField::State))
        cover(TaskModel::SpeedColumn);
    if (fields & (TaskField::Speed | TaskField::Progress | TaskField::State))
        cover(TaskModel::EtaColumn);
    if (fields & (TaskField::State | TaskField::Retry | TaskField::Phase | TaskField::Added))
        cover(TaskModel::StateColumn);
    return {first, last};
}

// Which of the optional columns show a field: repainted apart, so that a progress change does
// not repaint every column between Size and Downloaded.
static std::pair<int, int> optionalColumnSpan(TaskFields fields)
{
    int first = TaskModel::ColumnCount;
    int last = -1;
    const auto cover = [&](int column) {
        first = qMin(first, column);
        last = qMax(last, column);
    };
    if (fields & (TaskField::State | TaskField::Added))
        cover(TaskModel::FinishedColumn);
    if (fields & (TaskField::Progress | TaskField::Added))
        cover(TaskModel::DownloadedColumn);
    if (fields & (TaskField::Name | TaskField::Added))
        cover(TaskModel::HostColumn);
    if (fields & (TaskField::Connections | TaskField::Added))
        cover(TaskModel::ConnectionsColumn);
    if (fields & (TaskField::Added | TaskField::Remote))
        cover(TaskModel::FolderColumn);
    if (fields & TaskField::Added)
        cover(TaskModel::WhereColumn);
    return {first, last};
}

void TaskModel::onChanged(const QList<TaskChange> &batch)
{
    // One dataChanged per run of adjacent rows with the same columns, not one span over all.
    struct RowSpan {
        int row, first, last;
    };
    std::vector<RowSpan> spans;
    spans.reserve(size_t(batch.size()));
    for (const TaskChange &change : batch) {
        const int row = rowOf(change.id);
        if (row < 0)
            continue;
        if (change.fields & (TaskField::Retry | TaskField::State)) {
            const Task *t = task(change.id);
            if (t && t->isWaitingToRetry())
                m_waiting.insert(change.id);
            else
                m_waiting.remove(change.id);
        }
        for (const auto &[first, last] :
             {columnSpan(change.fields), optionalColumnSpan(change.fields)})
            if (last >= 0)
                spans.push_back({row, first, last});
    }
    std::sort(spans.begin(), spans.end(), [](const RowSpan &a, const RowSpan &b) {
        return std::tie(a.first, a.row) < std::tie(b.first, b.row);
    });
    for (size_t i = 0; i < spans.size();) {
        size_t j = i + 1;
        while (j < spans.size() && spans[j].row == spans[j - 1].row + 1 &&
               spans[j].first == spans[i].first && spans[j].last == spans[i].last)
            ++j;
        Q_EMIT dataChanged(index(spans[i].row, spans[i].first),
                           index(spans[j - 1].row, spans[i].last));
        i = j;
    }
    if (m_waiting.isEmpty())
        m_countdown.stop();
    else if (!m_countdown.isActive())
        m_countdown.start();
}

// "retrying in N s" changes its text once a second without any change in the registry.
void TaskModel::refreshCountdowns()
{
    for (TaskId id : std::as_const(m_waiting)) {
        const int row = rowOf(id);
        if (row >= 0)
            Q_EMIT dataChanged(index(row, StateColumn), index(row, StateColumn));
    }
    if (m_waiting.isEmpty())
        m_countdown.stop();
}
