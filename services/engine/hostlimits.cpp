// Per-host connection counts with an optional global cap and temporary lowered caps.
#include "hostlimits.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>
#include <algorithm>

HostLimits::HostLimits(Clock clock) : m_now(clock ? std::move(clock) : startedClock()) {}

void HostLimits::setMaxPerHost(int n)
{
    m_max = std::max(0, n);
}

void HostLimits::setHostCaps(const QHash<QString, int> &caps)
{
    m_caps.clear();
    for (auto it = caps.cbegin(); it != caps.cend(); ++it)
        m_caps.insert(it.key().toLower(), std::max(0, it.value()));
}

std::optional<QHash<QString, int>> HostLimits::parseCaps(const QString &text, QString *why)
{
    QHash<QString, int> caps;
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    for (const QString &entry : text.split(separators, Qt::SkipEmptyParts)) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        bool ok = false;
        const int cap = eq > 0 ? entry.mid(eq + 1).toInt(&ok) : -1;
        const QString host = entry.left(eq).toLower();
        const bool hostOk = eq > 0 && !host.contains(QLatin1Char('/')) &&
                            !host.contains(QLatin1Char(':')) && !host.contains(QLatin1Char('@'));
        if (!hostOk || !ok || cap < 0 || cap > 256) {
            if (why)
                *why = QCoreApplication::translate("HostLimits",
                                                   "'%1' is not host=N (N from 0, no cap, to 256)")
                           .arg(entry);
            return std::nullopt;
        }
        caps.insert(host, cap);
    }
    return caps;
}

QString HostLimits::formatCaps(const QHash<QString, int> &caps)
{
    QStringList hosts = caps.keys();
    hosts.sort();
    QStringList entries;
    for (const QString &host : std::as_const(hosts))
        entries.append(QStringLiteral("%1=%2").arg(host, QString::number(caps.value(host))));
    return entries.join(QStringLiteral(", "));
}

int HostLimits::capFor(const QString &host) const
{
    int cap = m_caps.value(host.toLower(), m_max);
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
    if (m_wake)
        m_wake(forMs);
}
