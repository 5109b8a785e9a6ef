// fetchdeck-remote-bench: the dashboard following a remote aria2 daemon with 1000 downloads (50
// of them running and trickling from the loopback fixture, 950 waiting). It times how long
// until the rows show, then records the largest gap between ticks of a 10 ms timer while the
// engine polls once a second, for the HTTP and the WebSocket transport. Needs aria2c.
#include "benchsupport.h"
#include "fixtureserver.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/remote/remoteengines.h"
#include "services/remote/remoteenginesetup.h"
#include "services/settings.h"
#include "services/storage/secretstore.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <functional>
#include <utility>

namespace {

constexpr int Downloads = 1000;
constexpr int Running = 50;
const QString Secret = QStringLiteral("bench");

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (QStandardPaths::findExecutable(QStringLiteral("aria2c")).isEmpty()) {
        std::fprintf(stderr, "aria2c is not installed (Debian package aria2)\n");
        return 1;
    }
    FixtureServer server;
    QTemporaryDir dir;
    const quint16 port = freePort();
    QProcess aria2;
    aria2.start(QStringLiteral("aria2c"),
                {QStringLiteral("--enable-rpc"), QStringLiteral("--rpc-listen-port=%1").arg(port),
                 QStringLiteral("--rpc-secret=") + Secret, QStringLiteral("--dir=") + dir.path(),
                 QStringLiteral("--no-conf"), QStringLiteral("--quiet"),
                 QStringLiteral("--max-concurrent-downloads=%1").arg(Running),
                 QStringLiteral("--max-download-result=5000")});
    if (!waitUntil(
            [port] {
                QTcpSocket s;
                s.connectToHost(QHostAddress::LocalHost, port);
                return s.waitForConnected(50);
            },
            5000)) {
        std::fprintf(stderr, "aria2c did not start\n");
        return 1;
    }

    std::printf("%-62s %s\n", "operation", "ms");
    bool added = false;
    for (const QString &scheme : {QStringLiteral("http"), QStringLiteral("ws")}) {
        QTemporaryDir config;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        Settings settings(config.filePath(QStringLiteral("settings.ini")));
        SecretStore secrets(config.path(), false);
        RemoteEngines remotes(&tasks);
        RemoteEngineSetup setup(&remotes, &settings, &secrets);
        MainWindow window(&engine, &settings);
        window.setRemoteEngines(&setup);
        window.show();
        GapMeter gaps;
        QElapsedTimer clock;
        clock.start();
        remotes.setEngines(
            {{QStringLiteral("nas"), QStringLiteral("NAS"),
              QUrl(QStringLiteral("%1://127.0.0.1:%2/jsonrpc").arg(scheme).arg(port)), Secret}});
        RemoteEngine *nas = remotes.engine(QStringLiteral("nas"));
        if (!waitUntil([nas] { return nas->status() == RemoteEngine::Status::Online; }, 10000))
            return 1;
        const bool adding = !std::exchange(added, true);
        if (adding) { // the first round adds them, 10 MiB at 16 KB/s each, in one round trip
            QList<QUrl> urls;
            for (int i = 0; i < Downloads; ++i)
                urls.append(server.url(QStringLiteral("/file/10m/r%1.bin?rate=16000").arg(i)));
            clock.restart();
            nas->addMany(urls, {});
        }
        if (!waitUntil([&] { return window.model()->rowCount() == Downloads; }, 60000)) {
            std::fprintf(stderr, "%lld rows, not %d\n", qlonglong(window.model()->rowCount()),
                         Downloads);
            return 1;
        }
        std::printf(
            "%-62s %.1f\n",
            qPrintable(scheme + (adding ? QStringLiteral(": add 1,000 until their rows show")
                                        : QStringLiteral(": connect until 1,000 rows show"))),
            double(clock.nsecsElapsed()) / 1e6);
        std::printf("%-62s %lld\n",
                    qPrintable(scheme + QStringLiteral(": largest event-loop gap meanwhile")),
                    qlonglong(gaps.maxGapMs()));
        waitUntil([&] { return tasks.countIn(TaskState::Running) >= Running; }, 20000);
        gaps.reset();
        clock.restart();
        waitUntil([&] { return clock.elapsed() >= 5000; }, 6000);
        std::printf("%-62s %lld\n",
                    qPrintable(scheme + QStringLiteral(": largest event-loop gap over 5 s (%1 "
                                                       "running, polled each second)")
                                            .arg(tasks.countIn(TaskState::Running))),
                    qlonglong(gaps.maxGapMs()));
        std::fflush(stdout);
    }
    aria2.terminate();
    aria2.waitForFinished(5000);
    return 0;
}
