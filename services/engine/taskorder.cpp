// TaskRegistry: the list's order (which is the queue's): moving tasks and keeping positions.
// Split from taskregistry.cpp.
#include "taskregistry.h"

#include <QSet>

void TaskRegistry::moveTasks(const QList<TaskId> &ids, Move where)
{
    const QSet<TaskId> moving(ids.cbegin(), ids.cend());
    QList<TaskId> chosen, others;
    for (TaskId id : std::as_const(m_order))
        (moving.contains(id) ? chosen : others).append(id);
    if (chosen.isEmpty())
        return;
    QList<TaskId> order;
    order.reserve(m_order.size());
    switch (where) {
    case Move::Top:
        order = chosen + others;
        break;
    case Move::Bottom:
        order = others + chosen;
        break;
    case Move::Up:
    case Move::Down: {
        // Each run of chosen tasks swaps places with the one task before (after) it.
        order = m_order;
        const bool up = where == Move::Up;
        const qsizetype n = order.size();
        for (qsizetype k = 0; k < n; ++k) {
            const qsizetype i = up ? k : n - 1 - k;
            const qsizetype neighbour = up ? i - 1 : i + 1;
            if (!moving.contains(order[i]) || neighbour < 0 || neighbour >= n ||
                moving.contains(order[neighbour]))
                continue;
            order.swapItemsAt(i, neighbour);
        }
        break;
    }
    }
    if (order == m_order)
        return;
    // New positions, changing as few tasks as can be (each change is a database write): the
    // moved ones go beyond either end; a step up or down trades positions with the neighbour.
    QList<qint64> positions;
    positions.reserve(order.size());
    if (where == Move::Top) {
        qint64 first = m_tasks.at(m_order.constFirst()).position - chosen.size();
        for (TaskId id : std::as_const(order))
            positions.append(moving.contains(id) ? first++ : m_tasks.at(id).position);
    } else if (where == Move::Bottom) {
        qint64 next = m_nextPosition;
        for (TaskId id : std::as_const(order))
            positions.append(moving.contains(id) ? next++ : m_tasks.at(id).position);
    } else {
        reorder(order);
        return;
    }
    m_order = order;
    for (qsizetype i = 0; i < m_order.size(); ++i) {
        Task &t = m_tasks.at(m_order[i]);
        m_nextPosition = qMax(m_nextPosition, positions[i] + 1);
        if (t.position != positions[i]) {
            t.position = positions[i];
            touch(t, TaskField::Position);
        }
    }
    Q_EMIT moved();
}

void TaskRegistry::placeTasks(const QList<TaskId> &ids, TaskId anchor, bool before)
{
    const QSet<TaskId> moving(ids.cbegin(), ids.cend());
    if (moving.contains(anchor) || !m_tasks.count(anchor))
        return;
    QList<TaskId> chosen, order;
    for (TaskId id : std::as_const(m_order))
        if (moving.contains(id))
            chosen.append(id);
    if (chosen.isEmpty())
        return;
    order.reserve(m_order.size());
    for (TaskId id : std::as_const(m_order)) {
        if (moving.contains(id))
            continue;
        if (id == anchor && before)
            order += chosen;
        order.append(id);
        if (id == anchor && !before)
            order += chosen;
    }
    reorder(order);
}

void TaskRegistry::placeBefore(const QHash<TaskId, QList<TaskId>> &tasksBefore)
{
    QSet<TaskId> moving;
    for (auto it = tasksBefore.cbegin(); it != tasksBefore.cend(); ++it)
        if (m_tasks.count(it.key()))
            for (TaskId id : it.value())
                moving.insert(id);
    if (moving.isEmpty())
        return;
    QList<TaskId> order;
    order.reserve(m_order.size());
    for (TaskId id : std::as_const(m_order)) {
        if (moving.contains(id))
            continue;
        if (const auto it = tasksBefore.constFind(id); it != tasksBefore.cend())
            order += *it;
        order.append(id);
    }
    reorder(order);
}

// The same positions, reassigned in the new order: only the tasks between where a block was
// and where it went change (and are stored again).
void TaskRegistry::reorder(const QList<TaskId> &order)
{
    if (order == m_order)
        return;
    QList<qint64> positions;
    positions.reserve(m_order.size());
    for (TaskId id : std::as_const(m_order))
        positions.append(m_tasks.at(id).position); // ascending
    m_order = order;
    for (qsizetype i = 0; i < m_order.size(); ++i) {
        Task &t = m_tasks.at(m_order[i]);
        if (t.position != positions[i]) {
            t.position = positions[i];
            touch(t, TaskField::Position);
        }
    }
    Q_EMIT moved();
}
