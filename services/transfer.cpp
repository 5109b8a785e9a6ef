// The download coroutine.
#include "transfer.h"

#include "filenames.h"
#include "models/format.h"
#include "models/taskmodel.h"
#include "partfile.h"
#include "urls.h"

#include <QCoreApplication>
#include <QCoroNetworkReply>
#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>

static QString tr(const char *text)
{
    return QCoreApplication::translate("Transfer", text);
}

void TransferControl::requestStop(Stop why)
{
    if (stop == Stop::None)
        stop = why;
    if (reply && reply->isRunning())
        reply->abort();
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

static TaskError makeError(TaskError::Kind kind, const QString &message, const QUrl &url)
{
    TaskError e;
    e.kind = kind;
    e.message = message;
    e.detail = url.toDisplayString();
    return e;
}

namespace {
// Frees the reply however the coroutine leaves: abort if still running, then deleteLater
// (never delete an object a coroutine may be awaiting).
struct ReplyGuard {
    QNetworkReply *reply;
    ~ReplyGuard()
    {
        if (reply->isRunning())
            reply->abort();
        reply->deleteLater();
    }
};
} // namespace

QCoro::Task<TransferOutcome> runTransfer(TransferRequest request, TransferContext context,
                                         std::shared_ptr<TransferControl> control)
{
    using Stop = TransferControl::Stop;
    TaskModel *model = context.model;
    const TaskId id = request.id;
    auto stopped = [&control] { return control->stop != Stop::None; };
    auto stoppedOutcome = [&control] {
        TransferOutcome o;
        o.state = control->stop == Stop::Cancel ? TaskState::Canceled : TaskState::Queued;
        return o;
    };

    QString why;
    if (!Urls::isDownloadable(request.url, &why))
        co_return TransferOutcome{
            TaskState::Failed, makeError(TaskError::Kind::InvalidUrl, why, request.url), {}};

    QNetworkRequest req(request.url);
    // Byte counts and offsets must refer to the file, not to a compressed stream.
    req.setRawHeader("Accept-Encoding", "identity");
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::NoLessSafeRedirectPolicy);
    req.setMaximumRedirectsAllowed(10);
    // HTTP/2's small default windows slow bulk transfers; HTTP/1.1 with one connection each is
    // faster.
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    req.setHeader(QNetworkRequest::UserAgentHeader,
                  QStringLiteral("Fetchdeck/%1").arg(QStringLiteral(FETCHDECK_VERSION)));

    model->appendLog(id, tr("GET %1").arg(request.url.toDisplayString()));
    QNetworkReply *reply = context.manager->get(req);
    ReplyGuard guard{reply};
    reply->setReadBufferSize(256 * 1024); // bounded memory: Qt stops reading the socket beyond this
    control->reply = reply;

    PartFile file(context.ioPool);
    QString fileName;
    qint64 done = 0;
    qint64 total = -1;
    bool headersSeen = false;
    const auto stallTimeout = std::chrono::milliseconds(request.stallTimeoutMs);
    TaskError failure;

    while (!stopped()) {
        if (reply->bytesAvailable() == 0 && !reply->isFinished()) {
            const bool ready = co_await qCoro(reply).waitForReadyRead(stallTimeout);
            if (stopped())
                break;
            if (!ready && !reply->isFinished() && reply->error() == QNetworkReply::NoError &&
                reply->bytesAvailable() == 0) {
                failure =
                    makeError(TaskError::Kind::Network,
                              tr("stalled: no data for %1 s").arg(request.stallTimeoutMs / 1000),
                              request.url);
                break;
            }
            continue;
        }

        if (!headersSeen) {
            headersSeen = true;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            // A 2xx body is read to its end even if the connection broke meanwhile: the
            // length check after the loop tells a short body from a network failure.
            if (status < 200 || status >= 300)
                failure = errorFromReply(reply);
            if (!failure.isError() && (status < 200 || status >= 300))
                failure = makeError(TaskError::Kind::Http, QStringLiteral("HTTP %1").arg(status),
                                    request.url);
            if (failure.isError())
                break;
            const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
            total = length.isValid() ? length.toLongLong() : -1;
            model->appendLog(id, tr("HTTP %1, %2").arg(status).arg(Format::bytes(total)));
            fileName = context.reserveName(request.directory, FileNames::fromUrl(reply->url()));
            model->setFileName(id, fileName);
            model->setProgress(id, 0, total);
            const QString partPath =
                QDir(request.directory).filePath(fileName + QStringLiteral(".part"));
            const QString openError = co_await file.open(partPath);
            if (!openError.isEmpty()) {
                failure = makeError(TaskError::Kind::Disk, openError, request.url);
                failure.detail = partPath;
                break;
            }
            if (stopped())
                break;
        }

        if (reply->bytesAvailable() == 0) {
            if (reply->isFinished())
                break;
            continue;
        }
        const QByteArray chunk = reply->readAll();
        done += chunk.size();
        model->setProgress(id, done, total);
        const QString writeError = co_await file.write(chunk);
        if (!writeError.isEmpty()) {
            failure = makeError(TaskError::Kind::Disk, writeError, request.url);
            failure.detail = file.path();
            break;
        }
    }
    control->reply = nullptr;

    if (stopped()) {
        if (control->stop == Stop::Cancel) {
            co_await file.discard();
            model->appendLog(id, tr("Canceled; partial file deleted"));
        } else {
            co_await file.close();
        }
        co_return stoppedOutcome();
    }

    const bool cutShort = total >= 0 && done != total;
    if (!failure.isError() && !(cutShort && reply->error() == QNetworkReply::RemoteHostClosedError))
        failure = errorFromReply(reply);
    if (!failure.isError() && cutShort) {
        failure = makeError(TaskError::Kind::Integrity,
                            tr("body shorter than announced: %1 of %2 bytes").arg(done).arg(total),
                            request.url);
    }
    if (failure.isError()) {
        // Keep nothing that could be mistaken for a finished file.
        if (file.isOpen() || !file.path().isEmpty())
            co_await file.discard();
        co_return TransferOutcome{TaskState::Failed, failure, fileName};
    }

    const PartFile::Committed committed = co_await file.commit(request.directory, fileName);
    if (!committed.error.isEmpty()) {
        TaskError e = makeError(TaskError::Kind::Disk, committed.error, request.url);
        e.detail = file.path();
        co_await file.discard();
        co_return TransferOutcome{TaskState::Failed, e, fileName};
    }
    model->appendLog(id, tr("Saved as %1").arg(committed.fileName));
    co_return TransferOutcome{TaskState::Completed, {}, committed.fileName};
}
