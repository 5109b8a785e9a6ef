// A download in pieces: checkpoints of the segment map, the per-connection report, the checks
// of each range answer before a byte of it is written, and what the session does when an answer
// fails them (a mirror left out, the fall back to one connection, the next source).
#include "transfersegmentstate.h"

#include "httpheaders.h"
#include "models/format.h"
#include "services/engine/handoff.h"
#include "services/http/curltransfer.h"
#include "services/http/httperrors.h"

#include <QCoreApplication>
#include <QCoroFuture>
#include <QDateTime>
#include <QPointer>
#include <algorithm>

namespace TransferSteps::Pieces {

static QString tr(const char *text)
{
    return QCoreApplication::translate("Transfer", text);
}

constexpr qint64 CheckpointIntervalMs = 1000;

// The bytes synced, then the map that claims them stored: a crash or power cut at any moment
// leaves a map that claims nothing that is not on disk.
QCoro::Task<> storeCheckpoint(Session *s)
{
    s->checkpointing = true;
    const QList<ByteRange> done = s->plan.doneRanges(); // every write counted here returned
    const qint64 doneBytes = s->plan.doneBytes();
    const QString error = co_await s->a->file.sync();
    if (!error.isEmpty() && s->diskError.message.isEmpty()) {
        // A queued write that failed on the pool, or the sync itself: the download fails with
        // the disk's reason (not retried as if the network had failed).
        s->diskError = makeTaskError(TaskError::Kind::Disk, error, s->a->file.path());
        s->abortAll(nullptr);
    }
    if (error.isEmpty()) {
        s->a->context.sink.segments(SegmentPlan::serialize(s->plan.total(), done));
        bool stored = true;
        if (s->a->context.persist) {
            auto persisted = FutureResult(
                s->a->context.persist(s->a->request.id, Durability::KilledProcess), false);
            stored = co_await persisted; // not stored: the next checkpoint tries again
        }
        if (stored)
            s->doneAtCheckpoint = doneBytes;
    }
    s->sinceCheckpoint.restart();
    s->checkpointing = false;
}

// Twice a second: what each connection fetches, for the details panel.
void maybeReportConnections(Session *s)
{
    constexpr qint64 IntervalMs = 500;
    if (s->sinceDetails.isValid() && s->sinceDetails.elapsed() < IntervalMs)
        return;
    const double seconds =
        s->sinceDetails.isValid() ? std::max<qint64>(1, s->sinceDetails.elapsed()) / 1000.0 : 0;
    s->sinceDetails.restart();
    QStringList lines;
    QHash<int, qint64> positions;
    for (const SegmentPlan::Work &w : s->plan.active()) {
        positions.insert(w.slot, w.begin);
        const qint64 before = s->slotPosition.value(w.slot, w.begin);
        const double speed = seconds > 0 ? double(w.begin - before) / seconds : 0;
        const int source = s->slotSource.value(w.slot, 0);
        const QString host = source < s->sources.size() ? s->sources[source].url.host() : QString();
        lines.append(tr("%1–%2: %3 left, %4, %5")
                         .arg(Format::bytes(w.begin), Format::bytes(w.end),
                              Format::bytes(std::max<qint64>(0, w.end - w.begin)),
                              speed > 0 ? Format::speed(speed) : tr("waiting"), host));
    }
    s->slotPosition = positions;
    s->a->context.sink.connectionDetails(lines);
}

void maybeCheckpoint(Session *s)
{
    if (s->checkpointing)
        return;
    // Bounds what a crash costs: at most a 32nd of the file (or a second) fetched again.
    const qint64 step = std::max<qint64>(s->plan.total() / 32, 256 * 1024);
    if (s->sinceCheckpoint.elapsed() < CheckpointIntervalMs &&
        s->plan.doneBytes() - s->doneAtCheckpoint < step)
        return;
    s->checkpoint.emplace(storeCheckpoint(s)); // runs on; awaited before the session ends
}

// What makes a range's answer unfit to be written as a piece, whatever its range: a coding
// (Content-Encoding, though every request asks for none: a piece of another representation),
// or a Content-Length that is not its range's length. Empty when it is fit.
static QString unfitPiece(const CurlTransfer &t)
{
    const QByteArray coding = t.rawHeader("Content-Encoding").trimmed().toLower();
    if (!coding.isEmpty() && coding != "identity")
        return tr("in a coding, %1").arg(QString::fromLatin1(coding));
    const auto range = HttpHeaders::parseContentRange(t.rawHeader("Content-Range"));
    if (t.status() == 206 && range && t.contentLength() >= 0 &&
        t.contentLength() != range->last - range->first + 1)
        return tr("Content-Length %1 for a range of %2 bytes")
            .arg(t.contentLength())
            .arg(range->last - range->first + 1);
    return {};
}

// A mirror's answer: the same total and a range from where asked; its validators must stay
// its own. Anything else leaves the mirror out (the piece goes elsewhere).
Fetched checkMirrorResponse(Session *s, const CurlTransfer &t, const SegmentPlan::Work &work,
                            int source, QString *why)
{
    Session::Source &m = s->sources[source];
    const auto range = HttpHeaders::parseContentRange(t.rawHeader("Content-Range"));
    if (t.status() != 206) {
        const TaskError e = errorFromTransfer(t);
        *why = e.isError() ? e.message : tr("HTTP %1 to a range request").arg(t.status());
        return Fetched::Mirror;
    }
    if (const QString unfit = unfitPiece(t); !unfit.isEmpty()) {
        *why = unfit;
        return Fetched::Mirror;
    }
    if (!t.lengthProblem().isEmpty() || !range || range->first != work.begin ||
        range->last < range->first || range->total != s->plan.total()) {
        *why = tr("wrong range (Content-Range \"%1\")")
                   .arg(QString::fromLatin1(t.rawHeader("Content-Range")));
        return Fetched::Mirror;
    }
    const QByteArray etag = t.rawHeader("ETag");
    const QByteArray lastModified = t.rawHeader("Last-Modified");
    if (m.seen && (etag != m.etag || lastModified != m.lastModified)) {
        *why = tr("its file changed during the download");
        return Fetched::Mirror;
    }
    m.seen = true;
    m.etag = etag;
    m.lastModified = lastModified;
    return Fetched::Done;
}

// Checks the head of the response to a range request. Returns Done when its body may be
// written at the piece's position.
Fetched checkRangeResponse(Session *s, const CurlTransfer &t, const SegmentPlan::Work &work)
{
    const TaskSink &report = s->a->context.sink;
    const int status = t.status();
    const QString where = t.url().toDisplayString();
    if (status == 429 || status == 503) {
        s->error = errorFromTransfer(t);
        s->retryAfterMs = HttpHeaders::parseRetryAfterMs(t.rawHeader("Retry-After"),
                                                         QDateTime::currentDateTimeUtc());
        return Fetched::Refused;
    }
    // A server that refuses range requests (403, 404) though it said Accept-Ranges, as some
    // file hosts and signed links do: the answer that brings the whole file goes on alone. With
    // no such answer (a resumed split download) it is the task's failure, and the pieces on disk
    // stay for a retry (a link that expired, a file moved: Change URL goes on from them).
    if (s->firstSlot >= 0 && status >= 400 && status < 500 && status != 416 && status != 408 &&
        status != 401 && status != 407) {
        report.log(tr("The server refused a range request (HTTP %1): going on with one "
                      "connection")
                       .arg(status));
        return Fetched::Broken;
    }
    if (status != 206 && status != 200 && status != 416) {
        s->error = errorFromTransfer(t);
        if (!s->error.isError())
            s->error =
                makeTaskError(TaskError::Kind::Http, QStringLiteral("HTTP %1").arg(status), where);
        return Fetched::Failed;
    }
    if (!t.lengthProblem().isEmpty()) {
        report.log(tr("A connection got a malformed response (%1): fewer connections")
                       .arg(t.lengthProblem()));
        return Fetched::Broken;
    }
    if (const QString unfit = unfitPiece(t); !unfit.isEmpty()) {
        report.log(tr("A connection got an answer that cannot be a piece of the file (%1): "
                      "bytes %2-%3 not written, going on with one connection")
                       .arg(unfit, QString::number(work.begin), QString::number(work.end - 1)));
        return Fetched::Broken;
    }
    const QByteArray etag = t.rawHeader("ETag");
    const QByteArray lastModified = t.rawHeader("Last-Modified");
    const bool changed =
        (!s->etag.isEmpty() && etag != s->etag) ||
        (s->etag.isEmpty() && !s->lastModified.isEmpty() && lastModified != s->lastModified);
    if (changed || status == 416) {
        report.log(tr("The file changed on the server during the download (its validator or "
                      "size differs): bytes %1-%2 not written, going on with one connection")
                       .arg(work.begin)
                       .arg(work.end - 1));
        return Fetched::Broken;
    }
    if (status == 200) {
        report.log(tr("The server answered a range request with the whole file: it does not "
                      "serve ranges, going on with one connection"));
        return Fetched::Broken;
    }
    const auto range = HttpHeaders::parseContentRange(t.rawHeader("Content-Range"));
    if (!range || range->first != work.begin || range->last < range->first ||
        (range->total >= 0 && range->total != s->plan.total())) {
        report.log(tr("The server sent the wrong range (Content-Range \"%1\" for bytes %2-%3): "
                      "not written, going on with one connection")
                       .arg(QString::fromLatin1(t.rawHeader("Content-Range")),
                            QString::number(work.begin), QString::number(work.end - 1)));
        return Fetched::Broken;
    }
    return Fetched::Done;
}

// A mirror that failed is left out for the rest of the attempt, said once in the log with its
// URL; its piece goes back to the others.
Fetched leaveOut(Session *s, int source, const QString &why)
{
    if (!std::exchange(s->sources[source].dropped, true))
        s->a->context.sink.log(tr("Mirror %1 left out of this download: %2")
                                   .arg(s->sources[source].url.toDisplayString(), why));
    return Fetched::Mirror;
}

// Past the last byte of the range a piece's answer says it carries (checked before: it has one).
qint64 rangeEndOf(const CurlTransfer &t)
{
    const auto range = HttpHeaders::parseContentRange(t.rawHeader("Content-Range"));
    return range ? range->last + 1 : -1;
}

// A server that will not serve ranges properly: the first response goes on alone when it still
// streams, or the attempt starts over on one connection.
void fallBack(Session *s)
{
    s->maxConnections = 1;
    if (s->fallback || s->startOver)
        return;
    if (s->firstSlot >= 0) {
        s->fallback = true;
        s->plan.extendToEnd(s->firstSlot);
        for (const QPointer<CurlTransfer> &t : std::as_const(s->a->control->segments))
            if (t)
                t->abort();
    } else {
        s->startOver = true;
        s->abortAll(nullptr);
    }
}

// The next source for a new request, in turn among those not left out (0 is never left out).
int pickSource(Session *s)
{
    for (qsizetype tries = 0; tries < s->sources.size(); ++tries) {
        const int source = s->nextSource++ % int(s->sources.size());
        if (!s->sources[source].dropped)
            return source;
    }
    return 0;
}

} // namespace TransferSteps::Pieces
