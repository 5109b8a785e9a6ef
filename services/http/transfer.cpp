// The download coroutine: one attempt, resuming the partial file when there is one.
#include "transfer.h"

#include "httpheaders.h"
#include "services/engine/handoff.h"
#include "services/engine/ratelimiter.h"
#include "services/engine/retrypolicy.h"
#include "services/http/curltransfer.h"
#include "services/http/httperrors.h"
#include "services/jobs/hashjob.h"
#include "services/jobs/jobrunner.h"
#include "services/storage/partfile.h"
#include "services/storage/partfilenaming.h"
#include "services/urls.h"
#include "transferattempt.h"
#include "transferchecksum.h"

#include <QCoreApplication>
#include <QCoroFuture>
#include <QDir>

static QString tr(const char *text)
{
    return QCoreApplication::translate("Transfer", text);
}

void TransferControl::requestStop(Stop why)
{
    if (stop == Stop::None)
        stop = why;
    if (transfer)
        transfer->abort(); // reports through the event loop, not from inside this call
    for (const QPointer<CurlTransfer> &segment : std::as_const(segments))
        if (segment)
            segment->abort();
    if (job)
        job->cancel();
}

namespace TransferSteps {

QCoro::Task<qint64> allowance(Attempt *a, CurlTransfer *transfer, qint64 wanted,
                              std::function<bool()> ending)
{
    const auto stop = [&] { return a->stopped() || (ending && ending()); };
    RateLimiter *limiter = a->context.limiter;
    const TaskId id = a->request.id;
    const qint64 unlimitedBuffer = HttpRequest{}.bufferLimit;
    if (!limiter || !limiter->limits(id)) {
        transfer->setBufferLimit(unlimitedBuffer);
        co_return wanted;
    }
    // Small buffers keep bursts small: the socket pauses soon and the sender slows down.
    transfer->setBufferLimit(limiter->bufferFor(id, unlimitedBuffer));
    qint64 granted = limiter->grant(id, wanted);
    while (granted == 0 && !stop()) {
        co_await transfer->delay(std::chrono::milliseconds(limiter->retryInMs(id)));
        granted = limiter->grant(id, wanted);
    }
    co_return stop() ? 0 : granted;
}

} // namespace TransferSteps

using namespace TransferSteps;

namespace {

// Frees the transfer however the coroutine leaves: abort if still running, then deleteLater
// (never delete an object a coroutine may be awaiting).
struct TransferGuard {
    CurlTransfer *transfer;
    ~TransferGuard()
    {
        transfer->abort();
        transfer->deleteLater();
    }
};

// The response streaming from `done` to the end of a large file becomes the first of several
// connections. The map (nothing claimed beyond what the file held) is stored, and on the disk,
// before the file grows to its full size, so a resume never mistakes the preallocated file
// for a whole one: not after a kill, not after a power cut (the file's new size reaches the
// disk with its first checkpoint's sync, the database's log maybe later).
QCoro::Task<Pass> splitDownload(Attempt *a, CurlTransfer *transfer, qint64 done, qint64 total)
{
    SegmentPlan plan(total, a->request.minSplitSize);
    plan.markDone({0, done});
    Pass pass;
    // The bytes the map claims are on disk before the map is stored (appended ones may still
    // be queued or unsynced).
    if (const QString error = co_await a->file.sync(); !error.isEmpty()) {
        pass.error = makeTaskError(TaskError::Kind::Disk, error, a->file.path());
        co_return pass;
    }
    a->context.sink.segments(SegmentPlan::serialize(total, plan.doneRanges()));
    if (a->context.persist) {
        auto stored = FutureResult(a->context.persist(a->request.id, Durability::PowerCut), false);
        if (!co_await stored) { // without its map a full-size .part would pass for complete
            a->context.sink.segments({});
            pass.error = makeTaskError(TaskError::Kind::Disk,
                                       tr("the task list could not be stored"), a->file.path());
            co_return pass;
        }
    }
    const QString error = co_await a->file.beginPositional(total);
    if (!error.isEmpty()) {
        a->context.sink.segments({}); // the file is as it was: front to back
        pass.error = makeTaskError(TaskError::Kind::Disk, error, a->file.path());
        co_return pass;
    }
    co_return co_await fetchSegments(a, std::move(plan), transfer, done);
}

// One request: sends it (with Range when the file holds bytes) and streams the body.
QCoro::Task<Pass> receive(Attempt *a)
{
    const TaskSink &report = a->context.sink;
    const qint64 offset = a->file.isOpen() ? a->file.size() : 0;
    auto *transfer = new CurlTransfer(a->context.http, makeRequest(*a, offset));
    if (!a->continuing)
        report.log(offset > 0
                       ? tr("GET %1 from byte %2").arg(transfer->requestUrlText()).arg(offset)
                       : tr("GET %1").arg(transfer->requestUrlText()));
    TransferGuard guard{transfer};
    report.connections(1);
    a->control->transfer = transfer;
    transfer->start();

    Pass pass;
    qint64 done = 0;
    qint64 total = -1;
    qint64 end = -1; // where this answer's bytes end, -1 at the end of the file
    bool headersSeen = false;
    const auto stallTimeout = std::chrono::milliseconds(a->request.stallTimeoutMs);
    while (!a->stopped()) {
        if (transfer->bytesAvailable() == 0 && !transfer->isFinished()) {
            const bool news = co_await transfer->news(stallTimeout);
            if (!news && !transfer->hasNews() && !a->stopped()) {
                pass.error = makeTaskError(
                    TaskError::Kind::Network,
                    tr("stalled: no data for %1 s").arg(a->request.stallTimeoutMs / 1000),
                    a->request.url.toDisplayString());
                pass.error.networkError = stallErrorCode();
                a->control->transfer = nullptr;
                co_return pass;
            }
            continue;
        }
        if (!headersSeen) {
            headersSeen = true;
            // A 2xx body is read to its end even if the connection broke meanwhile: the length
            // check below tells a short body from a failure before any byte.
            // A failure while the response head was read (or before any byte of the body) is a
            // failure of this request: no headers to act on, no .part to create.
            if (transfer->curlCode() != 0 && transfer->bytesAvailable() == 0) {
                pass.error = errorFromTransfer(*transfer);
                break;
            }
            const bool go = co_await acceptHeaders(a, transfer, offset, &done, &total, &end, &pass);
            if (go && end < 0 && canSplit(*a, *transfer, done, total)) {
                pass = co_await splitDownload(a, transfer, done, total);
                a->control->transfer = nullptr;
                co_return pass;
            }
            if (!go) {
                a->control->transfer = nullptr;
                co_return pass;
            }
            continue;
        }
        if (transfer->bytesAvailable() == 0) {
            if (transfer->isFinished())
                break;
            continue;
        }
        qint64 allowed = co_await allowance(a, transfer, transfer->bytesAvailable());
        if (allowed == 0)
            continue;                           // stopped: the loop ends
        if (end >= 0 && done + allowed > end) { // more than its range: not a byte past it
            allowed = end - done;
            pass.error = makeTaskError(
                TaskError::Kind::Integrity,
                tr("body longer than its range: more than %1 bytes").arg(end - offset),
                a->request.url.toDisplayString());
            if (allowed == 0)
                break;
        }
        const QByteArrayView chunk = transfer->peek().first(allowed);
        done += chunk.size();
        report.progress(done, total);
        // The bytes are copied at once; the last ones of a finished transfer (a small file's
        // whole body) are handed over instead (a running transfer keeps its warm buffer).
        QCoro::Task<QString> written =
            allowed == transfer->bytesAvailable() && transfer->isFinished()
                ? a->file.write(transfer->takeBuffer())
                : a->file.write(chunk);
        transfer->consume(allowed);
        const QString writeError = co_await written;
        if (!writeError.isEmpty()) {
            pass.error = makeTaskError(TaskError::Kind::Disk, writeError, a->file.path());
            break;
        }
        if (pass.error.isError())
            break;
    }
    a->control->transfer = nullptr;
    if (a->stopped()) {
        pass.end = Pass::End::Stopped;
        co_return pass;
    }
    if (!pass.error.isError())
        pass.error = checkBodyEnd(*a, *transfer, done, end >= 0 ? end : total);
    pass.end = pass.error.isError() ? Pass::End::Failed
               : end >= 0           ? Pass::End::RangeEnded
                                    : Pass::End::Completed;
    co_return pass;
}

// A crash between the final rename and the database write leaves the task without its .part
// but with its complete file: recognised by its name and the size announced.
QCoro::Task<bool> adoptFinishedFile(Attempt *a)
{
    if (a->request.expectedTotal < 0 || !a->request.checksum.isEmpty())
        co_return false; // nothing to recognise it by; a checksum wants a verified download
    co_return co_await isCompleteFile(a->context.ioPool,
                                      QDir(a->request.directory).filePath(a->request.fileName),
                                      a->request.expectedTotal);
}

// Syncs the complete .part, then hashes it on the job pool. Returns the mismatch (or a failure
// to read).
QCoro::Task<TaskError> verifyChecksum(Attempt *a)
{
    const QString closeError = co_await a->file.close(true); // on disk before we vouch for it
    if (!closeError.isEmpty())
        co_return makeTaskError(TaskError::Kind::Disk, closeError, a->file.path());
    if (a->stopped())
        co_return TaskError{}; // a stop during the sync: no hash of a file nobody waits for
    co_return co_await verifyDownloadChecksum(a->file.path(), a->request.checksum,
                                              a->request.url.toDisplayString(), a->context.jobs,
                                              a->context.sink, a->control, a->file.digestHex());
}

// The state a stopped attempt leaves its task in (Shutdown: queued for the next start).
TaskState stoppedState(TransferControl::Stop stop)
{
    switch (stop) {
    case TransferControl::Stop::Pause:
        return TaskState::Paused;
    case TransferControl::Stop::Cancel:
        return TaskState::Canceled;
    default:
        return TaskState::Queued;
    }
}

// A server that sends the file in parts (each answer to "from byte N on" a range that ends
// before the file does): the rest is asked for until it ends, as long as the parts are not
// so small that it never would (a part a request, each with its round trip).
QCoro::Task<Pass> receiveParts(Attempt *a, Pass pass)
{
    constexpr int FewParts = 64;
    constexpr qint64 SmallPart = 64 * 1024;
    if (pass.end != Pass::End::RangeEnded)
        co_return pass;
    const qint64 from = a->file.size();
    a->context.sink.log(
        tr("The server sends the file in parts: asking for the rest from byte %1").arg(from));
    for (int parts = 0; pass.end == Pass::End::RangeEnded; ++parts) {
        const qint64 gained = a->file.size() - from;
        if (parts >= FewParts && gained < parts * SmallPart) {
            pass.end = Pass::End::Failed;
            pass.error = makeTaskError(TaskError::Kind::Integrity,
                                       tr("the server sends the file in parts too small to "
                                          "finish (%1 bytes on average)")
                                           .arg(gained / parts),
                                       a->request.url.toDisplayString());
            pass.error.httpStatus = 206; // a broken server: asking again will not help
            break;
        }
        a->continuing = true;
        pass = co_await receive(a);
        a->continuing = false;
    }
    co_return pass;
}

} // namespace

QCoro::Task<TransferOutcome> runTransfer(TransferRequest request, TransferContext context,
                                         std::shared_ptr<TransferControl> control)
{
    QString why;
    if (!Urls::isDownloadable(request.url, &why)) {
        TransferOutcome o;
        o.error = makeTaskError(TaskError::Kind::InvalidUrl, why, request.url.toDisplayString());
        co_return o;
    }

    Attempt a{request, context, control, PartFile(context.ioPool, context.committer), {}};
    a.outcome.fileName = request.fileName;
    a.outcome.etag = request.etag;
    a.outcome.lastModified = request.lastModified;
    // A checksum to verify: the bytes are hashed as they are written when the file is written
    // front to back from its first byte (no second read of the whole file).
    if (const auto wanted = parseChecksum(request.checksum); wanted)
        a.file.hashWhileWriting(wanted->algo);
    const TaskSink &report = context.sink;

    if (!request.fileName.isEmpty()) {
        // Resume what an earlier attempt left.
        const QString partPath = partPathFor(request.directory, request.fileName);
        const QString error = co_await a.file.open(partPath, true);
        if (a.file.wasMissing()) {
            if (co_await adoptFinishedFile(&a)) {
                report.log(tr("%1 was already complete (saved before an interruption)")
                               .arg(request.fileName));
                a.outcome.state = TaskState::Completed;
                co_return a.outcome;
            }
            // Gone: start afresh under a name chosen (and created exclusively) anew.
            report.log(tr("The partial file %1 is gone: starting from zero").arg(partPath));
            a.outcome.fileName.clear();
            report.fileName({});
        } else if (a.file.wasRefused()) {
            // Planted by someone else: never written through, never deleted; a new name.
            report.log(tr("%1: starting from zero under another name").arg(error));
            a.outcome.fileName.clear();
            report.fileName({});
        } else if (!error.isEmpty()) {
            a.outcome.error = makeTaskError(TaskError::Kind::Disk, error, partPath);
            co_return a.outcome;
        }
    }

    // A .part written by several connections resumes from its segment map, or not at all.
    std::optional<SegmentPlan> segments;
    if (a.file.isOpen() && !request.segments.isEmpty()) {
        segments = SegmentPlan::parse(request.segments, request.minSplitSize);
        if (!segments || segments->total() != a.file.size() ||
            (request.expectedTotal >= 0 && segments->total() != request.expectedTotal)) {
            report.log(request.segments == CodedPart
                           ? tr("The partial file came in a coding (Content-Encoding): starting "
                                "from zero")
                           : tr("The segment map does not match the partial file: starting from "
                                "zero"));
            segments.reset();
            const QString error = co_await a.file.truncate();
            if (!error.isEmpty()) {
                a.outcome.error = makeTaskError(TaskError::Kind::Disk, error, a.file.path());
                co_return a.outcome;
            }
            report.segments({});
        } else {
            const QString error = co_await a.file.beginPositional(segments->total());
            if (!error.isEmpty()) {
                a.outcome.error = makeTaskError(TaskError::Kind::Disk, error, a.file.path());
                co_return a.outcome;
            }
            report.log(QCoreApplication::translate("Transfer",
                                                   "Resuming %1 of %2 bytes held in %n piece(s)",
                                                   nullptr, int(segments->doneRanges().size()))
                           .arg(segments->doneBytes())
                           .arg(segments->total()));
        }
    }

    Pass pass;
    for (int round = 0; round < 2; ++round) {
        if (segments) {
            pass = co_await fetchSegments(&a, *std::exchange(segments, std::nullopt), nullptr, 0);
        } else {
            pass = co_await receive(&a);
            pass = co_await receiveParts(&a, std::move(pass));
        }
        if (pass.end != Pass::End::StartOver)
            break;
        // The map goes only once the file is empty: a full-size .part without its map would
        // look complete to a resume.
        const QString error = co_await a.file.truncate();
        if (!error.isEmpty()) {
            pass.end = Pass::End::Failed;
            pass.error = makeTaskError(TaskError::Kind::Disk, error, a.file.path());
            break;
        }
        report.segments({});
        if (round == 1) {
            pass.end = Pass::End::Failed;
            pass.error =
                makeTaskError(TaskError::Kind::Integrity, tr("the server keeps refusing to resume"),
                              request.url.toDisplayString());
        }
    }

    // A coding of the file cut short is never continued: the next attempt starts from zero.
    if (a.coded && pass.end != Pass::End::Completed && a.file.isOpen()) {
        if (const QString error = co_await a.file.truncate(); !error.isEmpty()) {
            report.log(error); // the map still says CodedPart: the next attempt empties it
        } else {
            report.log(tr("The partial file came in a coding (Content-Encoding): emptied, the "
                          "next attempt starts from zero"));
            report.segments({});
        }
    }
    switch (pass.end) {
    case Pass::End::Stopped:
        // Paused, canceled or shut down: what arrived stays on disk (with its segment map) for
        // a resume or a retry; only Remove deletes a partial file.
        co_await a.file.close();
        a.outcome.state = stoppedState(control->stop);
        co_return a.outcome;
    case Pass::End::Failed:
    case Pass::End::StartOver:
    case Pass::End::RangeEnded: // not left by the loop above
        a.outcome.state = TaskState::Failed;
        a.outcome.error = pass.error;
        // The bytes received are right whatever failed after them: keep them to resume (a retry,
        // the next mirror). Only a wrong checksum condemns the file.
        co_await a.file.close();
        co_return a.outcome;
    case Pass::End::Completed:
        break;
    }

    // Only local work is left (verifying, syncing, renaming): the next download may start.
    if (context.networkDone)
        context.networkDone(a.file.size());
    if (!request.checksum.isEmpty()) {
        const TaskError mismatch = co_await verifyChecksum(&a);
        if (a.stopped() || mismatch.isError()) {
            if (a.stopped()) {
                a.outcome.state = stoppedState(control->stop);
                co_return a.outcome; // the whole file is there: the next attempt verifies again
            }
            if (!RetryPolicy::condemnsPartialFile(mismatch)) {
                // The disk failed, not the bytes: keep them for a retry.
                co_await a.file.close();
                a.outcome.state = TaskState::Failed;
                a.outcome.error = mismatch;
                co_return a.outcome;
            }
            co_await a.file.discard(); // never leave a corrupt file, not even as .part
            report.segments({});
            a.outcome.partDeleted = true;
            a.outcome.state = TaskState::Failed;
            a.outcome.error = mismatch;
            co_return a.outcome;
        }
    }

    const PartFile::Committed committed =
        co_await commitPartFile(&a.file, naming(a), a.outcome.fileName);
    if (!committed.error.isEmpty()) {
        a.outcome.state = TaskState::Failed;
        a.outcome.error = makeTaskError(TaskError::Kind::Disk, committed.error, a.file.path());
        // Renamed, but its folder could not be synced: the task keeps the name the file has
        // now, so a retry adopts the file there instead of fetching it under another name.
        if (!committed.fileName.isEmpty())
            a.outcome.fileName = committed.fileName;
        co_return a.outcome;
    }
    if (a.file.isPositional() || !request.segments.isEmpty() || a.coded)
        report.segments({});                      // the file is whole: no map to resume from
    if (committed.fileName != a.outcome.fileName) // a file of the user's took its name
        report.log(tr("%1 appeared in the folder during the download: saved as %2")
                       .arg(a.outcome.fileName, committed.fileName));
    else
        report.log(tr("Saved as %1").arg(committed.fileName));
    a.outcome.state = TaskState::Completed;
    a.outcome.fileName = committed.fileName;
    co_return a.outcome;
}
