// --headless --aria2-rpc: the run on the daemon, from the command line to its exit status.
#include "aria2run.h"

#include "headlessrunner.h"
#include "options.h"
#include "remoteheadless.h"
#include "unixsignals.h"

#include <QCoreApplication>
#include <cstdio>

// --headless --aria2-rpc: the downloads run on that daemon; nothing is stored here and -d is a
// folder on the daemon's machine.
int runOnAria2(const Options &opts)
{
    for (const QString &warning : opts.warnings)
        HeadlessLines::print(stderr, QStringLiteral("fetchdeck: ") + warning);
    QString error;
    const QString secret = RemoteHeadlessRunner::readSecret(opts.aria2SecretFile, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "fetchdeck: %s\n", qPrintable(error));
        return 2;
    }
    std::vector<Task> downloads = opts.downloads;
    for (const Task &t : downloads)
        if (t.extra().extract)
            std::fprintf(stderr,
                         "fetchdeck: %s: extract= unpacks on this computer only; "
                         "ignored on aria2\n",
                         qPrintable(t.url.toDisplayString()));
    UnixSignals unixSignals;
    RemoteHeadlessRunner runner(opts.aria2Rpc, secret, opts.stallTimeout);
    // Its RPC calls go through --proxy, and an https daemon may have a private CA's certificate.
    runner.setProxy(opts.proxy);
    if (const QString caError = runner.setCaCertificates(opts.caCertificate); !caError.isEmpty()) {
        std::fprintf(stderr, "fetchdeck: --ca-certificate: %s\n", qPrintable(caError));
        return 2;
    }
    int exitCode = 1;
    QObject::connect(&runner, &RemoteHeadlessRunner::finished, [&exitCode](int code) {
        exitCode = code;
        QCoreApplication::quit();
    });
    QObject::connect(&unixSignals, &UnixSignals::terminateRequested, &runner,
                     &RemoteHeadlessRunner::interrupt);
    runner.start(std::move(downloads), opts.badLines, opts.directory);
    QCoreApplication::exec();
    runner.stopFollowing(); // calls still waiting end here, not in a leaked coroutine
    QCoreApplication::sendPostedEvents();
    return exitCode;
}
