// The transfer's response-head step: decide what the response means, then name and create
// the .part file.
#include "httpheaders.h"
#include "services/engine/handoff.h"
#include "services/engine/ratelimiter.h"
#include "services/http/curltransfer.h"
#include "services/http/httperrors.h"
#include "services/http/responsedecision.h"
#include "services/storage/partfilenaming.h"
#include "services/urls.h"
#include "transferattempt.h"

#include <QCoreApplication>
#include <QDateTime>

namespace TransferSteps {

static QString tr(const char *text)
{
    return QCoreApplication::translate("Transfer", text);
}

PartFileNaming naming(const Attempt &a)
{
    PartFileNaming naming;
    naming.directory = a.request.directory;
    naming.requestedName = a.request.requestedName;
    naming.reserve = a.context.reserveName;
    naming.nextNumber = a.context.nextNameNumber;
    naming.pool = a.context.ioPool;
    const TaskSink sink = a.context.sink;
    naming.announce = [sink](const QString &name) { sink.fileName(name); };
    if (a.context.persist) {
        const auto persist = a.context.persist;
        const TaskId id = a.request.id;
        naming.persist = [persist, id](Durability durability) { return persist(id, durability); };
    }
    return naming;
}

// Which validator of the partial file the answer shows otherwise ("ETag", "Last-Modified"), or
// an empty string: the ETag when the file came with one, else Last-Modified. `absentDiffers`:
// an answer without the validator counts as another file (a weak ETag too); a 416 need not
// show one, and one without the ETag is judged by its Last-Modified.
static QString changedValidator(const Attempt &a, const QByteArray &etag,
                                const QByteArray &lastModified, bool absentDiffers)
{
    const QByteArray &heldEtag = a.outcome.etag;
    const QByteArray &heldDate = a.outcome.lastModified;
    if (!heldEtag.isEmpty() && (absentDiffers || !etag.isEmpty()))
        return etag != heldEtag ? QStringLiteral("ETag") : QString();
    if (!heldDate.isEmpty() && lastModified != heldDate &&
        (absentDiffers || !lastModified.isEmpty()))
        return QStringLiteral("Last-Modified");
    return {};
}

// Whether the answer shows another file than the partial one's (changedValidator): then it
// says so and ends the pass to start over.
static bool showsAnotherFile(const Attempt &a, const QByteArray &etag,
                             const QByteArray &lastModified, bool absentDiffers, Pass *pass)
{
    const QString changed = changedValidator(a, etag, lastModified, absentDiffers);
    if (changed.isEmpty())
        return false;
    a.context.sink.log(tr("The server's file is not the one the partial file came from (%1 "
                          "differs): starting from zero")
                           .arg(changed));
    pass->end = Pass::End::StartOver;
    return true;
}

// Creates the .part file under a name of our own. Returns false when the pass ends here.
static QCoro::Task<bool> openPartFile(Attempt *a, const CurlTransfer *transfer, Pass *pass)
{
    PartFileNaming naming = TransferSteps::naming(*a);
    naming.contentDisposition = transfer->rawHeader("Content-Disposition");
    naming.url = transfer->url();
    const TaskSink sink = a->context.sink;
    QString name;
    QString path;
    const QString error = co_await createPartFile(&a->file, naming, &name, &path);
    a->outcome.fileName = name;
    if (!error.isEmpty()) {
        // No .part under that name: the task must not keep it, or a later task could take the
        // name and a retry of this one would append to that task's file.
        a->outcome.partDeleted = true;
        sink.fileName({});
        pass->error = makeTaskError(TaskError::Kind::Disk, error, path);
        pass->end = Pass::End::Failed;
        co_return false;
    }
    co_return true;
}

QCoro::Task<bool> acceptHeaders(Attempt *a, const CurlTransfer *transfer, qint64 offset,
                                qint64 *done, qint64 *total, qint64 *end, Pass *pass)
{
    const TaskSink &report = a->context.sink;
    ResponseFacts facts;
    facts.status = transfer->status();
    facts.contentRange = HttpHeaders::parseContentRange(transfer->rawHeader("Content-Range"));
    facts.contentLength = transfer->contentLength();
    facts.offset = offset;
    facts.expectedTotal = a->request.expectedTotal;
    facts.offsetSeen = a->continuing;
    ResponseDecision decision = decideResponse(facts);
    if (!transfer->lengthProblem().isEmpty() && decision.action != ResponseDecision::Action::Fail) {
        decision.action = ResponseDecision::Action::Fail;
        decision.integrity = true;
        decision.why = tr("malformed response: %1").arg(transfer->lengthProblem());
    }

    using Action = ResponseDecision::Action;
    if (decision.action == Action::Fail) {
        if (decision.integrity) {
            pass->error = makeTaskError(TaskError::Kind::Integrity, decision.why,
                                        a->request.url.toDisplayString());
            pass->error.httpStatus = facts.status; // a broken server: asking again will not help
        } else {
            pass->error = errorFromTransfer(*transfer);
            if (!pass->error.isError()) { // a success status with no file in it
                pass->error = makeTaskError(TaskError::Kind::Http,
                                            decision.why.isEmpty()
                                                ? QStringLiteral("HTTP %1").arg(facts.status)
                                                : decision.why,
                                            a->request.url.toDisplayString());
                pass->error.httpStatus = facts.status;
            }
            a->outcome.retryAfterMs = HttpHeaders::parseRetryAfterMs(
                transfer->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc());
        }
        pass->end = Pass::End::Failed;
        co_return false;
    }
    report.responseStatus(facts.status);
    if (!a->continuing || decision.action != Action::Write) // not a line for each part
        report.log(decision.why);
    const QByteArray etag = transfer->rawHeader("ETag");
    const QByteArray lastModified = transfer->rawHeader("Last-Modified");
    if (decision.action == Action::Complete) {
        if (showsAnotherFile(*a, etag, lastModified, false, pass))
            co_return false;
        *done = *total = decision.total;
        pass->end = Pass::End::Completed;
        co_return false;
    }
    if (decision.action == Action::StartOver) {
        pass->end = Pass::End::StartOver;
        co_return false;
    }

    const QByteArray coding = transfer->rawHeader("Content-Encoding").trimmed().toLower();
    const bool coded = !coding.isEmpty() && coding != "identity";
    if (offset > 0 && !decision.discardHeld && (coded || a->coded)) {
        report.log(tr("The server sent the rest in a coding (%1) that the partial file may not "
                      "be in: starting from zero")
                       .arg(QString::fromLatin1(coded ? coding : QByteArrayLiteral("none"))));
        pass->end = Pass::End::StartOver;
        co_return false;
    }
    if (coded && !a->coded) {
        // Stored before a coded byte is on the disk: with a new .part, with its name (below);
        // into one there already (a resume, a 200 that replaces plain bytes), now.
        report.segments(CodedPart);
        if (a->file.isOpen() && a->context.persist) {
            auto stored =
                FutureResult(a->context.persist(a->request.id, Durability::KilledProcess), false);
            if (!co_await stored) {
                pass->error = makeTaskError(
                    TaskError::Kind::Disk, tr("the task list could not be stored"), a->file.path());
                pass->end = Pass::End::Failed;
                co_return false;
            }
        }
    }
    a->coded = coded;

    // The rest of a file must be the rest of the same file: a server that ignored If-Range
    // (or a new URL for the download) may send a part of another one. A validator the partial
    // file came with that the answer does not show the same (another value, or none at all;
    // a weak ETag too) means starting over, as for the pieces of a split download.
    if (offset > 0 && decision.action == Action::Write && decision.done > 0 &&
        !decision.discardHeld && showsAnotherFile(*a, etag, lastModified, true, pass))
        co_return false;
    a->outcome.etag = etag;
    a->outcome.lastModified = lastModified;
    report.validators(a->outcome.etag, a->outcome.lastModified);
    if (decision.discardHeld) {
        const QString error = co_await a->file.truncate();
        if (!error.isEmpty()) {
            pass->error = makeTaskError(TaskError::Kind::Disk, error, a->file.path());
            pass->end = Pass::End::Failed;
            co_return false;
        }
    }
    *done = decision.done;
    *total = decision.total;
    *end = decision.end;
    if (*total >= 0) // what later answers in this attempt must agree with
        a->request.expectedTotal = *total;
    // Before the .part is created and the task stored: the first stored record carries the
    // size, or a resume after an early kill -9 could not tell that the file changed.
    report.progress(*done, *total);
    // A small file's whole response is often in before its name is chosen. The network is then
    // done with the download while the name is looked up, stored and its .part created (three
    // hand-offs, about 3 ms with 16 downloads at once): the next download may start meanwhile.
    // Only for a fresh start (a resume may have to start over), without a speed limit (it meters
    // the bytes as they are written), and for a response that is the whole file and will not
    // be split across connections (a 206 whose length contradicts its range fails above).
    if (a->context.networkDone && offset == 0 && transfer->isFinished() &&
        transfer->curlCode() == 0 &&
        !(a->context.limiter && a->context.limiter->limits(a->request.id)) && *end < 0 &&
        !canSplit(*a, *transfer, *done, *total))
        a->context.networkDone(transfer->bytesAvailable());
    if (!a->file.isOpen() && !co_await openPartFile(a, transfer, pass))
        co_return false;
    co_return true;
}

HttpRequest makeRequest(const Attempt &a, qint64 offset)
{
    HttpRequest req;
    req.url = a.request.url;
    req.proxy = a.request.proxy;
    req.caFile = a.request.caFile;
    req.http2 = a.request.http2;
    if (offset > 0) {
        req.headers.append({"Range", "bytes=" + QByteArray::number(offset) + '-'});
        if (const QByteArray validator =
                HttpHeaders::ifRangeValidator(a.outcome.etag, a.outcome.lastModified);
            !validator.isEmpty())
            req.headers.append({"If-Range", validator});
    }
    addBrowserHeaders(&req, a.request);
    return req;
}

void addBrowserHeaders(HttpRequest *req, const TransferRequest &request)
{
    // Sent as a browser does, to each address the request is redirected to (see Urls::referer).
    req->referrer = request.referrer;
    if (!request.userAgent.isEmpty())
        req->headers.append({"User-Agent", request.userAgent.toUtf8()});
    // The browser gave the cookies of this origin only: a mirror on another host (or scheme, or
    // port) never sees them. curl drops a custom Cookie header on a redirect to another origin.
    if (!request.cookies.isEmpty() && Urls::sameOrigin(req->url, request.cookieOrigin))
        req->headers.append({"Cookie", request.cookies.toUtf8()});
}

// The end of a body that arrived without a local failure: was it whole?
TaskError checkBodyEnd(const Attempt &a, const CurlTransfer &transfer, qint64 done, qint64 total)
{
    const bool cutShort = total >= 0 && done < total;
    // A connection closed early is a short body, told apart from a failure before any byte.
    TaskError error;
    if (!(cutShort && isClosedEarly(transfer.curlCode())))
        error = errorFromTransfer(transfer);
    if (!error.isError() && total >= 0 && done != total)
        error = makeTaskError(TaskError::Kind::Integrity,
                              (done < total ? tr("body shorter than announced: %1 of %2 bytes")
                                            : tr("body longer than announced: %1 of %2 bytes"))
                                  .arg(done)
                                  .arg(total),
                              a.request.url.toDisplayString());
    return error;
}

} // namespace TransferSteps
