// The transfer coroutine's shared state and its request and response-head steps, private to
// transfer.cpp and transferhead.cpp.
#pragma once

#include "services/http/curltransfer.h"
#include "services/http/segmentplan.h"
#include "services/storage/partfile.h"
#include "services/storage/partfilenaming.h"
#include "transfer.h"

#include <QCoroTask>
#include <functional>

class CurlTransfer;

namespace TransferSteps {

struct Pass {
    // RangeEnded: the answer's range ended before the file did; the rest is to be asked for.
    enum class End { Completed, RangeEnded, StartOver, Failed, Stopped };
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
    bool segmentsAllowed = true; // cleared once the server mishandled a range
    // The bytes held came with a Content-Encoding (gzip, though we asked for none): a coding of
    // the file, which a plain answer to a resume would continue into a splice of two. Such a
    // file is never continued or split; an attempt that ends short leaves it empty, and the
    // task's segment map says CodedPart from before the first byte (stored with the name), so
    // the attempt after a crash starts from zero too.
    bool coded = false;
    // The request now made asks for the rest after a range answer that ended before the file
    // did (Pass::End::RangeEnded): it is routine, and a 416 to it ends the file there.
    bool continuing = false;
    bool stopped() const { return control->stop != TransferControl::Stop::None; }
};

// The segment map of a task whose .part holds a coding of the file (no map parses as it).
inline const QString CodedPart = QStringLiteral("fetchdeck-coded");

// Handles the status line and headers of one request: the response decision, validators, and
// the .part file (named and created on the first response). Returns false when the pass ends
// here (pass->end set); otherwise *done and *total say where the body goes.
// *end is where this response's bytes end, -1 at the end of the file (a 206 may send less
// than the rest: see ResponseDecision::end).
QCoro::Task<bool> acceptHeaders(Attempt *a, const CurlTransfer *transfer, qint64 offset,
                                qint64 *done, qint64 *total, qint64 *end, Pass *pass);

// The request for the attempt's URL from `offset` (Range and If-Range when resuming).
// What naming a download's file needs: its folder, the engine's reservations and store, the
// task's sink (Content-Disposition and the URL are the response's, set by the caller).
PartFileNaming naming(const Attempt &a);
HttpRequest makeRequest(const Attempt &a, qint64 offset);
// Adds what a browser handed over with the download (Referer, User-Agent, and the Cookie header
// when req->url is the download's own origin) to a request of the task.
void addBrowserHeaders(HttpRequest *req, const TransferRequest &request);
// The end of a body that arrived without a local failure: was it whole?
TaskError checkBodyEnd(const Attempt &a, const CurlTransfer &transfer, qint64 done, qint64 total);

// Waits until the speed limit lets the task take some of the `wanted` bytes buffered in
// `transfer`, and returns how many (0 only when the task stopped meanwhile, or `ending` says
// this connection is to end).
QCoro::Task<qint64> allowance(Attempt *a, CurlTransfer *transfer, qint64 wanted,
                              std::function<bool()> ending = {});

// One request from where the file ends (transferreceive.cpp): its answer streamed onto the
// disk, or handed over to several connections.
QCoro::Task<Pass> receive(Attempt *a);
// After a pass that ended with its range (RangeEnded), the rest asked for until the file ends
// (or the parts are too small to finish it); otherwise `pass` as it is.
QCoro::Task<Pass> receiveParts(Attempt *a, Pass pass);

// Whether the response just accepted (to a request from `offset`, the file `total` bytes long)
// may be split over more connections.
bool canSplit(const Attempt &a, const CurlTransfer &transfer, qint64 offset, qint64 total);

// Fetches the bytes `plan` still lacks over up to request.connections connections, writing each
// at its offset. `first` (may be null) is a response already accepted, streaming to the end of
// the file from `firstOffset`: it becomes the first connection. The .part must be positional.
QCoro::Task<Pass> fetchSegments(Attempt *a, SegmentPlan plan, CurlTransfer *first,
                                qint64 firstOffset);

} // namespace TransferSteps
