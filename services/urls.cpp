// Strict URL validation for user input.
#include "urls.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Urls {

bool isDownloadable(const QUrl &url, QString *why)
{
    const QString scheme = url.scheme().toLower();
    const bool ok = url.isValid() &&
                    (scheme == QLatin1String("http") || scheme == QLatin1String("https")) &&
                    !url.host().isEmpty();
    if (!ok && why)
        *why = QCoreApplication::translate("Urls", "not a valid URL: %1")
                   .arg(url.toDisplayString()); // never a password
    return ok;
}

// "scheme://user:password@host..." -> "scheme://user@host...": what a message may show of
// text that may not even parse as a URL.
static QString withoutPassword(const QString &text)
{
    static const QRegularExpression credentials(QStringLiteral("(://[^/@:?#]*):[^/@?#]*@"));
    QString shown = text;
    return shown.replace(credentials, QStringLiteral("\\1@"));
}

QUrl parse(const QString &text, QString *why)
{
    const QString trimmed = text.trimmed();
    const QUrl url(trimmed, QUrl::StrictMode);
    if (trimmed.isEmpty() || !isDownloadable(url)) {
        if (why)
            *why = QCoreApplication::translate("Urls", "not a valid URL: %1")
                       .arg(withoutPassword(trimmed));
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
                       .arg(withoutPassword(trimmed));
        return {};
    }
    return withScheme;
}

} // namespace Urls
