// The shared queue.
#include "workqueue.h"

#include <limits>
#include <vector>

WorkQueue::WorkQueue(std::function<int()> limit, StartFn start, QObject *parent)
    : QObject(parent), m_limit(std::move(limit)), m_start(std::move(start))
{
    m_pumpTimer.setObjectName(QStringLiteral("WorkQueue pump")); // named in slow-event traces
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setInterval(0);
    connect(&m_pumpTimer, &QTimer::timeout, this, &WorkQueue::pump);
}

WorkQueue::Key WorkQueue::keyFor(TaskId id)
{
    const quint64 arrival = m_arrivals++;
    return {m_rank ? m_rank(id) : qint64(arrival), arrival};
}

void WorkQueue::enqueue(TaskId id)
{
    m_queue.emplace(keyFor(id), id);
    schedule();
}

void WorkQueue::resort()
{
    if (!m_rank)
        return;
    std::map<Key, TaskId> sorted;
    for (const auto &[key, id] : m_queue)
        sorted.emplace(Key{m_rank(id), key.second}, id); // equal ranks keep their arrival order
    m_queue = std::move(sorted);
    schedule();
}

bool WorkQueue::startNow(TaskId id)
{
    if (m_stopping)
        return false;
    Key key;
    bool queued = false;
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (it->second == id) {
            key = it->first;
            queued = true;
            m_queue.erase(it);
            break;
        }
    }
    ++m_active;
    const Start started = m_start(id);
    if (started != Start::Started)
        --m_active;
    if (started == Start::Later) // it waits for its host: first in line
        m_queue.emplace(queued ? Key{std::numeric_limits<qint64>::min(), key.second}
                               : Key{std::numeric_limits<qint64>::min(), m_arrivals++},
                        id);
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
    std::vector<std::pair<Key, TaskId>> waiting; // Later ones, back in their places after
    while (!m_stopping && m_active < m_limit() && !m_queue.empty() &&
           waiting.size() < size_t(MaxDeferredPerPump)) {
        auto first = m_queue.begin();
        const auto [key, id] = *first;
        m_queue.erase(first);
        ++m_active; // before: a task may end (and call finished()) before start returns
        const Start started = m_start(id);
        if (started != Start::Started)
            --m_active;
        if (started == Start::Later)
            waiting.emplace_back(key, id);
    }
    for (const auto &[key, id] : waiting)
        m_queue.emplace(key, id);
    Q_EMIT pumped();
}
