// The segment plan of a download over several connections: who fetches which bytes, work
// stealing at the end, the minimum split, and the stored map that only claims written bytes.
#include "services/http/segmentplan.h"

#include <QTest>

constexpr qint64 MiB = 1024 * 1024;

class TestSegmentPlan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void connectionsSplitTheFileInHalves()
    {
        SegmentPlan plan(8 * MiB, 1 * MiB);
        const auto a = plan.take();
        QVERIFY(a);
        QCOMPARE(a->begin, 0);
        QCOMPARE(a->end, 8 * MiB);
        const auto b = plan.take(); // half of a's piece
        QVERIFY(b);
        QCOMPARE(b->begin, 4 * MiB);
        QCOMPARE(b->end, 8 * MiB);
        QCOMPARE(plan.work(a->slot).end, 4 * MiB);
        const auto c = plan.take(); // half of the largest piece: a's (b's is as large, a first)
        QVERIFY(c);
        QCOMPARE(c->begin, 2 * MiB);
        const auto d = plan.take();
        QVERIFY(d);
        QCOMPARE(d->begin, 6 * MiB);
        QCOMPARE(plan.activeCount(), 4);
        for (int i = 0; i < 4; ++i) // 2 MiB pieces still halve into 1 MiB ones
            QVERIFY(plan.take());
        QCOMPARE(plan.activeCount(), 8);
        QVERIFY(!plan.take());
    }

    // The first response is already streaming (some bytes reserved): the rest is shared evenly.
    void theFirstConnectionSharesWhatLiesAhead()
    {
        SegmentPlan plan(64 * MiB, 1 * MiB);
        const auto a = plan.take();
        QCOMPARE(plan.claim(a->slot, MiB), MiB); // the first bytes in hand count as its own
        const auto others = plan.split(a->slot, 8);
        QCOMPARE(others.size(), 7);
        QCOMPARE(plan.work(a->slot).end, 8 * MiB);
        QCOMPARE(others.first().begin, 8 * MiB);
        QCOMPARE(others.last().end, 64 * MiB);
        for (qsizetype i = 0; i < others.size(); ++i)
            QCOMPARE(others[i].end - others[i].begin, 8 * MiB);
        // A small file: as many pieces as the minimum split allows.
        SegmentPlan small(3 * MiB, 1 * MiB);
        const auto first = small.take();
        QCOMPARE(small.split(first->slot, 8).size(), 2);
        QCOMPARE(small.split(first->slot, 8).size(), 0); // 1 MiB left: never split further
    }

    void noPieceSmallerThanTheMinimumSplit()
    {
        SegmentPlan plan(3 * MiB, 1 * MiB);
        const auto a = plan.take();
        QVERIFY(a);
        const auto b = plan.take(); // 3 MiB ahead: two halves of 1.5 MiB
        QVERIFY(b);
        QCOMPARE(b->begin, 3 * MiB / 2);
        QVERIFY(!plan.take()); // 1.5 MiB pieces cannot be split again
    }

    void aFinishedConnectionStealsHalfOfTheLargestPieceLeft()
    {
        SegmentPlan plan(8 * MiB, 1 * MiB);
        const auto a = plan.take();
        const auto b = plan.take();
        // b finishes its 4 MiB while a has fetched only 1 MiB of its own.
        QCOMPARE(plan.claim(b->slot, 4 * MiB), 4 * MiB);
        plan.confirm(b->slot);
        QCOMPARE(plan.claim(b->slot, 1), 0); // nothing left in b's piece
        plan.release(b->slot);
        QCOMPARE(plan.claim(a->slot, 1 * MiB), 1 * MiB);
        plan.confirm(a->slot);
        const auto c = plan.take();
        QVERIFY(c);
        QCOMPARE(c->begin, 2 * MiB + MiB / 2); // the middle of a's 3 MiB still ahead
        QCOMPARE(c->end, 4 * MiB);
        // a stops where c begins: no byte is fetched twice.
        QCOMPARE(plan.claim(a->slot, 8 * MiB), MiB + MiB / 2);
    }

    void aReservationInFlightIsNeverStolen()
    {
        SegmentPlan plan(8 * MiB, 1 * MiB);
        const auto a = plan.take();
        QCOMPARE(plan.claim(a->slot, 2 * MiB), 2 * MiB); // being written
        const auto b = plan.take();                      // splits the 6 MiB after the reservation
        QVERIFY(b);
        QCOMPARE(b->begin, 5 * MiB);
        plan.confirm(a->slot);
        QCOMPARE(plan.doneBytes(), 2 * MiB);
        QCOMPARE(plan.claim(a->slot, 8 * MiB), 3 * MiB);
    }

    void aReleasedPieceIsTakenAgainFromWhereItStopped()
    {
        SegmentPlan plan(4 * MiB, 1 * MiB);
        const auto a = plan.take();
        const auto b = plan.take(); // 2..4 MiB
        QCOMPARE(plan.claim(b->slot, 1000), 1000);
        plan.confirm(b->slot);
        QCOMPARE(plan.claim(b->slot, 5000), 5000);
        plan.release(b->slot); // the connection dropped during that write: not confirmed
        const auto c = plan.take();
        QVERIFY(c);
        QCOMPARE(c->begin, 2 * MiB + 1000);
        QCOMPARE(c->end, 4 * MiB);
        QCOMPARE(plan.doneBytes(), 1000);
        Q_UNUSED(a);
    }

    void completeWhenEveryByteIsConfirmed()
    {
        SegmentPlan plan(3000, 1000);
        const auto a = plan.take();
        QVERIFY(!plan.isComplete());
        QCOMPARE(plan.claim(a->slot, 5000), 3000);
        QVERIFY(!plan.isComplete());
        plan.confirm(a->slot);
        QVERIFY(plan.isComplete());
        plan.release(a->slot);
        QVERIFY(!plan.take());
    }

    void extendToEndLetsOneConnectionFinishAlone()
    {
        SegmentPlan plan(8 * MiB, 1 * MiB);
        const auto a = plan.take();
        const auto b = plan.take();
        plan.release(b->slot); // the server would not serve b's range
        plan.extendToEnd(a->slot);
        QCOMPARE(plan.claim(a->slot, 8 * MiB), 8 * MiB);
        plan.confirm(a->slot);
        QVERIFY(plan.isComplete());
    }

    void theMapRoundTripsAndRefusesNonsense()
    {
        SegmentPlan plan(10000, 100);
        plan.markDone({0, 1000});
        plan.markDone({5000, 6000});
        plan.markDone({1000, 2000}); // merges with the first
        QCOMPARE(plan.doneRanges().size(), 2);
        const QString text = SegmentPlan::serialize(plan.total(), plan.doneRanges());
        QCOMPARE(text, QStringLiteral("fetchdeck-segments 1 10000 0-2000 5000-6000"));
        const auto back = SegmentPlan::parse(text, 100);
        QVERIFY(back);
        QCOMPARE(back->doneRanges(), plan.doneRanges());
        QCOMPARE(back->total(), 10000);
        // The resumed plan fetches only the holes.
        SegmentPlan resumed = *back;
        const auto first = resumed.take();
        QCOMPARE(first->begin, 2000);
        QCOMPARE(first->end, 5000);

        for (const char *bad :
             {"", "fetchdeck-segments 2 100", "fetchdeck-segments 1 -5",
              "fetchdeck-segments 1 100 0-200", "fetchdeck-segments 1 100 50-40",
              "fetchdeck-segments 1 100 50-60 10-20", "fetchdeck-segments 1 100 0-10 10-20",
              "fetchdeck-segments 1 100 a-b", "other 1 100"})
            QVERIFY2(!SegmentPlan::parse(QString::fromLatin1(bad), 100), bad);
    }
};

QTEST_APPLESS_MAIN(TestSegmentPlan)
#include "tst_segmentplan.moc"
