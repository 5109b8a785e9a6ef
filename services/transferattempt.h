// The transfer coroutine's shared state and its response-head step, private to transfer.cpp
// and transferhead.cpp.
#pragma once

#include "partfile.h"
#include "transfer.h"

#include <QCoroTask>

class CurlTransfer;

namespace TransferSteps {

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

// Handles the status line and headers of one request: the response decision, validators, and
// the .part file (named and created on the first response). Returns false when the pass ends
// here (pass->end set); otherwise *done and *total say where the body goes.
QCoro::Task<bool> acceptHeaders(Attempt *a, const CurlTransfer *transfer, qint64 offset,
                                qint64 *done, qint64 *total, Pass *pass);

} // namespace TransferSteps
