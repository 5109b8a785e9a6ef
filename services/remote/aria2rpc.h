// A JSON-RPC connection to one aria2 daemon (aria2c --enable-rpc): calls over HTTP(S) through
// libcurl, or over a WebSocket (ws://, wss://), which also carries aria2's notifications. Every
// call takes the secret token; every failure is a value that says what is wrong (unreachable,
// wrong secret, not aria2, TLS, a timeout, or aria2's own error).
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <coroutine>
#include <memory>
#include <qcorotask.h>

class CurlMulti;
class QWebSocket;

struct RpcError {
    enum class Kind { None, Unreachable, Unauthorized, NotAria2, Tls, Timeout, Rpc, Closed };
    Kind kind = Kind::None;
    int code = 0;    // aria2's error code (Kind::Rpc), the CURLcode otherwise
    QString message; // for the user: "wrong secret token", "Connection refused", aria2's words
    bool isError() const { return kind != Kind::None; }
    // Whether the daemon could not be talked to at all (then it is offline, not just a call).
    bool isConnectionError() const;
};

struct RpcResult {
    QJsonValue value; // the call's result
    RpcError error;
};

struct RpcCall {
    QString method; // "aria2.tellActive"
    QJsonArray params;
};

class Aria2Rpc final : public QObject {
    Q_OBJECT
public:
    Aria2Rpc(const QUrl &url, const QString &secret, QObject *parent = nullptr);
    ~Aria2Rpc() override; // calls still waiting end with Kind::Closed

    // "" when `url` can be an aria2 RPC endpoint (http, https, ws or wss, with a host).
    static QString checkUrl(const QUrl &url);
    QUrl url() const { return m_url; }
    bool isWebSocket() const;
    void setTimeout(int ms) { m_timeoutMs = ms; }
    // The roots an https or wss daemon is checked against (a CaBundle's file(), which holds
    // the default roots too; "" = the system's), and the proxy for http(s) calls (a URL; "" =
    // curl's environment, http_proxy, no_proxy...). For the calls that start from then on.
    void setCaFile(const QString &file) { m_caFile = file; }
    void setProxy(const QString &proxy) { m_proxy = proxy; }

    // One call; the token goes first in `params`. Resumes from the event loop, never inside
    // the caller; a caller that may be destroyed meanwhile checks a QPointer after co_await.
    QCoro::Task<RpcResult> call(QString method, QJsonArray params = {});
    // Several calls in one round trip (system.multicall); the results in the same order. A
    // failure of the round trip itself is each result's error.
    QCoro::Task<QList<RpcResult>> multicall(QList<RpcCall> calls);

    // Fails every waiting call and closes the WebSocket; the next call connects again.
    void disconnectNow();

Q_SIGNALS:
    // aria2.onDownloadStart, ...Pause, ...Stop, ...Complete, ...Error (WebSocket only).
    void notified(const QString &method, const QString &gid);
    void webSocketLost(); // an open WebSocket closed (the daemon stopped, the network went)

public:
    struct Pending {
        RpcResult result;
        bool done = false;
        std::coroutine_handle<> waiter;
        QTimer *timer = nullptr;
        QPointer<QObject> transfer; // the HTTP request, aborted when the call ends otherwise
    };
    // Holds a plain pointer: g++ 12 may destroy an awaiter temporary twice (a shared_ptr in
    // it was released one time too many); the awaiting coroutine keeps the call alive.
    struct Awaiter {
        Pending *pending;
        bool await_ready() const noexcept { return pending->done; }
        void await_suspend(std::coroutine_handle<> h) noexcept { pending->waiter = h; }
        void await_resume() const noexcept {}
    };

private:
    std::shared_ptr<Pending> send(const QByteArray &body, const QString &id);
    void sendHttp(const QByteArray &body, const QString &id);
    void sendWebSocket(const QByteArray &body, const QString &id);
    void openWebSocket();
    void dropSocket(const RpcError &why); // fails the calls waiting on it
    QString where() const;                // host:port, never with a user or password
    void onWebSocketMessage(const QString &message);
    void onWebSocketClosed();
    void complete(const QString &id, RpcResult result);
    RpcResult parseReply(const QByteArray &body, int httpStatus) const;
    QJsonArray withToken(QJsonArray params) const;

    QUrl m_url;
    QString m_secret;
    int m_timeoutMs = 10000;
    QString m_caFile;
    QString m_proxy;
    quint64 m_nextId = 1;
    CurlMulti *m_http = nullptr;
    QWebSocket *m_socket = nullptr;
    bool m_socketOpen = false;
    QList<std::pair<QString, QByteArray>> m_unsent; // waiting for the WebSocket to open
    QHash<QString, std::shared_ptr<Pending>> m_pending;
};
