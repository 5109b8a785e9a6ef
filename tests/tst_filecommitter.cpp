// Finished files committed in groups: every file lands whole under its name (or a numbered one
// beside a file that is there), one that cannot be committed leaves the others alone, a stuck
// file system holds up only its own files, and nothing queued is lost when the committer goes.
#include "services/storage/filecommitter.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

class TestFileCommitter : public QObject {
    Q_OBJECT
private:
    // A .part holding `head`, still open for writing (as a download leaves it).
    static int partFile(const QString &path, const QByteArray &head)
    {
        const int fd = ::open(QFile::encodeName(path).constData(),
                              O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0 && ::write(fd, head.constData(), size_t(head.size())) != head.size()) {
            ::close(fd);
            return -1;
        }
        return fd;
    }
    static QByteArray read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
    }
    static dev_t deviceOf(int fd)
    {
        struct stat st {};
        return ::fstat(fd, &st) == 0 ? st.st_dev : 0;
    }
    static dev_t deviceOf(const QString &path)
    {
        struct stat st {};
        return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_dev : 0;
    }
    static FileCommitter::Result await(QFuture<FileCommitter::Result> f)
    {
        // Generous: a sync waits for everything else pending on the file system (a CI build).
        if (!QTest::qWaitFor([&] { return f.isFinished(); }, 60000))
            return {QStringLiteral("timed out"), {}};
        return f.result();
    }

private Q_SLOTS:
    void filesFinishedTogetherLandWholeAndAreSyncedTogether()
    {
        QTemporaryDir dir;
        FileCommitter committer;
        const int files = 64;
        QList<int> fds;
        for (int i = 0; i < files; ++i) {
            fds.append(partFile(dir.filePath(QStringLiteral("f%1.bin.part").arg(i)),
                                QByteArray(1000 + i, 'a')));
            QVERIFY(fds.last() >= 0);
        }
        QList<QFuture<FileCommitter::Result>> done;
        committer.pause(); // as if they all finished while a batch was being synced
        for (int i = 0; i < files; ++i) {
            const QString name = QStringLiteral("f%1.bin").arg(i);
            done.append(committer.commit(deviceOf(fds[i]), fds[i], QByteArray(i, 'b'),
                                         dir.filePath(name + QStringLiteral(".part")), dir.path(),
                                         name));
        }
        committer.resume();
        for (int i = 0; i < files; ++i) {
            const FileCommitter::Result r = await(done[i]);
            QCOMPARE(r.error, QString());
            QCOMPARE(r.fileName, QStringLiteral("f%1.bin").arg(i));
            QCOMPARE(read(dir.filePath(r.fileName)),
                     QByteArray(1000 + i, 'a') + QByteArray(i, 'b'));
            // Marked as written whole (where the file system keeps user attributes), so that
            // a restart after a crash before the database's Completed can adopt it.
            QVERIFY(FileCommitter::isMarkedComplete(dir.filePath(r.fileName)) || errno == ENOTSUP);
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), files); // no .part left
        QCOMPARE(committer.files(), files);
        QCOMPARE(committer.batches(), 1); // one sync for all of them
    }

    void aTakenNameGetsANumberAndTheFileThereIsKept()
    {
        QTemporaryDir dir;
        QFile there(dir.filePath(QStringLiteral("report.pdf")));
        QVERIFY(there.open(QIODevice::WriteOnly));
        there.write("the user's own file");
        there.close();
        FileCommitter committer;
        const QString part = dir.filePath(QStringLiteral("report.pdf.part"));
        const int fd = partFile(part, "downloaded");
        const FileCommitter::Result r = await(
            committer.commit(deviceOf(fd), fd, {}, part, dir.path(), QStringLiteral("report.pdf")));
        QCOMPARE(r.error, QString());
        QCOMPARE(r.fileName, QStringLiteral("report (1).pdf"));
        QCOMPARE(read(dir.filePath(QStringLiteral("report.pdf"))),
                 QByteArray("the user's own file"));
        QCOMPARE(read(dir.filePath(r.fileName)), QByteArray("downloaded"));
    }

    // Another program (a sync tool, someone else who can write to a shared folder) puts its own
    // file under the .part's name while the download runs: that file was renamed and reported
    // as the download, and the bytes downloaded were lost with the file replaced.
    void aPartFileReplacedMeanwhileIsNotTheDownload_data()
    {
        QTest::addColumn<bool>("open");
        QTest::newRow("still open") << true;
        QTest::newRow("closed before (synced for its checksum)") << false;
    }
    void aPartFileReplacedMeanwhileIsNotTheDownload()
    {
        QFETCH(bool, open);
        QTemporaryDir dir;
        const QString part = dir.filePath(QStringLiteral("sw.bin.part"));
        int fd = partFile(part, "downloaded");
        struct stat written {};
        QVERIFY(::fstat(fd, &written) == 0);
        if (!open) {
            ::close(fd);
            fd = -1;
        }
        const QString impostor = dir.filePath(QStringLiteral("impostor"));
        QFile other(impostor);
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("zeros, or worse");
        other.close();
        QVERIFY(::rename(QFile::encodeName(impostor), QFile::encodeName(part)) == 0);
        FileCommitter committer;
        const FileCommitter::Result r =
            await(committer.commit(written.st_dev, fd, {}, part, dir.path(),
                                   QStringLiteral("sw.bin"), true, written.st_ino));
        QVERIFY2(r.error.contains(QLatin1String("replaced")), qPrintable(r.error));
        QVERIFY(r.fileName.isEmpty());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("sw.bin"))));
        QCOMPARE(read(part), QByteArray("zeros, or worse")); // not ours: left as it is
    }

    void aFileThatCannotBeCommittedLeavesTheOthersAlone()
    {
        QTemporaryDir dir;
        QTemporaryDir gone;
        FileCommitter committer;
        QList<QFuture<FileCommitter::Result>> done;
        for (int i = 0; i < 6; ++i) {
            const QString part = dir.filePath(QStringLiteral("f%1.part").arg(i));
            const int fd = partFile(part, "bytes");
            QVERIFY(fd >= 0);
            // File 2's folder is removed before the rename; file 4 is no longer there.
            QString to = dir.path();
            if (i == 2)
                to = gone.path() + QStringLiteral("/sub");
            if (i == 4)
                QVERIFY(QFile::remove(part));
            done.append(
                committer.commit(deviceOf(fd), fd, "+", part, to, QStringLiteral("f%1").arg(i)));
        }
        for (int i = 0; i < 6; ++i) {
            const FileCommitter::Result r = await(done[i]);
            if (i == 2 || i == 4) {
                QVERIFY2(!r.error.isEmpty(), qPrintable(QString::number(i)));
                QCOMPARE(r.fileName, QString());
                continue;
            }
            QCOMPARE(r.error, QString());
            QCOMPARE(read(dir.filePath(r.fileName)), QByteArray("bytes+"));
        }
        // The file that could not be renamed is still there, whole, as its .part.
        QCOMPARE(read(dir.filePath(QStringLiteral("f2.part"))), QByteArray("bytes+"));
    }

    void aFileSyncedAndClosedBeforeIsRenamed()
    {
        QTemporaryDir dir;
        const QString part = dir.filePath(QStringLiteral("verified.iso.part"));
        const int fd = partFile(part, "checked");
        QVERIFY(fd >= 0);
        QCOMPARE(::fdatasync(fd), 0);
        ::close(fd);
        FileCommitter committer;
        const FileCommitter::Result r = await(committer.commit(
            deviceOf(dir.path()), -1, {}, part, dir.path(), QStringLiteral("verified.iso")));
        QCOMPARE(r.error, QString());
        QCOMPARE(read(dir.filePath(QStringLiteral("verified.iso"))), QByteArray("checked"));
    }

    // A file system that hangs (a USB stick being slow, a network mount gone) holds up only
    // the files bound for it. The stuck one here is a pipe nobody reads yet.
    void aStuckFileSystemHoldsUpOnlyItsOwnFiles()
    {
        QTemporaryDir dir;
        int pipeFds[2];
        QCOMPARE(::pipe2(pipeFds, O_CLOEXEC), 0);
        FileCommitter committer;
        // However this test ends, the stuck lane gets its bytes read before the committer
        // waits for it (declared after the committer: it runs first).
        const auto drain = qScopeGuard([&] {
            if (pipeFds[0] < 0)
                return;
            char sink[65536];
            while (::read(pipeFds[0], sink, sizeof sink) > 0) {
            }
            ::close(pipeFds[0]);
        });
        const dev_t stuckDevice = deviceOf(dir.path()) + 1;
        QFuture<FileCommitter::Result> stuck = committer.commit(
            stuckDevice, pipeFds[1], QByteArray(1 << 20, 's'),
            dir.filePath(QStringLiteral("stuck.part")), dir.path(), QStringLiteral("stuck"));
        const QString part = dir.filePath(QStringLiteral("free.part"));
        const int fd = partFile(part, "free");
        const FileCommitter::Result free =
            await(committer.commit(deviceOf(fd), fd, {}, part, dir.path(), QStringLiteral("free")));
        QCOMPARE(free.error, QString());
        QCOMPARE(read(dir.filePath(QStringLiteral("free"))), QByteArray("free"));
        QVERIFY(!stuck.isFinished());
        // Unstuck: its bytes drain; a pipe cannot be synced, which it reports.
        QByteArray drained;
        char buffer[65536];
        while (drained.size() < (1 << 20)) {
            const ssize_t n = ::read(pipeFds[0], buffer, sizeof buffer);
            QVERIFY(n > 0);
            drained.append(buffer, n);
        }
        QVERIFY(!await(stuck).error.isEmpty()); // the lane closed the write end
        ::close(std::exchange(pipeFds[0], -1));
        QCOMPARE(drained, QByteArray(1 << 20, 's'));
    }

    void whatIsQueuedIsCommittedBeforeTheCommitterGoes()
    {
        QTemporaryDir dir;
        QList<QFuture<FileCommitter::Result>> done;
        {
            FileCommitter committer;
            for (int i = 0; i < 20; ++i) {
                const QString part = dir.filePath(QStringLiteral("q%1.part").arg(i));
                const int fd = partFile(part, "x");
                done.append(committer.commit(deviceOf(fd), fd, "y", part, dir.path(),
                                             QStringLiteral("q%1").arg(i)));
            }
        }
        for (int i = 0; i < 20; ++i) {
            QVERIFY(done[i].isFinished());
            QCOMPARE(done[i].result().error, QString());
            QCOMPARE(read(dir.filePath(QStringLiteral("q%1").arg(i))), QByteArray("xy"));
        }
    }
};

QTEST_GUILESS_MAIN(TestFileCommitter)
#include "tst_filecommitter.moc"
