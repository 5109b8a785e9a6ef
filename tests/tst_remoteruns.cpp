// `fetchdeck --headless --aria2-rpc` against a daemon that misbehaves, in process, with the
// scripted stand-in (fakearia2.h): what the run prints, and whether its exit code can be trusted.
#include "app/remoteheadless.h"
#include "fakearia2.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>
#include <cstdio>
#include <unistd.h>

namespace {
// What the run prints on stdout and stderr, kept in a file until the test reads it; shown on
// stderr when the test fails.
class Captured {
public:
    Captured()
    {
        m_file.open();
        std::fflush(stdout);
        std::fflush(stderr);
        m_out = ::dup(STDOUT_FILENO);
        m_err = ::dup(STDERR_FILENO);
        ::dup2(m_file.handle(), STDOUT_FILENO);
        ::dup2(m_file.handle(), STDERR_FILENO);
    }
    ~Captured()
    {
        const QString seen = text();
        ::dup2(m_out, STDOUT_FILENO);
        ::dup2(m_err, STDERR_FILENO);
        ::close(m_out);
        ::close(m_err);
        if (QTest::currentTestFailed())
            std::fprintf(stderr, "--- the run printed:\n%s---\n", qPrintable(seen));
    }
    QString text()
    {
        std::fflush(stdout);
        std::fflush(stderr);
        QFile f(m_file.fileName());
        f.open(QIODevice::ReadOnly);
        return QString::fromUtf8(f.readAll());
    }

private:
    QTemporaryFile m_file;
    int m_out = -1;
    int m_err = -1;
};

std::vector<Task> downloads(const QStringList &urls)
{
    std::vector<Task> list;
    for (const QString &u : urls) {
        Task t;
        t.url = QUrl(u);
        list.push_back(t);
    }
    return list;
}
} // namespace

class TestRemoteRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // An addUri answer that is no gid (a number, an empty string) dropped the download
    // silently: "0 completed, 0 failed", exit 0. The same gid twice followed one download only.
    void anAddWithoutAUsableGidFails_data()
    {
        QTest::addColumn<QJsonValue>("first");
        QTest::addColumn<QJsonValue>("second");
        QTest::newRow("a number") << QJsonValue(123) << QJsonValue(124);
        QTest::newRow("an empty string") << QJsonValue(QString()) << QJsonValue(QString());
        QTest::newRow("the same gid twice") << QJsonValue(QStringLiteral("00000000000000aa"))
                                            << QJsonValue(QStringLiteral("00000000000000aa"));
    }
    void anAddWithoutAUsableGidFails()
    {
        QFETCH(QJsonValue, first);
        QFETCH(QJsonValue, second);
        FakeAria2 fake;
        FakeDownloads daemon;
        int adds = 0;
        fake.handle = [&](const QJsonObject &r, const FakeAria2::Reply &reply) {
            const QString m = FakeAria2::method(r);
            QJsonArray params = r.value(QLatin1String("params")).toArray();
            if (m == QLatin1String("system.multicall") &&
                FakeAria2::inner(r).value(0) == QLatin1String("aria2.addUri")) {
                QJsonArray answers;
                for (qsizetype i = 0; i < FakeAria2::inner(r).size(); ++i)
                    answers.append(QJsonArray{adds++ == 0 ? first : second});
                reply(FakeAria2::result(answers));
            } else if (m == QLatin1String("aria2.addUri")) {
                reply(FakeAria2::result(adds++ == 0 ? first : second));
            } else {
                reply(daemon.answer(m, params));
            }
            if (first.isString() && !first.toString().isEmpty()) // complete from then on
                daemon.status.insert(first.toString(), QStringLiteral("complete"));
        };
        Captured output;
        RemoteHeadlessRunner runner(fake.url(), {}, 60);
        QSignalSpy finished(&runner, &RemoteHeadlessRunner::finished);
        runner.start(
            downloads({QStringLiteral("http://x.invalid/a"), QStringLiteral("http://x.invalid/b")}),
            {}, {});
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toInt(), 1);
        const QString text = output.text();
        QVERIFY(text.contains(QLatin1String("failed    http://x.invalid/b: ")));
        QVERIFY(!text.contains(QLatin1String(" 0 failed")));
    }

    // A daemon that answers getVersion but refuses every poll: the run never ended, even with
    // --stall-timeout.
    void refusedPollsEndTheRunAfterTheStallTimeout()
    {
        FakeAria2 fake;
        FakeDownloads daemon;
        daemon.serveRefusingPolls(&fake);
        Captured output;
        RemoteHeadlessRunner runner(fake.url(), {}, 1);
        QSignalSpy finished(&runner, &RemoteHeadlessRunner::finished);
        runner.start(downloads({QStringLiteral("http://x.invalid/a")}), {}, {});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.first().first().toInt(), 2);
        QVERIFY(output.text().contains(QLatin1String("No such method: system.multicall")));
    }

    // After Ctrl+C, the runner's engine going (its rows leaving) printed "canceled ... removed
    // from aria2's list by another client" for each unfinished download, after the summary.
    void nothingIsPrintedAfterTheSummary()
    {
        FakeAria2 fake;
        FakeDownloads daemon; // its downloads never end
        daemon.serve(&fake);
        Captured output;
        auto runner = std::make_unique<RemoteHeadlessRunner>(fake.url(), QString(), 60);
        QSignalSpy finished(runner.get(), &RemoteHeadlessRunner::finished);
        runner->start(
            downloads({QStringLiteral("http://x.invalid/a"), QStringLiteral("http://x.invalid/b")}),
            {}, {});
        QTRY_COMPARE(daemon.status.size(), 2);
        const int polls = daemon.polls;
        QTRY_VERIFY(daemon.polls >= polls + 3); // the adds' answers are in by then
        runner->interrupt();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toInt(), 1);
        runner->stopFollowing(); // as main() does at exit
        runner.reset();
        const QString text = output.text();
        const qsizetype summary = text.indexOf(QLatin1String(" completed, "));
        QVERIFY(summary >= 0);
        QCOMPARE(text.mid(text.indexOf(QLatin1Char('\n'), summary) + 1), QString());
    }

    // 3000 URLs were 3000 addUri requests at once: an aria2 with 1024 descriptors failed most.
    void urlsAreAddedInBatches()
    {
        FakeAria2 fake;
        FakeDownloads daemon;
        int plainAdds = 0;
        fake.handle = [&](const QJsonObject &r, const FakeAria2::Reply &reply) {
            if (FakeAria2::method(r) == QLatin1String("aria2.addUri"))
                ++plainAdds;
            reply(daemon.answer(FakeAria2::method(r), r.value(QLatin1String("params")).toArray()));
            for (auto it = daemon.status.begin(); it != daemon.status.end(); ++it)
                *it = QStringLiteral("complete"); // each done by the next poll
        };
        QStringList urls;
        for (int i = 0; i < 250; ++i)
            urls.append(QStringLiteral("http://x.invalid/f%1.bin").arg(i));
        Captured output;
        RemoteHeadlessRunner runner(fake.url(), {}, 60);
        QSignalSpy finished(&runner, &RemoteHeadlessRunner::finished);
        runner.start(downloads(urls), {}, {});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().first().toInt(), 0);
        QVERIFY(output.text().contains(QLatin1String("250 completed, 0 failed")));
        QCOMPARE(plainAdds, 0);
        QVERIFY2(fake.requests < 50, qPrintable(QString::number(fake.requests)));
    }

    // With --max-download-result=0 aria2 forgets a finished download at once: the run said it
    // was "canceled ... removed from aria2's list by another client".
    void aDownloadAria2ForgotHasAnUnknownOutcome()
    {
        FakeAria2 fake;
        FakeDownloads daemon;
        daemon.serve(&fake);
        Captured output;
        RemoteHeadlessRunner runner(fake.url(), {}, 60);
        QSignalSpy finished(&runner, &RemoteHeadlessRunner::finished);
        runner.start(downloads({QStringLiteral("http://x.invalid/a")}), {}, {});
        QTRY_COMPARE(daemon.status.size(), 1);
        const int polls = daemon.polls;
        QTRY_VERIFY(daemon.polls >= polls + 3); // the add's answer is in by then
        daemon.status.clear();                  // finished, and its result dropped
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toInt(), 1);
        const QString text = output.text();
        QVERIFY(text.contains(QLatin1String("failed    http://x.invalid/a: ")));
        QVERIFY(text.contains(QLatin1String("aria2 forgot its result")));
        QVERIFY(!text.contains(QLatin1String("canceled  ")));
    }

    // A .metalink (or .torrent) URL: aria2 downloads it, then the files it names under new gids
    // (followedBy). The run reported the .meta4 as done and ended before its files.
    void theDownloadsAMetalinkLeadsToAreFollowed()
    {
        FakeAria2 fake;
        FakeDownloads daemon;
        const QString meta = QStringLiteral("0000000000000001");
        const QString a = QStringLiteral("00000000000000a1"),
                      b = QStringLiteral("00000000000000a2");
        fake.handle = [&](const QJsonObject &r, const FakeAria2::Reply &reply) {
            reply(daemon.answer(FakeAria2::method(r), r.value(QLatin1String("params")).toArray()));
            if (daemon.status.value(meta) == QLatin1String("waiting")) { // read: now it leads on
                daemon.status.insert(meta, QStringLiteral("complete"));
                daemon.followedBy.insert(meta, {a, b});
                daemon.status.insert(a, QStringLiteral("active"));
                daemon.status.insert(b, QStringLiteral("active"));
            }
        };
        Captured output;
        RemoteHeadlessRunner runner(fake.url(), {}, 60);
        QSignalSpy finished(&runner, &RemoteHeadlessRunner::finished);
        runner.start(downloads({QStringLiteral("http://x.invalid/list.meta4")}), {}, {});
        QTRY_VERIFY(daemon.status.contains(a));
        const int polls = daemon.polls;
        QTRY_VERIFY(daemon.polls >= polls + 3); // the metalink's completion has been read
        QVERIFY2(finished.isEmpty(), "the run ended with the metalink, before its files");
        daemon.status.insert(a, QStringLiteral("complete"));
        daemon.status.insert(b, QStringLiteral("error"));
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toInt(), 1);
        const QString text = output.text();
        QVERIFY(text.contains(QLatin1String("done      /srv/") + a));
        QVERIFY(text.contains(QLatin1String("failed    ")));
        QVERIFY(text.contains(QLatin1String("1 completed, 1 failed")));
    }
};

QTEST_GUILESS_MAIN(TestRemoteRuns)
#include "tst_remoteruns.moc"
