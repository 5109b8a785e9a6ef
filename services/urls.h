// What counts as a URL Fetchdeck can download.
#pragma once

#include <QString>
#include <QUrl>

namespace Urls {
// Parses one line of user input strictly: an absolute http:// or https:// URL with a host.
// On failure returns an invalid QUrl and sets `why` ("not a valid URL: ...").
QUrl parse(const QString &text, QString *why = nullptr);
bool isDownloadable(const QUrl &url, QString *why = nullptr);
} // namespace Urls
