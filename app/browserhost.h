// The native messaging host manifests: the small JSON files that tell Chromium, Chrome and
// Firefox where Fetchdeck's host is and which extension may start it. System-wide ones are
// installed by `cmake --install` and the .deb (browser/CMakeLists.txt); these functions write
// them for the current user (`fetchdeck --install-browser-host`).
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace BrowserHost {

enum class Family { Chromium, Firefox };

struct Place {
    QString browser; // "Chromium", "Google Chrome", "Firefox"
    Family family;
    QString folder; // the user's host folder of that browser
};

// The folders the browsers read for this user ($XDG_CONFIG_HOME/chromium/NativeMessagingHosts,
// .../google-chrome/NativeMessagingHosts, ~/.mozilla/native-messaging-hosts).
QList<Place> userPlaces();
// The manifest for a browser family, starting `binary`.
QJsonObject manifest(Family family, const QString &binary);
QString fileName(); // "io.github.fetchdeck.host.json"

// Writes (or removes) the manifests in every user place, saying on stdout what was done, on
// stderr what failed. Returns the exit status.
int installForUser(const QString &binary);
int uninstallForUser();

} // namespace BrowserHost
