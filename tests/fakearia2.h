// A scripted stand-in for an aria2 daemon's JSON-RPC over HTTP, for races a real aria2c cannot
// be made to show on demand: the test decides when (and whether) each call is answered.
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <functional>
#include <memory>

// One HTTP POST per call, answered with Connection: close. `handle` gets the request object and
// a function that answers it (now or later).
class FakeAria2 : public QObject {
public:
    using Reply = std::function<void(const QJsonObject &)>; // {"result":..} or {"error":..}
    std::function<void(const QJsonObject &request, Reply reply)> handle;

    FakeAria2()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::readyRead, this, [this, s, buffer] {
                    buffer->append(s->readAll());
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const QByteArray head = buffer->left(end).toLower();
                    const qsizetype cl = head.indexOf("content-length:");
                    const int length =
                        head.mid(cl + 15, head.indexOf("\r\n", cl) - cl - 15).trimmed().toInt();
                    if (buffer->size() < end + 4 + length)
                        return;
                    const QJsonObject request =
                        QJsonDocument::fromJson(buffer->mid(end + 4, length)).object();
                    buffer->clear();
                    QPointer<QTcpSocket> socket(s);
                    const QJsonValue id = request.value(QLatin1String("id"));
                    handle(request, [socket, id](const QJsonObject &answer) {
                        if (!socket)
                            return;
                        QJsonObject o = answer;
                        o.insert(QStringLiteral("jsonrpc"), QStringLiteral("2.0"));
                        o.insert(QStringLiteral("id"), id);
                        const QByteArray body = QJsonDocument(o).toJson(QJsonDocument::Compact);
                        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                      "Connection: close\r\nContent-Length: " +
                                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
                        socket->disconnectFromHost();
                    });
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/jsonrpc").arg(m_server.serverPort()));
    }

    static QJsonObject result(const QJsonValue &v) { return {{QStringLiteral("result"), v}}; }
    static QJsonObject error(int code, const QString &message)
    {
        return {{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                      {QStringLiteral("message"), message}}}};
    }
    static QString method(const QJsonObject &r)
    {
        return r.value(QLatin1String("method")).toString();
    }
    // The method names inside a system.multicall.
    static QStringList inner(const QJsonObject &r)
    {
        QStringList names;
        for (const QJsonValue &c : r.value(QLatin1String("params")).toArray().first().toArray())
            names.append(c.toObject().value(QLatin1String("methodName")).toString());
        return names;
    }

private:
    QTcpServer m_server;
};

inline QJsonObject stoppedBrief(const QString &gid)
{
    return {{QStringLiteral("gid"), gid}, {QStringLiteral("status"), QStringLiteral("complete")}};
}
inline QJsonObject full(const QString &gid, const QString &status)
{
    return {{QStringLiteral("gid"), gid},
            {QStringLiteral("status"), status},
            {QStringLiteral("totalLength"), QStringLiteral("10")},
            {QStringLiteral("completedLength"), QStringLiteral("10")},
            {QStringLiteral("dir"), QStringLiteral("/srv")},
            {QStringLiteral("files"),
             QJsonArray{QJsonObject{{QStringLiteral("path"), QStringLiteral("/srv/") + gid}}}}};
}
