// The task list model with coalesced repaints.
#include "taskmodel.h"

#include "format.h"

#include <QLocale>
#include <algorithm>

TaskModel::TaskModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_timer.setInterval(FlushIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &TaskModel::tick);
    m_clock.start();
}

int TaskModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_tasks.size());
}

int TaskModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

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
    case NameColumn:
        return displayName(task);
    case SizeColumn:
        return Format::bytes(task.bytesTotal);
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
        if (task.state == TaskState::Failed && !task.error.message.isEmpty())
            return tr("Failed: %1").arg(task.error.message);
        if (task.state == TaskState::Running && !task.phase.isEmpty())
            return task.phase;
        if (task.isWaitingToRetry()) {
            const qint64 secs =
                qMax<qint64>(0, (QDateTime::currentDateTime().msecsTo(task.retryAt) + 999) / 1000);
            return tr("Retrying in %1 s (%2 of %3)")
                .arg(secs)
                .arg(task.retryAttempt)
                .arg(task.retryMax);
        }
        return taskStateName(task.state);
    }
    return {};
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
    }
    return {};
}

QVariant TaskModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Task &task = m_tasks[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return displayData(task, index.column());
    case Qt::ToolTipRole:
        if (index.column() == StateColumn && task.isWaitingToRetry())
            return tr("Attempt %1 of %2 is due at %3.\nThe last one failed: %4")
                .arg(task.retryAttempt)
                .arg(task.retryMax)
                .arg(QLocale().toString(task.retryAt.time(), QLocale::LongFormat),
                     task.error.message);
        if (index.column() == StateColumn && task.error.isError() &&
            task.state != TaskState::Completed)
            return task.error.detail.isEmpty()
                       ? task.error.message
                       : task.error.message + QLatin1Char('\n') + task.error.detail;
        if (index.column() == NameColumn)
            return task.kind == TaskKind::Download ? task.url.toDisplayString() : task.sourcePath;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == SpeedColumn ||
            index.column() == EtaColumn)
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
    }
    return {};
}

const Task *TaskModel::task(TaskId id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_tasks[row];
}

Task *TaskModel::mutableTask(TaskId id)
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_tasks[row];
}

QList<TaskId> TaskModel::ids() const
{
    QList<TaskId> result;
    result.reserve(static_cast<qsizetype>(m_tasks.size()));
    for (const Task &t : m_tasks)
        result.append(t.id);
    return result;
}

double TaskModel::totalSpeed() const
{
    double sum = 0;
    for (auto it = m_meters.cbegin(); it != m_meters.cend(); ++it)
        sum += it->bytesPerSecond();
    return sum;
}

QList<TaskId> TaskModel::addTasks(const QList<QUrl> &urls, const QString &directory)
{
    std::vector<Task> tasks(static_cast<size_t>(urls.size()));
    for (qsizetype i = 0; i < urls.size(); ++i) {
        tasks[i].url = urls[i];
        tasks[i].directory = directory;
    }
    return insertTasks(std::move(tasks));
}

QList<TaskId> TaskModel::insertTasks(std::vector<Task> tasks)
{
    QList<TaskId> added;
    if (tasks.empty())
        return added;
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(tasks.size()) - 1);
    const QDateTime now = QDateTime::currentDateTime();
    m_tasks.reserve(m_tasks.size() + tasks.size());
    for (Task &t : tasks) {
        t.id = m_nextId++;
        t.state = TaskState::Queued;
        t.added = now;
        m_rows.insert(t.id, static_cast<int>(m_tasks.size()));
        added.append(t.id);
        m_tasks.push_back(std::move(t));
    }
    m_counts[static_cast<int>(TaskState::Queued)] += static_cast<int>(added.size());
    endInsertRows();
    for (TaskId id : added) // new rows must reach storage too
        markDirty(id);
    Q_EMIT statsChanged();
    return added;
}

TaskId TaskModel::addTask(const QUrl &url, const QString &directory)
{
    return addTasks({url}, directory).constFirst();
}

void TaskModel::removeTasks(const QList<TaskId> &ids)
{
    // Remove from the bottom up, one contiguous block at a time, then rebuild the row index once.
    QList<int> rows;
    for (TaskId id : ids) {
        const int row = rowOf(id);
        if (row >= 0)
            rows.append(row);
    }
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int i = 0; i < rows.size();) {
        int last = rows[i];
        int first = last;
        while (i + 1 < rows.size() && rows[i + 1] == first - 1)
            first = rows[++i];
        ++i;
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r) {
            const Task &t = m_tasks[r];
            --m_counts[static_cast<int>(t.state)];
            m_meters.remove(t.id);
            m_dirty.remove(t.id);
            m_waiting.remove(t.id);
            m_rows.remove(t.id);
        }
        m_tasks.erase(m_tasks.begin() + first, m_tasks.begin() + last + 1);
        for (int r = first; r < static_cast<int>(m_tasks.size()); ++r)
            m_rows[m_tasks[r].id] = r;
        endRemoveRows();
    }
    Q_EMIT tasksRemoved(ids);
    Q_EMIT statsChanged();
}

void TaskModel::setState(TaskId id, TaskState state, const TaskError &error)
{
    Task *t = mutableTask(id);
    if (!t)
        return;
    const bool changed = t->state != state;
    --m_counts[static_cast<int>(t->state)];
    ++m_counts[static_cast<int>(state)];
    t->state = state;
    t->error = error;
    if (state != TaskState::Queued) {
        t->retryAt = {};
        m_waiting.remove(id);
    }
    if (state != TaskState::Running)
        t->phase.clear();
    if (state == TaskState::Running) {
        m_meters[id].reset();
        m_meters[id].sample(m_clock.elapsed(), t->bytesDone);
    } else {
        m_meters.remove(id);
        t->speed = 0;
    }
    if (state == TaskState::Completed || state == TaskState::Failed || state == TaskState::Canceled)
        t->finished = QDateTime::currentDateTime();
    else
        t->finished = {};
    markDirty(id);
    if (changed)
        Q_EMIT stateChanged(id, state);
}

void TaskModel::setProgress(TaskId id, qint64 done, qint64 total)
{
    if (Task *t = mutableTask(id)) {
        t->bytesDone = done;
        t->bytesTotal = total;
        markDirty(id);
    }
}

void TaskModel::setFileName(TaskId id, const QString &fileName)
{
    if (Task *t = mutableTask(id)) {
        t->fileName = fileName;
        markDirty(id);
    }
}

void TaskModel::setAttempts(TaskId id, int attempts)
{
    if (Task *t = mutableTask(id)) {
        t->attempts = attempts;
        markDirty(id);
    }
}

void TaskModel::appendLog(TaskId id, const QString &text)
{
    if (Task *t = mutableTask(id)) {
        t->log.append({QDateTime::currentDateTime(), text});
        markDirty(id);
    }
}

void TaskModel::setValidators(TaskId id, const QByteArray &etag, const QByteArray &lastModified)
{
    if (Task *t = mutableTask(id)) {
        t->etag = etag;
        t->lastModified = lastModified;
        markDirty(id);
    }
}

void TaskModel::setResult(TaskId id, const QString &result)
{
    if (Task *t = mutableTask(id)) {
        t->result = result;
        markDirty(id);
    }
}

void TaskModel::setPhase(TaskId id, const QString &phase)
{
    if (Task *t = mutableTask(id)) {
        t->phase = phase;
        markDirty(id);
    }
}

void TaskModel::setRetry(TaskId id, const QDateTime &at, int attempt, int maxAttempts)
{
    if (Task *t = mutableTask(id)) {
        t->retryAt = at;
        t->retryAttempt = attempt;
        t->retryMax = maxAttempts;
        if (at.isValid())
            m_waiting.insert(id);
        else
            m_waiting.remove(id);
        markDirty(id);
    }
}

void TaskModel::restoreTasks(std::vector<Task> tasks)
{
    if (tasks.empty())
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(tasks.size()) - 1);
    for (Task &t : tasks) {
        m_nextId = qMax(m_nextId, t.id + 1);
        ++m_counts[static_cast<int>(t.state)];
        m_rows.insert(t.id, static_cast<int>(m_tasks.size()));
        m_tasks.push_back(std::move(t));
    }
    endInsertRows();
    Q_EMIT statsChanged();
}

void TaskModel::markDirty(TaskId id)
{
    m_dirty.insert(id);
    if (!m_timer.isActive())
        m_timer.start();
}

void TaskModel::tick()
{
    // Sample speeds of running tasks: a stalled transfer must decay to zero without new bytes.
    const qint64 now = m_clock.elapsed();
    for (auto it = m_meters.begin(); it != m_meters.end(); ++it) {
        Task &t = m_tasks[m_rows.value(it.key())];
        it->sample(now, t.bytesDone);
        if (!qFuzzyCompare(t.speed + 1.0, it->bytesPerSecond() + 1.0)) {
            t.speed = it->bytesPerSecond();
            m_dirty.insert(t.id);
        }
    }
    // Retry countdowns change their text once a second.
    if (!m_waiting.isEmpty() && now - m_lastCountdownMs >= 1000) {
        m_lastCountdownMs = now;
        for (TaskId id : std::as_const(m_waiting))
            m_dirty.insert(id);
    }
    if (m_dirty.isEmpty()) {
        if (m_meters.isEmpty() && m_waiting.isEmpty())
            m_timer.stop();
        return;
    }
    flush();
}

void TaskModel::flush()
{
    if (m_dirty.isEmpty())
        return;
    int first = INT_MAX;
    int last = -1;
    const QList<TaskId> changed(m_dirty.cbegin(), m_dirty.cend());
    for (TaskId id : changed) {
        const int row = rowOf(id);
        if (row >= 0) {
            first = qMin(first, row);
            last = qMax(last, row);
        }
    }
    m_dirty.clear();
    if (last >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    Q_EMIT tasksChanged(changed);
    Q_EMIT statsChanged();
}
