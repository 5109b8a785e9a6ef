// Parsing the HTTP headers a resuming, retrying downloader depends on. Pure functions.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>
#include <optional>

namespace HttpHeaders {

// "bytes 100-199/1000" -> {100, 199, 1000}; total is -1 for "*". "bytes */1000" (a 416's)
// -> {-1, -1, 1000}.
struct ContentRange {
    qint64 first = -1;
    qint64 last = -1;
    qint64 total = -1;
};
std::optional<ContentRange> parseContentRange(const QByteArray &value);

// RFC 6266: filename*= (RFC 8187, UTF-8 or ISO-8859-1) wins over filename=. Returns the raw
// name, not yet sanitized; empty when the header has none.
QString fileNameFromContentDisposition(const QByteArray &value);
// The names the header gives, the preferred first (filename*, then filename), raw: the caller
// takes the first that is still a name once sanitized. filename= is read as browsers read it:
// UTF-8, or Latin-1 when its bytes are not UTF-8, and an RFC 2047 encoded word
// ("=?UTF-8?B?...?=") decoded.
QStringList fileNamesFromContentDisposition(const QByteArray &value);

// Retry-After as delta-seconds or an HTTP date, relative to `now`; nullopt when absent or bad.
std::optional<qint64> parseRetryAfterMs(const QByteArray &value, const QDateTime &now);

// The validator an If-Range may carry for a resume: a strong ETag, else Last-Modified (a weak
// ETag cannot validate a range); empty when neither can.
bool isStrongEtag(const QByteArray &etag);
QByteArray ifRangeValidator(const QByteArray &etag, const QByteArray &lastModified);

// An absolute Location as a server wrote it (a space, raw bytes) as the URL curl's own
// following would request: a space as %20 (+ in the query), a byte over 0x7f as %XX.
QUrl locationUrl(QByteArrayView location);

} // namespace HttpHeaders
