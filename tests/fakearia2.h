// A scripted stand-in for an aria2 daemon's JSON-RPC over HTTP, for races a real aria2c cannot
// be made to show on demand: the test decides when (and whether) each call is answered.
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QPointer>
#include <QSet>
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
    QList<QByteArray> heads; // each request's line and headers, as received
    int requests = 0;        // HTTP requests received

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
                    heads.append(buffer->left(end));
                    ++requests;
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

// A daemon's downloads as the fake serves them: getVersion, addUri, the poll's three lists,
// tellStatus (an error for a gid it does not hold) and system.multicall of those. A test
// changes `status` between polls to move the downloads on.
struct FakeDownloads {
    QMap<QString, QString> status; // gid -> active, waiting, paused, complete, error, removed
    QMap<QString, QStringList> followedBy; // a metalink's gid -> the downloads it led to
    int added = 0;
    int largestMulticall = 0; // calls in the biggest system.multicall received
    int polls = 0;            // tellActive calls answered
    int statusCalls = 0;      // tellStatus calls answered
    QSet<QString> unlisted;   // held (tellStatus knows them) but in no list, as past a cut one

    QJsonObject answer(const QString &method, QJsonArray params)
    {
        if (!params.isEmpty() && params.first().toString().startsWith(QLatin1String("token:")))
            params.removeFirst();
        const auto object = [&](const QString &gid) {
            QJsonObject o = full(gid, status.value(gid));
            if (followedBy.contains(gid))
                o.insert(QStringLiteral("followedBy"),
                         QJsonArray::fromStringList(followedBy.value(gid)));
            return o;
        };
        const auto listed = [&](const QStringList &which, bool brief) {
            QJsonArray list;
            for (auto it = status.cbegin(); it != status.cend(); ++it)
                if (which.contains(it.value()) && !unlisted.contains(it.key()))
                    list.append(brief ? QJsonObject{{QStringLiteral("gid"), it.key()},
                                                    {QStringLiteral("status"), it.value()}}
                                      : object(it.key()));
            return FakeAria2::result(list);
        };
        if (method == QLatin1String("aria2.getVersion"))
            return FakeAria2::result(
                QJsonObject{{QStringLiteral("version"), QStringLiteral("1.36.0")}});
        if (method == QLatin1String("aria2.addUri")) {
            const QString gid = QStringLiteral("%1").arg(++added, 16, 16, QLatin1Char('0'));
            status.insert(gid, QStringLiteral("waiting"));
            return FakeAria2::result(gid);
        }
        if (method == QLatin1String("aria2.tellActive")) {
            ++polls;
            return listed({QStringLiteral("active")}, false);
        }
        if (method == QLatin1String("aria2.tellWaiting"))
            return listed({QStringLiteral("waiting"), QStringLiteral("paused")}, true);
        if (method == QLatin1String("aria2.tellStopped"))
            return listed(
                {QStringLiteral("complete"), QStringLiteral("error"), QStringLiteral("removed")},
                true);
        if (method == QLatin1String("aria2.tellStatus")) {
            ++statusCalls;
            const QString gid = params.first().toString();
            if (!status.contains(gid))
                return FakeAria2::error(1, QStringLiteral("GID %1 is not found").arg(gid));
            return FakeAria2::result(object(gid));
        }
        if (method == QLatin1String("system.multicall")) {
            const QJsonArray calls = params.first().toArray();
            largestMulticall = qMax(largestMulticall, int(calls.size()));
            QJsonArray answers;
            for (const QJsonValue &c : calls) {
                const QJsonObject o = c.toObject();
                const QJsonObject a = answer(o.value(QLatin1String("methodName")).toString(),
                                             o.value(QLatin1String("params")).toArray());
                answers.append(a.contains(QLatin1String("error"))
                                   ? a.value(QLatin1String("error"))
                                   : QJsonValue(QJsonArray{a.value(QLatin1String("result"))}));
            }
            return FakeAria2::result(answers);
        }
        return FakeAria2::result(QStringLiteral("OK"));
    }
    // Answers every request of `fake` as this daemon.
    void serve(FakeAria2 *fake)
    {
        fake->handle = [this](const QJsonObject &r, const FakeAria2::Reply &reply) {
            reply(answer(FakeAria2::method(r), r.value(QLatin1String("params")).toArray()));
        };
    }
    // ... except the poll (the multicall asking tellActive), refused as a daemon without
    // system.multicall (or a proxy allowing some methods only) refuses it.
    void serveRefusingPolls(FakeAria2 *fake)
    {
        fake->handle = [this](const QJsonObject &r, const FakeAria2::Reply &reply) {
            if (FakeAria2::inner(r).contains(QLatin1String("aria2.tellActive")))
                reply(FakeAria2::error(1, QStringLiteral("No such method: system.multicall")));
            else
                reply(answer(FakeAria2::method(r), r.value(QLatin1String("params")).toArray()));
        };
    }
};
