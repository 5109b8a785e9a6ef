// Blocking jobs on the JobRunner pool: hashing against coreutils, cancel latency, exceptions,
// the pool bound, and a GUI thread that never stalls while a hash and an extraction run.
// Extraction itself is tst_extract's.
#include "jobsupport.h"
#include "services/jobs/hashjob.h"
#include "services/jobs/jobrunner.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <atomic>
#include <stdexcept>

using namespace JobSupport;

namespace {

// What coreutils says: "/usr/bin/sha256sum FILE" -> the digest.
QString toolDigest(const QString &tool, const QString &path)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/") + tool, {path});
    if (!p.waitForFinished(60000))
        return {};
    return QString::fromLatin1(p.readAllStandardOutput().split(' ').value(0));
}
} // namespace

class TestJobs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hashMatchesCoreutils_data()
    {
        QTest::addColumn<QString>("algo");
        QTest::addColumn<QString>("tool");
        QTest::newRow("md5") << "MD5"
                             << "md5sum";
        QTest::newRow("sha-1") << "sha-1"
                               << "sha1sum";
        QTest::newRow("sha-256") << "sha256"
                                 << "sha256sum";
        QTest::newRow("sha-512") << "SHA-512"
                                 << "sha512sum";
    }

    void hashMatchesCoreutils()
    {
        QFETCH(QString, algo);
        QFETCH(QString, tool);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("data.bin"));
        const qint64 size = 3 * HashJob::ChunkBytes + 12345; // several chunks and a partial one
        QVERIFY(writeRandomFile(path, size, 1));
        const std::optional<HashAlgo> parsed = parseHashAlgo(algo);
        QVERIFY(parsed);
        JobRunner runner;
        QList<std::pair<qint64, qint64>> progress;
        auto out = start(
            runner,
            [path, a = *parsed](JobContext &ctx) { return HashJob::hashFile(path, a, ctx); }, {},
            [&progress](qint64 done, qint64 total) {
                progress.append({done, total});
            });
        QVERIFY(finished(*out));
        QVERIFY2(out->result.ok, qPrintable(out->result.error));
        QCOMPARE(out->result.output, toolDigest(tool, path));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last(), std::make_pair(size, size));
    }

    void verifyWithWrongDigestFailsWithExactMessage()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("abc.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("abc") == 3);
        f.close();
        const QByteArray right = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
        const QByteArray wrong(64, 'a');
        JobContext ctx;
        const JobResult good = HashJob::verifyFile(path, HashAlgo::Sha256, right, ctx);
        QVERIFY2(good.ok, qPrintable(good.error));
        QCOMPARE(good.output, QString::fromLatin1(right.toLower()));
        const JobResult bad = HashJob::verifyFile(path, HashAlgo::Sha256, wrong, ctx);
        QVERIFY(!bad.ok && !bad.canceled);
        QCOMPARE(bad.error,
                 QStringLiteral("checksum mismatch: expected %1, got %2")
                     .arg(QString::fromLatin1(wrong), QString::fromLatin1(right.toLower())));
    }

    void hashOfMissingFileGivesTheOsReason()
    {
        JobContext ctx;
        const JobResult r =
            HashJob::hashFile(QStringLiteral("/nonexistent/x.bin"), HashAlgo::Md5, ctx);
        QVERIFY(!r.ok);
        QCOMPARE(r.error, QStringLiteral("No such file or directory"));
    }

    void cancelStopsARunningHashWithin100ms()
    {
        QTemporaryDir dir;
        QFile big(dir.filePath(QStringLiteral("big.bin")));
        QVERIFY(big.open(QIODevice::WriteOnly) && big.resize(512LL * 1024 * 1024)); // sparse
        big.close();
        JobRunner runner;
        auto control = std::make_shared<JobControl>();
        auto out = std::make_shared<Outcome>();
        const QString path = big.fileName();
        collect(
            &runner,
            [path](JobContext &ctx) { return HashJob::hashFile(path, HashAlgo::Sha256, ctx); },
            control, cancelOnProgress(control, out), out);
        QVERIFY(finished(*out, 10000));
        QVERIFY(out->sinceCancel.isValid()); // it was running when canceled
        QVERIFY(out->result.canceled);
        QVERIFY(!out->result.ok);
        qInfo("result %lld ms after cancel", out->msFromCancel);
        QVERIFY2(out->msFromCancel < 100, qPrintable(QString::number(out->msFromCancel)));
    }

    void exceptionInAJobBecomesAFailedResult()
    {
        JobRunner runner;
        auto thrown = start(
            runner, [](JobContext &) -> JobResult { throw std::runtime_error("disk on fire"); });
        auto odd = start(runner, [](JobContext &) -> JobResult { throw 42; });
        QVERIFY(finished(*thrown) && finished(*odd));
        QVERIFY(!thrown->result.ok && !thrown->result.canceled);
        QCOMPARE(thrown->result.error, QStringLiteral("disk on fire"));
        QVERIFY(!odd->result.ok && !odd->result.error.isEmpty());
        QCOMPARE(runner.activeJobs(), 0);
    }

    void poolOfTwoNeverRunsMoreThanTwo()
    {
        JobRunner runner;
        runner.setMaxThreads(2);
        auto gate = std::make_shared<QSemaphore>();
        QList<std::shared_ptr<Outcome>> outs;
        for (int i = 0; i < 6; ++i)
            outs.append(start(runner, [gate, i](JobContext &) {
                return gate->tryAcquire(1, 10000) ? JobResult::success(QString::number(i))
                                                  : JobResult::failure(QStringLiteral("gate"));
            }));
        QTRY_COMPARE_WITH_TIMEOUT(runner.activeJobs(), 2, 5000);
        gate->release(6);
        for (int i = 0; i < 6; ++i) {
            QVERIFY(finished(*outs[i]));
            QCOMPARE(outs[i]->result.output, QString::number(i));
        }
        QCOMPARE(runner.maxActiveJobs(), 2);
        QCOMPARE(runner.activeJobs(), 0);
    }

    void cancelingAQueuedJobEndsItWithoutWaitingForAThread()
    {
        JobRunner runner;
        runner.setMaxThreads(1);
        auto gate = std::make_shared<QSemaphore>();
        auto busy = start(runner, [gate](JobContext &) {
            gate->tryAcquire(1, 10000);
            return JobResult::success();
        });
        std::atomic<bool> ran = false; // written on a pool thread
        auto control = std::make_shared<JobControl>();
        auto queued = start(
            runner,
            [&ran](JobContext &) {
                ran = true;
                return JobResult::success();
            },
            control);
        QTRY_COMPARE_WITH_TIMEOUT(runner.activeJobs(), 1, 5000);
        control->cancel();
        QVERIFY(finished(*queued, 1000));
        QVERIFY(queued->result.canceled);
        QVERIFY(!busy->done);
        gate->release();
        QVERIFY(finished(*busy));
        QTRY_COMPARE_WITH_TIMEOUT(runner.activeJobs(), 0, 5000);
        QVERIFY(!ran);
        auto early = std::make_shared<JobControl>(); // canceled before it was started
        early->cancel();
        auto never = start(
            runner,
            [&ran](JobContext &) {
                ran = true;
                return JobResult::success();
            },
            early);
        QVERIFY(finished(*never, 1000));
        QVERIFY(never->result.canceled && !ran);
    }

    void destroyingTheRunnerEndsItsJobsCanceled()
    {
        auto runner = std::make_unique<JobRunner>();
        runner->setMaxThreads(1);
        auto running = std::make_shared<std::atomic<bool>>(false);
        auto busy = start(*runner, [running](JobContext &ctx) {
            running->store(true);
            QElapsedTimer limit;
            limit.start();
            while (!ctx.isCanceled() && limit.elapsed() < 10000)
                QThread::yieldCurrentThread();
            return ctx.isCanceled() ? JobResult::cancellation() : JobResult::success();
        });
        std::atomic<bool> ran = false; // written on a pool thread
        auto queued = start(*runner, [&ran](JobContext &) {
            ran = true;
            return JobResult::success();
        });
        QTRY_VERIFY_WITH_TIMEOUT(running->load(), 5000);
        QElapsedTimer clock;
        clock.start();
        runner.reset(); // waits for its pool; the awaiting coroutines resume later
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(finished(*busy, 1000) && finished(*queued, 1000));
        QVERIFY(busy->result.canceled && queued->result.canceled);
        QVERIFY(!ran);
    }

    void progressIsThrottledAndDeliveredOnTheCallingThread()
    {
        JobRunner runner;
        int calls = 0;
        bool offThread = false;
        std::pair<qint64, qint64> last;
        constexpr qint64 Total = 1000000;
        auto out = start(
            runner,
            [](JobContext &ctx) {
                QElapsedTimer busy;
                busy.start();
                for (qint64 i = 0; busy.elapsed() < 400; ++i)
                    ctx.setProgress(i % Total, Total);
                ctx.setProgress(Total, Total);
                return JobResult::success();
            },
            {},
            [&](qint64 done, qint64 total) {
                ++calls;
                offThread = offThread || QThread::currentThread() != thread();
                last = {done, total};
            });
        QVERIFY(finished(*out));
        QVERIFY(!offThread);
        QVERIFY2(calls >= 3 && calls <= 400 / JobContext::ProgressIntervalMs + 3,
                 qPrintable(QString::number(calls)));
        QCOMPARE(last, std::make_pair(Total, Total));
    }

    void guiThreadNeverStallsWhileJobsRun()
    {
        QTemporaryDir dir;
        QFile big(dir.filePath(QStringLiteral("big.iso")));
        QVERIFY(big.open(QIODevice::WriteOnly) && big.resize(256LL * 1024 * 1024));
        big.close();
        const QString archive = dir.filePath(QStringLiteral("set.tar.gz"));
        QList<Entry> entries;
        for (int i = 0; i < 16; ++i)
            entries.append({Entry::File, "f" + QByteArray::number(i), {}, 0, 1024 * 1024, {}});
        QVERIFY(writeArchive(archive, QStringLiteral("tar.gz"), entries));

        JobRunner runner;
        runner.setMaxThreads(2);
        int updates = 0;
        auto onProgress = [&updates](qint64, qint64) { ++updates; };
        const QString path = big.fileName();
        QElapsedTimer clock;
        qint64 lastTick = 0, maxGap = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            maxGap = qMax(maxGap, now - lastTick);
            lastTick = now;
        });
        clock.start();
        ticker.start();
        auto hash = start(
            runner,
            [path](JobContext &ctx) { return HashJob::hashFile(path, HashAlgo::Sha256, ctx); }, {},
            onProgress);
        auto unpack = start(runner, extractFn(archive), {}, onProgress);
        QVERIFY(finished(*hash, 60000) && finished(*unpack, 60000));
        ticker.stop();
        QVERIFY2(hash->result.ok && unpack->result.ok,
                 qPrintable(hash->result.error + unpack->result.error));
        QCOMPARE(runner.maxActiveJobs(), 2);
        QVERIFY(updates > 2);
        qInfo("largest gap between 10 ms ticks: %lld ms over %lld ms", maxGap, clock.elapsed());
        QVERIFY2(maxGap < 50, qPrintable(QString::number(maxGap)));
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
