// The shared queue.
#include "workqueue.h"

WorkQueue::WorkQueue(std::function<int()> limit, StartFn start, QObject *parent)
    : QObject(parent), m_limit(std::move(limit)), m_start(std::move(start))
{
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setInterval(0);
    connect(&m_pumpTimer, &QTimer::timeout, this, &WorkQueue::pump);
}

void WorkQueue::enqueue(TaskId id)
{
    m_queue.enqueue(id);
    schedule();
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
