// What counts as a URL Fetchdeck can download.
#pragma once

#include <QString>
#include <QUrl>

namespace Urls {
// Parses one line of user input strictly: an absolute http:// or https:// URL with a host.
// On failure returns an invalid QUrl and sets `why` ("not a valid URL: ...").
QUrl parse(const QString &text, QString *why = nullptr);
// Why `text` (all of it, as parse() shows it) is not a URL to download, as a sentence of its
// own ("Not a valid URL: hello world."), for a message that stands alone.
QString whyNotSentence(const QString &text);
// An address as a browser sends it: the URL Standard leaves | ^ { } ` and the like unescaped,
// which parse() refuses; here they are percent-encoded. Still only an http:// or https:// URL with
// a host, and no control character. On failure: an invalid QUrl and `why`, as parse().
QUrl parseFromBrowser(const QString &text, QString *why = nullptr);
bool isDownloadable(const QUrl &url, QString *why = nullptr);
// A proxy curl can use: http://, https://, socks4://, socks4a://, socks5:// or socks5h:// with a
// host ("host:port" alone means http://). Empty is valid: the environment's proxy settings.
// Returns the normalized text, or sets `why` and returns a null string.
QString normalizeProxy(const QString &text, QString *why = nullptr);
// Same scheme, host and port (the port a scheme implies counts): where a browser's cookies for
// one may go.
bool sameOrigin(const QUrl &a, const QUrl &b);
// "scheme://host[:port]/": what a browser sends as the referrer to another origin.
QString originOf(const QUrl &url);
// The Referer a browser sends from `page` to `target` by default (strict-origin-when-cross-origin):
// the page's whole address to its own origin, only its origin to another, nothing from https to
// http. Empty: no Referer.
QString referer(const QString &page, const QUrl &target);
} // namespace Urls
