// The shared queue.
#include "workqueue.h"

#include <algorithm>
#include <vector>

WorkQueue::WorkQueue(std::function<int()> limit, StartFn start, QObject *parent)
    : QObject(parent), m_limit(std::move(limit)), m_start(std::move(start))
{
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setInterval(0);
    connect(&m_pumpTimer, &QTimer::timeout, this, &WorkQueue::pump);
}

void WorkQueue::enqueue(TaskId id)
{
    if (!m_rank) {
        m_queue.enqueue(id);
    } else {
        // From the back: new tasks rank last, so this is one comparison when adding many.
        const qint64 rank = m_rank(id);
        qsizetype at = m_queue.size();
        while (at > 0 && m_rank(m_queue.at(at - 1)) > rank)
            --at;
        m_queue.insert(at, id);
    }
    schedule();
}

void WorkQueue::resort()
{
    if (!m_rank)
        return;
    std::vector<std::pair<qint64, TaskId>> ranked;
    ranked.reserve(size_t(m_queue.size()));
    for (TaskId id : std::as_const(m_queue))
        ranked.emplace_back(m_rank(id), id);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    m_queue.clear();
    for (const auto &[rank, id] : ranked)
        m_queue.enqueue(id);
    schedule();
}

bool WorkQueue::startNow(TaskId id)
{
    if (m_stopping)
        return false;
    m_queue.removeAll(id);
    ++m_active;
    const Start started = m_start(id);
    if (started != Start::Started)
        --m_active;
    if (started == Start::Later)
        m_queue.prepend(id); // it waits for its host: first in line
    return started == Start::Started;
}

void WorkQueue::schedule()
{
    m_pumpTimer.start(); // one pump for any number of requests before the next turn
}

void WorkQueue::finished()
{
    --m_active;
    schedule();
}

void WorkQueue::stop()
{
    m_stopping = true;
}

void WorkQueue::pump()
{
    QQueue<TaskId> waiting; // Later ones, put back in front in their order
    while (!m_stopping && m_active < m_limit() && !m_queue.isEmpty() &&
           waiting.size() < MaxDeferredPerPump) {
        const TaskId id = m_queue.dequeue();
        ++m_active; // before: a task may end (and call finished()) before start returns
        const Start started = m_start(id);
        if (started != Start::Started)
            --m_active;
        if (started == Start::Later)
            waiting.enqueue(id);
    }
    if (!waiting.isEmpty()) {
        waiting.append(m_queue);
        m_queue = std::move(waiting);
    }
    Q_EMIT pumped();
}
