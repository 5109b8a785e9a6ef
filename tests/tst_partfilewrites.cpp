// A part file's writes: a failed write is never lost (the file is then never committed).
#include "services/partfile.h"
#include "services/storage/filecommitter.h"

#include <QCoroTask>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
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

    // A file written front to back: once an appended chunk failed, every later
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
};

QTEST_GUILESS_MAIN(TestPartFileWrites)
#include "tst_partfilewrites.moc"
