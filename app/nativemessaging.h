// The browsers' native messaging protocol (Chromium and Firefox alike): each message is a
// 32-bit length in native byte order, then that many bytes of UTF-8 JSON. `fetchdeck
// --native-messaging` reads the extension's download requests on stdin, checks every one, and
// answers each on stdout. Only the framing and the checks live here: they are pure, and tested
// on hostile input.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace NativeMessaging {

// The names the browsers know Fetchdeck by (the extension's manifest and the host manifests
// use the same ones; see browser/CMakeLists.txt).
constexpr char HostName[] = FETCHDECK_HOST_NAME;
constexpr char FirefoxExtensionId[] = FETCHDECK_FIREFOX_ID;
constexpr char ChromiumExtensionId[] = FETCHDECK_CHROMIUM_ID;

// Chromium caps messages to a host at 4 GiB and from a host at 1 MiB; a download request is
// small: anything longer is refused before it is read.
constexpr quint32 MaxMessageBytes = 64 * 1024;

// How long the host may take to answer what arrived together, a dashboard's start included.
// Chromium goes on with a download whose name no listener gave within about 15 s (measured with
// Chromium 156): a later "taken" left the user the browser's copy too. The extension waits a
// little longer than this (browser/background.js, HOST_TIMEOUT_MS; tst_browsercapture checks).
constexpr int HostBudgetMs = 11000;

// A download the extension hands over, as checked.
struct Request {
    QUrl url;          // http or https only
    QString fileName;  // the name the browser chose (sanitized later, as any name)
    QUrl referrer;     // http(s) or empty
    QString userAgent; // the browser's
    QString cookies;   // "a=1; b=2" for the download's host only; never logged or stored
};

struct Decoded {
    QList<QByteArray> messages; // whole messages, in order
    QString error;              // the stream cannot go on (too long a message); empty if fine
};

// Takes the whole messages off the front of `buffer`, leaving a partial one there.
Decoded takeMessages(QByteArray &buffer);
QByteArray frame(const QJsonObject &message); // length prefix + compact JSON
// The request as the extension sends it (compact JSON, one line): how the host passes it on.
QByteArray toMessage(const Request &request);

// Checks one message: {"type":"download","url":...,"filename":...,"referrer":...,
// "userAgent":...,"cookies":...}. The request, or *why it is refused.
std::optional<Request> parseRequest(const QByteArray &message, QString *why);

} // namespace NativeMessaging

// `fetchdeck --native-messaging [--state-dir DIR] [ORIGIN...]`: the host a browser starts. Reads
// requests from stdin until it closes, hands the checked ones (with their cookies, referrer,
// user agent and file name) to the running dashboard of that state folder, starting one and
// waiting for it when none answers, and answers each request on stdout with {"ok":true} or
// {"ok":false,"error":"..."}. Returns the exit status.
int runNativeMessagingHost(const QString &stateDirectory);
// Whether the arguments are the ones a browser starts its host with (a manifest cannot add
// --native-messaging): Chromium passes the extension's origin, Firefox the manifest and the id.
bool isBrowserLaunch(const QStringList &arguments);
