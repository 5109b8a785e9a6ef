// The download coroutine: one attempt, resuming the partial file when there is one.
#include "transfer.h"

#include "services/engine/handoff.h"
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
#include <QFileInfo>

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

using namespace TransferSteps;

namespace {

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
    co_return co_await verifyDownloadChecksum(a->file.path(), a->request.checksum, a->context.jobs,
                                              a->context.sink, a->control, a->file.digestHex());
}

// A failed write (a full disk) kept fewer bytes than were received: the task says what its
// .part holds, as a retry resumes from there.
QCoro::Task<> reportKeptOnDisk(Attempt *a)
{
    if (a->file.isPositional() || !a->context.ioPool)
        co_return; // a split download's map says what is written
    auto onDisk =
        PoolCall(a->context.ioPool, [path = a->file.path()] { return QFileInfo(path).size(); });
    a->context.sink.kept(co_await onDisk);
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
        if (pass.error.kind == TaskError::Kind::Disk)
            co_await reportKeptOnDisk(&a);
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
        if (!committed.fileName.isEmpty()) {
            a.outcome.fileName = committed.fileName;
        } else if (committed.replaced) {
            // Another program's file is under the .part's name: not ours to resume from (nor
            // to delete). The next attempt starts afresh under a name of its own.
            report.segments({});
            a.outcome.partDeleted = true;
        } else {
            co_await reportKeptOnDisk(&a); // the last bytes' write may have failed (a full disk)
        }
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
