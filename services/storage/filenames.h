// Choosing safe, unique file names for downloads.
#pragma once

#include <QString>
#include <QUrl>

namespace FileNames {
// The URL path's last segment, percent-decoded and sanitized; query ignored; "index.html" if empty.
QString fromUrl(const QUrl &url);
// Makes a name safe to create inside a folder: no path separators, no "..", no control
// characters, no leading dot or dash, at most 255 bytes (UTF-8) keeping the extension.
// Returns an empty string when nothing usable is left.
QString sanitize(const QString &name);
// "base (n).ext" for "base.ext"; keeps double extensions such as .tar.gz together.
QString numbered(const QString &name, int n);
// numbered()'s inverse: "base.ext" and n for "base (n).ext"; `name` itself and 0 otherwise.
QString unnumbered(const QString &name, int *n);
// The n-th choice for `name`: `name` itself for 0, then `numbered(name, n)`.
QString candidate(const QString &name, int n);
// The first n >= `from` whose candidate exists in `directory` neither as a file (or link) nor
// as `<candidate>.part`; when `from` itself is taken, looked for from `skipTo` on (numbers
// handed out already: the 10,000th download of one name asks the disk twice, not 20,000
// times). Asks the disk: never on the GUI thread.
int firstFreeOnDisk(const QString &directory, const QString &name, int from = 0, int skipTo = 0);
} // namespace FileNames
