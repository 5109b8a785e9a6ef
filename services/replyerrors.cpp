// Mapping Qt's network errors to messages a user understands.
#include "replyerrors.h"

#include <QCoreApplication>
#include <QNetworkReply>

static QString tr(const char *text)
{
    return QCoreApplication::translate("Transfer", text);
}

static QString networkMessage(QNetworkReply::NetworkError code, const QString &fallback)
{
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        return tr("Connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return tr("Connection closed by the server");
    case QNetworkReply::HostNotFoundError:
        return tr("Host not found");
    case QNetworkReply::TimeoutError:
        return tr("Connection timed out");
    case QNetworkReply::SslHandshakeFailedError:
        return tr("TLS handshake failed");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return tr("Network unavailable");
    case QNetworkReply::TooManyRedirectsError:
        return tr("too many redirects");
    case QNetworkReply::InsecureRedirectError:
        return tr("redirect from https to http refused");
    case QNetworkReply::ProtocolUnknownError:
        return tr("unsupported protocol");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return tr("Proxy unreachable");
    default:
        return fallback;
    }
}

TaskError errorFromReply(const QNetworkReply *reply)
{
    TaskError e;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString url = reply->url().toDisplayString();
    if (status >= 400 || (status >= 300 && reply->error() == QNetworkReply::NoError)) {
        QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        e.kind = TaskError::Kind::Http;
        e.httpStatus = status;
        e.networkError = reply->error();
        e.message = QStringLiteral("HTTP %1 %2").arg(status).arg(reason).trimmed();
        e.detail = QStringLiteral("%1\n%2").arg(url, reply->errorString());
        return e;
    }
    if (reply->error() != QNetworkReply::NoError) {
        e.kind = TaskError::Kind::Network;
        e.networkError = reply->error();
        e.message = networkMessage(reply->error(), reply->errorString());
        e.detail = QStringLiteral("%1\n%2 (Qt error %3)")
                       .arg(url, reply->errorString())
                       .arg(int(reply->error()));
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
