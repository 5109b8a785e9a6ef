// What to do with a response to a download request, decided from values alone: the status, the
// Content-Range and Content-Length it carries, how many bytes we already hold and the size an
// earlier response announced. A pure function, tested row by row in tst_responsedecision.
#pragma once

#include "services/http/httpheaders.h"

#include <QString>
#include <optional>

struct ResponseFacts {
    int status = 0;
    std::optional<HttpHeaders::ContentRange> contentRange;
    qint64 contentLength = -1; // of this response's body; -1 when not announced
    qint64 offset = 0;         // bytes the partial file already holds (the Range we asked for)
    qint64 expectedTotal = -1; // the file size an earlier response announced; -1 if none
    // The answer before, in this attempt, was a range of the same file that ended at `offset`
    // (byte offset-1 exists): a 416 to "from offset on" then says the file ends there, even
    // without a size (a server that does not know it cannot say "bytes */N").
    bool offsetSeen = false;
};

struct ResponseDecision {
    enum class Action {
        Write,     // write the body at `done`; the file will hold `total` bytes (-1: unknown)
        StartOver, // our partial file cannot be continued: empty it and ask again from byte 0
        Complete,  // the partial file already is the whole file
        Fail,      // an error response (the caller describes it), or `integrity` is set
    };
    Action action = Action::Fail;
    qint64 done = 0;
    qint64 total = -1;
    // Write: where this response's bytes end, -1 at the end of the file. A 206 may send less
    // than the rest asked for ("bytes 300-399/1000" to "bytes=300-"): its body ends there, and
    // the rest is asked for again.
    qint64 end = -1;
    bool discardHeld = false; // Write from byte 0 although we hold bytes: empty the file first
    bool integrity = false;   // Fail: the server broke the protocol (message in `why`)
    QString why;              // for the task's log (StartOver, Complete, Write) or the error
};

ResponseDecision decideResponse(const ResponseFacts &facts);
