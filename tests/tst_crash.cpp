// kill -9 at any moment loses nothing: the headless binary is killed mid-transfer, started
// again on the same state folder, and every file completes byte-identical, fetching only
// what was missing.
#include "fixturesuite.h"
#include "testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCrash : public FixtureSuite {
    Q_OBJECT
private:
    QTemporaryDir m_home;

    QProcess *start(const QStringList &args)
    {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        p->setProcessEnvironment(env);
        p->start(QStringLiteral(FETCHDECK_BINARY), args);
        return p;
    }

private Q_SLOTS:
    void killNineThenRestartCompletesEveryFile()
    {
        QTemporaryDir dir;
        QTemporaryDir state;
        const int files = 4;
        const qint64 size = 3 << 20;
        QStringList args{QStringLiteral("--headless"),  QStringLiteral("-x"),
                         QStringLiteral("1"), // front to back: the .part's size is what it holds
                         QStringLiteral("-j"),          QString::number(files),
                         QStringLiteral("-d"),          dir.path(),
                         QStringLiteral("--state-dir"), state.path()};
        for (int i = 0; i < files; ++i)
            args << m_server
                        ->url(
                            QStringLiteral("/file/3m/k%1.bin?seed=%1&rate=600000&etag=e%1").arg(i))
                        .toString();
        QProcess *first = start(args);
        QVERIFY(first->waitForStarted());
        // Wait until every transfer has written a good part of its file, then kill -9.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int i = 0; i < files; ++i)
                    if (QFileInfo(dir.filePath(QStringLiteral("k%1.bin.part").arg(i))).size() <
                        400000)
                        return false;
                return true;
            }(),
            20000);
        first->kill();
        QVERIFY(first->waitForFinished(5000));
        QCOMPARE(first->exitStatus(), QProcess::CrashExit);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 5000);
        const qint64 sentBeforeRestart = m_server->bytesSent();
        qint64 missing = 0; // what the partial files lack after the kill
        for (int i = 0; i < files; ++i)
            missing += size - QFileInfo(dir.filePath(QStringLiteral("k%1.bin.part").arg(i))).size();

        // A partial file no task claims is reported and left alone.
        QFile stray(dir.filePath(QStringLiteral("stray.iso.part")));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.write("not ours");
        stray.close();

        // No URLs: finish what the state folder holds.
        QProcess *second = start({QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
                                  QStringLiteral("--state-dir"), state.path()});
        QVERIFY(second->waitForFinished(60000));
        const QString err = QString::fromLocal8Bit(second->readAllStandardError());
        const QString out = QString::fromLocal8Bit(second->readAllStandardOutput());
        QVERIFY2(second->exitCode() == 0, qPrintable(out + err));
        QVERIFY2(out.contains(QStringLiteral("%1 completed, 0 failed").arg(files)),
                 qPrintable(out));
        QVERIFY2(err.contains(QStringLiteral("not claimed by any task")) &&
                     err.contains(QStringLiteral("stray.iso.part")),
                 qPrintable(err));
        for (int i = 0; i < files; ++i)
            QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("k%1.bin").arg(i))),
                     FixtureServer::contentSha256(size, i));
        QCOMPARE(QFile(dir.filePath(QStringLiteral("stray.iso.part"))).size(), 8);
        // The restart fetched what the partial files lacked, nothing more: a restart from zero
        // of any one file would add at least 400,000 bytes.
        const qint64 sentAfterRestart = m_server->bytesSent() - sentBeforeRestart;
        QVERIFY2(
            sentAfterRestart <= missing + files * (16 << 10),
            qPrintable(QStringLiteral("%1 sent, %2 missing").arg(sentAfterRestart).arg(missing)));
        QVERIFY(sentBeforeRestart > files * 400000);
    }

    // A file fetched in pieces: kill -9 halfway, start again, and the pieces resume from the
    // stored segment map: the file is fetched about once in all, never with a wrong byte.
    void killNineMidSegmentedDownloadResumesEveryPiece()
    {
        QTemporaryDir dir;
        QTemporaryDir state;
        m_server->resetStats();
        const qint64 size = 6 << 20;
        const QString url =
            m_server->url(QStringLiteral("/file/6m/seg.bin?seed=9&rate=500000&etag=s")).toString();
        QProcess *first = start({QStringLiteral("--headless"), QStringLiteral("-x"),
                                 QStringLiteral("4"), QStringLiteral("-d"), dir.path(),
                                 QStringLiteral("--state-dir"), state.path(), url});
        QVERIFY(first->waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_server->bytesSent() > size / 2, 20000);
        QCOMPARE(m_server->maxActiveRequests(), 4);
        first->kill();
        QVERIFY(first->waitForFinished(5000));
        QCOMPARE(first->exitStatus(), QProcess::CrashExit);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 5000);
        const qint64 sentBeforeRestart = m_server->bytesSent();

        QProcess *second = start({QStringLiteral("--headless"), QStringLiteral("-d"), dir.path(),
                                  QStringLiteral("--state-dir"), state.path()});
        QVERIFY(second->waitForFinished(60000));
        const QString out = QString::fromLocal8Bit(second->readAllStandardOutput());
        QVERIFY2(second->exitCode() == 0,
                 qPrintable(out + QString::fromLocal8Bit(second->readAllStandardError())));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("seg.bin"))),
                 FixtureServer::contentSha256(size, 9));
        const qint64 sent = m_server->bytesSent();
        QVERIFY2(sent <= size * 115 / 100,
                 qPrintable(QStringLiteral("%1 sent in all (%2 before the kill) for %3 bytes")
                                .arg(sent)
                                .arg(sentBeforeRestart)
                                .arg(size)));
    }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
