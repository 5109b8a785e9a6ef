// Reads aria2's input-file format (-i FILE): one download per line, TAB-separated mirrors,
// indented "key=value" option lines below it. A plain list of URLs, one per line, is the
// simplest case and parses as it always did.
#pragma once

#include "hashjob.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

class QTextStream;

struct InputEntry {
    QList<QUrl> mirrors; // at least one; the same file at each
    QString outName;     // out=NAME, as written (sanitize before use); empty: from the URL
    QString directory;   // dir=DIR, as written; empty: the default folder
    std::optional<Checksum> checksum; // checksum=ALGO=HEX
    bool extract = false;             // extract=true
    int line = 0;                     // where the URI line is, 1-based
};

struct AriaInput {
    QList<InputEntry> entries;
    // "line 7: not a valid URL: ..." (the URI is dropped; an entry with no valid URI, or with
    // an invalid option value, is skipped). Warnings: "line 5: unknown option 'foo'", the
    // option ignored, the entry kept.
    QStringList errors;
    QStringList warnings;
};

namespace AriaInputParser {
AriaInput parse(QTextStream &in);
AriaInput parse(const QString &text);
} // namespace AriaInputParser
