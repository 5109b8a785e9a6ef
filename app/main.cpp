// Entry point: parses the command line, wires the engine, and opens the dashboard or runs
// headless.
#include "aria2run.h"
#include "browserhost.h"
#include "englishplurals.h"
#include "headlessrunner.h"
#include "launchmode.h"
#include "nativemessaging.h"
#include "options.h"
#include "remoteheadless.h"
#include "services/engine/descriptortable.h"
#include "services/engine/downloadengine.h"
#include "services/engine/hostlimits.h"
#include "services/engine/taskregistry.h"
#include "services/jobs/jobrunner.h"
#include "services/remote/remoteengines.h"
#include "services/remote/remoteenginesetup.h"
#include "services/settings.h"
#include "services/storage/secretstore.h"
#include "services/storage/taskstore.h"
#include "singleinstance.h"
#include "statefolder.h"
#include "translations.h"
#include "ui/mainwindow.h"
#include "ui/startfailure.h"
#include "unixsignals.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <unistd.h>

// Why a start fails (exit 2): on stderr, and for a dashboard in a message box as well (started
// from a desktop, nobody reads its stderr).
static int failedStart(bool dashboard, const QString &why)
{
    std::fprintf(stderr, "fetchdeck: %s\n", qPrintable(why));
    if (dashboard)
        StartFailure::show(why);
    return 2;
}

// The running dashboard took the URLs (and -d): exit 0. Options of the engine do not travel
// (it keeps its own settings): the newcomer says which it gave for nothing.
static int handedOver(const Options &opts)
{
    if (const QStringList ignored = opts.engineOptionsGiven(); !ignored.isEmpty())
        std::fprintf(stderr,
                     "fetchdeck: the running dashboard took the URLs; it keeps its own settings, "
                     "so %s changed nothing (its Settings do)\n",
                     qPrintable(ignored.join(QLatin1String(", "))));
    return 0;
}

// Shutdown is an explicit, awaited stop: every transfer and job coroutine has let go of the
// engine, and the store has recorded their last state, before anything is destroyed.
static void stopAndWait(DownloadEngine &engine)
{
    QEventLoop loop;
    QObject::connect(&engine, &DownloadEngine::stopped, &loop, &QEventLoop::quit);
    engine.stopAll();
    if (!engine.isStopped())
        loop.exec();
}

int main(int argc, char **argv)
{
    DescriptorTable::raiseLimit();
    DescriptorTable::reserve(); // before any thread: later growth would stall the thread
    // Headless mode needs no display: it runs on a QCoreApplication. So does a launch without a
    // display, which can still hand its URLs to a running dashboard (or say why it cannot).
    const QString displayMissing = headlessRequested(argc, argv) ? QString() : displayProblem();
    const bool windows = !headlessRequested(argc, argv) && displayMissing.isEmpty();
    pinTimeZoneForScripts(argc, argv);
    std::unique_ptr<QCoreApplication> app(windows ? new QApplication(argc, argv)
                                                  : new QCoreApplication(argc, argv));
    QCoreApplication::setOrganizationName(QStringLiteral("Fetchdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("fetchdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FETCHDECK_VERSION));
    QGuiApplication::setDesktopFileName(
        QStringLiteral("io.github.fetchdeck.Fetchdeck")); // Wayland: the dock's icon
    EnglishPlurals plurals;
    QCoreApplication::installTranslator(&plurals);
    installTranslations(); // the system's language when Fetchdeck has it; English otherwise

    // The browsers' host manifests for this user, naming this binary.
    for (const char *flag : {"--install-browser-host", "--uninstall-browser-host"}) {
        const QStringList args = QCoreApplication::arguments();
        if (!args.contains(QLatin1String(flag)))
            continue;
        if (args.size() != 2) {
            std::fprintf(stderr, "fetchdeck: %s takes no other arguments\n", flag);
            return 2;
        }
        return args[1] == QLatin1String("--install-browser-host")
                   ? BrowserHost::installForUser(QCoreApplication::applicationFilePath())
                   : BrowserHost::uninstallForUser();
    }

    // A browser starts the native messaging host with arguments of its own (the extension's
    // origin, a manifest path): only --state-dir is read.
    if (const QStringList args = QCoreApplication::arguments();
        args.contains(QStringLiteral("--native-messaging")) || isBrowserLaunch(args)) {
        const qsizetype at = args.indexOf(QStringLiteral("--state-dir"));
        return runNativeMessagingHost(at > 0 && at + 1 < args.size() ? args[at + 1] : QString());
    }

    // An input file's relative dir= goes under the folder this run's downloads go to.
    Options opts = parseOptions(QCoreApplication::arguments(), [](const Options &o) {
        if (!o.aria2Rpc.isEmpty())
            return QString(); // the daemon's folder is not known here
        if (o.headless)
            return Settings::standardDownloadDirectory(); // as the engine's default
        const Settings saved(o.stateDirectory.isEmpty()
                                 ? QString()
                                 : QDir(o.stateDirectory).filePath(QStringLiteral("settings.ini")));
        return saved.downloadDirectory();
    });
    if (!opts.usageError.isEmpty()) {
        std::fprintf(stderr, "fetchdeck: %s\nTry 'fetchdeck --help'.\n",
                     qPrintable(opts.usageError));
        return 2;
    }
    if (opts.showHelp) {
        std::fputs(qPrintable(opts.helpText), stdout);
        return 0;
    }
    if (opts.showVersion) {
        std::printf("fetchdeck %s\n", FETCHDECK_VERSION);
        return 0;
    }

    if (!opts.aria2Rpc.isEmpty())
        return runOnAria2(opts);

    const QString stateDir = opts.stateDirectory.isEmpty()
                                 ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                 : opts.stateDirectory;
    // Hashing local files from a script is a one-off: no task database, no state folder.
    const bool ephemeral = opts.headless && opts.hashMode;
    const bool stateDirIsNew = !QFileInfo::exists(stateDir);
    const QString noDisplay =
        QStringLiteral("no display to open the dashboard on (%1): run with --headless, or hand "
                       "the URLs to a dashboard running on this state folder")
            .arg(displayMissing);
    if (!opts.headless && !windows && stateDirIsNew) // no dashboard there to hand over to
        return failedStart(false, noDisplay);
    if (!ephemeral && !QDir().mkpath(stateDir)) {
        return failedStart(!opts.headless && windows,
                           QStringLiteral("cannot create state folder %1").arg(stateDir));
    }
    if (!ephemeral && stateDirIsNew) // its database holds URLs, passwords in them too
        QFile::setPermissions(stateDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ExeOwner);
    if (!opts.directory.isEmpty() && !QDir().mkpath(opts.directory))
        return failedStart(
            !opts.headless && windows,
            QStringLiteral("cannot create destination folder %1").arg(opts.directory));

    // One dashboard per state folder: hand the URLs to a running one and exit.
    SingleInstance instance(stateDir);
    const bool mayHandOver = !opts.headless && opts.hasOnlyPlainUrls();
    QList<QUrl> handed;
    if (mayHandOver) {
        handed = opts.urls();
        for (const QString &file : opts.hashFiles)
            handed.append(QUrl::fromLocalFile(QFileInfo(file).absoluteFilePath()));
        if (instance.handOver(handed, opts.directory))
            return handedOver(opts);
    }
    for (const QString &warning : opts.warnings)
        HeadlessLines::print(stderr, QStringLiteral("fetchdeck: ") + warning);

    StateFolderLocks locks(stateDir);
    if (!ephemeral) {
        QString why;
        const auto handOver = [&] { return instance.handOver(handed, opts.directory); };
        switch (locks.claim(!opts.headless, mayHandOver, handOver, &why)) {
        case StateFolderLocks::Claim::HandedOver:
            return handedOver(opts);
        case StateFolderLocks::Claim::Refused:
            return failedStart(!opts.headless && windows, why);
        case StateFolderLocks::Claim::Ours:
            break;
        }
    }
    if (!opts.headless && !windows)
        return failedStart(false, noDisplay);

    // Destroyed in reverse: the engine stops its transfers while the store still records them.
    // Secrets (URL passwords, remote engines' tokens) never go into the database: the desktop
    // keyring where one runs (the dashboard; FETCHDECK_NO_KEYRING=1 skips one that misbehaves),
    // else a 0600 file in the state folder. Headless runs use the file only: nothing to unlock.
    // Declared first: the store writes its last changes when it goes.
    SecretStore secrets(stateDir,
                        !opts.headless && qEnvironmentVariableIsEmpty("FETCHDECK_NO_KEYRING"));
    TaskRegistry tasks;
    TaskStore store(&tasks);
    if (!ephemeral)
        store.setSecretStore(&secrets);
    const QString storeError = ephemeral ? QString() : store.open(stateDir);
    if (!storeError.isEmpty())
        return failedStart(!opts.headless && windows, storeError);
    if (!store.recoveryNote().isEmpty()) {
        std::fprintf(stderr, "fetchdeck: %s\n", qPrintable(store.recoveryNote()));
        // A script must not carry on as if its queue were there when none of it could be read.
        if (opts.headless && store.recoveredTasks() == 0)
            return 2;
    }
    DownloadEngine engine(&tasks);
    engine.setPersistence(
        [&store](TaskId id, Durability durability) { return store.persistNow(id, durability); });
    RetryPolicy retry = engine.retryPolicy();
    retry.maxAttempts = opts.retries;
    engine.setRetryPolicy(retry);
    engine.setStallTimeout(opts.stallTimeout);
    engine.setProxy(opts.proxy);
    engine.setConnections(opts.connections);
    engine.setMinSplitSize(opts.minSplitSize);
    engine.setHttp2(!opts.http11);
    engine.setLimitRate(opts.limitRate);
    engine.setMaxPerHost(opts.maxPerHost);
    if (const QString caError = engine.setCaCertificates(opts.caCertificate); !caError.isEmpty()) {
        std::fprintf(stderr, "fetchdeck: --ca-certificate: %s\n", qPrintable(caError));
        return 2;
    }
    UnixSignals unixSignals;

    if (opts.headless) {
        engine.setMaxConcurrent(opts.maxConcurrent);
        if (!opts.directory.isEmpty())
            engine.setDefaultDirectory(QDir(opts.directory).absolutePath());
        QObject::connect(&engine, &DownloadEngine::orphanedPartFiles, [](const QStringList &paths) {
            for (const QString &path : paths)
                std::fprintf(
                    stderr, "fetchdeck: partial file not claimed by any task (left as it is): %s\n",
                    qPrintable(path));
        });
        HeadlessRunner runner(&engine, ::isatty(STDOUT_FILENO));
        int exitCode = 1;
        QObject::connect(&runner, &HeadlessRunner::finished, app.get(), [&exitCode](int code) {
            exitCode = code;
            QCoreApplication::quit();
        });
        bool started = false;
        bool quitting = false;
        QObject::connect(&unixSignals, &UnixSignals::terminateRequested, &runner, [&] {
            if (started)
                runner.interrupt();
            else
                QCoreApplication::quit(); // nothing started yet: exit 1, as interrupted
        });
        const auto start = [&] {
            started = true;
            if (opts.hashMode)
                runner.startHashing(opts.hashFiles, opts.hashAlgo);
            else if (opts.downloads.empty() && !opts.inputGiven && opts.badLines.isEmpty())
                runner.finishWhatIsThere(); // a bare run: the state folder's work
            else
                runner.start(std::exchange(opts.downloads, {}), opts.badLines); // not a copy
        };
        // The restored tasks resume once their URLs have their passwords back (the secrets
        // file is read off this thread), and claim their names before new downloads choose
        // theirs. A hash run has no task database: nothing to resume or to claim.
        if (ephemeral) {
            start();
        } else {
            store.restoreCredentials().then([&] {
                if (quitting)
                    return;
                engine.resumeRestored();
                start();
            });
        }
        QCoreApplication::exec();
        quitting = true;
        stopAndWait(engine);
        return exitCode;
    }

    // The dashboard: the command line overrides the saved settings for this run.
    // With --state-dir everything of this run stays there, settings included (tests, second
    // setups).
    Settings settings(opts.stateDirectory.isEmpty()
                          ? QString()
                          : QDir(stateDir).filePath(QStringLiteral("settings.ini")));
    engine.setMaxConcurrent(opts.maxConcurrentGiven ? opts.maxConcurrent
                                                    : settings.maxConcurrent());
    engine.setDefaultDirectory(opts.directory.isEmpty() ? settings.downloadDirectory()
                                                        : QDir(opts.directory).absolutePath());
    engine.jobRunner()->setMaxThreads(settings.jobThreads());
    if (!opts.proxyGiven)
        engine.setProxy(settings.proxy());
    if (!opts.connectionsGiven)
        engine.setConnections(settings.connections());
    if (!opts.limitRateGiven)
        engine.setLimitRate(settings.limitRate());
    if (!opts.maxPerHostGiven)
        engine.setMaxPerHost(settings.maxPerHost());
    if (const auto caps = HostLimits::parseCaps(settings.hostCaps(), nullptr); caps)
        engine.setHostCaps(*caps); // host by host, over either
    if (!opts.retriesGiven) {
        RetryPolicy attempts = engine.retryPolicy();
        attempts.maxAttempts = settings.retries();
        engine.setRetryPolicy(attempts);
    }
    if (!opts.stallTimeoutGiven)
        engine.setStallTimeout(settings.stallTimeout());
    QObject::connect(&engine, &DownloadEngine::limitRateChanged, &settings,
                     &Settings::setLimitRate); // the status bar's choice is remembered
    if (opts.caCertificate.isEmpty() && !settings.caCertificates().isEmpty()) {
        const QString caError = engine.setCaCertificates(settings.caCertificates());
        if (!caError.isEmpty()) // shown again in Settings, where it can be fixed
            std::fprintf(stderr, "fetchdeck: CA certificates: %s\n", qPrintable(caError));
    }
    // Remote aria2 engines: their rows leave the registry before it goes.
    RemoteEngines remotes(&tasks);
    remotes.followConnectionOf(&engine); // the CA certificates and proxy, as Settings change them
    RemoteEngineSetup remoteSetup(&remotes, &settings, &secrets);
    MainWindow window(&engine, &settings);
    window.setRemoteEngines(&remoteSetup);
    remoteSetup.load(); // connects once the secrets are read
    if (!store.recoveryNote().isEmpty())
        window.statusBar()->showMessage(store.recoveryNote());
    // Queued tasks start once their URLs have their passwords back (a keyring may ask first).
    bool quitting = false;
    store.restoreCredentials().then([&engine, &quitting] {
        if (!quitting)
            engine.resumeRestored();
    });
    instance.listen();
    QObject::connect(&instance, &SingleInstance::urlsReceived, &window,
                     [&window](const QList<QUrl> &urls, const QString &directory) {
                         QList<QUrl> downloads;
                         QStringList files;
                         for (const QUrl &url : urls)
                             url.isLocalFile() ? files.append(url.toLocalFile())
                                               : downloads.append(url);
                         if (!files.isEmpty())
                             window.hashFiles(files);
                         window.addUrls(downloads, directory);
                         window.showNormal();
                         window.raise();
                         window.activateWindow();
                     });
    // Downloads a browser handed over (the extension, through the native messaging host): each
    // with the browser's cookies, referrer, user agent and file name, to the default folder.
    QObject::connect(&instance, &SingleInstance::downloadsReceived, &window,
                     [&engine, &window](const QList<NativeMessaging::Request> &handed) {
                         std::vector<Task> downloads;
                         for (const NativeMessaging::Request &r : handed) {
                             Task t;
                             t.url = r.url;
                             t.editExtra().requestedName = r.fileName;
                             t.editExtra().referrer = QString::fromUtf8(r.referrer.toEncoded());
                             t.editExtra().cookies = r.cookies;
                             t.editExtra().userAgent = r.userAgent;
                             downloads.push_back(std::move(t));
                         }
                         const qsizetype added = engine.addDownloads(std::move(downloads)).size();
                         window.statusBar()->showMessage(
                             QCoreApplication::translate("main", "%n download(s) from the browser",
                                                         nullptr, int(added)),
                             10000);
                     });
    QObject::connect(&unixSignals, &UnixSignals::terminateRequested, &window,
                     &MainWindow::quitCleanly);
    window.show();
    for (const QString &line : opts.badLines)
        HeadlessLines::print(stderr, QStringLiteral("fetchdeck: ") + line);
    if (opts.hashMode)
        engine.addHashTasks(opts.hashFiles, opts.hashAlgo);
    else if (opts.hasOnlyPlainUrls())
        window.addUrls(opts.urls()); // flags duplicates of what the list holds
    else
        engine.addDownloads(std::exchange(opts.downloads, {}));
    const int status = QCoreApplication::exec();
    quitting = true;
    stopAndWait(engine);
    // Passwords of the last changes reach the keyring before the process goes (5 s at most).
    store.sync();
    if (secrets.isBusy()) {
        QEventLoop wait;
        QObject::connect(&secrets, &SecretStore::idle, &wait, &QEventLoop::quit);
        QTimer::singleShot(5000, &wait, &QEventLoop::quit);
        wait.exec();
    }
    // Remote engines go first; the calls they still waited for end (posted), and those
    // coroutines finish here rather than leak.
    engine.setRemoteEngines(nullptr);
    remotes.setEngines({});
    QCoreApplication::sendPostedEvents();
    return status;
}
