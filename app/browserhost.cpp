// Host manifests for the current user.
#include "browserhost.h"

#include "nativemessaging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <cstdio>

namespace BrowserHost {

QString fileName()
{
    return QLatin1String(NativeMessaging::HostName) + QLatin1String(".json");
}

QList<Place> userPlaces()
{
    const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    const QString home = QDir::homePath();
    return {
        {QStringLiteral("Chromium"), Family::Chromium,
         QDir(config).filePath(QStringLiteral("chromium/NativeMessagingHosts"))},
        {QStringLiteral("Google Chrome"), Family::Chromium,
         QDir(config).filePath(QStringLiteral("google-chrome/NativeMessagingHosts"))},
        {QStringLiteral("Firefox"), Family::Firefox,
         QDir(home).filePath(QStringLiteral(".mozilla/native-messaging-hosts"))},
    };
}

QJsonObject manifest(Family family, const QString &binary)
{
    QJsonObject m{
        {QStringLiteral("name"), QLatin1String(NativeMessaging::HostName)},
        {QStringLiteral("description"),
         QStringLiteral("Fetchdeck: takes the downloads the browser extension hands over")},
        {QStringLiteral("path"), binary},
        {QStringLiteral("type"), QStringLiteral("stdio")},
    };
    if (family == Family::Chromium)
        m.insert(QStringLiteral("allowed_origins"),
                 QJsonArray{QStringLiteral("chrome-extension://%1/")
                                .arg(QLatin1String(NativeMessaging::ChromiumExtensionId))});
    else
        m.insert(QStringLiteral("allowed_extensions"),
                 QJsonArray{QLatin1String(NativeMessaging::FirefoxExtensionId)});
    return m;
}

int installForUser(const QString &binary)
{
    // The browsers this user has, by their profile folders (the host folder's parent): the
    // others' folders are not made (a ~/.mozilla on a machine without Firefox). A user with
    // none of them yet (a browser never started) gets them all.
    QList<Place> places, absent;
    for (const Place &place : userPlaces())
        (QFileInfo(place.folder).dir().exists() ? places : absent).append(place);
    if (places.isEmpty())
        std::swap(places, absent);
    int status = 0;
    for (const Place &place : std::as_const(places)) {
        const QString path = QDir(place.folder).filePath(fileName());
        if (!QDir().mkpath(place.folder)) { // QDir says no more than that
            std::fprintf(stderr, "fetchdeck: cannot create the folder %s\n",
                         qPrintable(place.folder));
            status = 1;
            continue;
        }
        QSaveFile file(path);
        const bool written =
            file.open(QIODevice::WriteOnly) &&
            file.write(QJsonDocument(manifest(place.family, binary)).toJson()) > 0 && file.commit();
        if (written) {
            std::printf("%s: %s\n", qPrintable(place.browser), qPrintable(path));
        } else {
            std::fprintf(stderr, "fetchdeck: cannot write %s: %s\n", qPrintable(path),
                         qPrintable(file.errorString()));
            status = 1;
        }
    }
    for (const Place &place : std::as_const(absent))
        std::printf("%s: not set up (no profile folder for this user: run this again once it "
                    "has been started)\n",
                    qPrintable(place.browser));
    if (status == 0)
        std::printf("The Fetchdeck extension can now reach %s\n", qPrintable(binary));
    return status;
}

int uninstallForUser()
{
    int status = 0;
    for (const Place &place : userPlaces()) {
        const QString path = QDir(place.folder).filePath(fileName());
        if (!QFile::exists(path))
            continue;
        if (QFile::remove(path)) {
            std::printf("removed %s\n", qPrintable(path));
        } else {
            std::fprintf(stderr, "fetchdeck: cannot remove %s\n", qPrintable(path));
            status = 1;
        }
    }
    return status;
}

} // namespace BrowserHost
