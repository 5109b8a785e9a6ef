// Local-socket hand-over between dashboard instances. Protocol: the newcomer sends one URL per
// line (or "dir=FOLDER", or "get=" and a browser's download request as one line of JSON,
// checked again here) and then an empty line; the running instance answers "ok\n". Browser
// downloads come as one batch, "batch=ID" first: the answer counts what was taken ("ok get=N"),
// so a dashboard too old to know them (it answers a bare "ok") is not mistaken for one that
// took them, and a batch sent again after a slow answer is not added twice. "until=MS" (since
// the epoch) says until when the sender waits: a batch read later is answered "late", not added.
#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <sys/stat.h>
#include <unistd.h>

namespace {
constexpr int ConnectTimeoutMs = 1000;
constexpr int ReplyTimeoutMs = 5000;
constexpr qint64 MaxMessageBytes = 64 << 20;
} // namespace

// A folder only we can enter: ours, a real folder (no link), nothing for group or others.
static bool isPrivateFolder(const QString &path)
{
    struct stat st {};
    return !path.isEmpty() && ::lstat(QFile::encodeName(path).constData(), &st) == 0 &&
           S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & 077) == 0;
}

SingleInstance::SingleInstance(const QString &stateDirectory, QObject *parent) : QObject(parent)
{
    const QByteArray key = QDir(stateDirectory).absolutePath().toUtf8();
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16));
    // Never a shared folder such as /tmp, where another user could listen first under the
    // name and receive the URLs (with their tokens): XDG_RUNTIME_DIR when it is ours and
    // 0700, else a 0700 folder inside the state folder.
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    m_folder = isPrivateFolder(runtime)
                   ? runtime
                   : QDir(stateDirectory).absoluteFilePath(QStringLiteral("run"));
    m_name = QDir(m_folder).filePath(QStringLiteral("fetchdeck-%1.sock").arg(hash));
    // A socket path is at most 107 bytes: under a long state folder, a private folder of this
    // user's in the temporary folder instead (one another user made first is not used).
    if (QFile::encodeName(m_name).size() > 100) {
        m_folder = QDir(QDir::tempPath()).filePath(QStringLiteral("fetchdeck-%1").arg(::geteuid()));
        m_name = QDir(m_folder).filePath(QStringLiteral("fetchdeck-%1.sock").arg(hash));
    }
}

// The socket is talked to only if it is a socket of our own in a folder of our own.
bool SingleInstance::isTrusted() const
{
    struct stat st {};
    return isPrivateFolder(m_folder) && ::lstat(QFile::encodeName(m_name).constData(), &st) == 0 &&
           S_ISSOCK(st.st_mode) && st.st_uid == ::geteuid();
}

bool SingleInstance::handOver(const QList<QUrl> &urls, const QString &directory)
{
    QByteArray message;
    if (!directory.isEmpty())
        message += "dir=" + QDir(directory).absolutePath().toUtf8() + '\n';
    for (const QUrl &url : urls)
        message += url.toEncoded() + '\n';
    return send(message + '\n');
}

SingleInstance::Handed
SingleInstance::handOverDownloads(const QList<NativeMessaging::Request> &downloads,
                                  const QByteArray &batch, QDeadlineTimer deadline)
{
    QByteArray message = "batch=" + batch + '\n';
    // Until when this host waits: a dashboard that reads the batch later does not add it (the
    // browser kept its copy by then).
    if (!deadline.isForever())
        message +=
            "until=" +
            QByteArray::number(QDateTime::currentMSecsSinceEpoch() + deadline.remainingTime()) +
            '\n';
    for (const NativeMessaging::Request &d : downloads)
        message += "get=" + NativeMessaging::toMessage(d) + '\n';
    QByteArray reply;
    send(message + '\n', &reply, deadline);
    if (reply.isEmpty())
        return Handed::NoAnswer;
    return reply.trimmed() == "ok get=" + QByteArray::number(downloads.size()) ? Handed::Taken
                                                                               : Handed::Refused;
}

bool SingleInstance::send(const QByteArray &message, QByteArray *reply, QDeadlineTimer deadline)
{
    // Startup only, before any window (or the native messaging host): a short blocking
    // exchange is fine here.
    if (!isTrusted())
        return false;
    const auto upTo = [&deadline](int ms) {
        return deadline.isForever()
                   ? ms
                   : int(std::min<qint64>(ms, std::max<qint64>(deadline.remainingTime(), 0)));
    };
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(upTo(ConnectTimeoutMs)))
        return false;
    socket.write(message);
    socket.waitForBytesWritten(upTo(ReplyTimeoutMs));
    QByteArray answer;
    while (!answer.endsWith('\n') && socket.waitForReadyRead(upTo(ReplyTimeoutMs)))
        answer += socket.readAll();
    answer += socket.readAll();
    if (reply)
        *reply = answer;
    return answer.startsWith("ok");
}

bool SingleInstance::listen()
{
    // <state>/run is made private; a folder there that is not (someone else's, a link) is not
    // used at all.
    if (!QFileInfo::exists(m_folder) && QDir().mkpath(m_folder))
        ::chmod(QFile::encodeName(m_folder).constData(), 0700);
    if (!isPrivateFolder(m_folder)) {
        qWarning("fetchdeck: %s is not a private folder: no hand-over between instances",
                 qPrintable(m_folder));
        return false;
    }
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
            QList<NativeMessaging::Request> downloads;
            QString directory;
            QByteArray batch;
            qint64 until = 0; // ms since the epoch; 0: the sender waits as long as it takes
            for (const QByteArray &line : socket->readAll().split('\n')) {
                if (line.startsWith("batch=")) {
                    batch = line.mid(6);
                    continue;
                }
                if (line.startsWith("until=")) {
                    until = line.mid(6).toLongLong();
                    continue;
                }
                if (line.startsWith("get=")) {
                    QString why;
                    if (auto d = NativeMessaging::parseRequest(line.mid(4), &why))
                        downloads.append(*d);
                    continue;
                }
                if (line.startsWith("dir=")) {
                    directory = QString::fromUtf8(line.mid(4));
                    continue;
                }
                const QUrl url = QUrl::fromEncoded(line.trimmed(), QUrl::StrictMode);
                if (!line.trimmed().isEmpty() && url.isValid())
                    urls.append(url);
            }
            if (!batch.isEmpty() && until > 0 && QDateTime::currentMSecsSinceEpoch() > until) {
                socket->write("late\n"); // its sender stopped waiting: the browser kept its copy
                socket->flush();
                return;
            }
            if (batch.isEmpty()) {
                socket->write("ok\n");
            } else {
                socket->write("ok get=" + QByteArray::number(downloads.size()) + '\n');
                if (m_batches.contains(batch)) {
                    downloads.clear(); // taken already: its first answer came too late
                } else {
                    m_batches.append(batch);
                    if (m_batches.size() > 64)
                        m_batches.removeFirst();
                }
            }
            socket->flush();
            if (!downloads.isEmpty())
                Q_EMIT downloadsReceived(downloads);
            // (A browser host from before batches sends get= lines only: no window raised.)
            if (batch.isEmpty() && (!urls.isEmpty() || downloads.isEmpty()))
                Q_EMIT urlsReceived(urls, directory);
        });
    }
}
