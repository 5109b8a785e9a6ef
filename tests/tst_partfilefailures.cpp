// A part file whose writes fail or whose owner goes: a failed write, at an offset or appended,
// is never lost (the file is then never committed); a file abandoned mid-download keeps what it
// was given and the pieces on their way.
#include "partfilesupport.h"
#include "services/storage/filecommitter.h"
#include "services/storage/partfile.h"

#include <QCoroTask>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>
#include <csignal>
#include <memory>
#include <sys/resource.h>

using namespace PartFileSupport;

namespace {
// Whether this process has `path` (a canonical path, as /proc shows them) open.
bool isOpen(const QString &path)
{
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System))
        if (QFileInfo(fds.filePath(fd)).symLinkTarget() == path)
            return true;
    return false;
}

// Files of this process end at `bytes` while it lives: a write past it fails with EFBIG
// (SIGXFSZ ignored instead of ending the test), on any file system.
struct SmallFiles {
    rlimit before{};
    void (*handler)(int) = std::signal(SIGXFSZ, SIG_IGN);
    explicit SmallFiles(qint64 bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &before);
        rlimit small = before;
        small.rlim_cur = rlim_t(bytes);
        ::setrlimit(RLIMIT_FSIZE, &small);
    }
    ~SmallFiles()
    {
        ::setrlimit(RLIMIT_FSIZE, &before);
        std::signal(SIGXFSZ, handler);
    }
    SmallFiles(const SmallFiles &) = delete;
    SmallFiles &operator=(const SmallFiles &) = delete;
};
} // namespace

class TestPartFileFailures : public PartFileSuite {
    Q_OBJECT
private Q_SLOTS:
    // A write that fails on the pool after writeAt() returned shows at the next write and at
    // the next step that vouches for the file: the sync before a checkpoint, and the commit,
    // which keeps the .part instead of naming the file complete.
    void aFailedWriteIsNeverLost()
    {
        QTemporaryDir dir;
        const QString part = dir.filePath(QStringLiteral("g.bin.part"));
        const SmallFiles smallFiles(256 * 1024);
        {
            PartFile file(&m_pool, m_committer.get());
            QCOMPARE(QCoro::waitFor(file.open(part)), QString());
            QCOMPARE(QCoro::waitFor(file.beginPositional(1000)), QString());
            const QByteArray first = pattern(500);
            QCOMPARE(QCoro::waitFor(file.writeAt(0, first)), QString());
            QCOMPARE(QCoro::waitFor(file.writeAt(300 * 1024, pattern(10))), QString()); // EFBIG
            // Both are written in one batch on the pool, in order, once the start goes out.
            QTRY_VERIFY(contents(part).startsWith(first) && m_pool.activeThreadCount() == 0);
            // A large piece, written on its own, is not written after the failure either.
            const QString failed = QCoro::waitFor(file.writeAt(0, pattern(100 * 1024)));
            QVERIFY2(!failed.isEmpty(), "a write went on after a failed one");
            QVERIFY(contents(part).startsWith(first));
            QCOMPARE(QCoro::waitFor(file.sync()), failed);
            QCOMPARE(QCoro::waitFor(file.writeAt(500, pattern(10))), failed); // sticky
            const PartFile::Committed committed =
                QCoro::waitFor(file.commit(dir.path(), QStringLiteral("g.bin")));
            QCOMPARE(committed.error, failed);
        }
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("g.bin"))));
        QVERIFY(QFile::exists(part));
    }

    // The same for a file written front to back: once an appended chunk failed, every later
    // write says so (appending more would leave a hole), and the commit fails.
    void aFailedAppendIsNeverLost()
    {
        QTemporaryDir dir;
        const QString part = dir.filePath(QStringLiteral("a.bin.part"));
        const SmallFiles smallFiles(PartFile::ChunkBytes); // the second chunk does not fit
        QString failed;
        {
            PartFile file(&m_pool, m_committer.get());
            QCOMPARE(QCoro::waitFor(file.open(part)), QString());
            const QByteArray chunk = pattern(PartFile::ChunkBytes);
            for (int i = 0; i < 4 && failed.isEmpty(); ++i)
                failed = QCoro::waitFor(file.write(chunk));
            if (failed.isEmpty())
                failed = QCoro::waitFor(file.sync());
            QVERIFY2(!failed.isEmpty(), "the failed write went unreported");
            QCOMPARE(QCoro::waitFor(file.write(chunk)), failed);
            QCOMPARE(QCoro::waitFor(file.write(chunk)), failed); // still: it is sticky
            const PartFile::Committed committed =
                QCoro::waitFor(file.commit(dir.path(), QStringLiteral("a.bin")));
            QCOMPARE(committed.error, failed);
        }
        m_pool.waitForDone();
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("a.bin"))));
        QVERIFY(QFileInfo(part).size() <= PartFile::ChunkBytes);
    }

    // The owner gone mid-download (a coroutine ended early): what it queued still reaches
    // the .part before the file is closed.
    void anAbandonedFileKeepsWhatItWasGiven()
    {
        QTemporaryDir dir;
        const QString part = dir.filePath(QStringLiteral("h.bin.part"));
        const QByteArray whole = pattern(64 * 1024);
        {
            PartFile file(&m_pool, m_committer.get());
            QCOMPARE(QCoro::waitFor(file.open(part)), QString());
            QCOMPARE(QCoro::waitFor(file.beginPositional(whole.size())), QString());
            QCOMPARE(QCoro::waitFor(writePieces(&file, whole, 1000)), QString());
        } // no sync, no close: queued writes are all still waiting for their run
        m_pool.waitForDone();
        QCOMPARE(contents(part), whole);
    }

    // The owner gone while large pieces are on their way and small ones wait behind them: the
    // run that holds the queue (or the one it started for pieces that came meanwhile) writes
    // them all, and only then is the file closed. Their writers, resumed after the file went,
    // hear that they were written. With the one pool thread held, the run has not begun when
    // the owner goes; with two free threads it is writing the first batch.
    void anAbandonedFileKeepsThePiecesBeingWritten_data()
    {
        QTest::addColumn<int>("threads");
        QTest::addColumn<bool>("held");
        QTest::addColumn<int>("rounds");
        QTest::newRow("one thread, held") << 1 << true << 1;
        QTest::newRow("two threads, writing") << 2 << false << 20;
    }
    void anAbandonedFileKeepsThePiecesBeingWritten()
    {
        QFETCH(int, threads);
        QFETCH(bool, held);
        QFETCH(int, rounds);
        constexpr qint64 First = 4 << 20;
        constexpr qint64 Second = 300 * 1024;
        const QByteArray whole = pattern(First + Second + 8000);
        for (int round = 0; round < rounds; ++round) {
            QTemporaryDir dir;
            const QString part = dir.filePath(QStringLiteral("w.bin.part"));
            QSemaphore gate; // outlives the pool, which waits for the job holding it
            QThreadPool pool;
            pool.setMaxThreadCount(threads);
            const auto open = qScopeGuard([&gate] { gate.release(); }); // even if a check fails
            std::vector<QCoro::Task<QString>> large;
            {
                PartFile file(&pool, m_committer.get());
                QCOMPARE(QCoro::waitFor(file.open(part)), QString());
                QCOMPARE(QCoro::waitFor(file.beginPositional(whole.size())), QString());
                QVERIFY(isOpen(QFileInfo(part).canonicalFilePath())); // the check can see it
                if (held)
                    (void)QtConcurrent::run(&pool, [&gate] { gate.acquire(); });
                large.push_back(file.writeAt(0, whole.first(First)));
                large.push_back(file.writeAt(First, whole.mid(First, Second)));
                // Queued at once: large pieces, each with a writer waiting, never make the
                // writers of small ones wait for room.
                QCoro::Task<QString> small =
                    writeRange(&file, whole.mid(First + Second), First + Second, 1000);
                const bool ready = small.isReady();
                if (!ready)
                    gate.release(); // it waits for the run behind the gate
                QCOMPARE(QCoro::waitFor(std::move(small)), QString()); // not left on a dead file
                QVERIFY2(ready, "small pieces waited for the large ones");
            }
            gate.release();
            pool.waitForDone();
            const QString canonical = QFileInfo(part).canonicalFilePath();
            QVERIFY(!canonical.isEmpty());
            QVERIFY(!isOpen(canonical));
            for (auto &task : large)
                QCOMPARE(QCoro::waitFor(std::move(task)), QString());
            QCOMPARE(contents(part), whole);
        }
    }
};

QTEST_GUILESS_MAIN(TestPartFileFailures)
#include "tst_partfilefailures.moc"
