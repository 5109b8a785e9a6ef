// Strict URL validation for user input.
#include "urls.h"

#include <QCoreApplication>

namespace Urls {

bool isDownloadable(const QUrl &url, QString *why)
{
    const QString scheme = url.scheme().toLower();
    const bool ok = url.isValid() &&
                    (scheme == QLatin1String("http") || scheme == QLatin1String("https")) &&
                    !url.host().isEmpty();
    if (!ok && why)
        *why = QCoreApplication::translate("Urls", "not a valid URL: %1").arg(url.toString());
    return ok;
}

QUrl parse(const QString &text, QString *why)
{
    const QString trimmed = text.trimmed();
    const QUrl url(trimmed, QUrl::StrictMode);
    if (trimmed.isEmpty() || !isDownloadable(url)) {
        if (why)
            *why = QCoreApplication::translate("Urls", "not a valid URL: %1").arg(trimmed);
        return {};
    }
    return url;
}

} // namespace Urls
