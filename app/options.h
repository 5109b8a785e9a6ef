// The command line, parsed into values; no side effects besides reading the input file.
#pragma once

#include "models/task.h"
#include "services/jobs/hashjob.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <functional>
#include <vector>

struct Options {
    bool headless = false;
    bool showHelp = false;
    bool showVersion = false;
    QString directory;      // empty: the user's download folder
    QString stateDirectory; // empty: the app data folder
    int maxConcurrent = 4;
    bool maxConcurrentGiven = false; // -j was on the command line (overrides Settings)
    int retries = 5;                 // attempts per task for transient failures
    int stallTimeout = 30;           // seconds without a byte before an attempt is abandoned
    bool retriesGiven = false;       // --retries / --stall-timeout override Settings
    bool stallTimeoutGiven = false;
    int maxPerHost = 0; // --max-per-host: connections to one host across all tasks; 0 = no cap
    bool maxPerHostGiven = false;
    qint64 limitRate = 0; // --limit-rate: bytes per second for everything; 0 = none
    bool limitRateGiven = false;
    int connections = 8; // -x: connections per file (a file of 2 x min-split-size or more)
    bool connectionsGiven = false;
    qint64 minSplitSize = 1024 * 1024; // --min-split-size: no piece smaller
    QString proxy;                 // --proxy; empty: the environment's (http_proxy, no_proxy, ...)
    bool proxyGiven = false;       // --proxy was on the command line (overrides Settings)
    QString caCertificate;         // --ca-certificate: a PEM file of extra trusted authorities
    bool allowDirsOutside = false; // --allow-dirs-outside: dir= may leave -d
    bool http11 = false;           // --http1.1: never HTTP/2
    // --aria2-rpc URL: headless downloads on that aria2 daemon instead of this computer (-d is
    // then a folder there); the secret comes from --aria2-secret-file or FETCHDECK_ARIA2_SECRET.
    QUrl aria2Rpc;
    QString aria2SecretFile;
    // Valid downloads, in order (command line first, then the input file), with their options:
    // mirrors, out= name, dir=, checksum=, extract=.
    std::vector<Task> downloads;
    bool inputGiven = false; // -i: asked for the downloads a file lists (maybe none)
    QStringList badLines;    // "line 7: not a valid URL: ..." (count as failed)
    QStringList warnings;    // "line 5: unknown option 'foo'" (reported, nothing fails)
    // --hash FILE...: hash local files instead of downloading (headless prints sha256sum lines).
    bool hashMode = false;
    HashAlgo hashAlgo = HashAlgo::Sha256;
    QStringList hashFiles;

    bool hasOnlyPlainUrls() const; // no mirrors or per-download options
    // The options of the engine given ("-j", "--limit-rate", ...): a running dashboard, which
    // keeps its own settings, takes none of them with a hand-over.
    QStringList engineOptionsGiven() const;
    QList<QUrl> urls() const;
    QString usageError; // set on a usage error (exit status 2)
    QString helpText;
};

// Parses arguments (argv[0] included). Reads the input file ('-' is stdin): its dir= options
// are relative to -d, else to `downloadFolder(options)` (where this run's downloads go: the
// dashboard's setting, the Downloads folder), else to the current folder.
Options parseOptions(const QStringList &arguments,
                     const std::function<QString(const Options &)> &downloadFolder = {});
