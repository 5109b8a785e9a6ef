// Moving-average speed over a sliding time window.
#include "speedmeter.h"

void SpeedMeter::sample(qint64 nowMs, qint64 bytes)
{
    m_samples[m_head] = {nowMs, bytes};
    m_head = (m_head + 1) % Slots;
    m_count = qMin(m_count + 1, Slots);

    // Oldest sample still inside the window (keep at least one older point to measure against).
    const Sample &newest = m_samples[(m_head + Slots - 1) % Slots];
    const Sample *oldest = &newest;
    for (int i = 2; i <= m_count; ++i) {
        const Sample &s = m_samples[(m_head + Slots - i) % Slots];
        oldest = &s;
        if (nowMs - s.ms >= WindowMs)
            break;
    }
    const qint64 dt = newest.ms - oldest->ms;
    m_speed = dt > 0 ? qMax<qint64>(0, newest.bytes - oldest->bytes) * 1000.0 / dt : 0.0;
}

void SpeedMeter::reset()
{
    m_head = 0;
    m_count = 0;
    m_speed = 0;
}
