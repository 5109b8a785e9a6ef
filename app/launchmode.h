// What main() decides from the command line before Qt starts.
#pragma once

#include <QString>

// A run without a window (--headless, --help, --version, the browser's native messaging host,
// installing that host): it gets a QCoreApplication and needs no display.
bool headlessRequested(int argc, char **argv);

// Why no window can be shown, or an empty string when one can: a display (X11, Wayland) or a
// platform asked for by name. Without one (an SSH session) QApplication would abort the process,
// and so it would with a display that is set but does not answer (an SSH session's forwarding
// gone, a tmux started under a desktop session since closed): the Wayland compositor's socket
// and the X server are each tried first.
QString displayProblem();

// Every local time (a log line's, a finished task's) makes glibc stat /etc/localtime again when
// TZ is not set: several per cent of the main thread's time with 100,000 short tasks. A
// --headless run is a script's, over in minutes: it keeps the zone in force when it starts
// (TZ=:/etc/localtime). The dashboard, which may run for days on a laptop that travels, follows
// a change of zone, and so does the browser's host, which may start the dashboard. An empty TZ
// (glibc's UTC) is left alone.
void pinTimeZoneForScripts(int argc, char **argv);
