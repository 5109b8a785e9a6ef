// The shared queue.
#include "workqueue.h"

#include <limits>
#include <optional>
#include <set>

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
    const auto resorted = [this](const Line &line) {
        Line sorted;
        for (const auto &[key, id] : line)
            sorted.emplace(Key{m_rank(id), key.second}, id); // equal ranks keep arrival order
        return sorted;
    };
    m_queue = resorted(m_queue);
    for (auto &[what, line] : m_waiting)
        line = resorted(line);
    schedule();
}

bool WorkQueue::startNow(TaskId id)
{
    if (m_stopping)
        return false;
    std::optional<Key> key;
    const auto takeFrom = [&key, id](Line &line) {
        for (auto it = line.begin(); it != line.end(); ++it) {
            if (it->second == id) {
                key = it->first;
                line.erase(it);
                return true;
            }
        }
        return false;
    };
    if (!takeFrom(m_queue)) {
        for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it) {
            if (takeFrom(it->second)) {
                if (it->second.empty())
                    m_waiting.erase(it);
                break;
            }
        }
    }
    ++m_active;
    QString waitsFor;
    const Start started = m_start(id, &waitsFor);
    if (started != Start::Started)
        --m_active;
    if (started == Start::Later) // it waits for its host: first in line
        m_waiting[waitsFor].emplace(
            Key{std::numeric_limits<qint64>::min(), key ? key->second : m_arrivals++}, id);
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
    // The first of each line of waiting tasks, by its place in the queue. A line whose first
    // answered Later in this pump stays out of it (its entry here is skipped when reached).
    std::map<Key, QString> heads;
    for (const auto &[what, line] : m_waiting)
        heads.emplace(line.begin()->first, what);
    std::set<QString> full;
    while (!m_stopping && m_active < m_limit()) {
        while (!heads.empty()) {
            const auto &[key, what] = *heads.begin();
            const auto line = m_waiting.find(what);
            if (!full.count(what) && line != m_waiting.end() && line->second.begin()->first == key)
                break;
            heads.erase(heads.begin()); // stale: the line is full, gone or has a new first
        }
        const bool fromLine =
            !heads.empty() && (m_queue.empty() || heads.begin()->first < m_queue.begin()->first);
        if (!fromLine && m_queue.empty())
            break;
        QString lineOf;
        if (fromLine) {
            lineOf = heads.begin()->second;
            heads.erase(heads.begin());
        }
        Line &from = fromLine ? m_waiting.find(lineOf)->second : m_queue;
        const auto [key, id] = *from.begin();
        from.erase(from.begin());
        if (fromLine && from.empty())
            m_waiting.erase(lineOf);
        else if (fromLine)
            heads.emplace(from.begin()->first, lineOf); // the next of that line, in its place
        ++m_active; // before: a task may end (and call finished()) before start returns
        QString waitsFor;
        const Start started = m_start(id, &waitsFor);
        if (started != Start::Started)
            --m_active;
        if (started == Start::Later) {
            m_waiting[waitsFor].emplace(key, id); // in its place in that line
            full.insert(waitsFor);
        }
    }
    Q_EMIT pumped();
}
