// One libcurl easy handle, its options, and the buffer between curl and the owner.
#include "curltransfer.h"

#include "curlmulti.h"
#include "httpheaders.h"
#include "netrc.h"
#include "services/urls.h"

#include <QCoreApplication>
#include <QFile>
#include <algorithm>
#include <curl/curl.h>
#include <sys/socket.h>

namespace {
constexpr long CurlBufferBytes = 256 * 1024; // fewer, larger reads on fast links

QByteArray userAgent()
{
    return QByteArrayLiteral("Fetchdeck/") + QByteArray(FETCHDECK_VERSION);
}
// curl 7.88 opens its sockets without close-on-exec: a program we start (Open, a browser's
// native host) would inherit every connection, keep it open past curl's close, and keep it in
// CurlMulti's epoll set, which would then report it ready on every pass of the event loop.
curl_socket_t openSocket(void *, curlsocktype, curl_sockaddr *address)
{
    return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}
} // namespace

CurlTransfer::CurlTransfer(CurlMulti *multi, HttpRequest request, QObject *parent)
    : QObject(parent), m_multi(multi), m_request(std::move(request)),
      m_encodedUrl(m_request.url.toEncoded())
{
    m_waitTimer.setSingleShot(true);
    connect(&m_waitTimer, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        resumeWaiter();
    });
}

void CurlTransfer::NewsAwaiter::await_suspend(std::coroutine_handle<> waiter) noexcept
{
    transfer->m_timedOut = false;
    transfer->m_waiter = waiter;
    transfer->m_waitTimer.start(timeout);
}

void CurlTransfer::wake()
{
    // Queued to this object (dropped if it is deleted first): the waiter may unpause curl or
    // abort, which must not happen inside a socket notification curl is still handling.
    if (!m_waiter || m_resumePosted)
        return;
    m_resumePosted = true;
    QMetaObject::invokeMethod(this, &CurlTransfer::resumeWaiter, Qt::QueuedConnection);
}

void CurlTransfer::resumeWaiter()
{
    m_resumePosted = false;
    m_waitTimer.stop();
    if (const std::coroutine_handle<> waiter = std::exchange(m_waiter, {}))
        waiter.resume(); // owners free transfers with deleteLater(), never in here
}

CurlTransfer::~CurlTransfer()
{
    unwatchTlsPeer(&m_tls); // a pooled connection may verify again after this transfer is gone
    if (m_attached)
        m_multi->detach(this);
    if (m_easy) {
        // Only a handle whose transfer went well serves another: curl keeps a failure's system
        // error on the handle (reset or not, until curl 8.8), and a TLS failure may leave a
        // session behind whose resumption would skip the certificate the next error describes.
        const bool clean = m_finished && !m_aborted && m_result == CURLE_OK && m_osErrno == 0;
        if (m_pool && clean)
            m_pool->giveBackEasy(m_easy);
        else
            curl_easy_cleanup(m_easy);
    }
    curl_slist_free_all(m_headerList);
}

void CurlTransfer::start()
{
    m_pool = m_multi;
    m_easy = m_multi->takeEasy();
    if (!m_easy) {
        finish(CURLE_FAILED_INIT);
        return;
    }
    m_secure = m_request.url.scheme() == QLatin1String("https");
    curl_easy_setopt(m_easy, CURLOPT_PRIVATE, this);
    curl_easy_setopt(m_easy, CURLOPT_ERRORBUFFER, m_errorBuffer);
    curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &CurlTransfer::writeCallback);
    curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &CurlTransfer::headerCallback);
    curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_BUFFERSIZE, CurlBufferBytes);
    // Only http and https, on the first request and on every redirect; never https to http.
    curl_easy_setopt(m_easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(m_easy, CURLOPT_REDIR_PROTOCOLS_STR, m_secure ? "https" : "http,https");
    curl_easy_setopt(m_easy, CURLOPT_USERAGENT, userAgent().constData());
    curl_easy_setopt(m_easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETFUNCTION, &openSocket);
    // A URL without a password takes the login of its host from ~/.netrc (as curl -n and wget
    // do, but never a "default" entry): the way to keep a password off the command line and
    // out of the task list. A user name in the URL picks that user's entry. curl sends it to
    // this host only, not after a redirect elsewhere.
    if (m_request.netrc && m_request.url.password().isEmpty()) {
        if (const auto login =
                netrcLogin(m_request.url.host(), m_request.url.userName(QUrl::FullyDecoded))) {
            m_netrcLogin = {login->login.toUtf8(), login->password.toUtf8()};
            curl_easy_setopt(m_easy, CURLOPT_USERNAME, m_netrcLogin->first.constData());
            curl_easy_setopt(m_easy, CURLOPT_PASSWORD, m_netrcLogin->second.constData());
        }
    }
    // A proxy's own "200 Connection established" is not the server's answer.
    curl_easy_setopt(m_easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    if (!m_request.proxy.isEmpty())
        curl_easy_setopt(m_easy, CURLOPT_PROXY, m_request.proxy.toUtf8().constData());
    curl_easy_setopt(m_easy, CURLOPT_HTTP_VERSION,
                     m_request.http2 ? long(CURL_HTTP_VERSION_2TLS) : long(CURL_HTTP_VERSION_1_1));
    // Also for http: a redirect may lead to https.
    if (!m_request.caFile.isEmpty())
        curl_easy_setopt(m_easy, CURLOPT_CAINFO, QFile::encodeName(m_request.caFile).constData());
    watchTlsPeer(m_easy, &m_tls); // for messages that say what is wrong with a certificate
    if (!m_request.postBody.isEmpty()) {
        curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         curl_off_t(m_request.postBody.size()));
        curl_easy_setopt(m_easy, CURLOPT_COPYPOSTFIELDS, m_request.postBody.constData());
    }
    aimAt(m_request.url, m_encodedUrl);
    if (!m_multi->attach(this))
        finish(CURLE_FAILED_INIT);
}

void CurlTransfer::aimAt(const QUrl &url, const QByteArray &encoded)
{
    curl_easy_setopt(m_easy, CURLOPT_URL, encoded.constData()); // curl copies it
    curl_slist_free_all(std::exchange(m_headerList, nullptr));
    // Byte counts and Range offsets must refer to the file itself, not a compressed stream.
    m_headerList = curl_slist_append(m_headerList, "Accept-Encoding: identity");
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        // Away from the request's origin, as curl does on the redirects it follows itself.
        const bool secret = name.compare("Cookie", Qt::CaseInsensitive) == 0 ||
                            name.compare("Authorization", Qt::CaseInsensitive) == 0;
        if (!(secret && m_leftOrigin))
            m_headerList = curl_slist_append(m_headerList, (name + ": " + value).constData());
    }
    const QString referer = Urls::referer(m_request.referrer, url);
    if (!referer.isEmpty())
        m_headerList =
            curl_slist_append(m_headerList, ("Referer: " + referer.toUtf8()).constData());
    curl_easy_setopt(m_easy, CURLOPT_HTTPHEADER, m_headerList);
    // curl sends the same headers after each redirect it follows: a Referer that says more than
    // the page's origin would reach another origin. Such redirects are followed here instead.
    // Once begun, the whole chain is followed here: curl would take the next host for the
    // request's own and leave out the cookies and logins when the chain comes back.
    m_followSelf =
        m_followSelf || (!referer.isEmpty() && referer != Urls::originOf(QUrl(m_request.referrer)));
    curl_easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, m_followSelf ? 0L : 1L);
    curl_easy_setopt(m_easy, CURLOPT_MAXREDIRS, long(m_request.maxRedirects - m_redirects));
}

bool CurlTransfer::isRedirect() const
{
    // The responses curl follows: any 3xx that says where to go.
    return m_status >= 300 && m_status < 400 && !rawHeader("Location").isEmpty();
}

bool CurlTransfer::followRedirect(int *result)
{
    char *location = nullptr;
    if (!isRedirect() || curl_easy_getinfo(m_easy, CURLINFO_REDIRECT_URL, &location) != CURLE_OK ||
        !location)
        return false;
    // The failures curl would report for a redirect it followed itself.
    if (m_redirects >= m_request.maxRedirects) {
        *result = CURLE_TOO_MANY_REDIRECTS;
        return false;
    }
    // As the server wrote it when curl could not parse it (a space, raw bytes).
    QUrl target = HttpHeaders::locationUrl(location);
    if (!target.isValid()) {
        *result = CURLE_URL_MALFORMAT;
        return false;
    }
    const QString scheme = target.scheme().toLower();
    if (scheme != QLatin1String("https") && (m_secure || scheme != QLatin1String("http"))) {
        *result = CURLE_UNSUPPORTED_PROTOCOL; // refusedRedirect() says where it pointed
        return false;
    }
    ++m_redirects;
    // What curl keeps on its own redirects: the logins of the request's own origin (the URL's
    // password, a ~/.netrc login) and its Cookie and Authorization headers, only there.
    m_leftOrigin = !Urls::sameOrigin(target, m_request.url);
    if (!m_leftOrigin && target.userInfo().isEmpty())
        target.setUserInfo(m_request.url.userInfo());
    if (m_netrcLogin) {
        curl_easy_setopt(m_easy, CURLOPT_USERNAME,
                         m_leftOrigin ? nullptr : m_netrcLogin->first.constData());
        curl_easy_setopt(m_easy, CURLOPT_PASSWORD,
                         m_leftOrigin ? nullptr : m_netrcLogin->second.constData());
    }
    m_status = 0; // the redirect is behind us: nothing of it is the answer
    m_reason.clear();
    m_headers.clear();
    m_multi->detach(this);
    aimAt(target, target.toEncoded());
    if (!m_multi->attach(this)) {
        *result = CURLE_FAILED_INIT;
        return false;
    }
    return true;
}

void CurlTransfer::abort()
{
    if (m_finished)
        return;
    m_aborted = true;
    m_multi->detach(this); // closes the connection: it is mid-response, so never reused
    finish(CURLE_ABORTED_BY_CALLBACK);
}

void CurlTransfer::finish(int result)
{
    if (m_finished)
        return;
    if (result == CURLE_OK && m_followSelf && !m_aborted && followRedirect(&result))
        return;
    m_finished = true;
    m_result = result;
    if (m_easy) {
        long osErrno = 0;
        curl_easy_getinfo(m_easy, CURLINFO_OS_ERRNO, &osErrno);
        m_osErrno = int(osErrno);
        long connectCode = 0;
        curl_easy_getinfo(m_easy, CURLINFO_HTTP_CONNECTCODE, &connectCode);
        m_connectCode = int(connectCode);
    }
    m_multi->detach(this);
    m_multi->notifyLater(this);
}

size_t CurlTransfer::writeCallback(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<CurlTransfer *>(self);
    const qsizetype bytes = qsizetype(size * count);
    if (t->m_followSelf && t->isRedirect())
        return size_t(bytes); // the redirect's own page, not the file (curl drops it too)
    if (t->m_body.size() >= t->m_request.bufferLimit) {
        t->m_paused = true; // curl keeps this data and offers it again after consume()
        return CURL_WRITEFUNC_PAUSE;
    }
    t->m_body.append(data, bytes);
    t->m_multi->notifyLater(t);
    return size_t(bytes);
}

size_t CurlTransfer::headerCallback(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<CurlTransfer *>(self);
    const size_t bytes = size * count;
    const QByteArray line = QByteArray(data, qsizetype(bytes)).trimmed();
    if (line.startsWith("HTTP/")) {
        // A new response (after a 1xx or a redirect): its headers replace the last ones.
        t->m_headers.clear();
        t->m_lengthProblem.clear();
        const QList<QByteArray> parts = line.split(' ');
        t->m_status = parts.size() > 1 ? parts[1].toInt() : 0;
        const qsizetype reasonAt = parts.size() > 2 ? line.indexOf(' ', line.indexOf(' ') + 1) : -1;
        t->m_reason = reasonAt > 0 ? line.mid(reasonAt + 1).trimmed() : QByteArray();
    } else if (const qsizetype colon = line.indexOf(':'); colon > 0) {
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            // curl reads "0x64" as 0 and takes one of two values: we trust neither.
            const QByteArray earlier = t->rawHeader(name);
            const bool decimal =
                !value.isEmpty() && std::all_of(value.cbegin(), value.cend(),
                                                [](char c) { return c >= '0' && c <= '9'; });
            if (!decimal)
                t->m_lengthProblem = QCoreApplication::translate(
                                         "Transfer", "a Content-Length that is not a number (%1)")
                                         .arg(QString::fromLatin1(value.left(40)));
            else if (!earlier.isNull() && earlier != value)
                t->m_lengthProblem =
                    QCoreApplication::translate("Transfer", "conflicting Content-Length headers");
        }
        t->m_headers.append({name, value});
    }
    return bytes;
}

QByteArray CurlTransfer::rawHeader(const QByteArray &name) const
{
    for (auto it = m_headers.crbegin(); it != m_headers.crend(); ++it) {
        if (it->first.compare(name, Qt::CaseInsensitive) == 0)
            return it->second;
    }
    return {};
}

qint64 CurlTransfer::contentLength() const
{
    curl_off_t length = -1;
    if (m_easy)
        curl_easy_getinfo(m_easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    return length >= 0 ? qint64(length) : -1;
}

const char *CurlTransfer::redirectedTo() const
{
    char *effective = nullptr;
    if (m_easy && curl_easy_getinfo(m_easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK &&
        effective && m_encodedUrl != effective)
        return effective;
    return nullptr;
}

QUrl CurlTransfer::url() const
{
    const char *redirected = redirectedTo();
    if (!redirected)
        return m_request.url;
    // Within the request's origin its login goes on, as on the hops (the pieces of a split
    // download ask here: without it, 401).
    QUrl target = QUrl::fromEncoded(redirected);
    if (target.userInfo().isEmpty() && Urls::sameOrigin(target, m_request.url))
        target.setUserInfo(m_request.url.userInfo());
    return target;
}

QString CurlTransfer::requestUrlText() const
{
    if (m_requestUrlText.isNull()) {
        // Most URLs read as they are encoded: no escapes, no punycode, no user or password
        // (an empty password still shows as "user:@"). The encoded form is there already;
        // QUrl's display form costs a conversion per part.
        const bool plain = !m_encodedUrl.contains('%') && !m_encodedUrl.contains("xn--") &&
                           !m_encodedUrl.contains('@');
        m_requestUrlText =
            plain ? QString::fromLatin1(m_encodedUrl) : m_request.url.toDisplayString();
    }
    return m_requestUrlText;
}

QString CurlTransfer::urlText() const
{
    const char *redirected = redirectedTo();
    return redirected ? QUrl::fromEncoded(redirected).toDisplayString() : requestUrlText();
}

QUrl CurlTransfer::refusedRedirect() const
{
    const QByteArray location = rawHeader("Location");
    if (m_status < 300 || m_status >= 400 || location.isEmpty())
        return {};
    return url().resolved(QUrl::fromEncoded(location));
}

void CurlTransfer::consume(qint64 bytes)
{
    if (bytes >= 0 && bytes < m_body.size()) {
        m_body.remove(0, bytes); // a speed limit took part of it; the rest waits here
        return;                  // still full enough: curl stays paused until it drains
    }
    m_body.resize(0); // the buffer keeps its capacity: no allocation per chunk
    if (m_paused && m_attached) {
        m_paused = false;
        curl_easy_pause(m_easy, CURLPAUSE_CONT); // may deliver the held data right away
    }
}

void CurlTransfer::setBufferLimit(qint64 bytes)
{
    m_request.bufferLimit = std::max<qint64>(16 * 1024, bytes);
}

void CurlTransfer::DelayAwaiter::await_suspend(std::coroutine_handle<> waiter) noexcept
{
    // The owner frees a transfer only after its coroutine ended, so `transfer` outlives this.
    QTimer::singleShot(delay, transfer, [waiter] { waiter.resume(); });
}

QByteArray CurlTransfer::take()
{
    const QByteArray out(m_body.constData(), m_body.size());
    consume();
    return out;
}

QByteArray CurlTransfer::takeBuffer()
{
    QByteArray out = std::exchange(m_body, {});
    consume();
    return out;
}

QString CurlTransfer::curlMessage() const
{
    if (m_errorBuffer[0] != '\0')
        return QString::fromUtf8(m_errorBuffer).trimmed();
    return QString::fromUtf8(curl_easy_strerror(CURLcode(m_result)));
}
