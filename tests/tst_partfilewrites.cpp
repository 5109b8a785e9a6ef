// A part file's writes: a download in pieces is written at offsets, queued and written on the
// pool in batches, yet every byte lands where it belongs; a failed write, at an offset or
// appended, is never lost (the file is then never committed); a file abandoned mid-download
// keeps what it was given.
#include "services/partfile.h"
#include "services/storage/filecommitter.h"

#include <QCoroTask>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>
#include <algorithm>
#include <csignal>
#include <memory>
#include <sys/resource.h>

namespace {
QByteArray pattern(qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        bytes[i] = char('a' + (i * 7 + i / 251) % 26);
    return bytes;
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Whether this process has `path` (a canonical path, as /proc shows them) open.
bool isOpen(const QString &path)
{
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System))
        if (QFileInfo(fds.filePath(fd)).symLinkTarget() == path)
            return true;
    return false;
}

// Queues every piece without waiting in between, as connections do within one event-loop
// pass, in a shuffled order.
QCoro::Task<QString> writePieces(PartFile *file, QByteArray whole, qint64 pieceBytes)
{
    QList<qint64> offsets;
    for (qint64 at = 0; at < whole.size(); at += pieceBytes)
        offsets.append(at);
    QRandomGenerator random(7);
    std::shuffle(offsets.begin(), offsets.end(), random);
    for (const qint64 at : std::as_const(offsets)) {
        const QString error = co_await file->writeAt(at, whole.mid(at, pieceBytes));
        if (!error.isEmpty())
            co_return error;
    }
    co_return QString();
}
// One connection's part of a file: `part` written from `from` on, `pieceBytes` at a time, in order.
QCoro::Task<QString> writeRange(PartFile *file, QByteArray part, qint64 from, qint64 pieceBytes)
{
    for (qint64 at = 0; at < part.size(); at += pieceBytes) {
        const QString error = co_await file->writeAt(from + at, part.mid(at, pieceBytes));
        if (!error.isEmpty())
            co_return error;
    }
    co_return QString();
}

// `connections` connections of one download, started at once: each writes its equal share of
// `whole` from its own offset on, `pieceBytes` at a time.
std::vector<QCoro::Task<QString>> connectionsWriting(PartFile *file, const QByteArray &whole,
                                                     int connections, qint64 pieceBytes)
{
    const qint64 range = whole.size() / connections;
    std::vector<QCoro::Task<QString>> running;
    for (int i = 0; i < connections; ++i)
        running.push_back(writeRange(file, whole.mid(i * range, range), i * range, pieceBytes));
    return running;
}

// How many of a file's `pieceBytes` pieces hold something (a pattern() byte is never 0, a
// reserved range reads as zeros).
int piecesWritten(const QString &path, qint64 size, qint64 pieceBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    int written = 0;
    for (qint64 at = 0; at < size; at += pieceBytes) {
        char first = 0;
        if (file.seek(at) && file.read(&first, 1) == 1 && first != 0)
            ++written;
    }
    return written;
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

class TestPartFileWrites : public QObject {
    Q_OBJECT
private:
    QThreadPool m_pool;
    std::unique_ptr<FileCommitter> m_committer;

private Q_SLOTS:
    void init() { m_committer = std::make_unique<FileCommitter>(); }
    void cleanup()
    {
        m_committer.reset();
        m_pool.waitForDone();
    }

    // Small pieces (a trickle over many connections), enough of them that the queue fills and a
    // write waits for room, and large pieces written each on its own: the committed file is the
    // whole, byte for byte.
    void piecesLandWhereTheyBelong_data()
    {
        QTest::addColumn<qint64>("pieceBytes");
        QTest::addColumn<qint64>("total");
        QTest::newRow("160-byte pieces") << qint64(160) << qint64(300'000);
        QTest::newRow("16 KiB pieces, the queue fills") << qint64(16 * 1024) << qint64(12 << 20);
        QTest::newRow("300 KiB pieces, each its own write")
            << qint64(300 * 1024) << qint64(12 << 20);
    }
    void piecesLandWhereTheyBelong()
    {
        QFETCH(qint64, pieceBytes);
        QFETCH(qint64, total);
        QTemporaryDir dir;
        const QByteArray whole = pattern(total);
        PartFile file(&m_pool, m_committer.get());
        QCOMPARE(QCoro::waitFor(file.open(dir.filePath(QStringLiteral("f.bin.part")))), QString());
        QCOMPARE(QCoro::waitFor(file.beginPositional(total)), QString());
        QCOMPARE(QCoro::waitFor(writePieces(&file, whole, pieceBytes)), QString());
        QCOMPARE(QCoro::waitFor(file.sync()), QString()); // a checkpoint: all of it is there
        QCOMPARE(contents(dir.filePath(QStringLiteral("f.bin.part"))), whole);
        const PartFile::Committed committed =
            QCoro::waitFor(file.commit(dir.path(), QStringLiteral("f.bin")));
        QCOMPARE(committed.error, QString());
        QCOMPARE(contents(dir.filePath(QStringLiteral("f.bin"))), whole);
    }

    // A body handed over (a finished transfer's buffer) lands as a copied one does: taken
    // whole when nothing is queued, appended behind what is.
    void aBodyHandedOverLandsLikeACopiedOne_data()
    {
        QTest::addColumn<qint64>("before"); // bytes written (copied) first
        QTest::addColumn<qint64>("body");
        QTest::newRow("a small file's whole body") << qint64(0) << qint64(100 * 1024);
        QTest::newRow("behind bytes queued") << qint64(1000) << qint64(100 * 1024);
        QTest::newRow("more than a chunk") << qint64(0) << qint64(3 * PartFile::ChunkBytes + 7);
    }
    void aBodyHandedOverLandsLikeACopiedOne()
    {
        QFETCH(qint64, before);
        QFETCH(qint64, body);
        QTemporaryDir dir;
        const QByteArray whole = pattern(before + body);
        PartFile file(&m_pool, m_committer.get());
        QCOMPARE(QCoro::waitFor(file.open(dir.filePath(QStringLiteral("b.bin.part")))), QString());
        QCOMPARE(QCoro::waitFor(file.write(QByteArrayView(whole).first(before))), QString());
        QCOMPARE(QCoro::waitFor(file.write(whole.mid(before))), QString());
        QCOMPARE(file.size(), whole.size());
        const PartFile::Committed committed =
            QCoro::waitFor(file.commit(dir.path(), QStringLiteral("b.bin")));
        QCOMPARE(committed.error, QString());
        QCOMPARE(contents(dir.filePath(QStringLiteral("b.bin"))), whole);
    }

    // Eight connections of one download, each with a large piece on its way at once: the pieces
    // wait for one another (one write into a file at a time) and each lands at its offset,
    // beside small pieces queued meanwhile.
    void largePiecesOfManyConnectionsLandWhereTheyBelong()
    {
        QTemporaryDir dir;
        constexpr int Connections = 8;
        constexpr qint64 Piece = 300 * 1024;
        constexpr qint64 Range = 5 * Piece + 1000; // each connection's part ends in a small piece
        const QByteArray whole = pattern(Connections * Range);
        PartFile file(&m_pool, m_committer.get());
        QCOMPARE(QCoro::waitFor(file.open(dir.filePath(QStringLiteral("c.bin.part")))), QString());
        QCOMPARE(QCoro::waitFor(file.beginPositional(whole.size())), QString());
        std::vector<QCoro::Task<QString>> running =
            connectionsWriting(&file, whole, Connections, Piece);
        for (auto &task : running)
            QCOMPARE(QCoro::waitFor(std::move(task)), QString());
        QCOMPARE(QCoro::waitFor(file.sync()), QString());
        QCOMPARE(contents(dir.filePath(QStringLiteral("c.bin.part"))), whole);
    }

    // A download whose connections keep large pieces coming never holds a pool thread for
    // longer than the pieces waiting when its run began: another file's work (here: opening
    // it) gets its turn on a pool of one thread while that download is still writing. The
    // pool is held until every connection has its first piece waiting and the other file's
    // open is queued; a look at the file queued behind that open sees what was written
    // before it.
    void aBusyFileLeavesThePoolToOthers()
    {
        QTemporaryDir dir;
        QSemaphore gate; // outlives the pool, which waits for the job holding it
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        const auto release = qScopeGuard([&gate] { gate.release(); }); // even if a check fails
        constexpr int Connections = 8;
        constexpr qint64 Piece = PartFile::DirectWriteBytes; // each writer waits for its piece
        constexpr qint64 Range = 8 * Piece;
        const QByteArray whole = pattern(Connections * Range);
        const QString busyPath = dir.filePath(QStringLiteral("busy.bin.part"));
        PartFile busy(&pool, m_committer.get());
        QCOMPARE(QCoro::waitFor(busy.open(busyPath)), QString());
        QCOMPARE(QCoro::waitFor(busy.beginPositional(whole.size())), QString());
        PartFile other(&pool, m_committer.get());
        (void)QtConcurrent::run(&pool, [&gate] { gate.acquire(); });
        std::vector<QCoro::Task<QString>> running =
            connectionsWriting(&busy, whole, Connections, Piece);
        QCoro::Task<QString> opening = other.open(dir.filePath(QStringLiteral("other.bin.part")));
        // Copies: if a check fails, the pool (declared first) runs this after they are gone.
        QFuture<int> writtenBefore = QtConcurrent::run(&pool, [busyPath, size = whole.size()] {
            return piecesWritten(busyPath, size, Piece);
        });
        gate.release();
        QCOMPARE(QCoro::waitFor(std::move(opening)), QString());
        for (auto &task : running)
            QCOMPARE(QCoro::waitFor(std::move(task)), QString());
        // Its first run wrote the first piece of each connection, waiting when it began; the
        // pieces that came meanwhile waited behind the other file's open.
        QCOMPARE(writtenBefore.result(), Connections);
        QCOMPARE(QCoro::waitFor(busy.sync()), QString());
        QCOMPARE(contents(busyPath), whole);
    }

    // Several files in pieces at once, their queued writes started together: each one holds
    // exactly its own bytes, written without a sync by the start the writes posted, and all of
    // them after one.
    void filesWrittenTogetherKeepTheirOwnBytes()
    {
        QTemporaryDir dir;
        constexpr int Files = 6;
        constexpr qint64 Total = 200'000;
        constexpr qint64 Half = Total / 2;
        std::vector<std::unique_ptr<PartFile>> files;
        const auto path = [&](int i) {
            return dir.filePath(QStringLiteral("m%1.bin.part").arg(i));
        };
        for (int i = 0; i < Files; ++i) {
            files.push_back(std::make_unique<PartFile>(&m_pool, m_committer.get()));
            QCOMPARE(QCoro::waitFor(files.back()->open(path(i))), QString());
            QCOMPARE(QCoro::waitFor(files.back()->beginPositional(Total)), QString());
        }
        const QByteArray whole = pattern(Total + Files);
        const auto writeRange = [&](qint64 from, qint64 to) {
            for (qint64 at = from; at < to; at += 1000)
                for (int i = 0; i < Files; ++i)
                    QCOMPARE(QCoro::waitFor(files[size_t(i)]->writeAt(at, whole.mid(at + i, 1000))),
                             QString());
        };
        writeRange(0, Half);
        for (int i = 0; i < Files; ++i)
            QTRY_COMPARE(contents(path(i)).left(Half), whole.mid(i, Half));
        writeRange(Half, Total);
        for (int i = 0; i < Files; ++i) {
            QCOMPARE(QCoro::waitFor(files[size_t(i)]->sync()), QString());
            QCOMPARE(contents(path(i)), whole.mid(i, Total));
        }
    }

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

QTEST_GUILESS_MAIN(TestPartFileWrites)
#include "tst_partfilewrites.moc"
