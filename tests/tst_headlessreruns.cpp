// The fetchdeck binary in headless mode, run again on the same state folder as a script would:
// what a run leaves for the next (partial files, passwords kept apart, a damaged database), the
// same command again after a failure, an interrupt or with a corrected option, and one run per
// state folder.
#include "headlesssuite.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sys/resource.h>

class TestHeadlessReruns : public HeadlessSuite {
    Q_OBJECT
private:
    // A headless run on `state` into `dir`, one attempt per download: what each rerun repeats.
    static QStringList headlessOn(const QString &state, const QString &dir)
    {
        return {QStringLiteral("--headless"),
                QStringLiteral("--state-dir"),
                state,
                QStringLiteral("-d"),
                dir,
                QStringLiteral("--retries"),
                QStringLiteral("1")};
    }

private Q_SLOTS:
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
        const QStringList common = headlessOn(state, dir.path());
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

    // A bare rerun finishes what the dashboard paused too: it skipped it and said "0 failed",
    // exit 0, with downloads unfinished. One the user canceled is not started again (a cron job
    // must not undo a Cancel), and counts: exit 1.
    void aBareRerunFinishesWhatWasPausedAndCountsWhatWasCanceled()
    {
        QTemporaryDir dir;
        const QString state = m_home.filePath(QStringLiteral("state-paused"));
        const QStringList common = headlessOn(state, dir.path());
        const QString paused =
            QStringLiteral("/file/100000/paused.bin?dropafter=30000&dropfirst=1");
        const QString canceled =
            QStringLiteral("/file/100000/canceled.bin?dropafter=30000&dropfirst=1");
        QCOMPARE(fetchdeck(common + QStringList{m_server->url(paused).toString(),
                                                m_server->url(canceled).toString()})
                     .exitCode,
                 1);
        { // what the dashboard's Pause and Cancel leave in the database
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "edit");
            db.setDatabaseName(QDir(state).filePath(QStringLiteral("tasks.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET state = %1 WHERE file_name = "
                                          "'paused.bin'")
                               .arg(int(TaskState::Paused))));
            QCOMPARE(q.numRowsAffected(), 1);
            QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET state = %1 WHERE file_name = "
                                          "'canceled.bin'")
                               .arg(int(TaskState::Canceled))));
            QCOMPARE(q.numRowsAffected(), 1);
        }
        QSqlDatabase::removeDatabase("edit");
        const Run bare = fetchdeck(common);
        QCOMPARE(bare.exitCode, 1);
        QCOMPARE(filesIn(dir.path()),
                 (QStringList{QStringLiteral("canceled.bin.part"), QStringLiteral("paused.bin")}));
        QVERIFY2(bare.out.contains(QStringLiteral("1 completed")) &&
                     bare.out.contains(QStringLiteral("1 canceled")),
                 qPrintable(bare.out));
        QVERIFY2(bare.err.contains(QStringLiteral("canceled")), qPrintable(bare.err));
    }

    // The same command again after Ctrl+C goes on with the restored task (it was queued, and
    // the command line's URL was downloaded a second time beside it); the same URL twice is
    // two downloads continued, none left over for a later run; a corrected checksum is another
    // download, not the old one (with the wrong checksum) continued.
    void aRerunAfterAnInterruptOrWithTwinsOrANewChecksum()
    {
        QTemporaryDir dir;
        const QString state = m_home.filePath(QStringLiteral("state-rerun-2"));
        const QStringList common = headlessOn(state, dir.path());
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
};

QTEST_GUILESS_MAIN(TestHeadlessReruns)
#include "tst_headlessreruns.moc"
