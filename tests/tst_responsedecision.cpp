// The response decision table: what a download does with each status, Content-Range and
// Content-Length, given the bytes it holds and the size announced before.
#include "services/http/responsedecision.h"

#include <QTest>

Q_DECLARE_METATYPE(ResponseDecision::Action)

class TestResponseDecision : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decide_data()
    {
        using A = ResponseDecision::Action;
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentRange");
        QTest::addColumn<qint64>("contentLength");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("expectedTotal");
        QTest::addColumn<A>("action");
        QTest::addColumn<qint64>("done");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<bool>("discardHeld");
        QTest::addColumn<bool>("integrity");

        // status, Content-Range, Content-Length, held, announced -> action, done, total
        QTest::newRow("fresh 200") << 200 << QByteArray() << 1000LL << 0LL << -1LL << A::Write
                                   << 0LL << 1000LL << false << false;
        QTest::newRow("fresh 200, no length") << 200 << QByteArray() << -1LL << 0LL << -1LL
                                              << A::Write << 0LL << -1LL << false << false;
        QTest::newRow("resume 206") << 206 << QByteArray("bytes 400-999/1000") << 600LL << 400LL
                                    << 1000LL << A::Write << 400LL << 1000LL << false << false;
        QTest::newRow("resume 206, total *")
            << 206 << QByteArray("bytes 400-999/*") << 600LL << 400LL << 1000LL << A::Write << 400LL
            << 1000LL << false << false;
        // "*": the server does not say the size; where the range ends does.
        QTest::newRow("resume 206, total *, another size")
            << 206 << QByteArray("bytes 400-1999/*") << 1600LL << 400LL << 1000LL << A::StartOver
            << 0LL << -1LL << false << false;
        QTest::newRow("resume 206, total *, no length")
            << 206 << QByteArray("bytes 400-999/*") << -1LL << 400LL << 1000LL << A::Write << 400LL
            << 1000LL << false << false;
        // A hostile review: "bytes 300-399/*" to a resume whose size was never said ended the
        // file at 400 bytes; the rest is asked for (see whereTheBodyEnds).
        QTest::newRow("resume 206, total *, the size never said")
            << 206 << QByteArray("bytes 300-399/*") << 100LL << 300LL << -1LL << A::Write << 300LL
            << -1LL << false << false;
        QTest::newRow("resume 206, less than the rest")
            << 206 << QByteArray("bytes 300-399/1000") << 100LL << 300LL << 1000LL << A::Write
            << 300LL << 1000LL << false << false;
        QTest::newRow("206 whose length contradicts its range")
            << 206 << QByteArray("bytes 300-399/1000") << 700LL << 300LL << 1000LL << A::Fail << 0LL
            << -1LL << false << true;
        // No file in the answer: nothing to save, and the partial file is kept.
        QTest::newRow("204 to a fresh request") << 204 << QByteArray() << 0LL << 0LL << -1LL
                                                << A::Fail << 0LL << -1LL << false << false;
        QTest::newRow("204 to a resume") << 204 << QByteArray() << 0LL << 400LL << 1000LL << A::Fail
                                         << 0LL << -1LL << false << false;
        QTest::newRow("205") << 205 << QByteArray() << 0LL << 0LL << -1LL << A::Fail << 0LL << -1LL
                             << false << false;
        QTest::newRow("202 (accepted, not done)") << 202 << QByteArray() << 20LL << 0LL << -1LL
                                                  << A::Fail << 0LL << -1LL << false << false;
        // Gopeed wrote such a response at the wrong offset: a range that starts elsewhere.
        QTest::newRow("206 from byte 0 to a resume")
            << 206 << QByteArray("bytes 0-999/1000") << 1000LL << 400LL << 1000LL << A::StartOver
            << 0LL << -1LL << false << false;
        QTest::newRow("206 without Content-Range")
            << 206 << QByteArray() << 600LL << 400LL << 1000LL << A::StartOver << 0LL << -1LL
            << false << false;
        QTest::newRow("file changed size")
            << 206 << QByteArray("bytes 400-1999/2000") << 1600LL << 400LL << 1000LL << A::StartOver
            << 0LL << -1LL << false << false;
        QTest::newRow("200 to a range request") << 200 << QByteArray() << 1000LL << 400LL << 1000LL
                                                << A::Write << 0LL << 1000LL << true << false;
        QTest::newRow("unasked 206 of the whole file")
            << 206 << QByteArray("bytes 0-999/1000") << 1000LL << 0LL << -1LL << A::Write << 0LL
            << 1000LL << false << false;
        QTest::newRow("unasked 206 of a part")
            << 206 << QByteArray("bytes 0-499/1000") << 500LL << 0LL << -1LL << A::Fail << 0LL
            << -1LL << false << true;
        QTest::newRow("416, all held")
            << 416 << QByteArray("bytes */1000") << 0LL << 1000LL << 1000LL << A::Complete << 1000LL
            << 1000LL << false << false;
        // The hardening review: a 416 saying "*/524288" to a resume of a 1,000,000-byte file
        // at 524,288 completed a half file.
        QTest::newRow("416, smaller than announced")
            << 416 << QByteArray("bytes */524288") << 0LL << 524288LL << 1000000LL << A::StartOver
            << 0LL << -1LL << false << false;
        QTest::newRow("416, other size") << 416 << QByteArray("bytes */2000") << 0LL << 1000LL
                                         << 1000LL << A::StartOver << 0LL << -1LL << false << false;
        QTest::newRow("416 without Content-Range") << 416 << QByteArray() << 0LL << 1000LL << 1000LL
                                                   << A::StartOver << 0LL << -1LL << false << false;
        QTest::newRow("416 to a fresh request") << 416 << QByteArray("bytes */0") << 0LL << 0LL
                                                << -1LL << A::Fail << 0LL << -1LL << false << false;
        QTest::newRow("404") << 404 << QByteArray() << 10LL << 0LL << -1LL << A::Fail << 0LL << -1LL
                             << false << false;
        QTest::newRow("503 while resuming") << 503 << QByteArray() << 10LL << 400LL << 1000LL
                                            << A::Fail << 0LL << -1LL << false << false;
        QTest::newRow("304") << 304 << QByteArray() << 0LL << 0LL << -1LL << A::Fail << 0LL << -1LL
                             << false << false;
    }
    void decide()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentRange);
        QFETCH(qint64, contentLength);
        QFETCH(qint64, offset);
        QFETCH(qint64, expectedTotal);
        ResponseFacts facts;
        facts.status = status;
        facts.contentRange = HttpHeaders::parseContentRange(contentRange);
        facts.contentLength = contentLength;
        facts.offset = offset;
        facts.expectedTotal = expectedTotal;
        const ResponseDecision d = decideResponse(facts);
        QTEST(d.action, "action");
        if (d.action == ResponseDecision::Action::Write ||
            d.action == ResponseDecision::Action::Complete) {
            QTEST(d.done, "done");
            QTEST(d.total, "total");
        }
        QTEST(d.discardHeld, "discardHeld");
        QTEST(d.integrity, "integrity");
        if (d.action != ResponseDecision::Action::Fail || d.integrity ||
            (status >= 200 && status < 300))
            QVERIFY(!d.why.isEmpty()); // the log (or the error) says why
    }

    // Where a written response's bytes end: -1 at the end of the file, else where its range
    // does (the rest is asked for again).
    void whereTheBodyEnds_data()
    {
        QTest::addColumn<QByteArray>("contentRange");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("expectedTotal");
        QTest::addColumn<qint64>("end");
        QTest::newRow("the rest") << QByteArray("bytes 300-999/1000") << 300LL << 1000LL << -1LL;
        QTest::newRow("the rest, total *")
            << QByteArray("bytes 300-999/*") << 300LL << 1000LL << -1LL;
        QTest::newRow("less than the rest")
            << QByteArray("bytes 300-399/1000") << 300LL << 1000LL << 400LL;
        QTest::newRow("less, total * and known before")
            << QByteArray("bytes 300-399/*") << 300LL << 1000LL << 400LL;
        QTest::newRow("total * and never said")
            << QByteArray("bytes 300-399/*") << 300LL << -1LL << 400LL;
        // Not asked for, the size not said: where the first part ends, not the file.
        QTest::newRow("unasked, total *") << QByteArray("bytes 0-99/*") << 0LL << -1LL << 100LL;
    }

    void whereTheBodyEnds()
    {
        QFETCH(QByteArray, contentRange);
        QFETCH(qint64, offset);
        QFETCH(qint64, expectedTotal);
        ResponseFacts facts;
        facts.status = 206;
        facts.contentRange = HttpHeaders::parseContentRange(contentRange);
        facts.offset = offset;
        facts.expectedTotal = expectedTotal;
        const ResponseDecision d = decideResponse(facts);
        QCOMPARE(d.action, ResponseDecision::Action::Write);
        QTEST(d.end, "end");
    }

    // A 416 right after a range that ended at the offset: the file ends there, said or not.
    void a416AfterAPartEndsTheFile()
    {
        ResponseFacts facts;
        facts.status = 416;
        facts.offset = 400;
        facts.offsetSeen = true;
        QCOMPARE(decideResponse(facts).action, ResponseDecision::Action::Complete);
        QCOMPARE(decideResponse(facts).total, 400);
        facts.expectedTotal = 1000; // said before, and not where the file ends
        QCOMPARE(decideResponse(facts).action, ResponseDecision::Action::StartOver);
        facts.expectedTotal = -1;
        facts.contentRange = HttpHeaders::parseContentRange("bytes */2000"); // said otherwise
        QCOMPARE(decideResponse(facts).action, ResponseDecision::Action::StartOver);
        facts.contentRange.reset();
        facts.offsetSeen = false; // a first request: nothing says the file ends there
        QCOMPARE(decideResponse(facts).action, ResponseDecision::Action::StartOver);
    }

    // A Location as servers write it becomes the URL curl's own following would request.
    void aLocationIsRequestedAsCurlWould_data()
    {
        QTest::addColumn<QByteArray>("location");
        QTest::addColumn<QByteArray>("requested");
        QTest::newRow("plain") << QByteArray("https://h/a/b.bin?x=1")
                               << QByteArray("https://h/a/b.bin?x=1");
        QTest::newRow("spaces") << QByteArray("https://h/my file.bin?q=a b")
                                << QByteArray("https://h/my%20file.bin?q=a+b");
        QTest::newRow("latin-1") << QByteArray("https://h/caf\xe9.bin")
                                 << QByteArray("https://h/caf%E9.bin");
        QTest::newRow("utf-8") << QByteArray("https://h/caf\xc3\xa9.bin")
                               << QByteArray("https://h/caf%C3%A9.bin");
        QTest::newRow("encoded already")
            << QByteArray("https://h/a%20b.bin") << QByteArray("https://h/a%20b.bin");
    }
    void aLocationIsRequestedAsCurlWould()
    {
        QFETCH(QByteArray, location);
        QTEST(HttpHeaders::locationUrl(location).toEncoded(), "requested");
    }
};

QTEST_GUILESS_MAIN(TestResponseDecision)
#include "tst_responsedecision.moc"
