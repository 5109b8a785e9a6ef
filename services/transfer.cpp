// The download coroutine: one attempt, resuming the partial file when there is one.
#include "transfer.h"

#include "filenames.h"
#include "httpheaders.h"
#include "jobs/hashjob.h"
#include "jobs/jobrunner.h"
#include "models/format.h"
#include "models/taskmodel.h"
#include "partfile.h"
#include "replyerrors.h"
#include "retrypolicy.h"
#include "urls.h"

#include <QCoreApplication>
#include <QCoroFuture>
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
    if (job)
        job->cancel();
}

static QString partPathFor(const QString &directory, const QString &fileName)
{
    return QDir(directory).filePath(fileName + QStringLiteral(".part"));
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

struct Pass {
    enum class End { Completed, StartOver, Failed, Stopped };
    End end = End::Failed;
    TaskError error;
};

// Everything one attempt shares between its request passes. Lives in runTransfer's frame and
// is only used while runTransfer awaits receive().
struct Attempt {
    TransferRequest request;
    TransferContext context;
    std::shared_ptr<TransferControl> control;
    PartFile file;
    TransferOutcome outcome;
    bool stopped() const { return control->stop != TransferControl::Stop::None; }
};

QNetworkRequest makeRequest(const Attempt &a, qint64 offset)
{
    QNetworkRequest req(a.request.url);
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
    if (offset > 0) {
        req.setRawHeader("Range", "bytes=" + QByteArray::number(offset) + '-');
        // A weak ETag cannot validate a range; Last-Modified can.
        if (!a.outcome.etag.isEmpty() && !a.outcome.etag.startsWith("W/"))
            req.setRawHeader("If-Range", a.outcome.etag);
        else if (!a.outcome.lastModified.isEmpty())
            req.setRawHeader("If-Range", a.outcome.lastModified);
    }
    return req;
}

// Handles the status line and headers. Returns false when the pass ends here (pass.end set).
QCoro::Task<bool> acceptHeaders(Attempt *a, QNetworkReply *reply, qint64 offset, qint64 *done,
                                qint64 *total, Pass *pass)
{
    TaskModel *model = a->context.model;
    const TaskId id = a->request.id;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto contentRange = HttpHeaders::parseContentRange(reply->rawHeader("Content-Range"));
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    const qint64 contentLength = length.isValid() ? length.toLongLong() : -1;

    if (status == 416 && offset > 0) {
        if (contentRange && contentRange->total == offset) {
            model->appendLog(id, tr("The partial file already holds all %1 bytes").arg(offset));
            *done = *total = offset;
            pass->end = Pass::End::Completed;
        } else {
            model->appendLog(id,
                             tr("The server cannot resume at byte %1: starting over").arg(offset));
            pass->end = Pass::End::StartOver;
        }
        co_return false;
    }
    if (status < 200 || status >= 300) {
        pass->error = errorFromReply(reply);
        if (!pass->error.isError())
            pass->error =
                makeTaskError(TaskError::Kind::Http, QStringLiteral("HTTP %1").arg(status),
                              a->request.url.toDisplayString());
        a->outcome.retryAfterMs = HttpHeaders::parseRetryAfterMs(reply->rawHeader("Retry-After"),
                                                                 QDateTime::currentDateTimeUtc());
        pass->end = Pass::End::Failed;
        co_return false;
    }

    a->outcome.etag = reply->rawHeader("ETag");
    a->outcome.lastModified = reply->rawHeader("Last-Modified");
    model->setValidators(id, a->outcome.etag, a->outcome.lastModified);

    if (offset > 0 && status == 206) {
        // Without a strong validator the resume is blind: at least the size must not have changed.
        const bool resized = contentRange && contentRange->total >= 0 &&
                             a->request.expectedTotal >= 0 &&
                             contentRange->total != a->request.expectedTotal;
        if (resized) {
            model->appendLog(id,
                             tr("The file on the server changed size (%1, was %2): starting over")
                                 .arg(contentRange->total)
                                 .arg(a->request.expectedTotal));
            pass->end = Pass::End::StartOver;
            co_return false;
        }
        if (!contentRange || contentRange->first != offset) {
            model->appendLog(
                id, tr("The server sent another range than byte %1 on: starting over").arg(offset));
            pass->end = Pass::End::StartOver;
            co_return false;
        }
        *done = offset;
        *total = contentRange->total >= 0 ? contentRange->total
                                          : (contentLength >= 0 ? offset + contentLength : -1);
        model->appendLog(
            id,
            tr("HTTP 206: resuming at %1 of %2").arg(Format::bytes(offset), Format::bytes(*total)));
    } else if (status == 206) {
        // A part we did not ask for: only a range covering the whole file can be used.
        if (!contentRange || contentRange->first != 0 ||
            (contentRange->total >= 0 && contentRange->last + 1 != contentRange->total)) {
            pass->error = makeTaskError(TaskError::Kind::Integrity,
                                        tr("the server sent part of the file without being asked"),
                                        a->request.url.toDisplayString());
            pass->end = Pass::End::Failed;
            co_return false;
        }
        *done = 0;
        *total = contentRange->total >= 0 ? contentRange->total : contentRange->last + 1;
    } else {
        if (offset > 0) {
            model->appendLog(
                id,
                tr("The server ignored the range request (HTTP %1): starting over").arg(status));
            const QString error = co_await a->file.truncate();
            if (!error.isEmpty()) {
                pass->error = makeTaskError(TaskError::Kind::Disk, error, a->file.path());
                pass->end = Pass::End::Failed;
                co_return false;
            }
        }
        *done = 0;
        *total = contentLength;
        model->appendLog(id, tr("HTTP %1, %2").arg(status).arg(Format::bytes(*total)));
    }

    if (!a->file.isOpen()) {
        QString wanted = FileNames::sanitize(a->request.requestedName);
        if (wanted.isEmpty())
            wanted = FileNames::sanitize(HttpHeaders::fileNameFromContentDisposition(
                reply->rawHeader("Content-Disposition")));
        if (wanted.isEmpty())
            wanted = FileNames::fromUrl(reply->url());
        QString error;
        QString partPath;
        // The name is free when chosen, but another program may create it before we do: the
        // part file is created exclusively, and a taken name makes us choose again.
        for (int tries = 0; tries < 20; ++tries) {
            a->outcome.fileName = a->context.reserveName(a->request.directory, wanted);
            model->setFileName(id, a->outcome.fileName);
            if (a->context.persist) {
                QFuture<void> stored = a->context.persist(id);
                co_await stored;
            }
            partPath = partPathFor(a->request.directory, a->outcome.fileName);
            error = co_await a->file.open(partPath);
            if (!a->file.nameWasTaken())
                break;
        }
        if (!error.isEmpty()) {
            pass->error = makeTaskError(TaskError::Kind::Disk, error, partPath);
            pass->end = Pass::End::Failed;
            co_return false;
        }
    }
    model->setProgress(id, *done, *total);
    co_return true;
}

// One request: sends it (with Range when the file holds bytes) and streams the body.
QCoro::Task<Pass> receive(Attempt *a)
{
    TaskModel *model = a->context.model;
    const TaskId id = a->request.id;
    const qint64 offset = a->file.isOpen() ? a->file.size() : 0;
    model->appendLog(
        id, offset > 0 ? tr("GET %1 from byte %2").arg(a->request.url.toDisplayString()).arg(offset)
                       : tr("GET %1").arg(a->request.url.toDisplayString()));
    QNetworkReply *reply = a->context.manager->get(makeRequest(*a, offset));
    ReplyGuard guard{reply};
    reply->setReadBufferSize(256 * 1024); // bounded memory: Qt stops reading the socket beyond this
    a->control->reply = reply;

    Pass pass;
    qint64 done = 0;
    qint64 total = -1;
    bool headersSeen = false;
    const auto stallTimeout = std::chrono::milliseconds(a->request.stallTimeoutMs);
    while (!a->stopped()) {
        if (reply->bytesAvailable() == 0 && !reply->isFinished()) {
            const bool ready = co_await qCoro(reply).waitForReadyRead(stallTimeout);
            if (!ready && !a->stopped() && !reply->isFinished() &&
                reply->error() == QNetworkReply::NoError && reply->bytesAvailable() == 0) {
                pass.error = makeTaskError(
                    TaskError::Kind::Network,
                    tr("stalled: no data for %1 s").arg(a->request.stallTimeoutMs / 1000),
                    a->request.url.toDisplayString());
                pass.error.networkError = QNetworkReply::TimeoutError;
                a->control->reply = nullptr;
                co_return pass;
            }
            continue;
        }
        if (!headersSeen) {
            headersSeen = true;
            // A 2xx body is read to its end even if the connection broke meanwhile: the length
            // check below tells a short body from a failure before any byte.
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 0 && reply->error() != QNetworkReply::NoError) {
                pass.error = errorFromReply(reply);
                break;
            }
            const bool go = co_await acceptHeaders(a, reply, offset, &done, &total, &pass);
            if (!go) {
                a->control->reply = nullptr;
                co_return pass;
            }
            continue;
        }
        if (reply->bytesAvailable() == 0) {
            if (reply->isFinished())
                break;
            continue;
        }
        const QByteArray chunk = reply->readAll();
        done += chunk.size();
        model->setProgress(id, done, total);
        const QString writeError = co_await a->file.write(chunk);
        if (!writeError.isEmpty()) {
            pass.error = makeTaskError(TaskError::Kind::Disk, writeError, a->file.path());
            break;
        }
    }
    a->control->reply = nullptr;
    if (a->stopped()) {
        pass.end = Pass::End::Stopped;
        co_return pass;
    }
    if (!pass.error.isError()) {
        const bool cutShort = total >= 0 && done < total;
        if (!(cutShort && reply->error() == QNetworkReply::RemoteHostClosedError))
            pass.error = errorFromReply(reply);
        if (!pass.error.isError() && total >= 0 && done != total)
            pass.error =
                makeTaskError(TaskError::Kind::Integrity,
                              (done < total ? tr("body shorter than announced: %1 of %2 bytes")
                                            : tr("body longer than announced: %1 of %2 bytes"))
                                  .arg(done)
                                  .arg(total),
                              a->request.url.toDisplayString());
    }
    pass.end = pass.error.isError() ? Pass::End::Failed : Pass::End::Completed;
    co_return pass;
}

// Hashes the complete .part on the job pool. Returns the mismatch (or a failure to read).
QCoro::Task<TaskError> verifyChecksum(Attempt *a)
{
    TaskModel *model = a->context.model;
    const TaskId id = a->request.id;
    TaskError failure;
    QString why;
    const std::optional<Checksum> expected = parseChecksum(a->request.checksum, &why);
    if (!expected) {
        failure = makeTaskError(TaskError::Kind::Checksum, why, a->request.checksum);
        co_return failure;
    }
    const QString closeError = co_await a->file.close(true); // on disk before we vouch for it
    if (!closeError.isEmpty()) {
        failure = makeTaskError(TaskError::Kind::Disk, closeError, a->file.path());
        co_return failure;
    }
    model->setPhase(id, tr("Verifying %1 checksum").arg(hashAlgoName(expected->algo)));
    a->control->job = std::make_shared<JobControl>();
    const QString path = a->file.path();
    const HashAlgo algo = expected->algo;
    const QByteArray hex = expected->hex;
    auto verify = a->context.jobs->run(
        [path, algo, hex](JobContext &context) {
            return HashJob::verifyFile(path, algo, hex, context);
        },
        a->control->job,
        [model, id](qint64 done, qint64 total) { model->setProgress(id, done, total); });
    const JobResult result = co_await verify;
    a->control->job.reset();
    model->setPhase(id, {});
    if (!result.ok && !result.canceled) {
        failure = makeTaskError(TaskError::Kind::Checksum, result.error,
                                a->request.url.toDisplayString());
        model->appendLog(id, result.error);
    } else if (result.ok) {
        model->appendLog(id, tr("%1 checksum verified").arg(hashAlgoName(algo)));
    }
    co_return failure;
}

} // namespace

QCoro::Task<TransferOutcome> runTransfer(TransferRequest request, TransferContext context,
                                         std::shared_ptr<TransferControl> control)
{
    using Stop = TransferControl::Stop;
    QString why;
    if (!Urls::isDownloadable(request.url, &why)) {
        TransferOutcome o;
        o.error = makeTaskError(TaskError::Kind::InvalidUrl, why, request.url.toDisplayString());
        co_return o;
    }

    Attempt a{request, context, control, PartFile(context.ioPool), {}};
    a.outcome.fileName = request.fileName;
    a.outcome.etag = request.etag;
    a.outcome.lastModified = request.lastModified;
    TaskModel *model = context.model;

    if (!request.fileName.isEmpty()) {
        // Resume what an earlier attempt left (or start that file afresh if it is gone).
        const QString partPath = partPathFor(request.directory, request.fileName);
        const QString error = co_await a.file.open(partPath, true);
        if (!error.isEmpty()) {
            a.outcome.error = makeTaskError(TaskError::Kind::Disk, error, partPath);
            co_return a.outcome;
        }
    }

    Pass pass;
    for (int round = 0; round < 2; ++round) {
        pass = co_await receive(&a);
        if (pass.end != Pass::End::StartOver)
            break;
        const QString error = co_await a.file.truncate();
        if (!error.isEmpty()) {
            pass.end = Pass::End::Failed;
            pass.error = makeTaskError(TaskError::Kind::Disk, error, a.file.path());
            break;
        }
        if (round == 1) {
            pass.end = Pass::End::Failed;
            pass.error =
                makeTaskError(TaskError::Kind::Integrity, tr("the server keeps refusing to resume"),
                              request.url.toDisplayString());
        }
    }

    switch (pass.end) {
    case Pass::End::Stopped:
        if (control->stop == Stop::Cancel) {
            co_await a.file.discard();
            model->appendLog(request.id, tr("Canceled; partial file deleted"));
            a.outcome.state = TaskState::Canceled;
        } else {
            co_await a.file.close();
            a.outcome.state = control->stop == Stop::Pause ? TaskState::Paused : TaskState::Queued;
        }
        co_return a.outcome;
    case Pass::End::Failed:
    case Pass::End::StartOver:
        a.outcome.state = TaskState::Failed;
        a.outcome.error = pass.error;
        // The bytes received are right whatever failed after them: keep them to resume (a retry,
        // the next mirror). Only a wrong checksum condemns the file.
        co_await a.file.close();
        co_return a.outcome;
    case Pass::End::Completed:
        break;
    }

    if (!request.checksum.isEmpty()) {
        const TaskError mismatch = co_await verifyChecksum(&a);
        if (a.stopped() || mismatch.isError()) {
            if (control->stop == Stop::Pause || control->stop == Stop::Shutdown) {
                a.outcome.state =
                    control->stop == Stop::Pause ? TaskState::Paused : TaskState::Queued;
                co_return a.outcome; // the whole file is there: the next attempt verifies again
            }
            co_await a.file.discard(); // never leave a corrupt file, not even as .part
            a.outcome.partDeleted = true;
            a.outcome.state = a.stopped() ? TaskState::Canceled : TaskState::Failed;
            a.outcome.error = mismatch;
            co_return a.outcome;
        }
    }

    const PartFile::Committed committed =
        co_await a.file.commit(request.directory, a.outcome.fileName);
    if (!committed.error.isEmpty()) {
        a.outcome.state = TaskState::Failed;
        a.outcome.error = makeTaskError(TaskError::Kind::Disk, committed.error, a.file.path());
        co_return a.outcome;
    }
    model->appendLog(request.id, tr("Saved as %1").arg(committed.fileName));
    a.outcome.state = TaskState::Completed;
    a.outcome.fileName = committed.fileName;
    co_return a.outcome;
}
