// A part file's writes: a download in pieces is written at offsets, queued and written on the
// pool in batches, yet every byte lands where it belongs; a failed write, at an offset or
// appended, is never lost (the file is then never committed); a file abandoned mid-download
// keeps what it was given.
#include "services/partfile.h"
#include "services/storage/filecommitter.h"

#include <QCoroTask>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
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

    // A write that fails on the pool after writeAt() returned shows at the next step that
    // vouches for the file: the sync before a checkpoint, and the commit, which keeps the
    // .part instead of naming the file complete.
    void aFailedWriteIsNeverLost()
    {
        QTemporaryDir dir;
        const QString part = dir.filePath(QStringLiteral("g.bin.part"));
        {
            PartFile file(&m_pool, m_committer.get());
            QCOMPARE(QCoro::waitFor(file.open(part)), QString());
            QCOMPARE(QCoro::waitFor(file.beginPositional(1000)), QString());
            QCOMPARE(QCoro::waitFor(file.writeAt(0, pattern(500))), QString());
            // Past the largest file this file system takes: EFBIG (or EINVAL) on the pool.
            QCOMPARE(QCoro::waitFor(file.writeAt(qint64(1) << 62, pattern(10))), QString());
            const QString synced = QCoro::waitFor(file.sync());
            QVERIFY2(!synced.isEmpty(), "the failed write went unreported");
            QCOMPARE(QCoro::waitFor(file.writeAt(500, pattern(10))), synced); // sticky
            const PartFile::Committed committed =
                QCoro::waitFor(file.commit(dir.path(), QStringLiteral("g.bin")));
            QCOMPARE(committed.error, synced);
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
        // The second chunk does not fit: EFBIG, with SIGXFSZ ignored instead of ending the test.
        struct SmallFiles {
            rlimit before{};
            void (*handler)(int) = std::signal(SIGXFSZ, SIG_IGN);
            SmallFiles()
            {
                ::getrlimit(RLIMIT_FSIZE, &before);
                rlimit small = before;
                small.rlim_cur = PartFile::ChunkBytes;
                ::setrlimit(RLIMIT_FSIZE, &small);
            }
            ~SmallFiles()
            {
                ::setrlimit(RLIMIT_FSIZE, &before);
                std::signal(SIGXFSZ, handler);
            }
        } smallFiles;
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
};

QTEST_GUILESS_MAIN(TestPartFileWrites)
#include "tst_partfilewrites.moc"
