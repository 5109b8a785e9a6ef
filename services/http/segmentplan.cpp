// Segment bookkeeping: done ranges kept sorted and merged, slots as positions with moving ends.
#include "segmentplan.h"

#include <QStringList>
#include <algorithm>

SegmentPlan::SegmentPlan(qint64 total, qint64 minSplit)
    : m_total(std::max<qint64>(0, total)), m_minSplit(std::max<qint64>(1, minSplit))
{
}

void SegmentPlan::markDone(ByteRange range)
{
    range.begin = std::clamp<qint64>(range.begin, 0, m_total);
    range.end = std::clamp<qint64>(range.end, range.begin, m_total);
    if (range.size() == 0)
        return;
    QList<ByteRange> merged;
    merged.reserve(m_done.size() + 1);
    bool placed = false;
    for (const ByteRange &r : std::as_const(m_done)) {
        if (r.end < range.begin) {
            merged.append(r);
        } else if (range.end < r.begin) {
            if (!placed) {
                merged.append(range);
                placed = true;
            }
            merged.append(r);
        } else { // touching or overlapping: grow the new range
            range.begin = std::min(range.begin, r.begin);
            range.end = std::max(range.end, r.end);
        }
    }
    if (!placed)
        merged.append(range);
    m_done = std::move(merged);
}

qint64 SegmentPlan::doneBytes() const
{
    qint64 sum = 0;
    for (const ByteRange &r : m_done)
        sum += r.size();
    return sum;
}

bool SegmentPlan::isComplete() const
{
    return m_total == 0 || (m_done.size() == 1 && m_done.front() == ByteRange{0, m_total});
}

SegmentPlan::Slot *SegmentPlan::find(int slot)
{
    for (Slot &s : m_slots)
        if (s.id == slot)
            return &s;
    return nullptr;
}

const SegmentPlan::Slot *SegmentPlan::find(int slot) const
{
    return const_cast<SegmentPlan *>(this)->find(slot);
}

std::optional<ByteRange> SegmentPlan::firstFreeRange() const
{
    QList<ByteRange> held = m_done;
    for (const Slot &s : m_slots)
        if (s.end > s.position)
            held.append({s.position, s.end});
    std::sort(held.begin(), held.end(),
              [](const ByteRange &a, const ByteRange &b) { return a.begin < b.begin; });
    qint64 at = 0;
    for (const ByteRange &r : std::as_const(held)) {
        if (r.begin > at)
            return ByteRange{at, r.begin};
        at = std::max(at, r.end);
    }
    if (at < m_total)
        return ByteRange{at, m_total};
    return std::nullopt;
}

std::optional<SegmentPlan::Work> SegmentPlan::take()
{
    if (const auto free = firstFreeRange()) {
        m_slots.append({m_nextSlot, free->begin, free->end, 0});
        return Work{m_nextSlot++, free->begin, free->end};
    }
    // Steal: the second half of the largest piece still ahead of a connection, when both halves
    // stay at least the minimum split.
    Slot *largest = nullptr;
    for (Slot &s : m_slots) {
        const qint64 ahead = s.end - (s.position + s.reserved);
        if (ahead >= 2 * m_minSplit &&
            (!largest || ahead > largest->end - (largest->position + largest->reserved)))
            largest = &s;
    }
    if (!largest)
        return std::nullopt;
    const qint64 from = largest->position + largest->reserved;
    const qint64 mid = from + (largest->end - from) / 2;
    const qint64 end = largest->end;
    largest->end = mid;
    m_slots.append({m_nextSlot, mid, end, 0});
    return Work{m_nextSlot++, mid, end};
}

QList<SegmentPlan::Work> SegmentPlan::split(int slot, int parts)
{
    QList<Work> created;
    Slot *s = find(slot);
    if (!s)
        return created;
    // Equal pieces from the slot's position: bytes it already holds in hand (reserved) count as
    // part of its piece, so every connection has as much to fetch as the others.
    const qint64 end = s->end;
    parts = int(std::clamp<qint64>((end - s->position) / m_minSplit, 1, std::max(1, parts)));
    const qint64 firstEnd =
        std::max(s->position + (end - s->position) / parts, s->position + s->reserved);
    if (parts < 2 || end - firstEnd < m_minSplit)
        return created;
    s->end = firstEnd;
    const qint64 piece = (end - firstEnd) / (parts - 1);
    for (int i = 0; i < parts - 1; ++i) {
        const qint64 begin = firstEnd + i * piece;
        const qint64 until = i == parts - 2 ? end : begin + piece;
        m_slots.append({m_nextSlot, begin, until, 0});
        created.append({m_nextSlot++, begin, until});
    }
    return created;
}

SegmentPlan::Work SegmentPlan::work(int slot) const
{
    const Slot *s = find(slot);
    return s ? Work{s->id, s->position, s->end} : Work{};
}

QList<SegmentPlan::Work> SegmentPlan::active() const
{
    QList<Work> list;
    for (const Slot &s : m_slots)
        list.append({s.id, s.position, s.end});
    return list;
}

qint64 SegmentPlan::claim(int slot, qint64 want)
{
    Slot *s = find(slot);
    if (!s || want <= 0)
        return 0;
    s->reserved = std::clamp<qint64>(s->end - s->position, 0, want);
    return s->reserved;
}

void SegmentPlan::confirm(int slot)
{
    Slot *s = find(slot);
    if (!s || s->reserved == 0)
        return;
    markDone({s->position, s->position + s->reserved});
    s->position += s->reserved;
    s->reserved = 0;
}

void SegmentPlan::release(int slot)
{
    m_slots.removeIf([slot](const Slot &s) { return s.id == slot; });
}

void SegmentPlan::extendToEnd(int slot)
{
    if (Slot *s = find(slot))
        s->end = m_total;
}

QString SegmentPlan::serialize(qint64 total, const QList<ByteRange> &done)
{
    QStringList parts{QStringLiteral("fetchdeck-segments"), QStringLiteral("1"),
                      QString::number(total)};
    for (const ByteRange &r : done)
        parts.append(QString::number(r.begin) + QLatin1Char('-') + QString::number(r.end));
    return parts.join(QLatin1Char(' '));
}

std::optional<SegmentPlan> SegmentPlan::parse(const QString &text, qint64 minSplit)
{
    const QStringList parts = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() < 3 || parts[0] != QLatin1String("fetchdeck-segments") ||
        parts[1] != QLatin1String("1"))
        return std::nullopt;
    bool ok = false;
    const qint64 total = parts[2].toLongLong(&ok);
    if (!ok || total <= 0)
        return std::nullopt;
    SegmentPlan plan(total, minSplit);
    qint64 previousEnd = -1;
    for (qsizetype i = 3; i < parts.size(); ++i) {
        const QStringList pair = parts[i].split(QLatin1Char('-'));
        if (pair.size() != 2)
            return std::nullopt;
        bool okBegin = false;
        bool okEnd = false;
        const ByteRange r{pair[0].toLongLong(&okBegin), pair[1].toLongLong(&okEnd)};
        // Sorted, apart, inside the file: anything else was not written by us.
        if (!okBegin || !okEnd || r.begin <= previousEnd || r.begin < 0 || r.end <= r.begin ||
            r.end > total)
            return std::nullopt;
        previousEnd = r.end;
        plan.markDone(r);
    }
    return plan;
}
