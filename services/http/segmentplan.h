// Which byte ranges of a file are on disk and which connection fetches which of the rest: the
// bookkeeping of a segmented download, as a pure class (no I/O), tested in tst_segmentplan.
//
// A connection takes work with take(): the lowest range nobody holds, or else half of the largest
// range a connection still has ahead of it (work stealing), never leaving a piece smaller than
// the minimum split. It reserves bytes before writing them (claim) and marks them on disk once
// the write returned (confirm), so done() never counts a byte that was not written.
#pragma once

#include <QList>
#include <QString>
#include <optional>

struct ByteRange {
    qint64 begin = 0; // first byte
    qint64 end = 0;   // one past the last byte
    qint64 size() const { return end - begin; }
    friend bool operator==(const ByteRange &, const ByteRange &) = default;
};

class SegmentPlan {
public:
    SegmentPlan(qint64 total, qint64 minSplit);

    qint64 total() const { return m_total; }
    qint64 minSplit() const { return m_minSplit; }

    // Bytes known to be on disk (a stored map, the start of a resumed file).
    void markDone(ByteRange range);
    QList<ByteRange> doneRanges() const { return m_done; }
    qint64 doneBytes() const;
    bool isComplete() const;

    // A connection's current piece of work; `slot` identifies it until release().
    struct Work {
        int slot = -1;
        qint64 begin = 0; // the next byte to fetch
        qint64 end = 0;   // one past the last byte of this piece (may shrink: stolen)
    };
    // New work, or nothing when every byte left is held and none is worth splitting.
    std::optional<Work> take();
    // Shares the rest of a slot's piece among up to `parts` connections in equal pieces of at
    // least the minimum split: the slot keeps the first, the others are new slots (returned).
    QList<Work> split(int slot, int parts);
    // The work of a slot as it stands now (its end may have moved since take()).
    Work work(int slot) const;
    int activeCount() const { return int(m_slots.size()); }
    QList<Work> active() const;

    // Reserves up to `want` bytes at the slot's position for a write; returns how many (0: the
    // piece is finished, maybe because it was shortened). One reservation at a time per slot.
    qint64 claim(int slot, qint64 want);
    // The reserved bytes are written: they count as done and the position moves on.
    void confirm(int slot);
    // Ends a slot: a reservation not confirmed is dropped, the bytes it had not fetched become
    // free for take() again.
    void release(int slot);
    // Lets one slot run to the end of the file (the others must have been released): a server
    // that will not serve ranges still completes over the one connection it gave us.
    void extendToEnd(int slot);

    // "fetchdeck-segments 1 <total> <begin>-<end> ..." (end exclusive), and back. parse()
    // returns nothing for text that is not such a map or contradicts itself.
    static QString serialize(qint64 total, const QList<ByteRange> &done);
    static std::optional<SegmentPlan> parse(const QString &text, qint64 minSplit);

private:
    struct Slot {
        int id;
        qint64 position;
        qint64 end;
        qint64 reserved; // claimed, not yet confirmed
    };
    Slot *find(int slot);
    const Slot *find(int slot) const;
    std::optional<ByteRange> firstFreeRange() const;

    qint64 m_total;
    qint64 m_minSplit;
    QList<ByteRange> m_done; // sorted, merged
    QList<Slot> m_slots;
    int m_nextSlot = 0;
};
