// Retry timers.
#include "retryscheduler.h"

#include <QTimer>

void RetryScheduler::schedule(TaskId id, qint64 delayMs)
{
    const quint64 ticket = ++m_lastTicket;
    m_tickets.insert(id, ticket);
    // Precise: a coarse timer may fire up to 5% early, before a server's Retry-After.
    QTimer::singleShot(std::chrono::milliseconds(qMax<qint64>(0, delayMs)), Qt::PreciseTimer, this,
                       [this, id, ticket] {
                           const auto it = m_tickets.constFind(id);
                           if (it == m_tickets.cend() || *it != ticket)
                               return; // canceled or rescheduled meanwhile
                           m_tickets.erase(it);
                           Q_EMIT due(id);
                       });
}

bool RetryScheduler::cancel(TaskId id)
{
    return m_tickets.remove(id) > 0;
}
