// aria2's JSON-RPC over HTTP(S) (a POST per call through libcurl) or a WebSocket.
#include "aria2rpc.h"

#include "services/http/curlmulti.h"
#include "services/http/curltransfer.h"
#include "services/http/httperrors.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QWebSocket>
#include <curl/curl.h>

namespace {
constexpr qint64 MaxReplyBytes = 64 * 1024 * 1024; // a hostile endpoint must not fill memory

RpcError makeError(RpcError::Kind kind, const QString &message, int code = 0)
{
    RpcError e;
    e.kind = kind;
    e.message = message;
    e.code = code;
    return e;
}

// An aria2 error object: {"code": 1, "message": "Unauthorized"}.
RpcError rpcError(const QJsonObject &error)
{
    const int code = error.value(QLatin1String("code")).toInt();
    const QString message = error.value(QLatin1String("message")).toString();
    if (code == 1 && message == QLatin1String("Unauthorized"))
        return makeError(RpcError::Kind::Unauthorized,
                         Aria2Rpc::tr("the secret token is wrong (aria2 said Unauthorized)"), code);
    return makeError(RpcError::Kind::Rpc,
                     message.isEmpty() ? Aria2Rpc::tr("aria2 error %1").arg(code) : message, code);
}

// The proxy a WebSocket goes through: the one given (as curl reads it: http://, socks5://,
// socks5h://; never an https:// one, which QNetworkProxy cannot speak TLS to: see
// sendWebSocket), or Qt's default (none) when none is given.
QNetworkProxy webSocketProxy(const QString &proxy)
{
    if (proxy.isEmpty())
        return QNetworkProxy(QNetworkProxy::DefaultProxy);
    const QUrl url(proxy);
    const bool socks = url.scheme().startsWith(QLatin1String("socks5"));
    return QNetworkProxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
                         quint16(url.port(socks ? 1080 : 8080)), url.userName(), url.password());
}

void resumeLater(const std::shared_ptr<Aria2Rpc::Pending> &p)
{
    // Posted to the application: the waiter resumes from the event loop even when the
    // connection object is gone by then.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [p] {
            if (const std::coroutine_handle<> h = std::exchange(p->waiter, {}))
                h.resume();
        },
        Qt::QueuedConnection);
}
} // namespace

bool RpcError::isConnectionError() const
{
    return kind == Kind::Unreachable || kind == Kind::Tls || kind == Kind::Timeout ||
           kind == Kind::NotAria2 || kind == Kind::Closed || kind == Kind::Unauthorized;
}

Aria2Rpc::Aria2Rpc(const QUrl &url, const QString &secret, QObject *parent)
    : QObject(parent), m_url(url), m_secret(secret)
{
}

Aria2Rpc::~Aria2Rpc()
{
    disconnectNow();
}

QString Aria2Rpc::checkUrl(const QUrl &url)
{
    static const QStringList schemes{QStringLiteral("http"), QStringLiteral("https"),
                                     QStringLiteral("ws"), QStringLiteral("wss")};
    if (!url.isValid() || url.host().isEmpty())
        return tr("not a valid address: %1 (for example http://host:6800/jsonrpc)")
            .arg(url.toDisplayString(QUrl::RemoveUserInfo));
    if (!url.userInfo().isEmpty()) // it would be shown and stored like any address
        return tr("an aria2 RPC address has no user name or password (aria2 uses its secret "
                  "token): %1")
            .arg(url.toDisplayString(QUrl::RemoveUserInfo));
    if (!schemes.contains(url.scheme()))
        return tr("an aria2 RPC address starts with http://, https://, ws:// or wss://: %1")
            .arg(url.toDisplayString(QUrl::RemoveUserInfo));
    return {};
}

bool Aria2Rpc::isWebSocket() const
{
    return m_url.scheme() == QLatin1String("ws") || m_url.scheme() == QLatin1String("wss");
}

QJsonArray Aria2Rpc::withToken(QJsonArray params) const
{
    if (!m_secret.isEmpty())
        params.prepend(QStringLiteral("token:") + m_secret);
    return params;
}

QCoro::Task<RpcResult> Aria2Rpc::call(QString method, QJsonArray params)
{
    const QString id = QString::number(m_nextId++);
    const QJsonObject request{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                              {QStringLiteral("id"), id},
                              {QStringLiteral("method"), method},
                              {QStringLiteral("params"), withToken(std::move(params))}};
    const std::shared_ptr<Pending> pending =
        send(QJsonDocument(request).toJson(QJsonDocument::Compact), id);
    co_await Awaiter{pending.get()};      // `this` may be gone after this point
    co_return std::move(pending->result); // read by nobody after this
}

QCoro::Task<QList<RpcResult>> Aria2Rpc::multicall(QList<RpcCall> calls)
{
    QJsonArray list;
    for (const RpcCall &c : calls)
        list.append(QJsonObject{{QStringLiteral("methodName"), c.method},
                                {QStringLiteral("params"), withToken(c.params)}});
    const QString id = QString::number(m_nextId++);
    const QJsonObject request{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                              {QStringLiteral("id"), id},
                              {QStringLiteral("method"), QStringLiteral("system.multicall")},
                              {QStringLiteral("params"), QJsonArray{list}}};
    const std::shared_ptr<Pending> pending =
        send(QJsonDocument(request).toJson(QJsonDocument::Compact), id);
    co_await Awaiter{pending.get()};
    QList<RpcResult> results;
    const RpcResult &all = pending->result;
    const QJsonArray answers = all.value.toArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        RpcResult r;
        if (all.error.isError()) {
            r.error = all.error;
        } else if (i >= answers.size()) {
            r.error = makeError(RpcError::Kind::NotAria2, tr("a call had no answer"));
        } else if (answers[i].isArray()) {
            r.value = answers[i].toArray().first(); // [value]
        } else {
            r.error = rpcError(answers[i].toObject()); // a fault: {code, message}
        }
        results.append(r);
    }
    co_return results;
}

std::shared_ptr<Aria2Rpc::Pending> Aria2Rpc::send(const QByteArray &body, const QString &id)
{
    auto pending = std::make_shared<Pending>();
    m_pending.insert(id, pending);
    pending->timer = new QTimer(this);
    pending->timer->setSingleShot(true);
    connect(pending->timer, &QTimer::timeout, this, [this, id] {
        const RpcError timeout = makeError(
            RpcError::Kind::Timeout,
            tr("no answer from %1 within %2 s").arg(where(), QString::number(m_timeoutMs / 1000)));
        complete(id, {{}, timeout});
        // A WebSocket that does not answer (a peer gone without closing: suspend, another
        // network) or never finished its handshake is dropped: the next call connects anew.
        if (m_socket)
            dropSocket(timeout);
    });
    pending->timer->start(m_timeoutMs);
    if (isWebSocket())
        sendWebSocket(body, id);
    else
        sendHttp(body, id);
    return pending;
}

void Aria2Rpc::complete(const QString &id, RpcResult result)
{
    const std::shared_ptr<Pending> p = m_pending.take(id);
    if (!p)
        return; // answered already (a timeout raced the answer)
    if (p->timer)
        p->timer->deleteLater();
    p->timer = nullptr;
    if (auto *transfer = qobject_cast<CurlTransfer *>(p->transfer.data())) {
        transfer->abort(); // nothing when it has finished
        transfer->deleteLater();
    }
    p->result = std::move(result);
    p->done = true;
    if (p->waiter)
        resumeLater(p);
}

QString Aria2Rpc::where() const
{
    QUrl url = m_url;
    url.setUserInfo({}); // never a password in a message
    return url.authority();
}

void Aria2Rpc::dropSocket(const RpcError &why)
{
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    m_socketOpen = false;
    m_unsent.clear();
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    const QStringList ids = m_pending.keys();
    for (const QString &id : ids)
        complete(id, {{}, why});
}

void Aria2Rpc::disconnectNow()
{
    const QStringList ids = m_pending.keys();
    for (const QString &id : ids)
        complete(id, {{}, makeError(RpcError::Kind::Closed, tr("the connection was closed"))});
    m_unsent.clear();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
        m_socketOpen = false;
    }
}

RpcResult Aria2Rpc::parseReply(const QByteArray &body, int httpStatus) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject reply = doc.object();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() ||
        reply.value(QLatin1String("jsonrpc")) != QLatin1String("2.0")) {
        const QString status = httpStatus > 0 ? tr(" (HTTP %1)").arg(httpStatus) : QString();
        return {{},
                makeError(RpcError::Kind::NotAria2,
                          tr("%1 answered, but not as an aria2 RPC endpoint does%2")
                              .arg(m_url.toDisplayString(QUrl::RemoveUserInfo), status))};
    }
    if (reply.contains(QLatin1String("error")))
        return {{}, rpcError(reply.value(QLatin1String("error")).toObject())};
    return {reply.value(QLatin1String("result")), {}};
}

void Aria2Rpc::sendHttp(const QByteArray &body, const QString &id)
{
    if (!m_http)
        m_http = new CurlMulti(this);
    HttpRequest request;
    request.url = m_url;
    request.postBody = body;
    request.http2 = false;
    request.maxRedirects = 0; // an RPC endpoint does not move; a redirect is not aria2
    request.caFile = m_caFile;
    request.proxy = m_proxy;
    request.netrc = false; // aria2 takes its secret token, never the host's ~/.netrc login
    request.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    auto *transfer = new CurlTransfer(m_http, request, this);
    m_pending.value(id)->transfer = transfer;
    auto received = std::make_shared<QByteArray>();
    connect(transfer, &CurlTransfer::progressed, this, [this, transfer, received, id] {
        if (!m_pending.contains(id))
            return; // timed out or closed meanwhile: aborted then
        received->append(transfer->take());
        if (received->size() > MaxReplyBytes) {
            complete(id, {{},
                          makeError(RpcError::Kind::NotAria2,
                                    tr("%1 sent an answer over 64 MiB; not aria2")
                                        .arg(m_url.toDisplayString(QUrl::RemoveUserInfo)))});
            return;
        }
        if (!transfer->isFinished())
            return;
        const int code = transfer->curlCode();
        if (code != CURLE_OK) {
            const TaskError e = errorFromTransfer(*transfer);
            complete(id, {{},
                          makeError(isTlsFailure(code) ? RpcError::Kind::Tls
                                                       : RpcError::Kind::Unreachable,
                                    tr("cannot reach %1: %2").arg(where(), e.message), code)});
            return;
        }
        complete(id, parseReply(*received, transfer->status()));
    });
    transfer->start();
}

void Aria2Rpc::openWebSocket()
{
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(MaxReplyBytes); // as for HTTP answers
    m_socket->setProxy(webSocketProxy(m_proxy));               // as for HTTP calls
    if (!m_caFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromPath(m_caFile));
        m_socket->setSslConfiguration(tls);
    }
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_socketOpen = true;
        for (const auto &[id, body] : std::exchange(m_unsent, {}))
            if (m_pending.contains(id))
                m_socket->sendTextMessage(QString::fromUtf8(body));
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &Aria2Rpc::onWebSocketMessage);
    connect(m_socket, &QWebSocket::disconnected, this, &Aria2Rpc::onWebSocketClosed);
    // A refused upgrade (an HTTP server that is not aria2) may report only an error.
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (!m_socketOpen)
            onWebSocketClosed();
    });
    m_socket->open(m_url);
}

void Aria2Rpc::sendWebSocket(const QByteArray &body, const QString &id)
{
    // QNetworkProxy speaks no TLS to a proxy: it sent an https:// proxy its CONNECT and the
    // proxy's login in the clear. Nothing goes there.
    if (QUrl(m_proxy).scheme().toLower() == QLatin1String("https")) {
        complete(id, {{},
                      makeError(RpcError::Kind::Unreachable,
                                tr("cannot reach %1: an https:// proxy cannot carry a WebSocket "
                                   "(use an http:// or socks5:// proxy, or an http(s):// address "
                                   "for the engine)")
                                    .arg(where()),
                                0)});
        return;
    }
    if (!m_socket)
        openWebSocket();
    if (m_socketOpen)
        m_socket->sendTextMessage(QString::fromUtf8(body));
    else
        m_unsent.append({id, body});
}

void Aria2Rpc::onWebSocketMessage(const QString &message)
{
    const QByteArray body = message.toUtf8();
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (object.contains(QLatin1String("method"))) { // a notification: {method, params:[{gid}]}
        const QJsonObject event =
            object.value(QLatin1String("params")).toArray().first().toObject();
        Q_EMIT notified(object.value(QLatin1String("method")).toString(),
                        event.value(QLatin1String("gid")).toString());
        return;
    }
    const QJsonValue id = object.value(QLatin1String("id"));
    const QString key = id.isString() ? id.toString() : QString::number(id.toInteger());
    if (m_pending.contains(key))
        complete(key, parseReply(body, 0));
}

void Aria2Rpc::onWebSocketClosed()
{
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    if (!socket)
        return; // reported already (an error, then the close)
    const bool wasOpen = std::exchange(m_socketOpen, false);
    m_unsent.clear();
    RpcError::Kind kind = RpcError::Kind::Unreachable;
    QString why = socket->errorString();
    switch (socket->error()) {
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        kind = RpcError::Kind::Tls;
        break;
    case QAbstractSocket::ConnectionRefusedError:
    case QAbstractSocket::HostNotFoundError:
    case QAbstractSocket::NetworkError:
    case QAbstractSocket::SocketTimeoutError:
    case QAbstractSocket::RemoteHostClosedError:
        break;
    default:
        if (!wasOpen) { // the server answered the upgrade, but not as a WebSocket endpoint
            kind = RpcError::Kind::NotAria2;
            why = tr("%1 answered, but not as an aria2 RPC endpoint does (%2)")
                      .arg(m_url.toDisplayString(QUrl::RemoveUserInfo), socket->errorString());
        }
        break;
    }
    socket->disconnect(this);
    socket->deleteLater();
    const QString message =
        kind == RpcError::Kind::NotAria2 ? why : tr("cannot reach %1: %2").arg(where(), why);
    const QStringList ids = m_pending.keys();
    for (const QString &id : ids)
        complete(id, {{}, makeError(kind, message)});
    if (wasOpen)
        Q_EMIT webSocketLost();
}
