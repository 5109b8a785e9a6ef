// Turning user input (typed text, pasted or dropped data) into new tasks: finds the URLs, skips
// the ones already in the list, and adds the rest to the engine in one call.
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

class DownloadEngine;
class RemoteEngine;
class QMimeData;
class TaskRegistry;

class UrlIntake {
    Q_DECLARE_TR_FUNCTIONS(UrlIntake)
public:
    struct Result {
        int added = 0;
        int duplicates = 0; // already in the list, or repeated in the input
        int invalid = 0;
    };

    // Every http(s) URL found in free text ("see https://x/a.iso, and ..."), in order.
    static QList<QUrl> extract(const QString &text);
    // Dropped or pasted data: its URL list when it has one, else the URLs in its text.
    static QList<QUrl> fromMimeData(const QMimeData *mime);

    // The form under which two URLs count as the same download (the fragment is not sent).
    static QUrl key(const QUrl &url);
    static QSet<QUrl> existingKeys(const TaskRegistry *tasks);
    // The keys of one place's rows only: this computer's ("") or a remote engine's.
    static QSet<QUrl> existingKeys(const TaskRegistry *tasks, const QString &engine);

    // Adds the URLs that are downloadable and not yet listed, to `directory` (empty: the
    // engine's default).
    // `checksum` ("sha-256=HEX", for a single file) and `extract` apply to every URL added.
    // With `remote`, they go to that aria2 engine (`directory` is a folder on its machine; the
    // same URL may be in the list once per place).
    static Result add(DownloadEngine *engine, const QList<QUrl> &urls,
                      const QString &directory = {}, const QString &checksum = {},
                      bool extract = false, RemoteEngine *remote = nullptr);
    // What was typed in the URL field (URLs separated by spaces): adds the valid ones; when
    // there is none, *why says what is wrong with the whole text ("Not a valid URL: a b.").
    static Result addTyped(DownloadEngine *engine, const QString &text, QString *why,
                           RemoteEngine *remote = nullptr);
    // Dropped local files (not folders): the dashboard hashes them.
    static QStringList localFiles(const QMimeData *mime);
    // "Added 3 downloads; 2 already in the list, skipped." for the status bar.
    static QString describe(const Result &result);
};
