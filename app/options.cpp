// Command-line parsing with QCommandLineParser; usage errors are values, not exits.
#include "options.h"

#include "services/urls.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

static QString tr(const char *text)
{
    return QCoreApplication::translate("Options", text);
}

static void readUrlLines(QTextStream &in, const QString &origin, Options &opts)
{
    int lineNo = 0;
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        ++lineNo;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        QString why;
        const QUrl url = Urls::parse(line, &why);
        if (url.isValid())
            opts.urls.append(url);
        else
            opts.badLines.append(QStringLiteral("%1line %2: %3").arg(origin).arg(lineNo).arg(why));
    }
}

Options parseOptions(const QStringList &arguments)
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
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), tr("Show the version."));
    parser.addOptions({headless, input, dir, jobs, state, retries, stall, help, version});
    opts.helpText = parser.helpText();

    if (!parser.parse(arguments)) {
        opts.usageError = parser.errorText();
        return opts;
    }
    opts.showHelp = parser.isSet(help);
    opts.showVersion = parser.isSet(version);
    opts.headless = parser.isSet(headless);
    opts.directory = parser.value(dir);
    opts.stateDirectory = parser.value(state);
    if (parser.isSet(jobs)) {
        bool ok = false;
        const int n = parser.value(jobs).toInt(&ok);
        if (!ok || n < 1 || n > 256) {
            opts.usageError =
                tr("-j expects a number from 1 to 256, not '%1'").arg(parser.value(jobs));
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
            opts.usageError = tr("--%1 expects a number from %2 to %3, not '%4'")
                                  .arg(option.names().constFirst())
                                  .arg(min)
                                  .arg(max)
                                  .arg(parser.value(option));
            return false;
        }
        *out = n;
        return true;
    };
    if (!number(retries, 1, 100, &opts.retries) || !number(stall, 1, 86400, &opts.stallTimeout))
        return opts;

    const QStringList positional = parser.positionalArguments();
    for (int i = 0; i < positional.size(); ++i) {
        QString why;
        const QUrl url = Urls::parse(positional[i], &why);
        if (url.isValid())
            opts.urls.append(url);
        else
            opts.badLines.append(tr("argument %1: %2").arg(i + 1).arg(why));
    }

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
        readUrlLines(in, QString(), opts);
    }
    return opts;
}
