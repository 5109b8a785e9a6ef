// Local-socket hand-over between dashboard instances. Protocol: the newcomer sends one URL per
// line and then an empty line; the running instance answers "ok\n".
#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <unistd.h>

namespace {
constexpr int ConnectTimeoutMs = 1000;
constexpr int ReplyTimeoutMs = 5000;
constexpr qint64 MaxMessageBytes = 64 << 20;
} // namespace

SingleInstance::SingleInstance(const QString &stateDirectory, QObject *parent) : QObject(parent)
{
    const QByteArray key = QDir(stateDirectory).absolutePath().toUtf8();
    m_name = QStringLiteral("fetchdeck-%1-%2")
                 .arg(::getuid())
                 .arg(QString::fromLatin1(
                     QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16)));
}

bool SingleInstance::handOver(const QList<QUrl> &urls)
{
    {
        // Startup only, before any window: a short blocking exchange is fine here.
        QLocalSocket socket;
        socket.connectToServer(m_name);
        if (socket.waitForConnected(ConnectTimeoutMs)) {
            QByteArray message;
            for (const QUrl &url : urls)
                message += url.toEncoded() + '\n';
            message += '\n';
            socket.write(message);
            socket.waitForBytesWritten(ReplyTimeoutMs);
            while (socket.bytesAvailable() < 3 && socket.waitForReadyRead(ReplyTimeoutMs)) {
            }
            if (socket.readAll().startsWith("ok"))
                return true;
        }
    }
    // Nobody answers: a socket file left by a crashed instance must not block listening.
    QLocalServer::removeServer(m_name);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name))
        qWarning("fetchdeck: cannot listen for other instances: %s",
                 qPrintable(m_server->errorString()));
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onConnection);
    return false;
}

void SingleInstance::onConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->bytesAvailable() > MaxMessageBytes) {
                socket->abort();
                return;
            }
            // Wait for the terminating empty line.
            const QByteArray peek = socket->peek(socket->bytesAvailable());
            if (!(peek == "\n" || peek.endsWith("\n\n")))
                return;
            QList<QUrl> urls;
            for (const QByteArray &line : socket->readAll().split('\n')) {
                const QUrl url = QUrl::fromEncoded(line.trimmed(), QUrl::StrictMode);
                if (!line.trimmed().isEmpty() && url.isValid())
                    urls.append(url);
            }
            socket->write("ok\n");
            socket->flush();
            Q_EMIT urlsReceived(urls);
        });
    }
}
