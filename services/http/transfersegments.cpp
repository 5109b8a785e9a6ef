// A download over several connections: each fetches a byte range and writes it at its offset;
// a connection that finishes takes half of the largest piece left. Every 206 is checked before a
// byte of it is written, and the segment map is stored only after the bytes it claims are synced.
#include "httpheaders.h"
#include "models/format.h"
#include "services/engine/hostlimits.h"
#include "services/engine/retrypolicy.h"
#include "services/http/curltransfer.h"
#include "services/http/httperrors.h"
#include "transferattempt.h"
#include "transfersegmentstate.h"

#include <QCoreApplication>
#include <QCoroFuture>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <optional>
#include <utility>
#include <vector>

namespace TransferSteps {

static QString tr(const char *text)
{
    return QCoreApplication::translate("Transfer", text);
}

namespace {

constexpr int MaxFailuresPerConnection = 3; // in a row, before that connection gives up
constexpr qint64 LoweredHostMs = 60 * 1000; // how long a host that refused keeps a lower cap

using namespace Pieces;

// Frees a transfer this file created, however the fetch ends.
struct OwnedTransfer {
    CurlTransfer *transfer = nullptr;
    Session *session = nullptr;
    ~OwnedTransfer()
    {
        if (!transfer)
            return;
        session->a->control->segments.removeAll(QPointer<CurlTransfer>(transfer));
        transfer->abort();
        transfer->deleteLater();
    }
};

QByteArray ifRangeValue(const Session &s)
{
    return HttpHeaders::ifRangeValidator(s.etag, s.lastModified);
}

// One request for the slot's piece (or, with `first`, the response already streaming), its body
// written at the piece's offset until the piece ends.
QCoro::Task<Fetched> fetchRange(Session *s, int slot, CurlTransfer *first, int source)
{
    Attempt *a = s->a;
    s->slotSource.insert(slot, source);
    OwnedTransfer owned{nullptr, s};
    CurlTransfer *transfer = first;
    bool headersSeen = first != nullptr;
    if (!transfer) {
        const SegmentPlan::Work work = s->plan.work(slot);
        HttpRequest req;
        req.url = s->sources[source].url;
        req.proxy = a->request.proxy;
        req.caFile = a->request.caFile;
        req.http2 = a->request.http2;
        req.headers.append({"Range", "bytes=" + QByteArray::number(work.begin) + '-' +
                                         QByteArray::number(work.end - 1)});
        const Session::Source &from = s->sources[source];
        const QByteArray validator =
            source == 0 ? ifRangeValue(*s)
                        : HttpHeaders::ifRangeValidator(from.etag, from.lastModified);
        if (!validator.isEmpty())
            req.headers.append({"If-Range", validator});
        addBrowserHeaders(&req, a->request);
        transfer = new CurlTransfer(a->context.http, req);
        owned.transfer = transfer;
        a->control->segments.append(transfer);
        transfer->start();
    }

    const auto stallTimeout = std::chrono::milliseconds(a->request.stallTimeoutMs);
    const TaskSink &report = a->context.sink;
    qint64 rangeEnd = -1; // past the last byte the answer's Content-Range says; -1: the first's
    while (true) {
        if (s->ending() || (s->fallback && slot != s->firstSlot))
            co_return Fetched::Stopped;
        if (transfer->bytesAvailable() == 0 && !transfer->isFinished()) {
            const bool news = co_await transfer->news(stallTimeout);
            if (!news && !transfer->hasNews() && !s->ending()) {
                const QString stalled =
                    tr("stalled: no data for %1 s").arg(a->request.stallTimeoutMs / 1000);
                if (source > 0)
                    co_return leaveOut(s, source, stalled);
                s->error =
                    makeTaskError(TaskError::Kind::Network, stalled, s->url.toDisplayString());
                s->error.networkError = stallErrorCode();
                co_return Fetched::Failed;
            }
            continue;
        }
        if (!headersSeen) {
            headersSeen = true;
            if (source > 0) {
                QString why;
                if (transfer->curlCode() != 0 && transfer->bytesAvailable() == 0)
                    why = errorFromTransfer(*transfer).message;
                else if (checkMirrorResponse(s, *transfer, s->plan.work(slot), source, &why) ==
                         Fetched::Done) {
                    rangeEnd = rangeEndOf(*transfer);
                    continue;
                }
                co_return leaveOut(s, source, why);
            }
            if (transfer->curlCode() != 0 && transfer->bytesAvailable() == 0) {
                s->error = errorFromTransfer(*transfer);
                co_return Fetched::Failed;
            }
            const Fetched verdict = checkRangeResponse(s, *transfer, s->plan.work(slot));
            if (verdict != Fetched::Done)
                co_return verdict;
            rangeEnd = rangeEndOf(*transfer);
            if (!std::exchange(s->statusReported, true)) // a resumed split has no other answer
                report.responseStatus(transfer->status());
            continue;
        }
        if (transfer->bytesAvailable() == 0) { // finished
            const SegmentPlan::Work work = s->plan.work(slot);
            if (work.begin >= work.end)
                co_return Fetched::Done;
            TaskError error = errorFromTransfer(*transfer);
            if (!error.isError()) {
                error = makeTaskError(TaskError::Kind::Network,
                                      tr("connection closed early: bytes %1-%2 missing")
                                          .arg(work.begin)
                                          .arg(work.end - 1),
                                      s->url.toDisplayString());
                error.networkError = 18; // CURLE_PARTIAL_FILE: a short body, worth a retry
            }
            if (source > 0) // the mirror's failure is not the download's
                co_return leaveOut(s, source, error.message);
            s->error = error;
            co_return Fetched::Failed;
        }
        const qint64 allowed =
            co_await allowance(a, transfer, transfer->bytesAvailable(), [s, slot] {
                return s->ending() || (s->fallback && slot != s->firstSlot);
            });
        if (allowed == 0)
            continue; // stopped: the loop's first check ends it
        const qint64 offset = s->plan.work(slot).begin;
        if (rangeEnd >= 0 && offset >= rangeEnd) { // a body longer than the range it announced
            const QString why = tr("it sent more bytes than its range (Content-Range \"%1\")")
                                    .arg(QString::fromLatin1(transfer->rawHeader("Content-Range")));
            if (source > 0)
                co_return leaveOut(s, source, why);
            report.log(tr("A connection's answer is not a piece of the file (%1): bytes %2-%3 not "
                          "written, going on with one connection")
                           .arg(why, QString::number(offset),
                                QString::number(s->plan.work(slot).end - 1)));
            co_return Fetched::Broken;
        }
        const QByteArrayView chunk =
            transfer->peek().first(rangeEnd >= 0 ? std::min(allowed, rangeEnd - offset) : allowed);
        const qint64 length = s->plan.claim(slot, chunk.size());
        if (length == 0) {
            transfer->abort(); // the piece ends here (another connection took the rest)
            co_return Fetched::Done;
        }
        QByteArray data(chunk.data(), length);
        // Only what was claimed: the stream and the piece's position move together (a fallback
        // during the write may extend the piece, and the bytes after it must then follow).
        transfer->consume(length); // curl fills the buffer again while the pool writes
        const QString error = co_await a->file.writeAt(offset, std::move(data));
        if (!error.isEmpty()) {
            s->diskError = makeTaskError(TaskError::Kind::Disk, error, a->file.path());
            s->abortAll(nullptr);
            co_return Fetched::Disk;
        }
        s->plan.confirm(slot);
        report.progress(s->plan.doneBytes(), s->plan.total());
        maybeCheckpoint(s);
        maybeReportConnections(s);
        const SegmentPlan::Work now = s->plan.work(slot);
        if (now.begin >= now.end) {
            // The piece is whole: do not wait for bytes past it (an open-ended response, or a
            // piece shortened by a steal); they belong to another connection.
            if (!transfer->isFinished())
                transfer->abort();
            co_return Fetched::Done;
        }
    }
}

// One connection: fetches pieces until none is left, the task stops or the server objects.
// An extra connection holds a slot of its host's cap (the first one's is the task's).
QCoro::Task<> connection(Session *s, std::optional<int> slot, CurlTransfer *first,
                         bool holdsHostSlot)
{
    int failures = 0;
    while (true) {
        if (!slot) {
            if (s->ending() || s->fallback || s->connections > s->maxConnections)
                break;
            const auto work = s->plan.take();
            if (!work)
                break;
            slot = work->slot;
        }
        const Fetched fetched = co_await fetchRange(s, *slot, first, first ? 0 : pickSource(s));
        if (first) {
            first = nullptr;
            if (s->firstSlot == *slot && !s->fallback)
                s->firstSlot = -1; // its own piece is done: no longer the open-ended response
        }
        const bool keeper = s->fallback && *slot == s->firstSlot;
        s->plan.release(*slot);
        slot.reset();
        if (keeper)
            break; // the one connection that went on alone has reached the end
        if (fetched == Fetched::Done || fetched == Fetched::Mirror) {
            if (fetched == Fetched::Done)
                failures = 0;
            continue; // a mirror left out: the piece is free for another source
        }
        if (fetched == Fetched::Stopped || fetched == Fetched::Disk)
            break;
        if (fetched == Fetched::Broken) {
            fallBack(s);
            break;
        }
        if (fetched == Fetched::Refused) {
            // Never asked again at once: with others left they go on, alone the attempt ends
            // and the task's backoff (and the server's Retry-After) decides when to come back.
            if (s->connections > 1) {
                // The download goes on: the refusal's Retry-After is not for whatever ends it.
                s->retryAfterMs.reset();
                s->maxConnections = std::max(1, s->connections - 1);
                QString cap;
                if (HostLimits *hosts = s->a->context.hosts) {
                    const QString host = s->a->request.slotHost;
                    const int lowered = std::max(1, hosts->inUse(host) - 1);
                    hosts->lower(host, lowered, LoweredHostMs);
                    cap =
                        tr("; at most %1 connection(s) to %2 for a minute").arg(lowered).arg(host);
                }
                s->a->context.sink.log(
                    tr("The server refused another connection (%1): going "
                       "on with %2%3")
                        .arg(s->error.message, QString::number(s->maxConnections), cap));
            }
            break;
        }
        if (++failures >= MaxFailuresPerConnection ||
            RetryPolicy::classify(s->error) != RetryPolicy::Class::Transient)
            break;
    }
    --s->connections;
    s->a->context.sink.connections(s->connections);
    if (holdsHostSlot)
        s->a->context.hosts->release(s->a->request.slotHost);
}

// Takes a slot of the host's cap for one more connection; false when the cap is reached.
bool mayOpenAnother(Session *s)
{
    HostLimits *hosts = s->a->context.hosts;
    return !hosts || hosts->tryAcquire(s->a->request.slotHost);
}

} // namespace

bool canSplit(const Attempt &a, const CurlTransfer &transfer, qint64 offset, qint64 total)
{
    const qint64 minSplit = std::max<qint64>(1, a.request.minSplitSize);
    return a.segmentsAllowed && !a.coded && a.request.connections > 1 && total > 0 &&
           total - offset >= 2 * minSplit &&
           transfer.rawHeader("Accept-Ranges").trimmed().toLower() == "bytes";
}

QCoro::Task<Pass> fetchSegments(Attempt *a, SegmentPlan plan, CurlTransfer *first,
                                qint64 firstOffset)
{
    Session s;
    s.a = a;
    s.plan = std::move(plan);
    s.url = first ? first->url() : a->request.url;
    for (const QUrl &url : QList<QUrl>{s.url} + a->request.mirrors) {
        Session::Source source;
        source.url = url;
        s.sources.append(source);
    }
    s.etag = a->outcome.etag;
    s.lastModified = a->outcome.lastModified;
    s.maxConnections = std::clamp(a->request.connections, 1, 16);
    s.sinceCheckpoint.start();
    s.doneAtCheckpoint = s.plan.doneBytes();

    std::vector<QCoro::Task<>> connections;
    if (first) {
        // The first response streams on from firstOffset as the first connection's piece.
        const auto work = s.plan.take();
        Q_ASSERT(work && work->begin == firstOffset);
        s.firstSlot = work->slot;
        s.plan.extendToEnd(work->slot); // the response runs to the end of the file
        // The file from there is shared in equal pieces, the first response keeping the first
        // (halving a piece it already ate into would leave pieces just under the minimum split).
        const QList<SegmentPlan::Work> pieces = s.plan.split(work->slot, s.maxConnections);
        ++s.connections;
        connections.push_back(connection(&s, work->slot, first, false));
        for (const SegmentPlan::Work &piece : pieces) {
            if (!mayOpenAnother(&s)) { // the host's cap: the piece waits for a connection free
                s.plan.release(piece.slot);
                continue;
            }
            ++s.connections;
            connections.push_back(connection(&s, piece.slot, nullptr, a->context.hosts));
        }
    }
    // At most maxConnections started here: a connection that fails before its first wait (curl
    // could not take it) has ended already, and counting those still running would start
    // another at once, for ever.
    for (int started = s.connections; started < s.maxConnections && !s.ending(); ++started) {
        if (s.connections >= s.maxConnections)
            break;
        // Resuming, the first connection uses the task's own slot; every other one takes one.
        const bool extra = s.connections > 0 || first;
        if (extra && !mayOpenAnother(&s))
            break;
        const auto work = s.plan.take();
        if (!work) {
            if (HostLimits *hosts = a->context.hosts; extra && hosts)
                hosts->release(s.a->request.slotHost);
            break;
        }
        ++s.connections;
        connections.push_back(connection(&s, work->slot, nullptr, extra && a->context.hosts));
    }
    a->context.sink.connections(s.connections);
    a->context.sink.log(QCoreApplication::translate("Transfer", "Downloading over %n connection(s)",
                                                    nullptr, s.connections));
    for (QCoro::Task<> &c : connections)
        co_await c;
    if (s.checkpoint)
        co_await *s.checkpoint;
    a->control->segments.clear();

    Pass pass;
    if (s.plan.isComplete()) {
        pass.end = Pass::End::Completed;
        co_return pass;
    }
    // Whatever ends the attempt early, the bytes on disk are claimed for the next one.
    co_await storeCheckpoint(&s);
    if (a->stopped()) {
        pass.end = Pass::End::Stopped;
    } else if (!s.diskError.message.isEmpty()) {
        pass.error = s.diskError;
    } else if (s.startOver) {
        a->segmentsAllowed = false;
        pass.end = Pass::End::StartOver;
    } else {
        pass.error = s.error.isError()
                         ? s.error
                         : makeTaskError(TaskError::Kind::Network,
                                         tr("the download stopped with bytes missing"),
                                         s.url.toDisplayString());
        a->outcome.retryAfterMs = s.retryAfterMs;
    }
    co_return pass;
}

} // namespace TransferSteps
