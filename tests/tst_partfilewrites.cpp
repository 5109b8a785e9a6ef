// A part file's writes: a download in pieces is written at offsets, queued and written on the
// pool in batches, yet every byte lands where it belongs, and one busy file never keeps the pool
// from the others; a body handed over lands as a copied one does. Failures and abandoned files:
// tst_partfilefailures.
#include "partfilesupport.h"
#include "services/storage/filecommitter.h"
#include "services/storage/partfile.h"

#include <QCoroTask>
#include <QFile>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>
#include <algorithm>
#include <memory>

using namespace PartFileSupport;

namespace {
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
} // namespace

class TestPartFileWrites : public PartFileSuite {
    Q_OBJECT
private Q_SLOTS:
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
};

QTEST_GUILESS_MAIN(TestPartFileWrites)
#include "tst_partfilewrites.moc"
