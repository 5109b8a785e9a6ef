// Local-socket hand-over between dashboard instances. Protocol: the newcomer sends one URL per
// line and then an empty line; the running instance answers "ok\n".
#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QStandardPaths>
#include <unistd.h>

namespace {
constexpr int ConnectTimeoutMs = 1000;
constexpr int ReplyTimeoutMs = 5000;
constexpr qint64 MaxMessageBytes = 64 << 20;
} // namespace

SingleInstance::SingleInstance(const QString &stateDirectory, QObject *parent) : QObject(parent)
{
    const QByteArray key = QDir(stateDirectory).absolutePath().toUtf8();
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16));
    // XDG_RUNTIME_DIR is the user's own (0700): no other user can squat on the name or answer
    // in our place, as they could in /tmp.
    QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (runtime.isEmpty())
        runtime = QDir::tempPath();
    m_name = QDir(runtime).filePath(QStringLiteral("fetchdeck-%1.sock").arg(hash));
}

bool SingleInstance::handOver(const QList<QUrl> &urls, const QString &directory)
{
    // Startup only, before any window: a short blocking exchange is fine here.
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(ConnectTimeoutMs))
        return false;
    QByteArray message;
    if (!directory.isEmpty())
        message += "dir=" + QDir(directory).absolutePath().toUtf8() + '\n';
    for (const QUrl &url : urls)
        message += url.toEncoded() + '\n';
    message += '\n';
    socket.write(message);
    socket.waitForBytesWritten(ReplyTimeoutMs);
    while (socket.bytesAvailable() < 3 && socket.waitForReadyRead(ReplyTimeoutMs)) {
    }
    return socket.readAll().startsWith("ok");
}

bool SingleInstance::listen()
{
    // We hold the state folder's lock: a socket file here is a crashed owner's.
    QLocalServer::removeServer(m_name);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onConnection);
    if (m_server->listen(m_name))
        return true;
    qWarning("fetchdeck: cannot listen for other instances: %s",
             qPrintable(m_server->errorString()));
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
            QString directory;
            for (const QByteArray &line : socket->readAll().split('\n')) {
                if (line.startsWith("dir=")) {
                    directory = QString::fromUtf8(line.mid(4));
                    continue;
                }
                const QUrl url = QUrl::fromEncoded(line.trimmed(), QUrl::StrictMode);
                if (!line.trimmed().isEmpty() && url.isValid())
                    urls.append(url);
            }
            socket->write("ok\n");
            socket->flush();
            Q_EMIT urlsReceived(urls, directory);
        });
    }
}
