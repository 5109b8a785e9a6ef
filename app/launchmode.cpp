// What main() decides from the command line before Qt starts.
#include "launchmode.h"

#include "nativemessaging.h"

#include <QByteArray>
#include <QFileInfo>
#include <QString>
#include <algorithm>
#include <cstring>
#include <dlfcn.h>
#include <string_view>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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

// Connects to the X server as Qt's xcb platform would, through the same library (loaded here
// rather than linked: Qt's plugin loads it anyway, and a build needs no X headers). Without the
// library Qt has no xcb platform either.
static bool xServerAnswers(const QByteArray &display)
{
    void *xcb = dlopen("libxcb.so.1", RTLD_LAZY | RTLD_LOCAL);
    if (!xcb)
        return false;
    using Connect = void *(*)(const char *, int *);
    using HasError = int (*)(void *);
    using Disconnect = void (*)(void *);
    const auto connect = reinterpret_cast<Connect>(dlsym(xcb, "xcb_connect"));
    const auto hasError = reinterpret_cast<HasError>(dlsym(xcb, "xcb_connection_has_error"));
    const auto disconnect = reinterpret_cast<Disconnect>(dlsym(xcb, "xcb_disconnect"));
    bool answers = false;
    if (connect && hasError && disconnect) {
        int screen = 0;
        void *connection = connect(display.constData(), &screen); // never null: an error object
        answers = connection && hasError(connection) == 0;
        if (connection)
            disconnect(connection);
    }
    dlclose(xcb);
    return answers;
}

// Connects to the Wayland compositor's socket: $XDG_RUNTIME_DIR/$WAYLAND_DISPLAY, or the
// path WAYLAND_DISPLAY names when it is absolute.
static bool waylandAnswers(const QByteArray &display)
{
    const QByteArray path =
        display.startsWith('/') ? display : qgetenv("XDG_RUNTIME_DIR") + '/' + display;
    sockaddr_un address{};
    if (path.size() >= qsizetype(sizeof address.sun_path))
        return false;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const bool answers =
        ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
    ::close(fd);
    return answers;
}

QString displayProblem()
{
    // A platform named by the user is Qt's to open (and to say why it cannot).
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return QString();
    const QByteArray wayland = qgetenv("WAYLAND_DISPLAY");
    const QByteArray display = qgetenv("DISPLAY");
    if (wayland.isEmpty() && display.isEmpty())
        return QStringLiteral("DISPLAY and WAYLAND_DISPLAY are not set");
    if ((!wayland.isEmpty() && waylandAnswers(wayland)) ||
        (!display.isEmpty() && xServerAnswers(display)))
        return QString();
    if (wayland.isEmpty())
        return QStringLiteral("the X display \"%1\" does not answer")
            .arg(QString::fromLocal8Bit(display));
    if (display.isEmpty())
        return QStringLiteral("the Wayland display \"%1\" does not answer")
            .arg(QString::fromLocal8Bit(wayland));
    return QStringLiteral("neither the Wayland display \"%1\" nor the X display \"%2\" answers")
        .arg(QString::fromLocal8Bit(wayland), QString::fromLocal8Bit(display));
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
