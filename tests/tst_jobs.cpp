// Blocking jobs on the JobRunner pool: hashing against coreutils, cancel latency, exceptions,
// the pool bound, extraction of every format, hostile archives, and a GUI thread that never
// stalls. Archives are made here with tar or libarchive's writer, in a QTemporaryDir.
#include "services/jobs/extractjob.h"
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
#include <archive.h>
#include <archive_entry.h>
#include <atomic>
#include <stdexcept>

namespace {

struct Outcome {
    bool done = false;
    JobResult result;
    QElapsedTimer sinceCancel; // started by the test when it cancels
    qint64 msFromCancel = -1;
    QEventLoop *loop = nullptr;
};

// A free function taking everything by value: nothing can dangle across the co_await.
QCoro::Task<> collect(JobRunner *runner, JobRunner::JobFn fn, std::shared_ptr<JobControl> control,
                      JobRunner::ProgressFn progress, std::shared_ptr<Outcome> out)
{
    QCoro::Task<JobResult> task =
        runner->run(std::move(fn), std::move(control), std::move(progress));
    JobResult result = co_await task;
    if (out->sinceCancel.isValid())
        out->msFromCancel = out->sinceCancel.elapsed();
    out->result = std::move(result);
    out->done = true;
    if (out->loop)
        out->loop->quit();
}

std::shared_ptr<Outcome> start(JobRunner &runner, JobRunner::JobFn fn,
                               std::shared_ptr<JobControl> control = {},
                               JobRunner::ProgressFn progress = {})
{
    auto out = std::make_shared<Outcome>();
    collect(&runner, std::move(fn), std::move(control), std::move(progress), out);
    return out;
}

// Cancels at the first progress past zero, from the GUI thread as a click would (no polling).
JobRunner::ProgressFn cancelOnProgress(std::shared_ptr<JobControl> control,
                                       std::shared_ptr<Outcome> out)
{
    return [control, out](qint64 done, qint64) {
        if (done > 0 && !out->sinceCancel.isValid()) {
            out->sinceCancel.start();
            control->cancel();
        }
    };
}

// Runs the event loop until the job is done (no polling, so latencies are measured exactly).
bool finished(Outcome &out, int timeoutMs = 20000)
{
    if (!out.done) {
        QEventLoop loop;
        out.loop = &loop;
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        out.loop = nullptr;
    }
    return out.done;
}

bool writeRandomFile(const QString &path, qint64 size, quint32 seed)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QRandomGenerator random(seed);
    QByteArray chunk(1024 * 1024, Qt::Uninitialized);
    for (qint64 left = size; left > 0; left -= chunk.size()) {
        random.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
        if (f.write(chunk.constData(), qMin<qint64>(left, chunk.size())) < 0)
            return false;
    }
    return true;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

// What coreutils says: "/usr/bin/sha256sum FILE" -> the digest.
QString toolDigest(const QString &tool, const QString &path)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/") + tool, {path});
    if (!p.waitForFinished(60000))
        return {};
    return QString::fromLatin1(p.readAllStandardOutput().split(' ').value(0));
}

struct Entry {
    enum Kind { File, Dir, Symlink, Hardlink } kind = File;
    QByteArray name;
    QByteArray data;        // File: contents...
    qint64 zeros = 0;       // ...or this many zero bytes...
    qint64 randomBytes = 0; // ...or this many random bytes
    QByteArray target;      // Symlink, Hardlink
};

// Writes an archive with libarchive: format is zip, 7z, tar, tar.gz, tar.xz or tar.bz2.
bool writeArchive(const QString &path, const QString &format, const QList<Entry> &entries)
{
    archive *a = archive_write_new();
    if (format == QLatin1String("zip"))
        archive_write_set_format_zip(a);
    else if (format == QLatin1String("7z"))
        archive_write_set_format_7zip(a);
    else
        archive_write_set_format_pax_restricted(a);
    if (format.endsWith(QLatin1String(".gz")))
        archive_write_add_filter_gzip(a);
    else if (format.endsWith(QLatin1String(".xz")))
        archive_write_add_filter_xz(a);
    else if (format.endsWith(QLatin1String(".bz2")))
        archive_write_add_filter_bzip2(a);
    bool ok = archive_write_open_filename(a, QFile::encodeName(path).constData()) == ARCHIVE_OK;
    QRandomGenerator random(7);
    QByteArray chunk(1024 * 1024, '\0');
    for (const Entry &e : entries) {
        archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.constData());
        archive_entry_set_perm(entry, e.kind == Entry::Dir ? 0755 : 0644);
        archive_entry_set_filetype(entry, e.kind == Entry::Dir       ? AE_IFDIR
                                          : e.kind == Entry::Symlink ? AE_IFLNK
                                                                     : AE_IFREG);
        if (e.kind == Entry::Symlink)
            archive_entry_set_symlink(entry, e.target.constData());
        if (e.kind == Entry::Hardlink)
            archive_entry_set_hardlink(entry, e.target.constData());
        const qint64 size = e.kind == Entry::File ? e.data.size() + e.zeros + e.randomBytes : 0;
        archive_entry_set_size(entry, size);
        ok = ok && archive_write_header(a, entry) == ARCHIVE_OK;
        if (ok && !e.data.isEmpty())
            ok = archive_write_data(a, e.data.constData(), size_t(e.data.size())) >= 0;
        for (qint64 left = e.zeros + e.randomBytes; ok && left > 0; left -= chunk.size()) {
            if (e.randomBytes)
                random.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
            ok = archive_write_data(a, chunk.constData(),
                                    size_t(qMin<qint64>(left, chunk.size()))) >= 0;
        }
        archive_entry_free(entry);
    }
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    return ok;
}

JobRunner::JobFn extractFn(const QString &archive)
{
    return [archive](JobContext &ctx) {
        return ExtractJob::extractArchive(archive, ExtractJob::extractionFolderFor(archive), ctx);
    };
}

} // namespace

Q_DECLARE_METATYPE(Entry)

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

    void extractionFolderNames_data()
    {
        QTest::addColumn<QString>("archive");
        QTest::addColumn<QString>("folder");
        QTest::newRow("tar.gz") << "/d/pkg-1.2.tar.gz"
                                << "/d/pkg-1.2";
        QTest::newRow("tgz upper") << "/d/pkg.TGZ"
                                   << "/d/pkg";
        QTest::newRow("tar.xz") << "/d/a.b.tar.xz"
                                << "/d/a.b";
        QTest::newRow("tar.bz2") << "/d/x.tar.bz2"
                                 << "/d/x";
        QTest::newRow("zip") << "/d/photos.zip"
                             << "/d/photos";
        QTest::newRow("7z") << "/d/set.7z"
                            << "/d/set";
        QTest::newRow("tar") << "/d/t.tar"
                             << "/d/t";
    }

    void extractionFolderNames()
    {
        QFETCH(QString, archive);
        QFETCH(QString, folder);
        QCOMPARE(ExtractJob::extractionFolderFor(archive), folder);
    }

    void extractsEachFormat_data()
    {
        QTest::addColumn<QString>("format");
        for (const char *f : {"zip", "7z", "tar", "tar.gz", "tar.xz", "tar.bz2"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }

    void extractsEachFormat()
    {
        QFETCH(QString, format);
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("pkg.") + format);
        QByteArray blob(300 * 1024, Qt::Uninitialized);
        QRandomGenerator(3).fillRange(reinterpret_cast<quint32 *>(blob.data()), blob.size() / 4);
        QList<Entry> entries{{Entry::Dir, "docs/", {}, 0, 0, {}},
                             {Entry::File, "docs/readme.txt", "hello\n", 0, 0, {}},
                             {Entry::File, "blob.bin", blob, 0, 0, {}}};
        if (format != QLatin1String("7z"))
            entries.append({Entry::Symlink, "docs/latest", {}, 0, 0, "readme.txt"});
        const bool tar = format.startsWith(QLatin1String("tar"));
        if (tar)
            entries.append({Entry::Hardlink, "docs/copy.txt", {}, 0, 0, "docs/readme.txt"});
        QVERIFY(writeArchive(archive, format, entries));
        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY2(out->result.ok, qPrintable(out->result.error));
        const QDir folder(out->result.output);
        QCOMPARE(folder.path(), dir.filePath(QStringLiteral("pkg")));
        QCOMPARE(readAll(folder.filePath(QStringLiteral("docs/readme.txt"))),
                 QByteArray("hello\n"));
        QVERIFY(readAll(folder.filePath(QStringLiteral("blob.bin"))) == blob);
        if (format != QLatin1String("7z"))
            QCOMPARE(QFileInfo(folder.filePath(QStringLiteral("docs/latest"))).symLinkTarget(),
                     folder.filePath(QStringLiteral("docs/readme.txt")));
        if (tar)
            QCOMPARE(readAll(folder.filePath(QStringLiteral("docs/copy.txt"))),
                     QByteArray("hello\n"));
    }

    void extractsATarGzMadeByTarNextToAnExistingFolder()
    {
        QTemporaryDir dir;
        const QDir tree(dir.filePath(QStringLiteral("src")));
        QVERIFY(QDir().mkpath(tree.filePath(QStringLiteral("sub/deeper"))));
        QVERIFY(writeRandomFile(tree.filePath(QStringLiteral("sub/deeper/r.bin")), 100000, 9));
        QFile small(tree.filePath(QStringLiteral("a.txt")));
        QVERIFY(small.open(QIODevice::WriteOnly) && small.write("alpha") == 5);
        small.close();
        const QString archive = dir.filePath(QStringLiteral("src.tar.gz"));
        QCOMPARE(QProcess::execute(QStringLiteral("tar"),
                                   {QStringLiteral("-czf"), archive, QStringLiteral("-C"),
                                    tree.path(), QStringLiteral(".")}),
                 0);
        // "src" exists already (it is the tree itself): never written into.
        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY2(out->result.ok, qPrintable(out->result.error));
        QCOMPARE(out->result.output, dir.filePath(QStringLiteral("src (1)")));
        const QDir folder(out->result.output);
        QCOMPARE(readAll(folder.filePath(QStringLiteral("a.txt"))), QByteArray("alpha"));
        QCOMPARE(readAll(folder.filePath(QStringLiteral("sub/deeper/r.bin"))),
                 readAll(tree.filePath(QStringLiteral("sub/deeper/r.bin"))));
        QCOMPARE(tree.entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 (QStringList{QStringLiteral("a.txt"), QStringLiteral("sub")}));
    }

    void refusesUnsafeEntries_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QList<Entry>>("entries");
        QTest::addColumn<QString>("refused");
        const Entry good{Entry::File, "good.txt", "fine", 0, 0, {}};
        const Entry evil{Entry::File, "../evil.txt", "gotcha", 0, 0, {}};
        QTest::newRow("dot-dot tar") << "tar" << QList<Entry>{good, evil} << "../evil.txt";
        QTest::newRow("dot-dot zip") << "zip" << QList<Entry>{good, evil} << "../evil.txt";
        QTest::newRow("nested dot-dot")
            << "tar.gz" << QList<Entry>{good, {Entry::File, "a/../../evil.txt", "x", 0, 0, {}}}
            << "a/../../evil.txt";
        QTest::newRow("absolute") << "tar"
                                  << QList<Entry>{good, {Entry::File, "@ABS@", "x", 0, 0, {}}}
                                  << "@ABS@";
        QTest::newRow("symlink up and out")
            << "tar" << QList<Entry>{good, {Entry::Symlink, "out", {}, 0, 0, "../../evil.txt"}}
            << "out";
        QTest::newRow("symlink absolute")
            << "zip" << QList<Entry>{good, {Entry::Symlink, "etc", {}, 0, 0, "/etc"}} << "etc";
        QTest::newRow("symlink then a file through it")
            << "tar"
            << QList<Entry>{{Entry::Symlink, "d", {}, 0, 0, ".."},
                            {Entry::File, "d/evil.txt", "x", 0, 0, {}}}
            << "d";
        QTest::newRow("symlink chain in a tricky order")
            << "tar"
            << QList<Entry>{{Entry::Symlink, "a", {}, 0, 0, "x/.."},
                            {Entry::Symlink, "x", {}, 0, 0, "."}}
            << "a";
        QTest::newRow("hard link outside")
            << "tar" << QList<Entry>{good, {Entry::Hardlink, "h", {}, 0, 0, "../victim"}} << "h";
    }

    void refusesUnsafeEntries()
    {
        QFETCH(QString, format);
        QFETCH(QList<Entry>, entries);
        QFETCH(QString, refused);
        QTemporaryDir dir;
        const QByteArray absolute = QFile::encodeName(dir.filePath(QStringLiteral("abs-evil.txt")));
        for (Entry &e : entries)
            e.name.replace("@ABS@", absolute);
        refused.replace(QStringLiteral("@ABS@"), QFile::decodeName(absolute));
        QFile victim(dir.filePath(QStringLiteral("victim")));
        QVERIFY(victim.open(QIODevice::WriteOnly) && victim.write("v") == 1);
        victim.close();
        const QString archive = dir.filePath(QStringLiteral("hostile.") + format);
        QVERIFY(writeArchive(archive, format, entries));
        const QStringList before =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);

        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY(!out->result.ok);
        QCOMPARE(out->result.error, QStringLiteral("refused unsafe entry: ") + refused);
        // Nothing outside, and the partial folder is gone.
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), before);
        QVERIFY(!QFileInfo::exists(QDir::cleanPath(dir.path() + QStringLiteral("/../evil.txt"))));
        QCOMPARE(readAll(victim.fileName()), QByteArray("v"));
    }

    void zipBombIsStoppedAndThePartialFolderRemoved()
    {
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("bomb.zip"));
        QVERIFY(writeArchive(archive, QStringLiteral("zip"),
                             {{Entry::File, "zeros.bin", {}, 200LL * 1024 * 1024, 0, {}}}));
        QVERIFY(QFileInfo(archive).size() < 2 * 1024 * 1024);
        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out, 60000));
        QVERIFY(!out->result.ok && !out->result.canceled);
        QCOMPARE(out->result.error,
                 QStringLiteral("stopped: the archive unpacks to more than 100 times its size "
                                "(a zip bomb?)"));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("bomb"))));
    }

    // 25,000 empty folders in a ~100 KiB .tar.gz: inodes and directory blocks out of all
    // proportion to the archive. Refused; a source tarball's thousands of files still unpack.
    void inodeBombIsStoppedAndThePartialFolderRemoved()
    {
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("inodes.tar.gz"));
        QList<Entry> entries;
        for (int i = 0; i < 25000; ++i)
            entries.append({Entry::Dir, "d" + QByteArray::number(i), {}, 0, 0, {}});
        QVERIFY(writeArchive(archive, QStringLiteral("tar.gz"), entries));
        QVERIFY(QFileInfo(archive).size() < 1024 * 1024);
        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out, 60000));
        QVERIFY(!out->result.ok && !out->result.canceled);
        QVERIFY2(out->result.error.startsWith(
                     QStringLiteral("stopped: the archive holds more than 20000 entries")),
                 qPrintable(out->result.error));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("inodes"))));

        const QString source = dir.filePath(QStringLiteral("source.tar.gz"));
        QList<Entry> files;
        for (int i = 0; i < 3000; ++i)
            files.append({Entry::File,
                          "src/f" + QByteArray::number(i) + ".c",
                          QByteArray("int f") + QByteArray::number(i) + "(void) { return 0; }\n",
                          0,
                          0,
                          {}});
        QVERIFY(writeArchive(source, QStringLiteral("tar.gz"), files));
        auto ok = start(runner, extractFn(source));
        QVERIFY(finished(*ok, 60000));
        QVERIFY2(ok->result.ok, qPrintable(ok->result.error));
    }

    void cancelMidExtractionRemovesThePartialFolder()
    {
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("big.tar"));
        QList<Entry> entries; // 256 MiB, uncompressed: takes a while to write out
        for (int i = 0; i < 64; ++i)
            entries.append({Entry::File, "part" + QByteArray::number(i), {}, 4 << 20, 0, {}});
        QVERIFY(writeArchive(archive, QStringLiteral("tar"), entries));
        JobRunner runner;
        auto control = std::make_shared<JobControl>();
        auto out = std::make_shared<Outcome>();
        collect(&runner, extractFn(archive), control, cancelOnProgress(control, out), out);
        QVERIFY(finished(*out, 10000));
        QVERIFY(out->sinceCancel.isValid()); // it was running when canceled
        QVERIFY2(out->result.canceled, qPrintable(out->result.error + out->result.output));
        qInfo("result %lld ms after cancel", out->msFromCancel);
        QVERIFY2(out->msFromCancel < 100, qPrintable(QString::number(out->msFromCancel)));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("big"))));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("big.tar")});
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
