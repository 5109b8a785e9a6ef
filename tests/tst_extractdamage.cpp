// Unpacking archives that are damaged or made to do harm, beyond the unsafe names of
// tst_extract: an entry named "." (it would take the place of the folder being unpacked, and
// the clean-up then went through it into the user's files), data that fails its check, a disk
// that fills up halfway, modes that lock the user out, and another process clearing what it
// takes for leftovers. Each fails with a clear error, leaves nothing half-done and touches
// nothing of the user's.
#include "jobsupport.h"
#include "services/jobs/unpackingfolder.h"
#include "smalldisk.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

using namespace JobSupport;

namespace {

QStringList namesIn(const QString &path)
{
    QStringList names =
        QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    names.sort();
    return names;
}

mode_t modeOf(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode & 07777 : 0;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

JobRunner::JobFn extractInto(const QString &archive, const QString &destDir)
{
    return [archive, destDir](JobContext &ctx) {
        return ExtractJob::extractArchive(archive, destDir, ctx);
    };
}

} // namespace

class TestExtractDamage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The folder an extraction unpacks into is made before the first entry; an entry named
    // "." (or "./", "./.") is that folder. libarchive replaced the still-empty folder with
    // what the entry was: a link to a folder of the user's, which the clean-up after the
    // failure then emptied and made private (or a link to the download folder itself).
    void anEntryNamedDotNeverTakesTheFolder_data()
    {
        QTest::addColumn<QList<Entry>>("entries");
        QTest::addColumn<QString>("refused");
        QTest::newRow("link ./ to a folder beside, then a file")
            << QList<Entry>{{Entry::Symlink, "./", {}, 0, 0, "userfolder"},
                            {Entry::File, "y.txt", "y", 0, 0, {}}}
            << "./";
        QTest::newRow("link . to the download folder")
            << QList<Entry>{{Entry::Symlink, ".", {}, 0, 0, "."},
                            {Entry::File, "x.txt", "x", 0, 0, {}}}
            << ".";
        QTest::newRow("only a link .")
            << QList<Entry>{{Entry::Symlink, ".", {}, 0, 0, "userfolder"}} << ".";
        QTest::newRow("link ./.") << QList<Entry>{{Entry::Symlink, "./.", {}, 0, 0, "userfolder"}}
                                  << "./.";
        QTest::newRow("a file named .")
            << QList<Entry>{{Entry::File, ".", "I replaced the folder", 0, 0, {}}} << ".";
    }

    void anEntryNamedDotNeverTakesTheFolder()
    {
        QFETCH(QList<Entry>, entries);
        QFETCH(QString, refused);
        QTemporaryDir dir;
        const QDir user(dir.filePath(QStringLiteral("userfolder")));
        QVERIFY(QDir().mkpath(user.filePath(QStringLiteral("sub"))));
        QVERIFY(writeFile(user.filePath(QStringLiteral("important.txt")), "keep"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("canary.txt")), "alive"));
        QVERIFY(::chmod(QFile::encodeName(user.path()).constData(), 0755) == 0);
        const QString archive = dir.filePath(QStringLiteral("hostile.tar"));
        QVERIFY(writeArchive(archive, QStringLiteral("tar"), entries));
        const QStringList before = namesIn(dir.path());

        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY(!out->result.ok);
        QCOMPARE(out->result.error, QStringLiteral("refused unsafe entry: ") + refused);
        // Nothing left, nothing of the user's touched.
        QCOMPARE(namesIn(dir.path()), before);
        QCOMPARE(namesIn(user.path()), QStringList({"important.txt", "sub"}));
        QCOMPARE(readAll(user.filePath(QStringLiteral("important.txt"))), QByteArray("keep"));
        QCOMPARE(readAll(dir.filePath(QStringLiteral("canary.txt"))), QByteArray("alive"));
        QCOMPARE(modeOf(user.path()), mode_t(0755));
        QVERIFY(QFileInfo(archive).size() > 0);
    }

    // tar -C folder . writes the folder itself as "./": that entry is the folder made already.
    void theFolderItselfAsAnEntryIsNoHarm()
    {
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("dots.tar"));
        QVERIFY(writeArchive(archive, QStringLiteral("tar"),
                             {{Entry::Dir, "./", {}, 0, 0, {}},
                              {Entry::Dir, ".", {}, 0, 0, {}, 0700},
                              {Entry::File, "./a.txt", "alpha", 0, 0, {}},
                              {Entry::File, "./sub/./b.txt", "beta", 0, 0, {}}}));
        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY2(out->result.ok, qPrintable(out->result.error));
        const QDir folder(out->result.output);
        QCOMPARE(readAll(folder.filePath(QStringLiteral("a.txt"))), QByteArray("alpha"));
        QCOMPARE(readAll(folder.filePath(QStringLiteral("sub/b.txt"))), QByteArray("beta"));
    }

    // A stored zip entry with one byte changed: libarchive says "bad CRC" as a warning and
    // went on, and the damaged file was reported unpacked.
    void anEntryThatFailsItsCheckFailsTheUnpacking()
    {
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("damaged.zip"));
        QVERIFY(writeArchive(archive, QStringLiteral("zip"),
                             {{Entry::File, "good.txt", "fine", 0, 0, {}},
                              {Entry::File, "data.txt", QByteArray(1000, 'A'), 0, 0, {}}},
                             "zip:compression=store"));
        QFile file(archive);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        const qsizetype at = bytes.indexOf(QByteArray(1000, 'A'));
        QVERIFY(at > 0);
        bytes[at + 500] = 'B';
        QVERIFY(file.seek(0) && file.write(bytes) == bytes.size());
        file.close();

        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY(!out->result.ok);
        QVERIFY2(out->result.error.startsWith(QStringLiteral("data.txt: ")) &&
                     out->result.error.contains(QStringLiteral("CRC")),
                 qPrintable(out->result.error));
        QCOMPARE(namesIn(dir.path()), QStringList{QStringLiteral("damaged.zip")});
    }

    // A damaged tar header (libarchive skips it and says "retry") and a zip cut in half: each
    // says what is wrong with the archive, nothing is left.
    void aDamagedOrCutArchiveSaysSo_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("said");
        QTest::newRow("tar header") << "tar"
                                    << "header"
                                    << "Damaged tar archive";
        QTest::newRow("zip cut in half") << "zip"
                                         << "cut"
                                         << "Truncated ZIP file data";
    }

    void aDamagedOrCutArchiveSaysSo()
    {
        QFETCH(QString, format);
        QFETCH(QString, damage);
        QFETCH(QString, said);
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("hurt.") + format);
        QVERIFY(writeArchive(archive, format,
                             {{Entry::File, "first.txt", QByteArray(3000, 'a'), 0, 0, {}},
                              {Entry::File, "second.txt", QByteArray(3000, 'b'), 0, 0, {}}},
                             format == QLatin1String("zip") ? "zip:compression=store" : nullptr));
        QFile file(archive);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        if (damage == QLatin1String("header")) {
            const qsizetype at = bytes.indexOf("second.txt");
            QVERIFY(at > 0);
            bytes[at + 150] = 'X'; // inside the header's checksum field
        } else {
            bytes.truncate(bytes.size() / 2);
        }
        QVERIFY(file.resize(0) && file.write(bytes) == bytes.size());
        file.close();

        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY(!out->result.ok);
        QVERIFY2(out->result.error.contains(said), qPrintable(out->result.error));
        QCOMPARE(namesIn(dir.path()), QStringList{QStringLiteral("hurt.") + format});
    }

    // A disk that fills up halfway: libarchive says a failed write as a warning and filled
    // the rest of each file with zeros; 492 of 1000 files were zeros, reported unpacked.
    void aDiskThatFillsUpFailsTheUnpacking()
    {
        QTemporaryDir dir;
        const QString small = dir.filePath(QStringLiteral("small"));
        const SmallDisk disk(small);
        if (!disk.isMounted())
            QSKIP("needs root to mount a 1 MiB tmpfs");
        // 100 bytes each, a page each on the disk: the 1 MiB is full long before the end,
        // though the sizes add up to far less.
        QList<Entry> entries;
        for (int i = 0; i < 1000; ++i)
            entries.append({Entry::File, "f" + QByteArray::number(i), {}, 0, 100, {}});
        const QString archive = dir.filePath(QStringLiteral("many.tar.gz"));
        QVERIFY(writeArchive(archive, QStringLiteral("tar.gz"), entries));

        JobRunner runner;
        auto out =
            start(runner, extractInto(archive, QDir(small).filePath(QStringLiteral("many"))));
        QVERIFY(finished(*out, 60000));
        QVERIFY(!out->result.ok);
        QVERIFY2(out->result.error.contains(QStringLiteral("No space left on device")),
                 qPrintable(out->result.error));
        QCOMPARE(namesIn(small), QStringList());
    }

    // The same without root: files of this process may not grow past 64 KiB (RLIMIT_FSIZE), so
    // a write fails with EFBIG as it would on a full disk.
    void aWriteThatFailsFailsTheUnpacking()
    {
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("big.tar.gz"));
        QVERIFY(writeArchive(archive, QStringLiteral("tar.gz"),
                             {{Entry::File, "small.txt", "fine", 0, 0, {}},
                              {Entry::File, "big.bin", {}, 0, 256 << 10, {}}}));
        rlimit before{};
        ::getrlimit(RLIMIT_FSIZE, &before);
        const auto handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = before;
        small.rlim_cur = 64 << 10;
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
        const auto restore = qScopeGuard([&] {
            ::setrlimit(RLIMIT_FSIZE, &before);
            std::signal(SIGXFSZ, handler);
        });
        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY(!out->result.ok);
        QVERIFY2(out->result.error.startsWith(QStringLiteral("big.bin: ")) &&
                     out->result.error.contains(QStringLiteral("File too large")),
                 qPrintable(out->result.error));
        QCOMPARE(namesIn(dir.path()), QStringList{QStringLiteral("big.tar.gz")});
    }

    // Modes from the archive that lock the owner out: an unreadable folder also hid what was
    // in it from the last check for links leading out. The owner can always read, enter and
    // clear what was unpacked; the rest of each mode is the archive's, without set-id bits.
    void whatIsUnpackedStaysTheOwners()
    {
        const mode_t umaskBefore = ::umask(022); // modes as most users have them
        const auto restore = qScopeGuard([umaskBefore] { ::umask(umaskBefore); });
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("modes.tar"));
        QVERIFY(writeArchive(archive, QStringLiteral("tar"),
                             {{Entry::Dir, "locked", {}, 0, 0, {}, 0},
                              {Entry::File, "locked/secret.txt", "s", 0, 0, {}, 0},
                              {Entry::Dir, "shared", {}, 0, 0, {}, 0555},
                              {Entry::File, "shared/tool", "t", 0, 0, {}, 06755},
                              {Entry::File, "mine.txt", "m", 0, 0, {}, 0440}}));
        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY2(out->result.ok, qPrintable(out->result.error));
        const QDir folder(out->result.output);
        QCOMPARE(modeOf(folder.filePath(QStringLiteral("locked"))), mode_t(0700));
        QCOMPARE(modeOf(folder.filePath(QStringLiteral("locked/secret.txt"))), mode_t(0600));
        QCOMPARE(modeOf(folder.filePath(QStringLiteral("shared"))), mode_t(0755));
        QCOMPARE(modeOf(folder.filePath(QStringLiteral("shared/tool"))), mode_t(0755));
        QCOMPARE(modeOf(folder.filePath(QStringLiteral("mine.txt"))), mode_t(0640));
    }

    // Another process (a second Fetchdeck, the headless one beside the window) unpacking into
    // the same folder: its hidden folder is locked while in use, and never cleared as a
    // leftover; one that nobody holds is.
    void anotherProcesssUnpackingIsNeverTakenForALeftover()
    {
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("pkg.tar"));
        QVERIFY(writeArchive(archive, QStringLiteral("tar"),
                             {{Entry::File, "a.txt", "alpha", 0, 0, {}}}));
        // What the other process holds: its own lock, on its own open of the folder.
        const QString theirs = dir.filePath(QStringLiteral(".pkg.fetchdeck-unpacking"));
        QVERIFY(QDir().mkpath(theirs));
        QVERIFY(writeFile(QDir(theirs).filePath(QStringLiteral("half.bin")), "half"));
        const int fd = ::open(QFile::encodeName(theirs).constData(), O_RDONLY | O_DIRECTORY);
        QVERIFY(fd >= 0);
        const auto close = qScopeGuard([fd] { ::close(fd); });
        QVERIFY(::flock(fd, LOCK_EX | LOCK_NB) == 0);

        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY2(out->result.ok, qPrintable(out->result.error));
        QCOMPARE(out->result.output, dir.filePath(QStringLiteral("pkg")));
        QCOMPARE(readAll(QDir(theirs).filePath(QStringLiteral("half.bin"))), QByteArray("half"));

        ::flock(fd, LOCK_UN); // they were killed: a leftover now
        auto again = start(runner, extractFn(archive));
        QVERIFY(finished(*again));
        QVERIFY2(again->result.ok, qPrintable(again->result.error));
        QVERIFY(!QFileInfo::exists(theirs));
        QCOMPARE(namesIn(dir.path()), QStringList({"pkg", "pkg (1)", "pkg.tar"}));
    }

    // Killed between making its folder and naming it, an extraction left an empty
    // ".fetchdeck-new-..." for good. The next extraction beside it removes one older than a
    // minute (a younger one may be about to be named by another process).
    void aFolderLeftBeforeItWasNamedIsClearedLater()
    {
        QTemporaryDir dir;
        const QString archive = dir.filePath(QStringLiteral("pkg.tar"));
        QVERIFY(writeArchive(archive, QStringLiteral("tar"),
                             {{Entry::File, "a.txt", "alpha", 0, 0, {}}}));
        const QString old = dir.filePath(QStringLiteral(".fetchdeck-new-1f2e3d"));
        const QString young = dir.filePath(QStringLiteral(".fetchdeck-new-4c5b6a"));
        const QString full = dir.filePath(QStringLiteral(".fetchdeck-new-7a8b9c"));
        QVERIFY(QDir().mkpath(old) && QDir().mkpath(young) && QDir().mkpath(full));
        QVERIFY(writeFile(QDir(full).filePath(QStringLiteral("x")), "not ours to clear"));
        const struct timeval aWhileAgo[2] = {{::time(nullptr) - 120, 0},
                                             {::time(nullptr) - 120, 0}};
        QVERIFY(::utimes(QFile::encodeName(old).constData(), aWhileAgo) == 0);
        QVERIFY(::utimes(QFile::encodeName(full).constData(), aWhileAgo) == 0);

        JobRunner runner;
        auto out = start(runner, extractFn(archive));
        QVERIFY(finished(*out));
        QVERIFY2(out->result.ok, qPrintable(out->result.error));
        QVERIFY(!QFileInfo::exists(old));
        QVERIFY(QFileInfo::exists(young));
        QCOMPARE(readAll(QDir(full).filePath(QStringLiteral("x"))),
                 QByteArray("not ours to clear"));
    }
};

QTEST_GUILESS_MAIN(TestExtractDamage)
#include "tst_extractdamage.moc"
