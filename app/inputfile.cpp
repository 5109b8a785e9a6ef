// An aria2 input file (-i) read into downloads.
#include "inputfile.h"

#include "services/jobs/ariainput.h"
#include "services/storage/filenames.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

static QString tr(const char *text)
{
    return QCoreApplication::translate("Options", text);
}

// The real path `path` would have: its deepest existing folder resolved (links and all), the
// part not created yet appended as written.
static QString resolvedPath(const QString &path)
{
    QString existing = QDir::cleanPath(path);
    QStringList rest;
    while (!QFileInfo::exists(existing) && existing != QDir::rootPath()) {
        rest.prepend(QFileInfo(existing).fileName());
        existing = QFileInfo(existing).absolutePath();
    }
    const QString canonical = QFileInfo(existing).canonicalFilePath();
    return QDir::cleanPath((canonical.isEmpty() ? existing : canonical) + QLatin1Char('/') +
                           rest.join(QLatin1Char('/')));
}

static bool isInside(const QString &path, const QString &folder)
{
    return path == folder ||
           path.startsWith(folder.endsWith(QLatin1Char('/')) ? folder : folder + QLatin1Char('/'));
}

void readInputFile(QTextStream &in, const QString &baseDirectory, Options &opts)
{
    const AriaInput input = AriaInputParser::parse(in);
    opts.badLines += input.errors;
    opts.warnings += input.warnings;
    // Exactly what is needed: 100,000 tasks with a vector's growth slack were 30% more memory.
    opts.downloads.reserve(opts.downloads.size() + input.entries.size());
    for (const InputEntry &entry : input.entries) {
        Task t;
        t.url = entry.mirrors.constFirst();
        if (entry.mirrors.size() > 1)
            t.editExtra().mirrors = entry.mirrors.mid(1);
        if (!entry.outName.isEmpty())
            t.editExtra().requestedName = FileNames::sanitize(entry.outName);
        // dir= relative to -d (or the current folder), as aria2 does with its --dir. Input files
        // often come from others: one that leaves that folder (absolute, '..', a link out of
        // it) is refused unless the user allowed it.
        if (!entry.directory.isEmpty()) {
            const QString base =
                QDir(baseDirectory.isEmpty() ? QDir::currentPath() : baseDirectory).absolutePath();
            t.directory = QDir::cleanPath(QDir(base).absoluteFilePath(entry.directory));
            if (!opts.allowDirsOutside &&
                (QDir::isAbsolutePath(entry.directory) ||
                 !isInside(resolvedPath(t.directory), resolvedPath(base)))) {
                opts.badLines.append(tr("line %1: dir=%2 leaves the download folder %3 (pass "
                                        "--allow-dirs-outside to allow it)")
                                         .arg(entry.line)
                                         .arg(entry.directory, base));
                continue;
            }
        }
        if (entry.checksum)
            t.editExtra().checksum = hashAlgoName(entry.checksum->algo) + QLatin1Char('=') +
                                     QString::fromLatin1(entry.checksum->hex);
        if (entry.extract)
            t.editExtra().extract = true;
        opts.downloads.push_back(std::move(t));
    }
}
