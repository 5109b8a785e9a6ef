// One request of a download attempt: sent (with Range when the file holds bytes), its answer
// streamed onto the disk at the speed limit, handed over to several connections when it is
// large, and asked again while the server sends the file in parts. Split from transfer.cpp.
#include "services/engine/handoff.h"
#include "services/engine/ratelimiter.h"
#include "services/http/curltransfer.h"
#include "services/http/httperrors.h"
#include "transferattempt.h"

#include <QCoreApplication>

static QString tr(const char *text)
{
    return QCoreApplication::translate("Transfer", text);
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
} // namespace

QCoro::Task<Pass> receive(Attempt *a)
{
    const TaskSink &report = a->context.sink;
    const qint64 offset = a->file.isOpen() ? a->file.size() : 0;
    auto *transfer = new CurlTransfer(a->context.http, makeRequest(*a, offset));
    if (!a->continuing)
        report.log(
            offset > 0
                ? tr("GET %1 from byte %2").arg(transfer->requestUrlText(), QString::number(offset))
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

} // namespace TransferSteps
