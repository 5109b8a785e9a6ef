// One HTTP(S) request through libcurl, read like a stream: the owner waits for progressed(),
// then looks at the final response's headers and takes the body with take(). Memory is
// bounded: when the owner has not taken BufferLimit bytes, the transfer pauses curl (real
// backpressure: the socket is not read) until take() makes room.
#pragma once

#include "tlspeer.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <chrono>
#include <coroutine>
#include <optional>
#include <utility>

class CurlMulti;
typedef void CURL;
struct curl_slist;

struct HttpRequest {
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers; // Range, If-Range, ...
    QString proxy;     // "" = curl's environment (http_proxy, no_proxy, ...), else a URL
    QString caFile;    // the PEM roots to trust (CURLOPT_CAINFO); "" = curl's default bundle
    bool http2 = true; // HTTP/2 over TLS where the server offers it (ALPN); false: HTTP/1.1
    int maxRedirects = 10;
    qint64 bufferLimit = 1024 * 1024; // bytes held for the owner before curl is paused
    QByteArray postBody; // non-empty: a POST of these bytes (a JSON-RPC call), not a GET
    // A URL without a password takes its host's ~/.netrc login. Off for aria2's RPC port: that
    // login is for the host's web or FTP server, and the RPC port is often plain http.
    bool netrc = true;
    // The page a browser started the download from: each address the request goes to, the
    // first and every redirect's, gets the Referer a browser would send it (Urls::referer).
    QString referrer;
};

class CurlTransfer final : public QObject {
    Q_OBJECT
public:
    CurlTransfer(CurlMulti *multi, HttpRequest request, QObject *parent = nullptr);
    ~CurlTransfer() override;

    // Starts the request. Failing to start is reported like any failure (finished, an error).
    void start();
    // Closes the connection at once; progressed() follows from the event loop, never from here.
    void abort();

    // The final response's status line and headers are known once body bytes arrived or the
    // transfer finished (1xx and followed redirects are behind us by then).
    bool responseReady() const { return !m_body.isEmpty() || m_finished; }
    bool isFinished() const { return m_finished; }
    bool wasAborted() const { return m_aborted; }
    int status() const { return m_status; }
    QByteArray reasonPhrase() const { return m_reason; }
    QByteArray rawHeader(const QByteArray &name) const; // the last one of that name
    qint64 contentLength() const;                       // -1 when the server did not say
    QUrl url() const;                                   // after redirects
    // The URL asked for, as QUrl::toDisplayString() reads it (no password), made once; and
    // the same for url(), after redirects.
    QString requestUrlText() const;
    QString urlText() const;
    QUrl refusedRedirect() const; // where a redirect curl would not follow pointed
    // Two different Content-Length values, or one that is not a decimal number ("0x64", "-5"):
    // no length, and so no body, can be trusted. Empty when the length is sound.
    QString lengthProblem() const { return m_lengthProblem; }

    qint64 bytesAvailable() const { return m_body.size(); }
    // The buffered body, valid until consume(), takeBuffer() or the next return to the event
    // loop; then consume() empties the buffer (keeping its memory) and lets curl go on if it
    // was paused.
    QByteArrayView peek() const { return m_body; }
    void consume(qint64 bytes = -1); // -1: all of it
    // Holds at most this much before pausing curl (a speed limit wants small bursts).
    void setBufferLimit(qint64 bytes);
    QByteArray take(); // a copy of everything buffered, consumed
    // Everything buffered, handed over without a copy (the buffer goes with it), consumed: for
    // a finished transfer, whose buffer takes nothing more.
    QByteArray takeBuffer();

    int curlCode() const { return m_result; }        // CURLcode, 0 = OK
    const TlsPeer &tlsPeer() const { return m_tls; } // the server's certificate, if https
    int osErrno() const { return m_osErrno; }
    // A proxy's answer to the CONNECT of an https:// transfer (0: none); not 2xx: no tunnel.
    int connectCode() const { return m_connectCode; }
    QString curlMessage() const; // curl's own words for the failure

    // co_await transfer->news(timeout): false when `timeout` passed without body bytes or the
    // end; true otherwise (possibly early: check again). Resumes at once when there is news
    // already; never from inside curl or a socket notification (the waiter may unpause curl).
    // One waiter at a time. (QCoro 0.8's qCoro(signal, timeout) delivers through queued events
    // that can reach an awaiter already gone: a crash under load.)
    struct NewsAwaiter {
        CurlTransfer *transfer;
        std::chrono::milliseconds timeout;
        bool await_ready() const noexcept { return transfer->hasNews(); }
        void await_suspend(std::coroutine_handle<> waiter) noexcept;
        bool await_resume() const noexcept { return !transfer->m_timedOut; }
    };
    NewsAwaiter news(std::chrono::milliseconds timeout) { return {this, timeout}; }
    bool hasNews() const { return !m_body.isEmpty() || m_finished; }

    // co_await transfer->delay(ms): waits that long whatever arrives (a speed limit's pause).
    struct DelayAwaiter {
        CurlTransfer *transfer;
        std::chrono::milliseconds delay;
        bool await_ready() const noexcept { return delay.count() <= 0; }
        void await_suspend(std::coroutine_handle<> waiter) noexcept;
        void await_resume() const noexcept {}
    };
    DelayAwaiter delay(std::chrono::milliseconds ms) { return {this, ms}; }

Q_SIGNALS:
    void progressed(); // body bytes arrived, or the transfer finished

private:
    friend class CurlMulti;
    static size_t writeCallback(char *data, size_t size, size_t count, void *self);
    static size_t headerCallback(char *data, size_t size, size_t count, void *self);
    void finish(int result); // from CurlMulti, outside curl's callbacks
    // Points the handle at the request's URL or a redirect's, with that address's headers.
    void aimAt(const QUrl &url, const QByteArray &encoded);
    // After a redirect curl left to us: true when the request goes on to its target; false
    // (and *result set when it is a failure) when the transfer ends here.
    bool followRedirect(int *result);
    bool isRedirect() const;          // the latest response is one curl would follow
    const char *redirectedTo() const; // curl's effective URL when it is not the one asked for
    void wake(); // from CurlMulti after news: resumes the waiter from the event loop
    void resumeWaiter();

    CurlMulti *m_multi;
    QPointer<CurlMulti> m_pool; // where the handle goes back (unless the multi is gone first)
    HttpRequest m_request;
    QByteArray m_encodedUrl; // what curl was given: url() is the request's while they match
    mutable QString m_requestUrlText;
    CURL *m_easy = nullptr;
    curl_slist *m_headerList = nullptr;
    bool m_secure = false;     // an https request: redirects stay on https
    bool m_followSelf = false; // redirects are followed here, one at a time, not by curl
    bool m_leftOrigin = false; // redirected away from the request's origin (to come back, maybe)
    std::optional<std::pair<QByteArray, QByteArray>> m_netrcLogin; // for the request's host
    int m_redirects = 0;                                           // followed here
    char m_errorBuffer[256] = {};
    bool m_attached = false;
    bool m_paused = false;
    bool m_notifyPending = false; // queued in CurlMulti's news
    bool m_finished = false;
    bool m_aborted = false;
    QString m_lengthProblem;
    int m_result = 0;
    int m_osErrno = 0;
    int m_connectCode = 0;
    int m_status = 0;
    QByteArray m_reason;
    QList<std::pair<QByteArray, QByteArray>> m_headers; // of the latest response
    QByteArray m_body;
    TlsPeer m_tls;
    std::coroutine_handle<> m_waiter; // a coroutine in news()
    QTimer m_waitTimer;
    bool m_timedOut = false;
    bool m_resumePosted = false;
};
