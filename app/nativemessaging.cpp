// Native messaging: framing and checks.
#include "nativemessaging.h"

#include "services/urls.h"
#include "singleinstance.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace NativeMessaging {

namespace {
constexpr qsizetype MaxUrlCharacters = 8192; // an address, or a referrer

QString tr(const char *text)
{
    return QCoreApplication::translate("NativeMessaging", text);
}

// A text field: absent is empty; any other type, or one too long, is refused.
bool text(const QJsonObject &o, const char *key, qsizetype max, QString *out, QString *why)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
        out->clear();
        return true;
    }
    if (!v.isString() || v.toString().size() > max) {
        *why =
            tr("\"%1\" must be a string of at most %2 characters").arg(QLatin1String(key)).arg(max);
        return false;
    }
    *out = v.toString();
    return true;
}
} // namespace

Decoded takeMessages(QByteArray &buffer)
{
    Decoded d;
    qsizetype at = 0;
    while (buffer.size() - at >= 4) {
        quint32 length = 0;
        std::memcpy(&length, buffer.constData() + at, 4); // native byte order, as specified
        if (length > MaxMessageBytes) {
            d.error = tr("a message of %1 bytes (at most %2)").arg(length).arg(MaxMessageBytes);
            break;
        }
        if (buffer.size() - at - 4 < qsizetype(length))
            break; // the rest has not arrived yet
        d.messages.append(buffer.mid(at + 4, length));
        at += 4 + length;
    }
    buffer.remove(0, at);
    return d;
}

QByteArray frame(const QJsonObject &message)
{
    const QByteArray body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    const quint32 length = quint32(body.size());
    QByteArray out(4, '\0');
    std::memcpy(out.data(), &length, 4);
    return out + body;
}

QByteArray toMessage(const Request &r)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("download")},
                  {QStringLiteral("url"), QString::fromUtf8(r.url.toEncoded())}};
    const auto add = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    add("filename", r.fileName);
    add("referrer", r.referrer.isEmpty() ? QString() : QString::fromUtf8(r.referrer.toEncoded()));
    add("userAgent", r.userAgent);
    add("cookies", r.cookies);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<Request> parseRequest(const QByteArray &message, QString *why)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(message, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        *why = tr("not a JSON object");
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    if (o.value(QLatin1String("type")).toString() != QLatin1String("download")) {
        *why = tr("unknown message type");
        return std::nullopt;
    }
    QString url, referrer;
    Request r;
    if (!text(o, "url", MaxUrlCharacters, &url, why) ||
        !text(o, "filename", 1024, &r.fileName, why) ||
        !text(o, "referrer", MaxUrlCharacters, &referrer, why) ||
        !text(o, "userAgent", 1024, &r.userAgent, why) ||
        !text(o, "cookies", 16384, &r.cookies, why))
        return std::nullopt;
    // As browsers send them: | ^ { } ` unescaped (percent-encoded here). The dashboard reads
    // the request again as it is passed on, encoded: an address that grew past the limit there
    // is refused here, so that what the host took, the dashboard takes too.
    r.url = Urls::parseFromBrowser(url, why);
    if (r.url.isEmpty())
        return std::nullopt;
    if (r.url.toEncoded().size() > MaxUrlCharacters) {
        *why = tr("the address is longer than %1 characters once encoded").arg(MaxUrlCharacters);
        return std::nullopt;
    }
    // A referrer that is no http(s) address (about:blank, data:, a file: page, a control
    // character), or too long, is dropped, not the download: a browser would not send it to a
    // web server either.
    if (!referrer.isEmpty())
        r.referrer = Urls::parseFromBrowser(referrer);
    if (r.referrer.toEncoded().size() > MaxUrlCharacters)
        r.referrer.clear();
    // A header is one line of text: no line break that could start another header, no NUL
    // that would cut it short, no other control character.
    const auto controlled = [](const QString &value) {
        return std::any_of(value.cbegin(), value.cend(),
                           [](QChar c) { return c.category() == QChar::Other_Control; });
    };
    if (controlled(r.cookies) || controlled(r.userAgent)) {
        *why = tr("a header value with a line break or another control character");
        return std::nullopt;
    }
    return r;
}

} // namespace NativeMessaging

namespace {

// Hands the downloads to the dashboard of the state folder, starting one when none answers:
// empty once it took them, else why not. `explicitStateDir`: the folder came from
// --state-dir (the dashboard started is given it too; without, it reads the user's settings).
QString deliver(const QString &stateDir, bool explicitStateDir,
                const QList<NativeMessaging::Request> &downloads)
{
    using NativeMessaging::tr;
    SingleInstance instance(stateDir);
    // One budget for all of it: the browser stops waiting soon after.
    const QDeadlineTimer budget(NativeMessaging::HostBudgetMs);
    const auto left = [&budget] { return int(std::max<qint64>(budget.remainingTime(), 0)); };
    const QByteArray batch = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    // Any answer but "taken" is final: sending again would only add copies, or spam an older
    // dashboard that cannot read these lines.
    const QString tooOld = tr("the running Fetchdeck did not take the downloads (is it older than "
                              "this browser host? restart it)");
    using Handed = SingleInstance::Handed;
    const auto hand = [&] { return instance.handOverDownloads(downloads, batch, budget); };
    Handed handed = hand();
    if (handed != Handed::NoAnswer)
        return handed == Handed::Taken ? QString() : tooOld;
    // One host at a time starts the dashboard (a browser starts a host per download); the
    // others wait here and then find it listening.
    if (!QFileInfo::exists(stateDir) && QDir().mkpath(stateDir))
        QFile::setPermissions(stateDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ExeOwner);
    QLockFile starting(QDir(stateDir).filePath(QStringLiteral("native-host.lock")));
    starting.setStaleLockTime(0);
    if (!starting.tryLock(left()))
        return starting.error() == QLockFile::LockFailedError
                   ? tr("another start of Fetchdeck did not finish")
                   : tr("cannot use the state folder %1").arg(stateDir);
    if ((handed = hand()) != Handed::NoAnswer)
        return handed == Handed::Taken ? QString() : tooOld;
    // A Fetchdeck holding the state folder (starting up, or a headless run) is waited for as
    // long as it lives; else one is started, with nothing of it on the browser's pipes (they
    // carry the protocol), and waited for as long as it lives. QLockFile tells a live holder
    // from a stale file whose pid now names another program.
    QLockFile held(QDir(stateDir).filePath(QStringLiteral("fetchdeck.lock")));
    held.setStaleLockTime(0);
    qint64 pid = 0;
    const bool inUse = !held.tryLock(0);
    if (inUse) {
        QString host, app;
        held.getLockInfo(&pid, &host, &app);
    } else {
        held.unlock();
        QProcess dashboard;
        dashboard.setProgram(QCoreApplication::applicationFilePath());
        if (explicitStateDir)
            dashboard.setArguments({QStringLiteral("--state-dir"), stateDir});
        dashboard.setStandardInputFile(QProcess::nullDevice());
        dashboard.setStandardOutputFile(QProcess::nullDevice());
        dashboard.setStandardErrorFile(QProcess::nullDevice());
        if (!dashboard.startDetached(&pid))
            return tr("Fetchdeck could not be started");
    }
    while (!budget.hasExpired()) {
        QThread::msleep(100); // a process of its own, waiting for another: nothing else to do
        if ((handed = hand()) != Handed::NoAnswer)
            return handed == Handed::Taken ? QString() : tooOld;
        if (pid > 0 && ::kill(pid_t(pid), 0) != 0)
            return inUse ? tr("the Fetchdeck using %1 ended without taking downloads").arg(stateDir)
                         : tr("Fetchdeck did not start (is its state folder %1 in use?)")
                               .arg(stateDir);
    }
    return inUse ? tr("the Fetchdeck using %1 (pid %2) did not take the downloads in time "
                      "(a headless run, or a window that does not answer)")
                       .arg(stateDir, QString::number(pid))
                 : tr("Fetchdeck did not answer within %1 s")
                       .arg(NativeMessaging::HostBudgetMs / 1000);
}

bool isPing(const QByteArray &message)
{
    const QJsonDocument doc = QJsonDocument::fromJson(message);
    return doc.isObject() && doc.object().value(QLatin1String("type")) == QLatin1String("ping");
}

} // namespace

bool isBrowserLaunch(const QStringList &arguments)
{
    // Chromium: `host chrome-extension://ID/ [--parent-window=N]`; Firefox: `host MANIFEST ID`.
    return arguments.size() >= 2 &&
           (arguments[1].startsWith(QLatin1String("chrome-extension://")) ||
            (arguments.size() >= 3 &&
             arguments[2] == QLatin1String(NativeMessaging::FirefoxExtensionId)));
}

// The host: a process of its own, started by the browser; blocking reads are fine here.
int runNativeMessagingHost(const QString &stateDirectory)
{
    using namespace NativeMessaging;
    const bool explicitStateDir = !stateDirectory.isEmpty();
    const QString stateDir =
        explicitStateDir ? stateDirectory
                         : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const auto answer = [](const QJsonObject &reply) {
        const QByteArray out = frame(reply);
        return ::write(STDOUT_FILENO, out.constData(), size_t(out.size())) == out.size();
    };
    QByteArray buffer;
    char chunk[4096];
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n <= 0)
            return 0; // the browser closed the pipe: done
        buffer.append(chunk, n);
        const Decoded d = takeMessages(buffer);
        // What arrived together is handed over together ("send all links on this page").
        QList<Request> downloads;
        QList<QString> refused; // per message: empty, or why it is refused
        for (const QByteArray &message : d.messages) {
            QString why;
            if (isPing(message)) { // the popup asks whether Fetchdeck is there
                refused.append(QStringLiteral("ping"));
                continue;
            }
            if (const std::optional<Request> request = parseRequest(message, &why))
                downloads.append(*request);
            refused.append(why);
        }
        const QString failed =
            downloads.isEmpty() ? QString() : deliver(stateDir, explicitStateDir, downloads);
        for (const QString &why : std::as_const(refused)) {
            if (why == QLatin1String("ping"))
                answer({{QStringLiteral("ok"), true},
                        {QStringLiteral("version"), QCoreApplication::applicationVersion()}});
            else if (!why.isEmpty())
                answer({{QStringLiteral("ok"), false}, {QStringLiteral("error"), why}});
            else if (failed.isEmpty())
                answer({{QStringLiteral("ok"), true}});
            else
                answer({{QStringLiteral("ok"), false}, {QStringLiteral("error"), failed}});
        }
        if (!d.error.isEmpty()) {
            answer({{QStringLiteral("ok"), false}, {QStringLiteral("error"), d.error}});
            return 1; // the stream is out of step: nothing after this can be trusted
        }
    }
}
