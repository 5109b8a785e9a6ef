// Strict URL validation for user input.
#include "urls.h"

#include <QCoreApplication>
#include <algorithm>

namespace Urls {

static bool otherScheme(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !scheme.isEmpty() && !url.host().isEmpty() &&
           scheme != QLatin1String("http") && scheme != QLatin1String("https");
}

// Why `url` (shown as `shown`) cannot be downloaded: another scheme is named as such.
static QString whyNot(const QUrl &url, const QString &shown)
{
    const QString scheme = url.scheme().toLower();
    if (otherScheme(url))
        return QCoreApplication::translate("Urls",
                                           "%1:// is not supported (only http and https): %2")
            .arg(scheme, shown);
    return QCoreApplication::translate("Urls", "not a valid URL: %1").arg(shown);
}

bool isDownloadable(const QUrl &url, QString *why)
{
    const QString scheme = url.scheme().toLower();
    const bool ok = url.isValid() &&
                    (scheme == QLatin1String("http") || scheme == QLatin1String("https")) &&
                    !url.host().isEmpty();
    if (!ok && why)
        *why = whyNot(url, url.toDisplayString()); // never a password
    return ok;
}

// "scheme://user:password@host..." -> "scheme://user@host...": what a message may show of
// text that may not even parse as a URL. The authority ends at the first '/', '?' or '#'; its
// user information at its last '@' (a password may hold '@' too); the user name at the first
// ':' of that. A password may hold '/', '?' or '#' too (which is why such text does not parse):
// with no '@' in the authority, a ':' there and an '@' after it, all up to the last '@' goes
// (a path's '@' costs the message some of its path, never a password).
static QString withoutPassword(const QString &text)
{
    const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
    const qsizetype start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    qsizetype end = text.size();
    for (const QChar c : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
        const qsizetype at = text.indexOf(c, start);
        if (at >= 0 && at < end)
            end = at;
    }
    const qsizetype colon = text.indexOf(QLatin1Char(':'), start);
    qsizetype lastAt = text.lastIndexOf(QLatin1Char('@'), end - 1);
    if (lastAt < start && colon >= 0 && colon < end)
        lastAt = text.lastIndexOf(QLatin1Char('@'));
    if (lastAt < start || colon < 0 || colon > lastAt)
        return text; // no user information, or a user name without a password
    return text.left(colon) + text.mid(lastAt);
}

// Text that did not parse as a URL, as a message shows it: no password, no control character
// (each becomes U+FFFD), at most MaxShown characters.
static QString shown(const QString &text)
{
    constexpr qsizetype MaxShown = 200;
    QString out = withoutPassword(text);
    const bool cut = out.size() > MaxShown;
    out.truncate(MaxShown);
    if (cut && out.back().isHighSurrogate())
        out.chop(1); // not half a character
    for (QChar &c : out)
        if (c.category() == QChar::Other_Control)
            c = QChar::ReplacementCharacter;
    return cut ? out + QChar(0x2026) : out; // an ellipsis
}

QString whyNotSentence(const QString &text)
{
    const QString trimmed = text.trimmed();
    const QUrl url(trimmed, QUrl::StrictMode);
    return otherScheme(url)
               ? QCoreApplication::translate(
                     "Urls", "Only http:// and https:// URLs can be downloaded: %1.")
                     .arg(shown(trimmed))
               : QCoreApplication::translate("Urls", "Not a valid URL: %1.").arg(shown(trimmed));
}

QUrl parse(const QString &text, QString *why)
{
    const QString trimmed = text.trimmed();
    const QUrl url(trimmed, QUrl::StrictMode);
    if (trimmed.isEmpty() || !isDownloadable(url)) {
        if (why)
            *why = whyNot(url, shown(trimmed));
        return {};
    }
    return url;
}

QUrl parseFromBrowser(const QString &text, QString *why)
{
    // TolerantMode would percent-encode a control character; none belongs in an address.
    const bool controlled = std::any_of(
        text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
    const QUrl url(text, QUrl::TolerantMode);
    if (text.isEmpty() || controlled || !isDownloadable(url)) {
        if (why)
            *why = whyNot(controlled ? QUrl() : url, shown(text));
        return {};
    }
    return url;
}

QString normalizeProxy(const QString &text, QString *why)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return QLatin1String("");
    const QString withScheme =
        trimmed.contains(QLatin1String("://")) ? trimmed : QStringLiteral("http://") + trimmed;
    const QUrl url(withScheme, QUrl::StrictMode);
    static const QStringList schemes{QStringLiteral("http"),   QStringLiteral("https"),
                                     QStringLiteral("socks4"), QStringLiteral("socks4a"),
                                     QStringLiteral("socks5"), QStringLiteral("socks5h")};
    if (!url.isValid() || url.host().isEmpty() || !schemes.contains(url.scheme().toLower()) ||
        (!url.path().isEmpty() && url.path() != QLatin1String("/"))) {
        if (why)
            *why = QCoreApplication::translate(
                       "Urls", "not a proxy URL: %1 (http://, https://, socks5h://... host:port)")
                       .arg(withoutPassword(withScheme));
        return {};
    }
    return withScheme;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto port = [](const QUrl &u) {
        return u.port(u.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) ? 80 : 443);
    };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && port(a) == port(b);
}

QString originOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery |
                        QUrl::RemoveFragment)
               .toString(QUrl::FullyEncoded) +
           QLatin1Char('/');
}

QString referer(const QString &page, const QUrl &target)
{
    const QUrl from(page);
    if (page.isEmpty() || !from.isValid() ||
        (from.scheme() == QLatin1String("https") && target.scheme() == QLatin1String("http")))
        return {};
    if (!sameOrigin(from, target))
        return originOf(from);
    // Never a password or a fragment, as browsers strip them.
    if (!from.userInfo().isEmpty() || from.hasFragment())
        return from.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveFragment)
            .toString(QUrl::FullyEncoded);
    return page;
}

} // namespace Urls
