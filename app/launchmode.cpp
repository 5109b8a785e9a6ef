// What main() decides from the command line before Qt starts.
#include "launchmode.h"

#include "nativemessaging.h"

#include <QByteArray>
#include <QFileInfo>
#include <QString>
#include <algorithm>
#include <string_view>

bool headlessRequested(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--headless" || arg == "--help" || arg == "-h" || arg == "--version" ||
            arg == "--native-messaging" || arg == "--install-browser-host" ||
            arg == "--uninstall-browser-host" ||
            (i == 1 && arg.startsWith("chrome-extension://")) ||
            (i == 2 && arg == NativeMessaging::FirefoxExtensionId))
            return true;
    }
    return false;
}

bool displayAvailable()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

void pinTimeZoneForScripts(int argc, char **argv)
{
    const bool script = std::any_of(argv + 1, argv + argc, [](const char *arg) {
        return std::string_view(arg) == "--headless";
    });
    if (script && !qEnvironmentVariableIsSet("TZ") &&
        QFileInfo::exists(QStringLiteral("/etc/localtime")))
        qputenv("TZ", ":/etc/localtime");
}
