// User input to tasks.
#include "urlintake.h"

#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/remote/remoteengine.h"
#include "services/urls.h"

#include <QFileInfo>
#include <QMimeData>
#include <QRegularExpression>

QList<QUrl> UrlIntake::extract(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(https?://[^\s<>"'`]+)"),
                                            QRegularExpression::CaseInsensitiveOption);
    QList<QUrl> urls;
    for (const QRegularExpressionMatch &match : pattern.globalMatch(text)) {
        QString candidate = match.captured();
        // Punctuation that ends a sentence or closes a bracket is not part of the URL.
        while (!candidate.isEmpty() && QStringLiteral(".,;:!?)]}").contains(candidate.back()))
            candidate.chop(1);
        const QUrl url = Urls::parse(candidate);
        if (url.isValid())
            urls.append(url);
    }
    return urls;
}

QList<QUrl> UrlIntake::fromMimeData(const QMimeData *mime)
{
    QList<QUrl> urls;
    if (!mime)
        return urls;
    if (mime->hasUrls()) {
        for (const QUrl &url : mime->urls()) {
            if (Urls::isDownloadable(url))
                urls.append(url);
        }
    }
    if (urls.isEmpty() && mime->hasText())
        urls = extract(mime->text());
    return urls;
}

QUrl UrlIntake::key(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveFragment | QUrl::NormalizePathSegments);
}

QSet<QUrl> UrlIntake::existingKeys(const TaskRegistry *tasks)
{
    QSet<QUrl> keys;
    keys.reserve(tasks->size());
    for (TaskId id : tasks->ids())
        keys.insert(key(tasks->task(id)->url));
    return keys;
}

QSet<QUrl> UrlIntake::existingKeys(const TaskRegistry *tasks, const QString &engine)
{
    QSet<QUrl> keys;
    for (TaskId id : tasks->ids())
        if (const Task *t = tasks->task(id); t->extra().engine == engine)
            keys.insert(key(t->url));
    return keys;
}

UrlIntake::Result UrlIntake::add(DownloadEngine *engine, const QList<QUrl> &urls,
                                 const QString &directory, const QString &checksum, bool extract,
                                 RemoteEngine *remote)
{
    Result result;
    QSet<QUrl> seen = remote ? existingKeys(engine->tasks(), remote->config().id)
                             : existingKeys(engine->tasks(), QString());
    QList<QUrl> fresh;
    fresh.reserve(urls.size());
    for (const QUrl &url : urls) {
        if (!Urls::isDownloadable(url)) {
            ++result.invalid;
            continue;
        }
        const QUrl k = key(url);
        if (seen.contains(k)) {
            ++result.duplicates;
            continue;
        }
        seen.insert(k);
        fresh.append(url);
    }
    if (!fresh.isEmpty() && remote) {
        remote->addMany(fresh, directory, checksum); // unpacking is this computer's only
    } else if (!fresh.isEmpty()) {
        std::vector<Task> tasks(static_cast<size_t>(fresh.size()));
        for (qsizetype i = 0; i < fresh.size(); ++i) {
            tasks[i].url = fresh[i];
            tasks[i].directory = directory;
            if (!checksum.isEmpty() || extract) {
                tasks[i].editExtra().checksum = checksum;
                tasks[i].editExtra().extract = extract;
            }
        }
        engine->addDownloads(std::move(tasks));
    }
    result.added = static_cast<int>(fresh.size());
    return result;
}

QString UrlIntake::describe(const Result &result)
{
    QStringList parts;
    if (result.added > 0 || (result.duplicates == 0 && result.invalid == 0))
        parts << tr("Added %n download(s)", nullptr, result.added);
    if (result.duplicates > 0)
        parts << tr("%n already in the list, skipped", nullptr, result.duplicates);
    if (result.invalid > 0)
        parts << tr("%n not a valid URL", nullptr, result.invalid);
    return parts.join(QStringLiteral("; ")) + QLatin1Char('.');
}

UrlIntake::Result UrlIntake::addTyped(DownloadEngine *engine, const QString &text, QString *why,
                                      RemoteEngine *remote)
{
    QList<QUrl> urls;
    int invalid = 0;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QUrl url = Urls::parse(word);
        if (url.isValid())
            urls.append(url);
        else
            ++invalid;
    }
    if (urls.isEmpty() && invalid > 0) // nothing to add: what is wrong with what was typed
        *why = Urls::whyNotSentence(text);
    Result result = urls.isEmpty() ? Result{} : add(engine, urls, {}, {}, false, remote);
    result.invalid += invalid;
    return result;
}

QStringList UrlIntake::localFiles(const QMimeData *mime)
{
    QStringList files;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && !QFileInfo(url.toLocalFile()).isDir())
            files.append(url.toLocalFile());
    }
    return files;
}
