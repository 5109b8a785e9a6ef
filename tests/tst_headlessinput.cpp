// The fetchdeck binary's headless jobs and input files, run as a script would: --hash output,
// aria2 input files (mirrors, names, checksums, dir= kept inside -d), --checksum.
#include "headlesssuite.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <unistd.h>

class TestHeadlessInput : public HeadlessSuite {
    Q_OBJECT
private Q_SLOTS:
    void hashOutputIsExactlySha256sums()
    {
        QTemporaryDir dir;
        QStringList names;
        for (int i = 0; i < 4; ++i) {
            const QString name = QStringLiteral("file %1.bin").arg(i);
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(FixtureServer::content(100000 * (4 - i), i)); // the first is the largest
            names << name;
        }
        QProcess sha;
        sha.setWorkingDirectory(dir.path());
        sha.start(QStringLiteral("sha256sum"), names);
        QVERIFY(sha.waitForFinished());
        const QByteArray expected = sha.readAllStandardOutput();

        auto *p = new QProcess(this);
        p->setWorkingDirectory(dir.path());
        p->start(QStringLiteral(FETCHDECK_BINARY),
                 QStringList{QStringLiteral("--headless"), QStringLiteral("--hash")} + names);
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
        QCOMPARE(p->readAllStandardOutput(), expected);

        const Run md5 = fetchdeck({QStringLiteral("--headless"), QStringLiteral("--hash"),
                                   QStringLiteral("--hash-algo"), QStringLiteral("md5"),
                                   dir.filePath(names[0]), dir.filePath(QStringLiteral("nope"))});
        QCOMPARE(md5.exitCode, 1);
        QVERIFY2(
            md5.out.startsWith(QString::fromLatin1(
                QCryptographicHash::hash(FixtureServer::content(400000, 0), QCryptographicHash::Md5)
                    .toHex())),
            qPrintable(md5.out));
        QVERIFY(md5.err.contains(QStringLiteral("nope: No such file or directory")));
    }

    void ariaInputFileWithMirrorsNamesChecksumsAndUnknownOptions()
    {
        QTemporaryDir dir;
        const QString sum = QString::fromLatin1(
            QCryptographicHash::hash(FixtureServer::content(3000, 5), QCryptographicHash::Sha256)
                .toHex());
        QFile list(dir.filePath(QStringLiteral("list.aria2")));
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write(m_server->url(QStringLiteral("/file/3000/x.bin?status=404&seed=5")).toEncoded() +
                   "\t" + m_server->url(QStringLiteral("/file/3000/x.bin?seed=5")).toEncoded() +
                   "\n");
        list.write("  out=chosen.bin\n");
        list.write("  checksum=sha-256=" + sum.toLatin1() + "\n");
        list.write("  dir=sub\n");
        list.write("  bogus=1\n");
        list.write(m_server->url(QStringLiteral("/file/10/plain.bin")).toEncoded() + "\n");
        list.close();
        const QString out = dir.filePath(QStringLiteral("out"));
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-i"),
                                 list.fileName(), QStringLiteral("-d"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("line 5: unknown option 'bogus'")),
                 qPrintable(r.err));
        QCOMPARE(sha256OfFile(QDir(out).filePath(QStringLiteral("sub/chosen.bin"))),
                 FixtureServer::contentSha256(3000, 5));
        QCOMPARE(filesIn(out), QStringList{QStringLiteral("plain.bin")});
    }

    // Input files often come from third parties: their dir= stays inside -d (relative ones
    // resolve under it; absolute ones, '..' and links out of it are refused with the line),
    // unless --allow-dirs-outside says otherwise.
    // An input file that is a pipe given by its name (a FIFO, /dev/stdin, bash's <(...)): it
    // looked empty before its first line arrived, and the run downloaded nothing with exit 0.
    void anInputFileThatIsAPipeIsReadToItsEnd()
    {
        QTemporaryDir dir;
        const QByteArray lines =
            m_server->url(QStringLiteral("/file/1000/piped1.bin")).toEncoded() + '\n' +
            m_server->url(QStringLiteral("/file/2000/piped2.bin")).toEncoded() + '\n';
        const Run run = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
                                   QStringLiteral("-i"), QStringLiteral("/dev/stdin")},
                                  lines);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QFileInfo(dir.filePath(QStringLiteral("piped1.bin"))).size(), 1000);
        QCOMPARE(QFileInfo(dir.filePath(QStringLiteral("piped2.bin"))).size(), 2000);
    }

    void ariaDirOptionsNeverLeaveTheDownloadFolder()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out"));
        const QString elsewhere = dir.filePath(QStringLiteral("elsewhere"));
        QVERIFY(QDir().mkpath(out) && QDir().mkpath(elsewhere));
        QVERIFY(QFile::link(elsewhere, QDir(out).filePath(QStringLiteral("link"))));
        QFile list(dir.filePath(QStringLiteral("list.aria2")));
        QVERIFY(list.open(QIODevice::WriteOnly));
        const QByteArray url = m_server->url(QStringLiteral("/file/10/d.bin")).toEncoded();
        list.write(url + "?1\n  dir=" + QFile::encodeName(elsewhere) + "\n"); // lines 1-2
        list.write(url + "?2\n  dir=../elsewhere\n");                         // lines 3-4
        list.write(url + "?3\n  dir=link/deeper\n");                          // lines 5-6
        list.write(url + "?4\n  dir=inside/../ok\n");                         // lines 7-8
        list.close();
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-i"),
                                 list.fileName(), QStringLiteral("-d"), out});
        QCOMPARE(r.exitCode, 1);
        for (const char *line : {"line 1: dir=", "line 3: dir=../elsewhere", "line 5: dir=link"})
            QVERIFY2((r.out + r.err).contains(QString::fromLatin1(line)),
                     qPrintable(r.out + r.err));
        QVERIFY2((r.out + r.err).contains(QStringLiteral("--allow-dirs-outside")),
                 qPrintable(r.out + r.err));
        QVERIFY(filesIn(elsewhere).isEmpty());
        QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("ok/d.bin"))));

        // Asked for explicitly: allowed.
        const Run allowed =
            fetchdeck({QStringLiteral("--headless"), QStringLiteral("-i"), list.fileName(),
                       QStringLiteral("-d"), out, QStringLiteral("--allow-dirs-outside")});
        QCOMPARE(allowed.exitCode, 0);
        QVERIFY(QFile::exists(QDir(elsewhere).filePath(QStringLiteral("d.bin"))));
    }

    // Without -d the downloads go to the Downloads folder, and so does a relative dir=: it
    // was resolved under the folder the command ran in, where an input file's
    // "dir=.config/autostart" put a file into the home folder's autostart.
    void withoutAFolderGivenDirIsUnderTheDownloadsFolder()
    {
        QTemporaryDir dir;
        QFile list(dir.filePath(QStringLiteral("list.aria2")));
        QVERIFY(list.open(QIODevice::WriteOnly));
        const QByteArray url = m_server->url(QStringLiteral("/file/10/d.bin")).toEncoded();
        list.write(url + "?1\n  dir=.config/autostart\n  out=evil.desktop\n"); // lines 1-3
        list.write(url + "?2\n  dir=../escape\n");                             // lines 4-5
        list.close();
        const QByteArray home = QFile::encodeName(m_home.path());
        QProcess *p = startFetchdeck(
            {QStringLiteral("--headless"), QStringLiteral("-i"), list.fileName()}, [home] {
                if (::chdir(home.constData()) != 0)
                    ::_exit(127);
            });
        QVERIFY(p->waitForFinished(60000));
        const QString err = QString::fromLocal8Bit(p->readAllStandardError());
        QCOMPARE(p->exitCode(), 1); // the refused line
        const QString downloads = m_home.filePath(QStringLiteral("Downloads"));
        QVERIFY2(err.contains(QStringLiteral("line 4: dir=../escape leaves the download folder ") +
                              downloads),
                 qPrintable(err));
        QVERIFY(QFile::exists(downloads + QStringLiteral("/.config/autostart/evil.desktop")));
        QVERIFY(!QFileInfo::exists(m_home.filePath(QStringLiteral(".config/autostart"))));
        QVERIFY(!QFileInfo::exists(m_home.filePath(QStringLiteral("escape"))));
    }

    // What an input file says is quoted in the errors: its control characters never reach
    // the terminal (an ESC sequence could retitle or clear it), and a line of megabytes is cut.
    void anInputFilesJunkReachesTheTerminalDefused()
    {
        QTemporaryDir dir;
        QFile list(dir.filePath(QStringLiteral("list.aria2")));
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write("  out=\x1b]0;PWNED\x07\x1b[2J\n"); // a warning: no URL line above it
        list.write("ftp://x/\x1b]0;PWNED\x07\x1b[2J\x1b[31mred\n");
        list.write("http://127.0.0.1:1/" + QByteArray(1 << 20, 'a') + "\t" + QByteArray(10, 'b') +
                   "\n  extract=\x1b[2Jyes\n");
        list.close();
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-i"),
                                 list.fileName(), QStringLiteral("-d"), dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("line 2")), qPrintable(r.err.left(2000)));
        QVERIFY2(r.err.contains(QStringLiteral("without a URL line")),
                 qPrintable(r.err.left(2000)));
        QVERIFY(!r.err.contains(QChar(0x1b)) && !r.out.contains(QChar(0x1b)));
        QVERIFY(!r.err.contains(QChar(0x07)));
        QVERIFY2(r.err.size() < 64 * 1024, qPrintable(QString::number(r.err.size())));
    }

    // Hashing from a script touches no state folder; an empty file name is a usage error.
    void hashNeedsNoStateFolderAndRefusesAnEmptyName()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("h.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("hello\n");
        file.close();
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("--hash"),
                                 QStringLiteral("--state-dir"),
                                 QStringLiteral("/proc/self/fdinfo/nope"), file.fileName()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral(
                     "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")),
                 qPrintable(r.out + r.err));
        const Run empty =
            fetchdeck({QStringLiteral("--headless"), QStringLiteral("--hash"), QString()});
        QCOMPARE(empty.exitCode, 2);
        QVERIFY2(empty.err.contains(QStringLiteral("--hash: an empty file name")),
                 qPrintable(empty.err));
    }

    void checksumOptionFailsAMismatchWithExitOne()
    {
        QTemporaryDir dir;
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
                                 QStringLiteral("--checksum"),
                                 QStringLiteral("md5=") + QString(32, QLatin1Char('a')),
                                 m_server->url(QStringLiteral("/file/1000/sum.bin")).toString()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("checksum mismatch: expected aaaaaaaa")),
                 qPrintable(r.err));
        QVERIFY(filesIn(dir.path()).isEmpty());
        const Run bad = fetchdeck({QStringLiteral("--headless"), QStringLiteral("--checksum"),
                                   QStringLiteral("crc32=00")});
        QCOMPARE(bad.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestHeadlessInput)
#include "tst_headlessinput.moc"
