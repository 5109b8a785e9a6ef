// Choosing safe, unique file names for downloads.
#pragma once

#include <QSet>
#include <QString>
#include <QUrl>
#include <functional>

namespace FileNames {
// The URL path's last segment, percent-decoded and sanitized; query ignored; "index.html" if empty.
QString fromUrl(const QUrl &url);
// Makes a name safe to create inside a folder: no path separators, no "..", no control
// characters, no leading dot or dash, at most 255 bytes (UTF-8) keeping the extension.
// Returns an empty string when nothing usable is left.
QString sanitize(const QString &name);
// `name`, or `name (1).ext`, `name (2).ext`, ... : the first that exists neither as a file nor
// as `<candidate>.part` in `directory`, and is not in `reserved` (names other tasks are writing).
QString unique(const QString &directory, const QString &name, const QSet<QString> &reserved = {});
// The same, with `reserved` asked name by name (no set of every reserved name built per call).
QString unique(const QString &directory, const QString &name,
               const std::function<bool(const QString &)> &reserved);
// "base (n).ext" for "base.ext"; keeps double extensions such as .tar.gz together.
QString numbered(const QString &name, int n);
} // namespace FileNames
