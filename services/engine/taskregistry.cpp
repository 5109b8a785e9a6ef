// The task registry.
#include "taskregistry.h"

#include <QSet>

TaskRegistry::TaskRegistry(QObject *parent) : QObject(parent)
{
    m_timer.setObjectName(QStringLiteral("TaskRegistry flush")); // named in slow-event traces
    m_timer.setInterval(FlushIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &TaskRegistry::tick);
    m_elapsed.start();
    m_now = [this] { return m_elapsed.elapsed(); };
}

const Task *TaskRegistry::task(TaskId id) const
{
    const auto it = m_tasks.find(id);
    return it == m_tasks.end() ? nullptr : &it->second;
}

Task *TaskRegistry::mutableTask(TaskId id)
{
    const auto it = m_tasks.find(id);
    return it == m_tasks.end() ? nullptr : &it->second;
}

double TaskRegistry::totalSpeed() const
{
    double sum = 0;
    for (auto it = m_meters.cbegin(); it != m_meters.cend(); ++it)
        sum += it->bytesPerSecond();
    for (auto it = m_remoteSpeeds.cbegin(); it != m_remoteSpeeds.cend(); ++it)
        sum += *it;
    return sum;
}

QList<TaskId> TaskRegistry::addTasks(const QList<QUrl> &urls, const QString &directory)
{
    std::vector<Task> tasks(static_cast<size_t>(urls.size()));
    for (qsizetype i = 0; i < urls.size(); ++i) {
        tasks[i].url = urls[i];
        tasks[i].directory = directory;
    }
    return insertTasks(std::move(tasks));
}

QList<TaskId> TaskRegistry::insertTasks(std::vector<Task> tasks)
{
    return append(std::move(tasks), true);
}

QHash<TaskId, TaskRegistry::Place> TaskRegistry::places(const QList<TaskId> &ids) const
{
    const QSet<TaskId> asked(ids.cbegin(), ids.cend());
    QHash<TaskId, Place> found;
    found.reserve(ids.size());
    TaskId next = 0;
    for (qsizetype row = m_order.size() - 1; row >= 0; --row) {
        if (asked.contains(m_order[row]))
            found.insert(m_order[row], Place{row, next});
        else
            next = m_order[row];
    }
    return found;
}

QList<TaskId> TaskRegistry::reinsertTasks(std::vector<Task> tasks)
{
    return append(std::move(tasks), false);
}

// New ids; `fresh` tasks start Queued, added now.
QList<TaskId> TaskRegistry::append(std::vector<Task> tasks, bool fresh)
{
    QList<TaskId> added;
    if (tasks.empty())
        return added;
    const QDateTime now = QDateTime::currentDateTime();
    added.reserve(qsizetype(tasks.size()));
    m_tasks.reserve(m_tasks.size() + tasks.size());
    for (Task &t : tasks) {
        t.id = m_nextId++;
        t.position = m_nextPosition++; // new and restored tasks come last
        if (fresh) {
            t.state = TaskState::Queued;
            t.added = now;
        }
        ++m_counts[static_cast<int>(t.state)];
        m_remoteCounts[static_cast<int>(t.state)] += t.isRemote() ? 1 : 0;
        m_waiting += t.isWaitingToRetry() ? 1 : 0;
        const TaskId id = t.id;
        added.append(id);
        m_order.append(id);
        touch(m_tasks.emplace(id, std::move(t)).first->second,
              TaskField::Added); // new tasks must reach storage too
    }
    Q_EMIT this->added(added);
    Q_EMIT statsChanged();
    return added;
}

TaskId TaskRegistry::addTask(const QUrl &url, const QString &directory)
{
    return addTasks({url}, directory).constFirst();
}

void TaskRegistry::removeTasks(const QList<TaskId> &ids)
{
    QList<TaskId> gone;
    for (TaskId id : ids) {
        const auto it = m_tasks.find(id);
        if (it == m_tasks.end())
            continue;
        --m_counts[static_cast<int>(it->second.state)];
        m_remoteCounts[static_cast<int>(it->second.state)] -= it->second.isRemote() ? 1 : 0;
        m_waiting -= it->second.isWaitingToRetry() ? 1 : 0;
        m_meters.remove(id);
        m_remoteSpeeds.remove(id);
        m_pending.remove(id);
        m_tasks.erase(it);
        gone.append(id);
    }
    if (gone.isEmpty())
        return;
    const QSet<TaskId> goneSet(gone.cbegin(), gone.cend());
    m_order.removeIf([&goneSet](TaskId id) { return goneSet.contains(id); });
    Q_EMIT removed(gone);
    Q_EMIT statsChanged();
}

void TaskRegistry::setState(TaskId id, TaskState state, const TaskError &error)
{
    Task *t = mutableTask(id);
    if (!t)
        return;
    const bool changed = t->state != state;
    const bool wasWaiting = t->isWaitingToRetry();
    --m_counts[static_cast<int>(t->state)];
    ++m_counts[static_cast<int>(state)];
    if (t->isRemote()) {
        --m_remoteCounts[static_cast<int>(t->state)];
        ++m_remoteCounts[static_cast<int>(state)];
    }
    t->state = state;
    t->error = kept(*t, error);
    TaskFields fields = TaskField::State | TaskField::Speed;
    if (state != TaskState::Queued && t->retryAt.isValid()) {
        t->retryAt = {};
        fields |= TaskField::Retry;
    }
    m_waiting += int(t->isWaitingToRetry()) - int(wasWaiting);
    if (state != TaskState::Running && !t->extra().phase.isEmpty()) {
        t->editExtra().phase.clear();
        t->dropEmptyExtra();
        fields |= TaskField::Phase;
    }
    if (t->isRemote()) {
        if (state != TaskState::Running) {
            m_remoteSpeeds.remove(id);
            t->speed = 0;
        }
    } else if (state == TaskState::Running) {
        m_meters[id].reset();
        m_meters[id].sample(m_now(), t->bytesDone);
    } else {
        m_meters.remove(id);
        t->speed = 0;
    }
    if (state == TaskState::Completed || state == TaskState::Failed || state == TaskState::Canceled)
        t->finished = QDateTime::currentDateTime();
    else
        t->finished = {};
    touch(*t, fields);
    if (changed)
        Q_EMIT stateChanged(id, state);
}

TaskError TaskRegistry::kept(const Task &task, const TaskError &error)
{
    TaskError e = error;
    e.message = m_texts.share(error.message);
    if (!e.detail.isEmpty()) {
        const QString own = task.url.toDisplayString();
        if (e.detail == own)
            e.detail.clear();
        else if (e.detail.size() > own.size() && e.detail.startsWith(own) &&
                 e.detail.at(own.size()) == QLatin1Char('\n'))
            e.detail = e.detail.mid(own.size() + 1);
    }
    e.detail = m_texts.share(e.detail);
    return e;
}

void TaskRegistry::restoreTasks(std::vector<Task> tasks)
{
    if (tasks.empty())
        return;
    // In their stored order; equal positions keep the order given (and become distinct).
    std::stable_sort(tasks.begin(), tasks.end(),
                     [](const Task &a, const Task &b) { return a.position < b.position; });
    for (size_t i = 1; i < tasks.size(); ++i)
        tasks[i].position = qMax(tasks[i].position, tasks[i - 1].position + 1);
    QList<TaskId> restored;
    for (Task &t : tasks) {
        m_nextId = qMax(m_nextId, t.id + 1);
        m_nextPosition = qMax(m_nextPosition, t.position + 1);
        ++m_counts[static_cast<int>(t.state)];
        m_remoteCounts[static_cast<int>(t.state)] += t.isRemote() ? 1 : 0;
        m_waiting += t.isWaitingToRetry() ? 1 : 0;
        if (t.error.isError())
            t.error = kept(t, t.error);
        restored.append(t.id);
        m_order.append(t.id);
        m_tasks.emplace(t.id, std::move(t));
    }
    Q_EMIT added(restored);
    Q_EMIT statsChanged();
}

void TaskRegistry::touch(Task &t, TaskFields fields)
{
    ++t.revision;
    m_pending[t.id] |= fields;
    if (!m_timer.isActive())
        m_timer.start();
}

// Speeds of running tasks: a stalled transfer must decay to zero without new bytes.
void TaskRegistry::sampleSpeeds()
{
    const qint64 now = m_now();
    for (auto it = m_meters.begin(); it != m_meters.end(); ++it) {
        Task *t = mutableTask(it.key());
        if (!t)
            continue;
        it->sample(now, t->bytesDone);
        if (!qFuzzyCompare(t->speed + 1.0, it->bytesPerSecond() + 1.0)) {
            t->speed = it->bytesPerSecond();
            m_pending[t->id] |= TaskField::Speed; // not stored: no new revision for the store
        }
    }
}

void TaskRegistry::tick()
{
    if (m_pending.isEmpty() && m_meters.isEmpty()) {
        m_timer.stop();
        return;
    }
    flush();
}

void TaskRegistry::flush()
{
    sampleSpeeds();
    if (m_pending.isEmpty())
        return;
    QList<TaskChange> batch;
    batch.reserve(m_pending.size());
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        batch.append({it.key(), it.value()});
    m_pending.clear();
    Q_EMIT changed(batch);
    Q_EMIT statsChanged();
}
