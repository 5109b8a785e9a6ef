// The shared state of a download in pieces and its steps that need no connection: checking a
// range answer, checkpoints of the segment map, the per-connection report. Private to
// transfersegments.cpp and transfersegmentstate.cpp.
#pragma once

#include "services/http/curltransfer.h"
#include "transferattempt.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <optional>

namespace TransferSteps::Pieces {

// What one range request came to.
enum class Fetched {
    Done,    // the piece is on disk (or was shortened by a steal and is done)
    Failed,  // a network or HTTP failure; the rest of the piece is free again
    Refused, // 429 or 503 to an extra connection: the server wants fewer
    Broken,  // not a proper answer to the range (200, another start): nothing written
    Stopped, // the task stops, or the session ended this connection
    Disk,    // a write failed: the whole download stops
    Mirror,  // a mirror answered wrongly or failed: leave it out, fetch the piece elsewhere
};

struct Session {
    Attempt *a = nullptr;
    SegmentPlan plan{0, 1};
    QUrl url; // where the first response came from (after redirects)
    // Where pieces come from: the URL above first, then the task's mirrors (the same file on
    // other servers). A mirror that fails is left out for the rest of the attempt; each has its
    // own validators (another server's ETag means nothing here).
    struct Source {
        QUrl url;
        bool dropped = false;
        bool seen = false; // its validators are known (from its first 206)
        QByteArray etag;
        QByteArray lastModified;
    };
    QList<Source> sources;
    int nextSource = 0;
    QHash<int, int> slotSource;      // which source a slot's request went to
    QHash<int, qint64> slotPosition; // where a slot was at the last details report
    QElapsedTimer sinceDetails;
    QByteArray etag;
    QByteArray lastModified;
    int maxConnections = 1;
    int connections = 0;         // worker coroutines alive
    int firstSlot = -1;          // the slot still streaming the first (open-ended) response
    bool fallback = false;       // ranges cannot be trusted: only firstSlot goes on
    bool statusReported = false; // a piece's answer status went to the task (a resume has no other)
    bool startOver = false;
    TaskError error; // the last failure of a connection
    TaskError diskError;
    std::optional<qint64> retryAfterMs;
    QElapsedTimer sinceCheckpoint;
    qint64 doneAtCheckpoint = 0;
    std::optional<QCoro::Task<>> checkpoint; // at most one at a time
    bool checkpointing = false;

    bool ending() const { return a->stopped() || startOver || !diskError.message.isEmpty(); }
    void abortAll(const CurlTransfer *except)
    {
        for (const QPointer<CurlTransfer> &t : std::as_const(a->control->segments))
            if (t && t != except)
                t->abort();
        if (a->control->transfer && a->control->transfer != except)
            a->control->transfer->abort();
    }
};

// The bytes synced, then the map that claims them stored (one checkpoint at a time).
QCoro::Task<> storeCheckpoint(Session *s);
// Starts a checkpoint when a second or a 32nd of the file passed since the last one.
void maybeCheckpoint(Session *s);
// Twice a second: what each connection fetches, for the details panel.
void maybeReportConnections(Session *s);
// Checks the head of an answer to a range request from the attempt's URL (Done: write it) or
// from a mirror (`why` says what was wrong).
Fetched checkRangeResponse(Session *s, const CurlTransfer &t, const SegmentPlan::Work &work);
Fetched checkMirrorResponse(Session *s, const CurlTransfer &t, const SegmentPlan::Work &work,
                            int source, QString *why);

// A mirror that failed is left out for the rest of the attempt, said once in the log with its
// URL; its piece goes back to the others. Returns Fetched::Mirror.
Fetched leaveOut(Session *s, int source, const QString &why);
// Past the last byte of the range a piece's answer says it carries (-1: it says none).
qint64 rangeEndOf(const CurlTransfer &t);
// A server that will not serve ranges properly: the first response goes on alone when it still
// streams, or the attempt starts over on one connection.
void fallBack(Session *s);
// The next source for a new request, in turn among those not left out (0 is never left out).
int pickSource(Session *s);

} // namespace TransferSteps::Pieces
