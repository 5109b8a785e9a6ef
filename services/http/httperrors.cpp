// Mapping libcurl's results to messages a user understands, and to retry classes.
#include "httperrors.h"

#include "curltransfer.h"

#include <QCoreApplication>
#include <cerrno>
#include <curl/curl.h>

static QString tr(const char *text)
{
    return QCoreApplication::translate("Transfer", text);
}

static QString dateOf(const QDateTime &when)
{
    return when.isValid() ? when.date().toString(Qt::ISODate) : tr("an unknown date");
}

// What is wrong with the server's certificate, in the words a user can act on.
static QString certificateMessage(const CurlTransfer &t)
{
    const TlsPeer &peer = t.tlsPeer();
    const QString name =
        peer.commonName.isEmpty() ? peer.subject : QStringLiteral("CN=") + peer.commonName;
    switch (peer.verifyError) {
    case TlsVerify::SelfSigned:
        return tr("certificate not trusted (self-signed: %1)").arg(name);
    case TlsVerify::SelfSignedInChain:
    case TlsVerify::UnknownIssuer:
        return tr("certificate not trusted (issued by %1, an authority this computer does not "
                  "trust)")
            .arg(peer.issuer);
    case TlsVerify::Expired:
        return tr("certificate expired on %1").arg(dateOf(peer.failedNotAfter));
    case TlsVerify::NotYetValid:
        return tr("certificate not valid before %1").arg(dateOf(peer.failedNotBefore));
    case TlsVerify::Revoked:
        return tr("certificate revoked");
    case 0:
        break;
    default:
        return tr("certificate not trusted (%1)").arg(peer.verifyErrorText);
    }
    // Trusted, but not for this host: curl checks the name after OpenSSL's verification.
    const QString message = t.curlMessage();
    if (peer.seen && (message.contains(QLatin1String("subject name")) ||
                      message.contains(QLatin1String("host name")))) {
        const QStringList names = peer.names.isEmpty() ? QStringList{peer.commonName} : peer.names;
        return tr("certificate is for %1, not %2")
            .arg(names.join(QLatin1String(", ")), t.url().host());
    }
    return {};
}

// The server (or something between) closed or reset the connection in the middle of the
// handshake: no verdict on certificates or protocols, the same hiccup as a reset later on.
static bool handshakeCutShort(const CurlTransfer &t)
{
    if (t.curlCode() != CURLE_SSL_CONNECT_ERROR || !certificateMessage(t).isEmpty())
        return false;
    const QString message = t.curlMessage();
    return t.osErrno() == ECONNRESET || t.osErrno() == EPIPE ||
           message.contains(QLatin1String("SSL_ERROR_SYSCALL")) ||
           message.contains(QLatin1String("Connection reset"), Qt::CaseInsensitive) ||
           message.contains(QLatin1String("unexpected eof"), Qt::CaseInsensitive);
}

static QString handshakeMessage(const CurlTransfer &t)
{
    const QString certificate = certificateMessage(t);
    if (!certificate.isEmpty())
        return certificate;
    const QString message = t.curlMessage();
    for (const char *noCommonGround :
         {"no protocols available", "unsupported protocol", "no shared cipher", "handshake failure",
          "tlsv1 alert protocol version", "version too low"})
        if (message.contains(QLatin1String(noCommonGround), Qt::CaseInsensitive))
            return tr("the server offered no protocol we accept");
    if (message.contains(QLatin1String("wrong version number"), Qt::CaseInsensitive))
        return tr("the server does not speak TLS on this port");
    return tr("TLS: %1").arg(message);
}

static QString transportMessage(const CurlTransfer &t)
{
    const int err = t.osErrno();
    switch (CURLcode(t.curlCode())) {
    case CURLE_COULDNT_CONNECT:
        if (err == ECONNREFUSED)
            return tr("Connection refused");
        if (err == ENETUNREACH || err == EHOSTUNREACH)
            return tr("Network unreachable");
        return tr("Could not connect");
    case CURLE_COULDNT_RESOLVE_HOST:
        return tr("Host not found");
    case CURLE_COULDNT_RESOLVE_PROXY:
        return tr("Proxy not found");
    case CURLE_OPERATION_TIMEDOUT:
        return tr("Connection timed out");
    case CURLE_TOO_MANY_REDIRECTS:
        return tr("too many redirects");
    case CURLE_UNSUPPORTED_PROTOCOL: {
        const QUrl target = t.refusedRedirect();
        if (target.scheme() == QLatin1String("http"))
            return tr("redirect from https to http refused");
        if (target.isValid())
            return tr("redirect to an unsupported protocol (%1) refused").arg(target.scheme());
        return tr("unsupported protocol");
    }
    case CURLE_PARTIAL_FILE:
        return tr("Connection closed by the server");
    case CURLE_GOT_NOTHING:
        return tr("The server closed the connection without answering");
    case CURLE_RECV_ERROR:
        if (err == ECONNRESET)
            return tr("Connection reset by the server");
        return tr("Receiving failed: %1").arg(t.curlMessage());
    case CURLE_SEND_ERROR:
        return tr("Connection lost while sending");
    case CURLE_OUT_OF_MEMORY:
        // curl 7.88 reports a response header over its limit (100 KiB a line) this way.
        return tr("response header too large");
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return tr("malformed response: %1").arg(t.curlMessage());
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
        return handshakeMessage(t);
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
        return tr("TLS: %1").arg(t.curlMessage());
    default:
        return t.curlMessage();
    }
}

bool isTlsFailure(int curlCode)
{
    switch (curlCode) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return true;
    default:
        return false;
    }
}

TaskError errorFromTransfer(const CurlTransfer &t)
{
    TaskError e;
    const QString url = t.urlText();
    const int status = t.status();
    if (t.curlCode() == CURLE_OK && status >= 300) {
        e.kind = TaskError::Kind::Http;
        e.httpStatus = status;
        e.message = QStringLiteral("HTTP %1 %2")
                        .arg(status)
                        .arg(QString::fromLatin1(t.reasonPhrase()))
                        .trimmed();
        e.detail = url;
        return e;
    }
    // A proxy that would not open the tunnel: its status decides as a server's would (its login,
    // 407, is final; its trouble reaching the server, 502 or 503, is retried).
    if (t.curlCode() != CURLE_OK && t.connectCode() >= 300) {
        e.kind = TaskError::Kind::Http;
        e.httpStatus = t.connectCode();
        e.message = t.connectCode() == 407
                        ? tr("the proxy refused: HTTP 407 (it wants a login, or not this one)")
                        : tr("the proxy refused: HTTP %1").arg(t.connectCode());
        e.detail = QStringLiteral("%1\n%2 (curl error %3)")
                       .arg(url, t.curlMessage(), QString::number(t.curlCode()));
        return e;
    }
    if (t.curlCode() != CURLE_OK) {
        e.kind = TaskError::Kind::Network;
        e.networkError = t.curlCode();
        e.message = transportMessage(t);
        if (handshakeCutShort(t)) {
            e.message = tr("the connection closed during the TLS handshake");
            e.networkError = CURLE_RECV_ERROR; // retried as such; the detail keeps curl's code
        }
        e.detail = QStringLiteral("%1\n%2 (curl error %3)")
                       .arg(url, t.curlMessage(), QString::number(t.curlCode()));
        if (const QString certificate = t.tlsPeer().describe(); !certificate.isEmpty())
            e.detail += QLatin1Char('\n') + certificate;
    }
    return e;
}

TaskError makeTaskError(TaskError::Kind kind, const QString &message, const QString &detail)
{
    TaskError e;
    e.kind = kind;
    e.message = message;
    e.detail = detail;
    return e;
}

bool isTransientNetworkError(int curlCode)
{
    switch (CURLcode(curlCode)) {
    case CURLE_COULDNT_RESOLVE_HOST: // DNS fails while a laptop is offline
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT: // and our own stall clock
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_PROXY:
        return true;
    default:
        return false;
    }
}

int stallErrorCode()
{
    return CURLE_OPERATION_TIMEDOUT;
}

bool isClosedEarly(int curlCode)
{
    return curlCode == CURLE_PARTIAL_FILE;
}
