// The response decision table.
#include "responsedecision.h"

#include "models/format.h"

#include <QCoreApplication>

static QString tr(const char *text)
{
    return QCoreApplication::translate("Transfer", text);
}

static ResponseDecision make(ResponseDecision::Action action, qint64 done, qint64 total,
                             QString why)
{
    ResponseDecision d;
    d.action = action;
    d.done = done;
    d.total = total;
    d.why = std::move(why);
    return d;
}

ResponseDecision decideResponse(const ResponseFacts &f)
{
    using Action = ResponseDecision::Action;
    const auto &range = f.contentRange;

    if (f.status == 416 && f.offset > 0) {
        // "bytes */N": the file is N bytes long. Only when that is what we hold, and what an
        // earlier response announced, is the partial file complete.
        const bool sizeSaid = range && range->total >= 0;
        const bool holdsAll = (sizeSaid ? range->total == f.offset : f.offsetSeen) &&
                              (f.expectedTotal < 0 || f.expectedTotal == f.offset);
        if (holdsAll)
            return make(Action::Complete, f.offset, f.offset,
                        tr("The partial file already holds all %1 bytes").arg(f.offset));
        return make(Action::StartOver, 0, -1,
                    tr("The server cannot resume at byte %1: starting over").arg(f.offset));
    }
    if (f.status < 200 || f.status >= 300)
        return make(Action::Fail, 0, -1, {});
    // Success without a file: saved, it would be an empty file (or a status text) reported
    // complete, and a resume's partial file thrown away for it.
    if (f.status == 202)
        return make(Action::Fail, 0, -1,
                    tr("the server accepted the request but sent no file yet (HTTP 202)"));
    if (f.status == 204 || f.status == 205)
        return make(Action::Fail, 0, -1, tr("the server sent no file (HTTP %1)").arg(f.status));

    // A range and a length that disagree: which bytes are these?
    if (f.status == 206 && range && f.contentLength >= 0 &&
        f.contentLength != range->last - range->first + 1) {
        ResponseDecision d = make(Action::Fail, 0, -1,
                                  tr("the server's answer does not add up: its range holds %1 "
                                     "bytes, its Content-Length says %2")
                                      .arg(range->last - range->first + 1)
                                      .arg(f.contentLength));
        d.integrity = true;
        return d;
    }
    if (f.offset > 0 && f.status == 206) {
        if (!range || range->first != f.offset)
            return make(
                Action::StartOver, 0, -1,
                tr("The server sent another range than byte %1 on: starting over").arg(f.offset));
        // Without a strong validator the resume is blind: at least the size must not change.
        // "bytes 400-999/*" does not say the size: only where these bytes end, which may be
        // before the end of the file (the rest is asked for then), never after it.
        const qint64 total = range->total >= 0 ? range->total : f.expectedTotal;
        const qint64 end = range->last + 1;
        const qint64 seen = range->total >= 0 ? range->total : std::max(end, f.expectedTotal);
        if (f.expectedTotal >= 0 && seen != f.expectedTotal)
            return make(Action::StartOver, 0, -1,
                        tr("The file on the server changed size (%1, was %2): starting over")
                            .arg(seen)
                            .arg(f.expectedTotal));
        ResponseDecision d =
            make(Action::Write, f.offset, total,
                 total >= 0 ? tr("HTTP 206: resuming at %1 of %2")
                                  .arg(Format::bytes(f.offset), Format::bytes(total))
                            : tr("HTTP 206: resuming at %1").arg(Format::bytes(f.offset)));
        d.end = end == total ? -1 : end;
        return d;
    }
    if (f.status == 206) {
        // A part we did not ask for: only a range covering the whole file can be used.
        if (!range || range->first != 0 || (range->total >= 0 && range->last + 1 != range->total)) {
            ResponseDecision d = make(Action::Fail, 0, -1,
                                      tr("the server sent part of the file without being asked"));
            d.integrity = true;
            return d;
        }
        if (range->total < 0) {
            // "bytes 0-99/*": where these bytes end, not where the file does (the rest is asked
            // for then, until the server has no more).
            ResponseDecision d = make(Action::Write, 0, -1, tr("HTTP 206, size not said"));
            d.end = range->last + 1;
            return d;
        }
        return make(Action::Write, 0, range->total,
                    tr("HTTP 206, %1").arg(Format::bytes(range->total)));
    }
    ResponseDecision d = make(Action::Write, 0, f.contentLength,
                              tr("HTTP %1, %2").arg(f.status).arg(Format::bytes(f.contentLength)));
    if (f.offset > 0) {
        d.discardHeld = true;
        d.why = tr("The server ignored the range request (HTTP %1): starting over").arg(f.status);
    }
    return d;
}
