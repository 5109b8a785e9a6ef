// Per-host connection counts with an optional global cap and temporary lowered caps.
#include "hostlimits.h"

#include <algorithm>

HostLimits::HostLimits(Clock clock) : m_now(clock ? std::move(clock) : startedClock()) {}

void HostLimits::setMaxPerHost(int n)
{
    m_max = std::max(0, n);
}

int HostLimits::capFor(const QString &host) const
{
    int cap = m_max;
    if (const auto it = m_lowered.constFind(host); it != m_lowered.cend() && it->until > m_now())
        cap = cap > 0 ? std::min(cap, it->cap) : it->cap;
    return cap;
}

bool HostLimits::tryAcquire(const QString &host)
{
    const int cap = capFor(host);
    int &used = m_inUse[host];
    if (cap > 0 && used >= cap)
        return false;
    ++used;
    return true;
}

void HostLimits::release(const QString &host)
{
    const auto it = m_inUse.find(host);
    if (it == m_inUse.end())
        return;
    if (--*it <= 0)
        m_inUse.erase(it);
    if (m_released)
        m_released();
}

void HostLimits::lower(const QString &host, int cap, qint64 forMs)
{
    m_lowered.insert(host, {std::max(1, cap), m_now() + forMs});
}
