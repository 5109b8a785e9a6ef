// Command-line parsing with QCommandLineParser; usage errors are values, not exits.
#include "options.h"

#include "inputfile.h"
#include "services/jobs/ariainput.h"
#include "services/remote/aria2rpc.h"
#include "services/urls.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

static QString tr(const char *text)
{
    return QCoreApplication::translate("Options", text);
}

// aria2's input-file format; a plain list of URLs is its simplest case.
// "1048576", "512K", "1M" (binary multiples, case-insensitive) -> bytes; -1 when malformed.
static qint64 parseByteSize(QString text)
{
    text = text.trimmed().toUpper();
    qint64 unit = 1;
    if (text.endsWith(QLatin1Char('K')))
        unit = 1024;
    else if (text.endsWith(QLatin1Char('M')))
        unit = 1024 * 1024;
    if (unit != 1)
        text.chop(1);
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    if (!ok || n < 0 || n > (qint64(1) << 40))
        return -1;
    return n * unit;
}

// An option as a message names it: "-x/--connections", "--max-per-host".
static QString spelled(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
    return names.join(QLatin1Char('/'));
}

QStringList Options::engineOptionsGiven() const
{
    const std::pair<bool, const char *> given[] = {{maxConcurrentGiven, "-j"},
                                                   {connectionsGiven, "-x"},
                                                   {maxPerHostGiven, "--max-per-host"},
                                                   {limitRateGiven, "--limit-rate"},
                                                   {retriesGiven, "--retries"},
                                                   {stallTimeoutGiven, "--stall-timeout"},
                                                   {proxyGiven, "--proxy"},
                                                   {!caCertificate.isEmpty(), "--ca-certificate"},
                                                   {http11, "--http1.1"}};
    QStringList names;
    for (const auto &[was, name] : given)
        if (was)
            names.append(QLatin1String(name));
    return names;
}

bool Options::hasOnlyPlainUrls() const
{
    return std::all_of(downloads.cbegin(), downloads.cend(), [](const Task &t) {
        const TaskExtra &x = t.extra();
        return x.mirrors.isEmpty() && x.requestedName.isEmpty() && t.directory.isEmpty() &&
               x.checksum.isEmpty() && !x.extract;
    });
}

QList<QUrl> Options::urls() const
{
    QList<QUrl> result;
    for (const Task &t : downloads)
        result.append(t.url);
    return result;
}

Options parseOptions(const QStringList &arguments,
                     const std::function<QString(const Options &)> &downloadFolder)
{
    Options opts;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Fetchdeck: download many files at once, watch them, cancel or retry any."));
    parser.addPositionalArgument(QStringLiteral("URL"), tr("URLs to download"),
                                 QStringLiteral("[URL...]"));
    const QCommandLineOption headless(
        QStringLiteral("headless"),
        tr("No window: run the queue until every task ended, then exit."));
    const QCommandLineOption input({QStringLiteral("i"), QStringLiteral("input-file")},
                                   tr("Read URLs from FILE, one per line ('-' = stdin)."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption dir({QStringLiteral("d"), QStringLiteral("dir")},
                                 tr("Destination folder (default: the download folder)."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption jobs({QStringLiteral("j"), QStringLiteral("max-concurrent")},
                                  tr("At most N tasks at once, 1 to 256 (default 4)."),
                                  QStringLiteral("N"));
    const QCommandLineOption state(QStringLiteral("state-dir"),
                                   tr("Where the task database lives."), QStringLiteral("DIR"));
    const QCommandLineOption retries(
        QStringLiteral("retries"),
        tr("Attempts per task for transient failures, 1 to 100 (default 5)."), QStringLiteral("N"));
    const QCommandLineOption stall(
        QStringLiteral("stall-timeout"),
        tr("Seconds without a byte before an attempt is retried (default 30)."),
        QStringLiteral("S"));
    const QCommandLineOption connections(
        {QStringLiteral("x"), QStringLiteral("connections")},
        tr("Fetch a large file over at most N connections at once, 1 to 16 (default 8)."),
        QStringLiteral("N"));
    const QCommandLineOption maxPerHost(
        QStringLiteral("max-per-host"),
        tr("At most N connections to one host across all downloads, 0 to 256 (default 0: no "
           "cap beyond -j and -x)."),
        QStringLiteral("N"));
    const QCommandLineOption limitRate(
        QStringLiteral("limit-rate"),
        tr("Download at most RATE bytes per second in all (500K, 2M; 0 = no limit), shared "
           "fairly among the running downloads."),
        QStringLiteral("RATE"));
    const QCommandLineOption minSplit(
        QStringLiteral("min-split-size"),
        tr("Never split a file into pieces smaller than SIZE (bytes, or with K or M; default 1M); "
           "only files of twice that size are split."),
        QStringLiteral("SIZE"));
    const QCommandLineOption proxy(
        QStringLiteral("proxy"),
        tr("Use this proxy (http://, https://, socks5h://HOST:PORT) instead of the environment's "
           "http_proxy, https_proxy and all_proxy."),
        QStringLiteral("URL"));
    const QCommandLineOption caCertificate(
        QStringLiteral("ca-certificate"),
        tr("Also trust the certificate authorities in this PEM FILE (a private or corporate CA), "
           "besides the system's."),
        QStringLiteral("FILE"));
    const QCommandLineOption http11(QStringLiteral("http1.1"),
                                    tr("Use HTTP/1.1 even where a server offers HTTP/2."));
    const QCommandLineOption allowDirs(
        QStringLiteral("allow-dirs-outside"),
        tr("Let dir= in an input file name folders outside the download folder."));
    const QCommandLineOption checksum(QStringLiteral("checksum"),
                                      tr("Verify the URLs given on the command line against "
                                         "ALGO=HEX (md5, sha-1, sha-256, sha-512), or a bare "
                                         "digest (its length names the algorithm)."),
                                      QStringLiteral("ALGO=HEX"));
    const QCommandLineOption extract(QStringLiteral("extract"),
                                     tr("Unpack downloaded archives beside them."));
    const QCommandLineOption hash(
        QStringLiteral("hash"),
        tr("Hash the FILEs given instead of downloading (prints lines like sha256sum)."));
    const QCommandLineOption hashAlgo(QStringLiteral("hash-algo"),
                                      tr("md5, sha-1, sha-256 (default) or sha-512."),
                                      QStringLiteral("ALGO"));
    const QCommandLineOption aria2Rpc(
        QStringLiteral("aria2-rpc"),
        tr("With --headless: download on the aria2 daemon at URL (http://HOST:6800/jsonrpc, or "
           "ws://, https://, wss://) instead of this computer; -d is then a folder there."),
        QStringLiteral("URL"));
    const QCommandLineOption aria2SecretFile(
        QStringLiteral("aria2-secret-file"),
        tr("Read the aria2 daemon's secret token from FILE (or set FETCHDECK_ARIA2_SECRET)."),
        QStringLiteral("FILE"));
    // Refused with a reason: a secret on the command line shows in ps.
    QCommandLineOption aria2Secret(QStringLiteral("aria2-secret"), QString(),
                                   QStringLiteral("TOKEN"));
    aria2Secret.setFlags(QCommandLineOption::HiddenFromHelp);
    // Read in main() before these options (the browser's host takes arguments of its own).
    const QCommandLineOption installHost(
        QStringLiteral("install-browser-host"),
        tr("Let the Fetchdeck browser extension reach this program: write the native messaging "
           "host files for Chromium, Google Chrome and Firefox of this user, then exit."));
    const QCommandLineOption uninstallHost(QStringLiteral("uninstall-browser-host"),
                                           tr("Remove those files again, then exit."));
    const QCommandLineOption nativeMessaging(
        QStringLiteral("native-messaging"),
        tr("Speak the browsers' native messaging protocol on stdin and stdout (what a browser "
           "starts; not for people)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), tr("Show the version."));
    parser.addOptions({headless,        input,       dir,         jobs,
                       state,           retries,     stall,       connections,
                       minSplit,        maxPerHost,  limitRate,   proxy,
                       caCertificate,   http11,      allowDirs,   checksum,
                       extract,         hash,        hashAlgo,    aria2Rpc,
                       aria2SecretFile, aria2Secret, installHost, uninstallHost,
                       nativeMessaging, help,        version});
    opts.helpText = parser.helpText();

    if (!parser.parse(arguments)) {
        opts.usageError = parser.errorText();
        return opts;
    }
    // A name given in bytes that are not UTF-8 (Latin-1 from an old disk) reaches us with
    // U+FFFD in their place: that is another name, and a folder of it would be made and filled.
    for (const QCommandLineOption &path : {dir, state, input, caCertificate, aria2SecretFile}) {
        if (parser.value(path).contains(QChar::ReplacementCharacter)) {
            opts.usageError = tr("%1: the name is not valid UTF-8 (%2): rename it, or give a "
                                 "link to it with a UTF-8 name")
                                  .arg(spelled(path), parser.value(path));
            return opts;
        }
    }
    opts.showHelp = parser.isSet(help);
    opts.showVersion = parser.isSet(version);
    opts.headless = parser.isSet(headless);
    opts.directory = parser.value(dir);
    if (parser.isSet(dir) && opts.directory.trimmed().isEmpty()) { // a script's unset variable
        opts.usageError = tr("%1 needs a folder").arg(spelled(dir));
        return opts;
    }
    opts.allowDirsOutside = parser.isSet(allowDirs);
    opts.stateDirectory = parser.value(state);
    if (parser.isSet(state) && opts.stateDirectory.trimmed().isEmpty()) { // an unset variable
        opts.usageError = tr("%1 needs a folder").arg(spelled(state));
        return opts;
    }
    if (parser.isSet(jobs)) {
        bool ok = false;
        const int n = parser.value(jobs).toInt(&ok);
        if (!ok || n < 1 || n > 256) {
            opts.usageError = tr("%1 expects a number from 1 to 256, not '%2'")
                                  .arg(spelled(jobs), parser.value(jobs));
            return opts;
        }
        opts.maxConcurrent = n;
        opts.maxConcurrentGiven = true;
    }

    auto number = [&](const QCommandLineOption &option, int min, int max, int *out) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const int n = parser.value(option).toInt(&ok);
        if (!ok || n < min || n > max) {
            opts.usageError = tr("%1 expects a number from %2 to %3, not '%4'")
                                  .arg(spelled(option))
                                  .arg(min)
                                  .arg(max)
                                  .arg(parser.value(option));
            return false;
        }
        *out = n;
        return true;
    };
    if (!number(retries, 1, 100, &opts.retries) || !number(stall, 1, 86400, &opts.stallTimeout) ||
        !number(connections, 1, 16, &opts.connections) ||
        !number(maxPerHost, 0, 256, &opts.maxPerHost))
        return opts;
    opts.retriesGiven = parser.isSet(retries);
    opts.stallTimeoutGiven = parser.isSet(stall);
    opts.connectionsGiven = parser.isSet(connections);
    opts.maxPerHostGiven = parser.isSet(maxPerHost);
    if (parser.isSet(limitRate)) {
        opts.limitRate = parseByteSize(parser.value(limitRate));
        if (opts.limitRate < 0) {
            opts.usageError = tr("--limit-rate expects a rate like 500K or 2M (0 = no limit), not "
                                 "'%1'")
                                  .arg(parser.value(limitRate));
            return opts;
        }
        opts.limitRateGiven = true;
    }
    if (parser.isSet(minSplit)) {
        const qint64 size = parseByteSize(parser.value(minSplit));
        if (size < 64 * 1024 || size > qint64(1) << 30) {
            opts.usageError = tr("--min-split-size expects a size from 64K to 1024M, not '%1'")
                                  .arg(parser.value(minSplit));
            return opts;
        }
        opts.minSplitSize = size;
    }
    if (parser.isSet(proxy)) {
        QString why;
        opts.proxy = Urls::normalizeProxy(parser.value(proxy), &why);
        if (opts.proxy.isNull()) {
            opts.usageError = tr("--proxy: %1").arg(why);
            return opts;
        }
        opts.proxyGiven = true;
    }

    if (parser.isSet(caCertificate)) {
        opts.caCertificate = parser.value(caCertificate);
        if (opts.caCertificate.isEmpty()) {
            opts.usageError = tr("--ca-certificate expects a file");
            return opts;
        }
    }
    opts.http11 = parser.isSet(http11);
    if (parser.isSet(aria2Secret)) {
        opts.usageError = tr("--aria2-secret would show the secret to every user (ps); put it in "
                             "a file for --aria2-secret-file, or in FETCHDECK_ARIA2_SECRET");
        return opts;
    }
    if (parser.isSet(aria2Rpc)) {
        opts.aria2Rpc = QUrl(parser.value(aria2Rpc));
        if (const QString why = Aria2Rpc::checkUrl(opts.aria2Rpc); !why.isEmpty()) {
            opts.usageError = tr("--aria2-rpc: %1").arg(why);
            return opts;
        }
        if (!opts.headless) {
            opts.usageError = tr("--aria2-rpc works with --headless; the dashboard's remote "
                                 "engines are in Settings > Remote engines");
            return opts;
        }
    }
    opts.aria2SecretFile = parser.value(aria2SecretFile);
    opts.hashMode = parser.isSet(hash);
    if (parser.isSet(hashAlgo)) {
        const auto algo = parseHashAlgo(parser.value(hashAlgo));
        if (!algo) {
            opts.usageError = tr("--hash-algo expects md5, sha-1, sha-256 or sha-512, not '%1'")
                                  .arg(parser.value(hashAlgo));
            return opts;
        }
        opts.hashAlgo = *algo;
    }
    const QStringList positional = parser.positionalArguments();
    if (opts.hashMode) {
        if (!opts.aria2Rpc.isEmpty()) {
            opts.usageError = tr("--hash works on this computer's files, not with --aria2-rpc");
            return opts;
        }
        if (positional.isEmpty()) {
            opts.usageError = tr("--hash expects the files to hash");
            return opts;
        }
        if (positional.contains(QString())) {
            opts.usageError = tr("--hash: an empty file name");
            return opts;
        }
        opts.hashFiles = positional;
        return opts;
    }
    QString expected;
    if (parser.isSet(checksum)) {
        QString why;
        const auto parsed = parseChecksum(parser.value(checksum), &why);
        if (!parsed) {
            opts.usageError = tr("--checksum: %1").arg(why);
            return opts;
        }
        expected = hashAlgoName(parsed->algo) + QLatin1Char('=') + QString::fromLatin1(parsed->hex);
    }
    for (int i = 0; i < positional.size(); ++i) {
        QString why;
        const QUrl url = Urls::parse(positional[i], &why);
        if (!url.isValid()) {
            opts.badLines.append(tr("argument %1: %2").arg(i + 1).arg(why));
            continue;
        }
        Task t;
        t.url = url;
        if (!expected.isEmpty())
            t.editExtra().checksum = expected;
        opts.downloads.push_back(std::move(t));
    }

    opts.inputGiven = parser.isSet(input);
    if (parser.isSet(input)) {
        const QString path = parser.value(input);
        QFile file;
        const bool ok =
            path == QLatin1String("-")
                ? file.open(stdin, QIODevice::ReadOnly | QIODevice::Text)
                : (file.setFileName(path), file.open(QIODevice::ReadOnly | QIODevice::Text));
        if (!ok) {
            opts.usageError = tr("cannot read input file %1: %2").arg(path, file.errorString());
            return opts;
        }
        QTextStream in(&file);
        // Where the downloads go: a relative dir= goes under it, never under the folder the
        // command happened to run in (a home folder, with its .ssh and .config).
        QString base = opts.directory;
        if (base.isEmpty() && downloadFolder)
            base = downloadFolder(opts);
        readInputFile(in, base, opts);
    }
    if (parser.isSet(extract) && !opts.aria2Rpc.isEmpty()) {
        opts.usageError = tr("--extract unpacks on this computer, not with --aria2-rpc");
        return opts;
    }
    if (parser.isSet(extract)) {
        for (Task &t : opts.downloads)
            t.editExtra().extract = true;
    }
    return opts;
}
