// The fetchdeck binary in headless mode, run as a script would: exit codes, output lines,
// files on disk, and a clean stop on SIGTERM. What a state folder keeps from one run to the
// next: tst_headlessreruns.
#include "headlesssuite.h"
#include "smalldisk.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

class TestHeadless : public HeadlessSuite {
    Q_OBJECT
private Q_SLOTS:
    void allCompletedExitsZero()
    {
        QTemporaryDir dir;
        QTemporaryDir state;
        const Run r =
            fetchdeck({QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
                       QStringLiteral("--state-dir"), state.filePath(QStringLiteral("s")),
                       QStringLiteral("-j"), QStringLiteral("3"),
                       m_server->url(QStringLiteral("/file/100k/a.bin")).toString(),
                       m_server->url(QStringLiteral("/file/200k/b.bin?seed=2")).toString()});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("a.bin"))),
                 FixtureServer::contentSha256(100 * 1024));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("b.bin"))),
                 FixtureServer::contentSha256(200 * 1024, 2));
        QVERIFY2(r.out.contains(QStringLiteral("2 completed, 0 failed")), qPrintable(r.out));
        QVERIFY(QFileInfo(state.filePath(QStringLiteral("s"))).isDir()); // --state-dir is created
    }

    void inputFileWithBadLinesAndA404ExitsOne()
    {
        QTemporaryDir dir;
        QFile list(dir.filePath(QStringLiteral("urls.txt")));
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write("# a comment\n\n");
        list.write(m_server->url(QStringLiteral("/file/1000/ok.bin")).toEncoded() + "\n");
        list.write("not a url at all\n");
        list.write(m_server->url(QStringLiteral("/file/10/missing.bin?status=404")).toEncoded() +
                   "\n");
        list.close();
        const QString out = dir.filePath(QStringLiteral("out"));
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-i"),
                                 list.fileName(), QStringLiteral("-d"), out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("line 4: not a valid URL: not a url at all")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("missing.bin?status=404: HTTP 404 Not Found")),
                 qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("1 completed, 2 failed")));
        QCOMPARE(filesIn(out), QStringList{QStringLiteral("ok.bin")});
    }

    void urlsFromStandardInput()
    {
        QTemporaryDir dir;
        const QByteArray input =
            m_server->url(QStringLiteral("/file/10/one.bin")).toEncoded() + "\n" +
            m_server->url(QStringLiteral("/file/20/two.bin")).toEncoded() + "\n";
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-i"),
                                 QStringLiteral("-"), QStringLiteral("-d"), dir.path()},
                                input);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(filesIn(dir.path()),
                 (QStringList{QStringLiteral("one.bin"), QStringLiteral("two.bin")}));
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("reason");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--bogus")}
            << "Unknown option 'bogus'";
        QTest::newRow("j zero") << QStringList{QStringLiteral("--headless"), QStringLiteral("-j"),
                                               QStringLiteral("0")}
                                << "-j/--max-concurrent expects a number from 1 to 256";
        QTest::newRow("max-concurrent zero")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--max-concurrent"),
                           QStringLiteral("0")}
            << "-j/--max-concurrent expects a number from 1 to 256";
        QTest::newRow("j too big") << QStringList{QStringLiteral("--headless"),
                                                  QStringLiteral("-j"), QStringLiteral("999")}
                                   << "-j/--max-concurrent expects";
        QTest::newRow("j not a number")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("-j"), QStringLiteral("x")}
            << "-j/--max-concurrent expects";
        QTest::newRow("proxy of another kind")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--proxy"),
                           QStringLiteral("ftp://127.0.0.1:21")}
            << "--proxy: not a proxy URL: ftp://127.0.0.1:21";
        QTest::newRow("connections zero")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("-x"), QStringLiteral("0")}
            << "-x/--connections expects a number from 1 to 16";
        // An empty folder (a script's unset variable) went to the download folder unsaid.
        QTest::newRow("empty folder")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("-d"), QString(),
                           QStringLiteral("http://h/x")}
            << "-d/--dir needs a folder";
        QTest::newRow("empty state folder")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--state-dir"), QString(),
                           QStringLiteral("http://h/x")}
            << "--state-dir needs a folder";
        QTest::newRow("per-host cap too big")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--max-per-host"),
                           QStringLiteral("1000")}
            << "--max-per-host expects a number from 0 to 256";
        QTest::newRow("tiny split")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--min-split-size"),
                           QStringLiteral("1K")}
            << "--min-split-size expects a size from 64K to 1024M";
        QTest::newRow("rate not a rate")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--limit-rate"),
                           QStringLiteral("fast")}
            << "--limit-rate expects a rate like 500K or 2M";
        QTest::newRow("no CA file")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--ca-certificate"),
                           QStringLiteral("/nonexistent/ca.pem"), QStringLiteral("http://h/x")}
            << "--ca-certificate: cannot read /nonexistent/ca.pem";
        QTest::newRow("unreadable input")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("-i"),
                           QStringLiteral("/nonexistent/urls.txt")}
            << "cannot read input file /nonexistent/urls.txt";
    }

    // A disk error names the file: "failed ...: No space left on device" left a script's reader
    // to guess which disk.
    void aDiskErrorNamesTheFile()
    {
        QTemporaryDir work;
        const QString small = work.filePath(QStringLiteral("small"));
        const SmallDisk disk(small);
        if (!disk.isMounted())
            QSKIP("needs root to mount a 1 MiB tmpfs");
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-x"),
                                 QStringLiteral("1"), QStringLiteral("-d"), small,
                                 m_server->url(QStringLiteral("/file/4m/full.bin")).toString()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.err.contains(QStringLiteral("No space left on device (%1/full.bin.part)").arg(small)),
            qPrintable(r.err));
    }

    // A folder named in bytes that are not UTF-8 (Latin-1 from an old disk): Qt's decoding put
    // U+FFFD in their place, and the downloads went to a new folder of that other name.
    void aFolderNameThatIsNotUtf8IsRefused()
    {
        QTemporaryDir work;
        QProcess p;
        p.setProgram(QStringLiteral("/bin/sh"));
        p.setArguments({QStringLiteral("-c"),
                        QStringLiteral("exec \"$0\" --headless --state-dir \"$1/state\" -d "
                                       "\"$1/dl$(printf '\\377')\" http://127.0.0.1:1/x.bin"),
                        QStringLiteral(FETCHDECK_BINARY), work.path()});
        p.start();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const QString said = QString::fromLocal8Bit(p.readAllStandardError());
        QVERIFY2(said.contains(QLatin1String("-d/--dir")) && said.contains(QLatin1String("UTF-8")),
                 qPrintable(said));
        QCOMPARE(QDir(work.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList());
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, reason);
        const Run r = fetchdeck(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(reason), qPrintable(r.err));
    }

    // --proxy carries every request: a proxy that refuses connections fails the download,
    // although the server itself is up.
    void proxyOptionIsUsed()
    {
        QTemporaryDir dir;
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
                                 QStringLiteral("--retries"), QStringLiteral("1"),
                                 QStringLiteral("--proxy"), QStringLiteral("127.0.0.1:1"),
                                 m_server->url(QStringLiteral("/file/10/p.bin")).toString()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2((r.out + r.err).contains(QStringLiteral("Connection refused")),
                 qPrintable(r.out + r.err));
        QCOMPARE(m_server->requestCount(QStringLiteral("/file/10/p.bin")), 0);
    }

    // 2 MiB at 1 MiB/s: about two seconds, over however many connections.
    void limitRateHoldsTheDownloadBack()
    {
        QTemporaryDir dir;
        QElapsedTimer clock;
        clock.start();
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
                                 QStringLiteral("--limit-rate"), QStringLiteral("1M"),
                                 m_server->url(QStringLiteral("/file/2m/l.bin")).toString()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(clock.elapsed() >= 1800, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("l.bin"))),
                 FixtureServer::contentSha256(2 << 20));
    }

    void versionAndHelp()
    {
        const Run v = fetchdeck({QStringLiteral("--version")});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith(QStringLiteral("fetchdeck ")));
        const Run h = fetchdeck({QStringLiteral("--help")});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains(QStringLiteral("--max-concurrent")));
    }

    // What a script prints never shows a URL's password.
    void outputNeverShowsAPassword()
    {
        QTemporaryDir dir;
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("--retries"),
                                 QStringLiteral("1"), QStringLiteral("-d"), dir.path(),
                                 QStringLiteral("http://user:s3cr3t@127.0.0.1:1/x.bin"),
                                 QStringLiteral("ftp://user:s3cr3t@127.0.0.1/y.bin"),
                                 QStringLiteral("ftp://me@corp.com:s3cr3t@h/z.bin"),
                                 QStringLiteral("ftp://u:s3cr3t@ss@h/w.bin")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2((r.out + r.err).contains(QStringLiteral("user@127.0.0.1")),
                 qPrintable(r.out + r.err));
        QVERIFY2(!(r.out + r.err).contains(QStringLiteral("s3cr3t")), qPrintable(r.out + r.err));
        const Run proxy = fetchdeck({QStringLiteral("--headless"), QStringLiteral("--proxy"),
                                     QStringLiteral("user:s3cr3t@proxy:31z8")});
        QCOMPARE(proxy.exitCode, 2);
        QVERIFY2(proxy.err.contains(QStringLiteral("user@proxy")) &&
                     !proxy.err.contains(QStringLiteral("s3cr3t")),
                 qPrintable(proxy.err));
    }

    // Started with the soft limit of 1024 descriptors Debian gives programs, fetchdeck raises
    // its own: split downloads need more, and a thread started with none free aborts it.
    void theDescriptorLimitIsRaisedAtStart()
    {
        rlimit limit{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
        if (limit.rlim_max < 2048)
            QSKIP("the hard limit leaves nothing to raise");
        const rlim_t expected = std::min<rlim_t>(limit.rlim_max, 16384);
        QTemporaryDir dir;
        QProcess *p = startFetchdeck(
            {QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
             m_server->url(QStringLiteral("/file/1m/slow.bin?rate=50000")).toString()},
            [] {
                rlimit low{};
                ::getrlimit(RLIMIT_NOFILE, &low);
                low.rlim_cur = 1024;
                ::setrlimit(RLIMIT_NOFILE, &low);
            });
        const auto stop = qScopeGuard([p] {
            p->kill();
            p->waitForFinished();
        });
        QVERIFY(p->waitForStarted());
        const QString limits = QStringLiteral("/proc/%1/limits").arg(p->processId());
        // "Max open files            16384                524288               files"
        const auto soft = [&limits] {
            QFile f(limits);
            if (!f.open(QIODevice::ReadOnly))
                return rlim_t(0);
            for (const QByteArray &line : f.readAll().split('\n'))
                if (line.startsWith("Max open files"))
                    return rlim_t(line.mid(14).simplified().split(' ').value(0).toULongLong());
            return rlim_t(0);
        };
        QTRY_COMPARE(soft(), expected);
    }

    void sigtermStopsCleanlyKeepingPartialFiles()
    {
        QTemporaryDir dir;
        QProcess *p = startFetchdeck(
            {QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
             m_server->url(QStringLiteral("/file/50m/slow.bin?rate=500000")).toString()});
        QVERIFY(p->waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo(dir.filePath(QStringLiteral("slow.bin.part"))).size() > 0, 10000);
        ::kill(static_cast<pid_t>(p->processId()), SIGTERM);
        QVERIFY(p->waitForFinished(10000));
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 1);
        QVERIFY(QString::fromLocal8Bit(p->readAllStandardError())
                    .contains(QStringLiteral("interrupted")));
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("slow.bin.part")});
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 2000);
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
