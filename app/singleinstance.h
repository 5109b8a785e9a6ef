// One dashboard per state folder: a second `fetchdeck URL...` hands its URLs to the running
// window over a local socket and exits, so a browser's "open with" adds to the one queue.
#pragma once

#include "nativemessaging.h"

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

class QLocalServer;

class SingleInstance final : public QObject {
    Q_OBJECT
public:
    // The socket lives in the user's private runtime folder (or a private folder in the state
    // folder), named after the state folder.
    explicit SingleInstance(const QString &stateDirectory, QObject *parent = nullptr);

    // If a dashboard already runs, gives it `urls` (to save in `directory`, empty: its default;
    // it raises its window when there are none) and returns true: this process should exit.
    bool handOver(const QList<QUrl> &urls, const QString &directory = {});
    // Downloads a browser handed to the native messaging host, with their cookies, referrer,
    // user agent and file name: Taken once the running dashboard took them all; Refused when it
    // answered otherwise (a Fetchdeck too old for them: sending again will not help). The same
    // `batch` (an id the caller makes up) sent again is taken once. Waits until `deadline` at
    // the most.
    enum class Handed { Taken, Refused, NoAnswer }; // Refused: it answered, but did not take them
    Handed handOverDownloads(const QList<NativeMessaging::Request> &downloads,
                             const QByteArray &batch,
                             QDeadlineTimer deadline = QDeadlineTimer::Forever);
    // Starts answering newcomers. Only for the process holding the state folder's lock: it may
    // remove a socket file a crashed owner left behind.
    bool listen();
    QString serverName() const { return m_name; }

Q_SIGNALS:
    void urlsReceived(const QList<QUrl> &urls,
                      const QString &directory); // no URLs: show the window
    void downloadsReceived(const QList<NativeMessaging::Request> &downloads);

private:
    void onConnection();
    bool send(const QByteArray &message, QByteArray *reply = nullptr,
              QDeadlineTimer deadline = QDeadlineTimer::Forever);
    bool isTrusted() const;

    QString m_folder; // private to this user: XDG_RUNTIME_DIR, or <state>/run
    QString m_name;
    QLocalServer *m_server = nullptr;
    QList<QByteArray> m_batches; // the last browser batches taken
};
