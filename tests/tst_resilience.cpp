// Never lose a download: resume after drops, automatic retries with backoff, Retry-After,
// stalls, mirrors, hostile file names and a full disk. What pause, cancel and remove do to a
// partial file, and servers that ignore Range or changed the file: tst_partialresume.
#include "fixturesuite.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/http/httpheaders.h"
#include "smalldisk.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

class TestResilience : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    void droppedConnectionsResumeToAnIdenticalFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine);
        engine.setConnections(1); // a file written front to back (tst_segments: in pieces)
        const qint64 size = 3 << 20;
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/3m/r.bin?dropafter=700000&dropfirst=3&etag=v1")),
            dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 20000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("r.bin"))),
                 FixtureServer::contentSha256(size));
        QVERIFY(logContains(model.task(id), QStringLiteral("from byte")));
        QCOMPARE(model.task(id)->attempts, 4);
        // Each retry fetched only what was missing: every byte served reached the file, so the
        // server sent the file once (one restart from zero would add 2.1 MB).
        QVERIFY2(m_server->bytesSent() <= size + (64 << 10),
                 qPrintable(QString::number(m_server->bytesSent())));
        const QList<QByteArray> headers =
            m_server->lastRequestHeaders(QStringLiteral("/file/3m/r.bin"));
        QVERIFY(headers.contains("If-Range: \"v1\""));
    }

    void shortBodiesAreNeverReportedComplete()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine, 2);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/100000/s.bin?short=5000&norange=1")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Failed, 10000);
        QVERIFY(model.task(id)->error.message.startsWith(
            QStringLiteral("body shorter than announced")));
        QCOMPARE(model.task(id)->attempts, 2);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("s.bin"))));
    }

    void serviceUnavailableHonoursRetryAfterAndShowsTheCountdown()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine);
        QElapsedTimer clock;
        clock.start();
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/1000/ra.bin?failfirst=1&retryafter=2")),
            dir.path());
        const QModelIndex state = model.index(model.rowOf(id), TaskModel::StateColumn);
        QTRY_VERIFY_WITH_TIMEOUT(state.data().toString().startsWith(QStringLiteral("Retrying in ")),
                                 5000);
        // The countdown, the attempt due next and the reason, as the log says it.
        QVERIFY2(state.data().toString().contains(QStringLiteral(" (attempt 2 of 5): HTTP 503")),
                 qPrintable(state.data().toString()));
        QVERIFY(logContains(model.task(id), QStringLiteral(" (attempt 2 of 5): HTTP 503")));
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        // The server asked for 2 s; our own backoff here would have been 200 ms at most. Not a
        // moment early either (a coarse timer fired up to 5% before the time asked).
        QVERIFY2(clock.elapsed() >= 2000, qPrintable(QString::number(clock.elapsed())));
    }

    // A Retry-After beyond what we wait for (5 min) was cut to 5 min: the server was asked
    // again four times over 20 minutes against its word, and the failure never said when it
    // would take requests. Now the task fails at once and says until when.
    void aRetryAfterBeyondTheWaitWeKeepFailsAndSaysUntilWhen()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        fastRetries(engine);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/1000/later.bin?status=503&retryafter=7200")),
            dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        const Task *t = tasks.task(id);
        QCOMPARE(t->attempts, 1);
        QVERIFY2(t->error.message.startsWith(QStringLiteral(
                     "HTTP 503 Service Unavailable; the server asks to wait until ")),
                 qPrintable(t->error.message));
    }

    // With mirrors another source may answer at once: one mirror's long Retry-After failed the
    // whole task, though the main server would have answered on the next attempt.
    void aMirrorsLongRetryAfterLeavesTheOthersTheirTurn()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        fastRetries(engine);
        Task t;
        t.url = m_server->url(QStringLiteral("/file/1000/mr.bin?failfirst=1"));
        t.directory = dir.path();
        t.editExtra().mirrors = {
            m_server->url(QStringLiteral("/file/1000/mr.bin?status=503&retryafter=7200"))};
        const TaskId id = engine.addDownloads({t}).constFirst();
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 10000);
    }

    void tooManyRequestsIsRetriedUntilTheServerRecovers()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine, 100);
        const QString path = QStringLiteral("/file/2000/busy.bin");
        m_server->setBroken(path, 429);
        const TaskId id = engine.addUrl(m_server->url(path), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount(path) >= 3, 10000);
        QVERIFY(stateOf(model, id) !=
                TaskState::Failed); // waiting to retry or retrying, never given up
        m_server->setBroken(path, 0);
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("busy.bin"))),
                 FixtureServer::contentSha256(2000));
    }

    void permanentErrorsAreRequestedOnce_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("403") << 403;
        QTest::newRow("404") << 404;
        QTest::newRow("410") << 410;
    }
    void permanentErrorsAreRequestedOnce()
    {
        QFETCH(int, status);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine);
        const QString path = QStringLiteral("/file/10/perm%1.bin").arg(status);
        const TaskId id = engine.addUrl(
            m_server->url(path + QStringLiteral("?status=%1").arg(status)), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Failed, 5000);
        QCOMPARE(model.task(id)->error.httpStatus, status);
        QCOMPARE(m_server->requestCount(path), 1);
        QCOMPARE(model.task(id)->attempts, 1);
    }

    void stallIsRetriedAndLoggedAsAStall()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine, 2);
        engine.setStallTimeout(1);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/100000/st.bin?stallafter=1000")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Failed, 10000);
        const Task *t = model.task(id);
        QCOMPARE(t->error.message, QStringLiteral("stalled: no data for 1 s"));
        QCOMPARE(t->attempts, 2);
        QVERIFY(!logContains(t, QStringLiteral("Canceled")));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 0, 2000);
    }

    void hostileContentDispositionStaysInsideTheFolder_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("expected");
        QTest::newRow("traversal") << "attachment; filename=\"../../evil.sh\""
                                   << "_.._evil.sh";
        QTest::newRow("absolute") << "attachment; filename=\"/etc/passwd\""
                                  << "_etc_passwd";
        QTest::newRow("rfc 8187 wins")
            << "attachment; filename=\"plain.txt\"; filename*=UTF-8''na%C3%AFve.txt"
            << QStringLiteral("naïve.txt");
        QTest::newRow("hidden") << "attachment; filename=\".bashrc\""
                                << "bashrc";
        QTest::newRow("dash") << "attachment; filename=\"-rf\""
                              << "rf";
        QTest::newRow("control chars")
            << QStringLiteral("attachment; filename=\"a\u0007b\u0001c.txt\"") << "abc.txt";
        QTest::newRow("dots only") << "attachment; filename=\"..\""
                                   << "fallback.bin";
        QTest::newRow("no filename") << "inline"
                                     << "fallback.bin";
        // Bytes that are not UTF-8 are Latin-1 (as browsers read them), not U+FFFD; an encoded
        // word (RFC 2047, as mail clients and some servers send) is decoded; a filename* that
        // comes to nothing leaves the plain filename its turn instead of the URL's name.
        QTest::newRow("latin-1 bytes")
            << QString::fromLatin1("attachment; filename=\"r\xE9sum\xE9.pdf\"")
            << QStringLiteral("résumé.pdf");
        QTest::newRow("encoded word") << "attachment; filename=\"=?UTF-8?B?csOpc3Vtw6kucGRm?=\""
                                      << QStringLiteral("résumé.pdf");
        QTest::newRow("encoded words")
            << "attachment; filename=\"=?UTF-8?B?csOpc3Vt?= =?windows-1252?Q?=E9.pdf?=\""
            << QStringLiteral("résumé.pdf");
        QTest::newRow("unusable filename*")
            << "attachment; filename=\"good.txt\"; filename*=UTF-8''%2E%2E"
            << "good.txt";
    }
    void hostileContentDispositionStaysInsideTheFolder()
    {
        QFETCH(QString, header);
        QFETCH(QString, expected);
        QTemporaryDir parent;
        const QString dir = parent.filePath(QStringLiteral("downloads"));
        QVERIFY(QDir().mkpath(dir));
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        // Latin-1 in the test's text: the header's bytes, one per character (as a server's).
        const QByteArray bytes = qstrcmp(QTest::currentDataTag(), "latin-1 bytes") == 0
                                     ? header.toLatin1()
                                     : header.toUtf8();
        const QUrl url(m_server->url(QStringLiteral("/file/100/fallback.bin")).toString() +
                           QStringLiteral("?cd=") + QString::fromLatin1(bytes.toPercentEncoding()),
                       QUrl::StrictMode); // %E9 kept as it is
        const TaskId id = engine.addUrl(url, dir);
        WAIT_FOR_STATE(model, id, TaskState::Completed, 5000);
        QCOMPARE(filesIn(dir), QStringList{expected});
        QCOMPARE(QDir(parent.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("downloads")});
    }

    void longNameIsCutTo255BytesKeepingTheExtension()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const QString name = QString(300, QLatin1Char('n')) + QStringLiteral(".iso");
        const QString cd = QString::fromLatin1(
            QUrl::toPercentEncoding(QStringLiteral("attachment; filename=\"%1\"").arg(name)));
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/10/x?cd=") + cd), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 5000);
        const QString saved = model.task(id)->fileName;
        QVERIFY(saved.toUtf8().size() <= 255);
        QVERIFY(saved.endsWith(QStringLiteral(".iso")));
        QVERIFY(QFileInfo::exists(dir.filePath(saved)));
    }

    // Bytes from one mirror are kept when the next answers 404; the third resumes them.
    void aMirrorsPermanentErrorKeepsTheBytesOfAnother()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine);
        const qint64 size = 1 << 20;
        Task t;
        t.url = m_server->url(QStringLiteral("/file/1m/mx.bin?dropafter=400000&dropfirst=1"));
        t.editExtra().mirrors = {m_server->url(QStringLiteral("/file/1m/mx.bin?status=404&n=2")),
                                 m_server->url(QStringLiteral("/file/1m/mx.bin?n=3"))};
        t.directory = dir.path();
        const TaskId id = engine.addDownloads({t}).constFirst();
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(model.task(id)->attempts, 3);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("mx.bin"))),
                 FixtureServer::contentSha256(size));
        // The third mirror was asked only for what the first had not sent. (Counting bytes served
        // would be noisy: QNAM may re-send a request after a dropped connection.)
        QVERIFY(logContains(model.task(id), QStringLiteral("from byte")));
        const QList<QByteArray> headers =
            m_server->lastRequestHeaders(QStringLiteral("/file/1m/mx.bin"));
        QVERIFY(std::any_of(headers.cbegin(), headers.cend(), [](const QByteArray &h) {
            return h.startsWith("Range: bytes=") && !h.startsWith("Range: bytes=0-");
        }));
    }

    void hugeRetryAfterDoesNotOverflowIntoRetryingAtOnce()
    {
        const auto ms =
            HttpHeaders::parseRetryAfterMs("99999999999999999", QDateTime::currentDateTimeUtc());
        QVERIFY(ms && *ms > 0);
        RetryPolicy p;
        QRandomGenerator random(1);
        QCOMPARE(p.delayMs(2, ms, random), p.maxRetryAfterMs);
    }

    void backoffDoublesWithJitterAndIsCapped()
    {
        RetryPolicy p;
        QRandomGenerator random(42);
        for (int attempt = 2; attempt <= 12; ++attempt) {
            const qint64 full = qMin<qint64>(60000, 1000LL << (attempt - 2));
            const qint64 d = p.delayMs(attempt, std::nullopt, random);
            QVERIFY(d >= full / 2 && d <= full);
        }
        QCOMPARE(p.delayMs(2, 7000, random), 7000);
        QCOMPARE(p.delayMs(2, 86400000, random), p.maxRetryAfterMs);
    }

    void fullDiskFailsWithTheOsReasonAndKeepsOthersRunning_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("written as it comes") << QStringLiteral("/file/4m/big.bin");
        // Received whole before its .part was open: the commit writes it, and fails there.
        QTest::newRow("written at the commit") << QStringLiteral("/file/1500k/big.bin");
    }
    void fullDiskFailsWithTheOsReasonAndKeepsOthersRunning()
    {
        QFETCH(QString, path);
        QTemporaryDir dir;
        const QString small = dir.filePath(QStringLiteral("small"));
        const SmallDisk disk(small);
        if (!disk.isMounted())
            QSKIP("needs root to mount a 1 MiB tmpfs");
        const QString other = dir.filePath(QStringLiteral("other"));
        QVERIFY(QDir().mkpath(other));
        TaskRegistry tasks;
        TaskModel model(&tasks);
        {
            DownloadEngine engine(&tasks);
            fastRetries(engine);
            engine.setConnections(1); // fills the disk byte by byte (tst_segments: preallocated)
            const TaskId full = engine.addUrl(m_server->url(path), small);
            const TaskId fine = engine.addUrl(
                m_server->url(QStringLiteral("/file/2m/fine.bin?rate=4000000")), other);
            WAIT_FOR_STATE(model, full, TaskState::Failed, 10000);
            QCOMPARE(model.task(full)->error.message, QStringLiteral("No space left on device"));
            QCOMPARE(model.task(full)->attempts, 1); // the user must act; no automatic retry
            const qint64 kept =
                QFileInfo(QDir(small).filePath(QStringLiteral("big.bin.part"))).size();
            QVERIFY(kept > 0);
            // What is on disk, not what was received (it said all 4 MiB were kept; a failed
            // commit showed 100%).
            QCOMPARE(model.task(full)->bytesDone, kept);
            WAIT_FOR_STATE(model, fine, TaskState::Completed, 10000);
        }
    }
};

QTEST_GUILESS_MAIN(TestResilience)
#include "tst_resilience.moc"
