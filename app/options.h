// The command line, parsed into values; no side effects besides reading the input file.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

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
    QList<QUrl> urls;     // valid URLs, in order (command line first, then the input file)
    QStringList badLines; // "line 7: not a valid URL: ..." (count as failed)
    QString usageError;   // set on a usage error (exit status 2)
    QString helpText;
};

// Parses arguments (argv[0] included). Reads the input file ('-' is stdin).
Options parseOptions(const QStringList &arguments);
