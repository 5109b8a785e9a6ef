// The queue machinery downloads and jobs share: task ids in list order (or first in, first
// out), started as slots free up,
// at most limit() at once. schedule() calls are coalesced into one pump on the event loop, so
// adding 10,000 tasks returns at once and a burst of changes starts tasks once. Stale ids
// (canceled, paused, removed meanwhile) are the start function's to skip.
#pragma once

#include "models/task.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>
#include <map>
#include <utility>

class WorkQueue final : public QObject {
    Q_OBJECT
public:
    // Starts `id` if it should still run: Started (it took a slot), Stale (dropped from the
    // queue), or Later (it stays queued in its place: it waits for something besides a slot,
    // such as its host's cap). Answering Later, it sets *waitsFor to what it waits for (the
    // host): tasks waiting for the same thing line up behind each other, and a pump asks only
    // the first of each line again, so any number of them costs it one call per line.
    enum class Start { Started, Stale, Later };
    using StartFn = std::function<Start(TaskId, QString *waitsFor)>;

    WorkQueue(std::function<int()> limit, StartFn start, QObject *parent = nullptr);

    // Queued ids start in the order of `rank` (smaller first; equal ranks in arrival order).
    // Without one, first in, first out.
    void setRank(std::function<qint64(TaskId)> rank) { m_rank = std::move(rank); }
    void enqueue(TaskId id); // and schedule()
    void resort();           // the ranks changed (tasks moved in the list)
    // Starts `id` at once, whatever the limit (Start now); false when it should not run.
    bool startNow(TaskId id);
    void schedule();
    void finished(); // a started task's coroutine has ended: its slot is free
    int active() const { return m_active; }
    bool isEmpty() const { return m_queue.empty() && m_waiting.empty(); }
    void stop(); // no more starts (shutdown)
    bool isStopping() const { return m_stopping; }

Q_SIGNALS:
    void pumped(); // after each pump: the owner may be idle now

private:
    void pump();

    std::function<int()> m_limit;
    StartFn m_start;
    std::function<qint64(TaskId)> m_rank;
    // Keyed by (rank, arrival): ordered inserts and removals at the front in O(log n), so
    // retrying a task near the top of a long backlog does not scan it.
    using Key = std::pair<qint64, quint64>;
    using Line = std::map<Key, TaskId>;
    Key keyFor(TaskId id);
    Line m_queue;                      // tasks not known to wait for anything
    std::map<QString, Line> m_waiting; // tasks that answered Later, by what they wait for; no
                                       // empty lines
    quint64 m_arrivals = 0;
    QTimer m_pumpTimer;
    int m_active = 0;
    bool m_stopping = false;
};
