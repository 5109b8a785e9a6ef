// A real aria2 daemon (Debian's aria2c) on 127.0.0.1 for the remote-engine suites: started on
// a free port with a secret, its downloads saved into a temporary folder, its session kept in
// a file so that a restart brings the same downloads (and gids) back.
#pragma once

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

class Aria2Daemon {
public:
    static constexpr const char *Secret = "t0ps3cret";

    static bool available()
    {
        return !QStandardPaths::findExecutable(QStringLiteral("aria2c")).isEmpty();
    }

    Aria2Daemon()
    {
        QTcpServer probe; // a free port: aria2c has no "pick one" option
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
        probe.close();
        QFile(session()).open(QIODevice::WriteOnly); // --input-file must exist
    }
    ~Aria2Daemon() { stop(); }

    QString downloads() const { return m_dir.path(); }
    QString session() const { return m_dir.filePath(QStringLiteral(".session")); }
    quint16 port() const { return m_port; }
    QUrl httpUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/jsonrpc").arg(m_port)); }
    QUrl wsUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/jsonrpc").arg(m_port)); }

    // Starts aria2c and waits until its RPC port accepts connections.
    bool start()
    {
        m_process.setProgram(QStringLiteral("aria2c"));
        m_process.setArguments(
            {QStringLiteral("--enable-rpc"), QStringLiteral("--rpc-listen-port=%1").arg(m_port),
             QStringLiteral("--rpc-secret=%1").arg(QLatin1String(Secret)),
             QStringLiteral("--dir=%1").arg(m_dir.path()), QStringLiteral("--no-conf"),
             QStringLiteral("--quiet"), QStringLiteral("--max-tries=1"),
             QStringLiteral("--retry-wait=0"), QStringLiteral("--disable-ipv6"),
             QStringLiteral("--max-concurrent-downloads=50"),
             QStringLiteral("--save-session=%1").arg(session()),
             QStringLiteral("--input-file=%1").arg(session()), QStringLiteral("--force-save=true"),
             QStringLiteral("--stop-with-process=%1").arg(QCoreApplication::applicationPid())});
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
        if (!m_process.waitForStarted(5000))
            return false;
        for (int i = 0; i < 100; ++i) { // up to 5 s
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, m_port);
            if (s.waitForConnected(50))
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    // SIGTERM: aria2 saves its session and exits.
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }

private:
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QProcess m_process;
};
