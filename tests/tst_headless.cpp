// The fetchdeck binary in headless mode, run as a script would: exit codes, output lines,
// files on disk, and a clean stop on SIGTERM.
#include "headlesssuite.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sys/resource.h>

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

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, reason);
        const Run r = fetchdeck(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(reason), qPrintable(r.err));
    }

    // With no URLs, the run finishes what the state folder holds, but not before it reported
    // the .part files nobody claims (it used to exit first).
    void bareResumeReportsUnclaimedPartFilesBeforeExiting()
    {
        QTemporaryDir dir;
        QTemporaryDir state;
        QFile stray(dir.filePath(QStringLiteral("stray.bin.part")));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.write("someone's bytes");
        stray.close();
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
                                 QStringLiteral("--state-dir"), state.path()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("partial file not claimed by any task")) &&
                     r.err.contains(stray.fileName()),
                 qPrintable(r.err));
        QVERIFY(stray.exists()); // reported, never touched
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

    // A task database that is no database: kept aside, the user told, exit 2 (nothing of the
    // queue could be read); the next run starts with a fresh one.
    void aDamagedTaskDatabaseIsReportedNotIgnored()
    {
        QTemporaryDir state;
        QFile db(state.filePath(QStringLiteral("tasks.sqlite")));
        QVERIFY(db.open(QIODevice::WriteOnly));
        db.write(QByteArray(8192, 'z'));
        db.close();
        const Run r =
            fetchdeck({QStringLiteral("--headless"), QStringLiteral("--state-dir"), state.path()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("The task database was damaged")),
                 qPrintable(r.err));
        const Run next =
            fetchdeck({QStringLiteral("--headless"), QStringLiteral("--state-dir"), state.path()});
        QCOMPARE(next.exitCode, 0);
        QVERIFY2(!next.err.contains(QStringLiteral("damaged")), qPrintable(next.err));
    }

    // A URL's password stays out of the task database: the 0600 secrets file holds it (for a
    // resume after an interruption; the store's suite checks it comes back).
    void passwordsStayOutOfTheDatabase()
    {
        QTemporaryDir dir;
        const QString state = m_home.filePath(QStringLiteral("state-password"));
        QUrl url = m_server->url(QStringLiteral("/file/64k/secret.bin"));
        url.setUserName(QStringLiteral("alice"));
        url.setPassword(QStringLiteral("db-pw-7731"));
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("--state-dir"), state,
                                 QStringLiteral("-d"), dir.path(), url.toString()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFile::exists(QDir(state).filePath(QStringLiteral("secrets.json"))));
        for (const QString &file : QDir(state).entryList(QDir::Files)) {
            QFile f(QDir(state).filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const bool holds = f.readAll().contains("db-pw-7731");
            QVERIFY2(holds == (file == QLatin1String("secrets.json")), qPrintable(file));
        }
        QVERIFY(m_server->lastRequestHeaders(QStringLiteral("/file/64k/secret.bin"))
                    .contains("Authorization: Basic " + QByteArray("alice:db-pw-7731").toBase64()));
    }

    // An interrupted download of a URL with a password, finished by a bare restart: the
    // password comes back from the secrets file before the download resumes. The resume started
    // first and asked with "alice:" (an empty password): 401 for good on a real server.
    void aResumedDownloadAsksWithItsPassword()
    {
        QTemporaryDir dir;
        const QString state = m_home.filePath(QStringLiteral("state-password-resume"));
        QUrl url = m_server->url(QStringLiteral("/file/4m/kept.bin?rate=400000"));
        url.setUserName(QStringLiteral("alice"));
        url.setPassword(QStringLiteral("resume-pw-4410"));
        QProcess *first =
            startFetchdeck({QStringLiteral("--headless"), QStringLiteral("--state-dir"), state,
                            QStringLiteral("-d"), dir.path(), url.toString()});
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo(dir.filePath(QStringLiteral("kept.bin.part"))).size() > 0, 10000);
        ::kill(static_cast<pid_t>(first->processId()), SIGTERM);
        QVERIFY(first->waitForFinished(10000));
        QCOMPARE(first->exitCode(), 1);

        const Run next =
            fetchdeck({QStringLiteral("--headless"), QStringLiteral("--state-dir"), state});
        QCOMPARE(next.exitCode, 0);
        const QByteArray headers =
            m_server->lastRequestHeaders(QStringLiteral("/file/4m/kept.bin")).join('\n');
        QVERIFY2(headers.contains("Range: bytes="), headers.constData()); // it did resume
        QVERIFY2(headers.contains("Authorization: Basic " +
                                  QByteArray("alice:resume-pw-4410").toBase64()),
                 headers.constData());
    }

    // A state folder that holds a finished download from a URL with a user name: the next run
    // waits for the secrets file before it starts. It took an idle engine during that wait for
    // the end of the run: exit 0, "0 completed", and its own URLs never downloaded.
    void aRunAfterAPasswordDownloadStillDownloadsItsUrls()
    {
        QTemporaryDir dir;
        const QString state = m_home.filePath(QStringLiteral("state-after-password"));
        QUrl url = m_server->url(QStringLiteral("/file/1000/secret.bin"));
        url.setUserName(QStringLiteral("alice"));
        url.setPassword(QStringLiteral("done-pw-5120"));
        const QStringList common{QStringLiteral("--headless"), QStringLiteral("--state-dir"), state,
                                 QStringLiteral("-d"), dir.path()};
        QCOMPARE(fetchdeck(common + QStringList{url.toString()}).exitCode, 0);

        const Run next = fetchdeck(
            common + QStringList{m_server->url(QStringLiteral("/file/2000/next.bin")).toString(),
                                 QStringLiteral("notaurl")});
        QCOMPARE(next.exitCode, 1); // the bad argument counts as a failure
        QVERIFY2(next.err.contains(QStringLiteral("notaurl")), qPrintable(next.err));
        QCOMPARE(QFileInfo(dir.filePath(QStringLiteral("next.bin"))).size(), 2000);
    }

    // The same command again after a failure (a full disk, a dropped connection) goes on from
    // the partial file. It started a second download beside it, "again (1).bin", and the first
    // partial file stayed for ever; a bare rerun ("finish what the folder holds") ignored it.
    void aRerunContinuesWhatFailedInsteadOfStartingACopy()
    {
        QTemporaryDir dir;
        const QString state = m_home.filePath(QStringLiteral("state-rerun"));
        const QString url =
            m_server->url(QStringLiteral("/file/100000/again.bin?dropafter=40000&dropfirst=1"))
                .toString();
        const QStringList common{QStringLiteral("--headless"),
                                 QStringLiteral("--state-dir"),
                                 state,
                                 QStringLiteral("-d"),
                                 dir.path(),
                                 QStringLiteral("--retries"),
                                 QStringLiteral("1")};
        QCOMPARE(fetchdeck(common + QStringList{url}).exitCode, 1);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("again.bin.part")});

        const Run rerun = fetchdeck(common + QStringList{url});
        QCOMPARE(rerun.exitCode, 0);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("again.bin")});
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("again.bin"))),
                 FixtureServer::contentSha256(100000));
        QVERIFY(m_server->lastRequestHeaders(QStringLiteral("/file/100000/again.bin"))
                    .contains("Range: bytes=40000-"));
        QVERIFY2(rerun.err.contains(QStringLiteral("continuing")), qPrintable(rerun.err));

        // A bare rerun finishes a failed download too.
        const QString other =
            m_server->url(QStringLiteral("/file/100000/bare.bin?dropafter=30000&dropfirst=1"))
                .toString();
        QCOMPARE(fetchdeck(common + QStringList{other}).exitCode, 1);
        const Run bare = fetchdeck(common);
        QCOMPARE(bare.exitCode, 0);
        QCOMPARE(filesIn(dir.path()),
                 (QStringList{QStringLiteral("again.bin"), QStringLiteral("bare.bin")}));
        QVERIFY(m_server->lastRequestHeaders(QStringLiteral("/file/100000/bare.bin"))
                    .contains("Range: bytes=30000-"));
    }

    // The same command again after Ctrl+C goes on with the restored task (it was queued, and
    // the command line's URL was downloaded a second time beside it); the same URL twice is
    // two downloads continued, none left over for a later run; a corrected checksum is another
    // download, not the old one (with the wrong checksum) continued.
    void aRerunAfterAnInterruptOrWithTwinsOrANewChecksum()
    {
        QTemporaryDir dir;
        const QString state = m_home.filePath(QStringLiteral("state-rerun-2"));
        const QStringList common{QStringLiteral("--headless"),
                                 QStringLiteral("--state-dir"),
                                 state,
                                 QStringLiteral("-d"),
                                 dir.path(),
                                 QStringLiteral("--retries"),
                                 QStringLiteral("1")};
        const QString slow =
            m_server->url(QStringLiteral("/file/2m/slow.bin?rate=400000")).toString();
        QProcess *first = startFetchdeck(common + QStringList{slow});
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo(dir.filePath(QStringLiteral("slow.bin.part"))).size() > 0, 10000);
        ::kill(static_cast<pid_t>(first->processId()), SIGINT);
        QVERIFY(first->waitForFinished(10000));
        QCOMPARE(fetchdeck(common + QStringList{slow}).exitCode, 0);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("slow.bin")});

        const QString twin =
            m_server->url(QStringLiteral("/file/1000/twin.bin?failfirst=2")).toString();
        QCOMPARE(fetchdeck(common + QStringList{twin, twin}).exitCode, 1);
        QCOMPARE(fetchdeck(common + QStringList{twin, twin}).exitCode, 0);
        QCOMPARE(fetchdeck(common).exitCode, 0); // nothing left to retry
        QCOMPARE(filesIn(dir.path()),
                 (QStringList{QStringLiteral("slow.bin"), QStringLiteral("twin (1).bin"),
                              QStringLiteral("twin.bin")}));

        const QString checked = m_server->url(QStringLiteral("/file/1000/checked.bin")).toString();
        const QString right = QString::fromLatin1(
            QCryptographicHash::hash(FixtureServer::content(1000), QCryptographicHash::Sha256)
                .toHex());
        QCOMPARE(
            fetchdeck(common + QStringList{QStringLiteral("--checksum"),
                                           QStringLiteral("sha-256=") + QString(64, '0'), checked})
                .exitCode,
            1);
        QCOMPARE(fetchdeck(common + QStringList{QStringLiteral("--checksum"),
                                                QStringLiteral("sha-256=") + right, checked})
                     .exitCode,
                 0);
        QVERIFY(filesIn(dir.path()).contains(QStringLiteral("checked.bin")));
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

    // A state folder we cannot write is not "in use by another Fetchdeck (pid 0)".
    void unwritableStateFolderSaysSo()
    {
        const Run r = fetchdeck({QStringLiteral("--headless"), QStringLiteral("--state-dir"),
                                 QStringLiteral("/proc/self/fdinfo"),
                                 m_server->url(QStringLiteral("/file/10/s.bin")).toString()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(
            r.err.contains(QStringLiteral("cannot write to the state folder /proc/self/fdinfo")),
            qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("in use")), qPrintable(r.err));
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

    void secondProcessOnTheSameStateFolderIsRefused()
    {
        QTemporaryDir dir;
        QTemporaryDir state;
        QProcess *first = startFetchdeck(
            {QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
             QStringLiteral("--state-dir"), state.path(),
             m_server->url(QStringLiteral("/file/20m/held.bin?rate=500000")).toString()});
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo(dir.filePath(QStringLiteral("held.bin.part"))).size() > 0, 10000);
        const Run second =
            fetchdeck({QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
                       QStringLiteral("--state-dir"), state.path(),
                       m_server->url(QStringLiteral("/file/10/other.bin")).toString()});
        QCOMPARE(second.exitCode, 2);
        QVERIFY2(second.err.contains(QStringLiteral("is in use by another Fetchdeck")),
                 qPrintable(second.err));
        ::kill(static_cast<pid_t>(first->processId()), SIGTERM);
        QVERIFY(first->waitForFinished(10000));
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
