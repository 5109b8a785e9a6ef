// Answers to a resume that would splice or cut the file (from a hostile review): the first
// bytes in a coding (Content-Encoding) continued by plain ones, a 206 that sends less than the
// rest asked for (with the size given, and as "*"), and a 206 whose length contradicts its
// range. The file is whole and right, or the download fails; never a splice reported complete.
#include "fixturesuite.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "testsupport.h"

#include <QPromise>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

namespace {

// One download of `target` over one connection, with quick retries.
struct OneDownload {
    QTemporaryDir dir;
    TaskRegistry tasks;
    DownloadEngine engine{&tasks};
    TaskModel model{&tasks};
    TaskId id = 0;
    OneDownload(const FixtureServer &server, const QString &target, int attempts = 5)
    {
        fastRetries(engine, attempts);
        engine.setConnections(1);
        id = engine.addUrl(server.url(target), dir.path());
    }
    const Task *task() const { return model.task(id); }
    QByteArray sha256(const QString &name) const { return sha256OfFile(dir.filePath(name)); }
};

// A restart that finds `t` (partialTask()) in its database, with one connection a download.
struct Restarted {
    TaskRegistry tasks;
    std::optional<DownloadEngine> engine;
    explicit Restarted(Task t)
    {
        restore(tasks, std::move(t));
        engine.emplace(&tasks);
        engine->setConnections(1);
    }
};

} // namespace

class TestResumeAnswers : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    // The first answer said Content-Encoding: gzip (though we ask for none) and broke off;
    // the resume's answer was plain. The two made one file, reported complete.
    void aCodedAnswerIsNeverContinuedByAPlainOne()
    {
        OneDownload d(*m_server,
                      QStringLiteral("/file/1m/g.bin?dropafter=300000&dropfirst=1&encodefirst=1"));
        WAIT_FOR_STATE(d.model, d.id, TaskState::Completed, 20000);
        QCOMPARE(d.sha256(QStringLiteral("g.bin")), FixtureServer::contentSha256(1 << 20));
        QVERIFY(logContains(d.task(), QStringLiteral("coding")));
        // Started from zero: no range asked for after the coded bytes.
        QVERIFY(!m_server->lastRequestHeaders(QStringLiteral("/file/1m/g.bin"))
                     .contains("Range: bytes=300000-"));
    }

    // Killed while a coded answer came (kill -9, a power cut): nothing in memory says the
    // .part is a coding, so the task's segment map says it, from before the first byte.
    void aCodedPartialFileIsNeverContinuedAfterACrash()
    {
        {
            OneDownload d(*m_server,
                          QStringLiteral("/file/1m/s.bin?encodefirst=1&stallafter=100000"));
            QTRY_VERIFY_WITH_TIMEOUT(d.task()->bytesDone >= 100000, 5000);
            QCOMPARE(d.task()->segments, QStringLiteral("fetchdeck-coded"));
        }
        // What such a crash leaves: the coded bytes and the map, with the file's validator.
        QTemporaryDir dir;
        const qint64 size = 1 << 20;
        Task t = partialTask(7, m_server->url(QStringLiteral("/file/1m/k.bin")), dir.path(),
                             QStringLiteral("k.bin"), FixtureServer::content(300000, 1));
        t.bytesTotal = size;
        t.lastModified = FixtureServer::lastModified();
        t.segments = QStringLiteral("fetchdeck-coded");
        Restarted r(t);
        r.engine->resumeRestored();
        WAIT_FOR_STATE(r.tasks, 7, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("k.bin"))),
                 FixtureServer::contentSha256(size));
        QVERIFY(r.tasks.task(7)->segments.isEmpty());
    }

    // Coded bytes written into a .part that exists already (a 200 in a coding that replaces a
    // plain partial file; a resumed coded download): the map's mark was only stored with the
    // next batch, so a kill -9 before it left coded bytes unmarked. It is stored before them.
    void theCodedMarkIsStoredBeforeCodedBytesGoIntoAnOldPart()
    {
        QTemporaryDir dir;
        Task t =
            partialTask(7, m_server->url(QStringLiteral("/file/1m/r.bin?norange=1&encodefirst=1")),
                        dir.path(), QStringLiteral("r.bin"), FixtureServer::content(300000));
        t.bytesTotal = 1 << 20;
        t.lastModified = FixtureServer::lastModified();
        Restarted r(t);
        TaskRegistry &tasks = r.tasks;
        const QString part = dir.filePath(QStringLiteral("r.bin.part"));
        bool markedBeforeCodedBytes = false;
        r.engine->setPersistence([&](TaskId id, Durability) {
            const Task *now = tasks.task(id);
            QFile held(part);
            if (now && now->segments == QLatin1String("fetchdeck-coded") &&
                held.open(QIODevice::ReadOnly) && held.readAll() == FixtureServer::content(300000))
                markedBeforeCodedBytes = true; // the plain bytes are all that is there yet
            QPromise<bool> stored;
            stored.start();
            stored.addResult(true);
            stored.finish();
            return stored.future();
        });
        r.engine->resumeRestored();
        WAIT_FOR_STATE(tasks, 7, TaskState::Completed, 10000);
        QVERIFY(markedBeforeCodedBytes);
    }

    // A server that answers each range with at most 100,000 bytes (as RFC 9110 lets it): the
    // rest is asked for again, without an error, a retry or a wait.
    void aShortRangeIsProgressNotAFailure()
    {
        OneDownload d(*m_server,
                      QStringLiteral("/file/1m/c.bin?dropafter=300000&dropfirst=1&rangemax=100000"),
                      10);
        WAIT_FOR_STATE(d.model, d.id, TaskState::Completed, 20000);
        QCOMPARE(d.sha256(QStringLiteral("c.bin")), FixtureServer::contentSha256(1 << 20));
        QCOMPARE(d.task()->attempts, 2); // the drop; the parts after it are no failures
    }

    // The size was never said (no Content-Length), and the resume's answer says "bytes
    // N-(N+99999)/*": where those bytes end is not where the file does. The file was cut there
    // and reported complete; now the rest is asked for until the server says it has no more.
    void aRangeOfAnUnknownSizeIsNotTheEnd()
    {
        OneDownload d(*m_server, QStringLiteral("/file/400k/u.bin?nolength=1&rate=200000&"
                                                "rangemax=100000&rangestar=1"));
        const qint64 size = 400 << 10;
        QTRY_VERIFY_WITH_TIMEOUT(d.task()->bytesDone > 50000, 5000);
        d.engine.pause(d.id);
        QTRY_COMPARE_WITH_TIMEOUT(d.engine.runningCount(), 0, 2000);
        QCOMPARE(d.task()->bytesTotal, -1); // never said
        const qint64 kept = QFileInfo(d.dir.filePath(QStringLiteral("u.bin.part"))).size();
        QVERIFY(kept > 50000 && kept + 100000 < size);
        d.engine.resume(d.id);
        WAIT_FOR_STATE(d.model, d.id, TaskState::Completed, 20000);
        QCOMPARE(QFileInfo(d.dir.filePath(QStringLiteral("u.bin"))).size(), size);
        QCOMPARE(d.sha256(QStringLiteral("u.bin")), FixtureServer::contentSha256(size));
        // The 416 after the last part (without a size: the server does not know it) ended the
        // file there; it was not fetched again from zero.
        QVERIFY(!logContains(d.task(), QStringLiteral("starting over")));
        QVERIFY(logContains(d.task(), QStringLiteral("already holds all 409600 bytes")));
        QCOMPARE(d.task()->attempts, 2); // before the pause, and after
    }

    // A plain GET answered "206, bytes 0-99999/*": those bytes are not the file, only where its
    // first part ends. It was saved as a 100,000-byte file reported complete.
    void anUnaskedPartOfAnUnknownSizeIsNotTheFile()
    {
        OneDownload d(*m_server,
                      QStringLiteral("/file/400k/p.bin?unasked=1&rangemax=100000&rangestar=1"));
        const qint64 size = 400 << 10;
        WAIT_FOR_STATE(d.model, d.id, TaskState::Completed, 20000);
        QCOMPARE(QFileInfo(d.dir.filePath(QStringLiteral("p.bin"))).size(), size);
        QCOMPARE(d.sha256(QStringLiteral("p.bin")), FixtureServer::contentSha256(size));
        QVERIFY(logContains(d.task(), QStringLiteral("sends the file in parts")));
    }

    // Parts of 1000 bytes: a request each, a million for a GiB. The download fails with the
    // reason after a few dozen, keeps what it has, and the log holds a line for the parts,
    // not two for each.
    void aFileInTinyPartsFailsInsteadOfNeverEnding()
    {
        OneDownload d(*m_server,
                      QStringLiteral("/file/1m/t.bin?dropafter=300000&dropfirst=1&rangemax=1000"));
        WAIT_FOR_STATE(d.model, d.id, TaskState::Failed, 20000);
        QVERIFY2(d.task()->error.message.startsWith(
                     QStringLiteral("the server sends the file in parts too small to finish")),
                 qPrintable(d.task()->error.message));
        QCOMPARE(d.task()->attempts, 2); // not retried: the server would do the same
        QVERIFY2(
            m_server->requestCount(QStringLiteral("/file/1m/t.bin")) < 80,
            qPrintable(QString::number(m_server->requestCount(QStringLiteral("/file/1m/t.bin")))));
        QVERIFY2(d.task()->log.size() < 30, qPrintable(QString::number(d.task()->log.size())));
        QVERIFY(QFileInfo(d.dir.filePath(QStringLiteral("t.bin.part"))).size() > 300000);
    }

    // "bytes 300000-300099/1048576" with a Content-Length of 748,576: which bytes are these?
    // The download fails with the reason, and keeps what it had.
    void aRangeThatContradictsItsLengthFails()
    {
        OneDownload d(*m_server,
                      QStringLiteral("/file/1m/l.bin?dropafter=300000&dropfirst=1&rangemax=100&"
                                     "lengthlies=1"),
                      2);
        WAIT_FOR_STATE(d.model, d.id, TaskState::Failed, 20000);
        QVERIFY2(d.task()->error.message.startsWith(
                     QStringLiteral("the server's answer does not add up")),
                 qPrintable(d.task()->error.message));
        QCOMPARE(QFileInfo(d.dir.filePath(QStringLiteral("l.bin.part"))).size(), 300000);
    }

    // A download in pieces whose range answers come in a coding (and the first answer not):
    // the pieces were written as they came, and the file reported complete.
    void aCodedPieceIsNeverWritten()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        engine.setConnections(4);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/4m/e.bin?encoderanges=1")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 20000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("e.bin"))),
                 FixtureServer::contentSha256(4 << 20));
        QVERIFY(logContains(model.task(id), QStringLiteral("in a coding, gzip")));
    }

    // A partial file that holds all its bytes is confirmed by a 416 ("bytes */size"). When the
    // 416 shows other validators than the file came with, the file on the server changed:
    // the old one was saved as complete; now it starts over.
    void a416ForAnotherFileStartsOver()
    {
        QTemporaryDir dir;
        const qint64 size = 50000;
        Task t = partialTask(
            7, m_server->url(QStringLiteral("/file/50000/old.bin?etag=v1&rangeetag=v2")),
            dir.path(), QStringLiteral("old.bin"), FixtureServer::content(size, 9));
        t.bytesTotal = size;
        t.etag = "\"v1\"";
        Restarted r(t);
        r.engine->resumeRestored();
        WAIT_FOR_STATE(r.tasks, 7, TaskState::Completed, 10000);
        QVERIFY(logContains(r.tasks.task(7), QStringLiteral("ETag differs")));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("old.bin"))),
                 FixtureServer::contentSha256(size)); // the server's file, not the partial one
    }

    // The same 416 without an ETag, but with another Last-Modified than the partial file came
    // with (it came with both): another file too.
    void a416WithAnotherDateStartsOver()
    {
        QTemporaryDir dir;
        const qint64 size = 50000;
        Task t = partialTask(7,
                             m_server->url(QStringLiteral("/file/50000/d.bin?etag=v1&rangeetag=&"
                                                          "rangedate=Wed,%2001%20Jan%202025%2000:"
                                                          "00:00%20GMT")),
                             dir.path(), QStringLiteral("d.bin"), FixtureServer::content(size, 9));
        t.bytesTotal = size;
        t.etag = "\"v1\"";
        t.lastModified = FixtureServer::lastModified();
        Restarted r(t);
        r.engine->resumeRestored();
        WAIT_FOR_STATE(r.tasks, 7, TaskState::Completed, 10000);
        QVERIFY(logContains(r.tasks.task(7), QStringLiteral("Last-Modified differs")));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("d.bin"))),
                 FixtureServer::contentSha256(size));
    }
};

QTEST_GUILESS_MAIN(TestResumeAnswers)
#include "tst_resumeanswers.moc"
