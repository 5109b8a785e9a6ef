// One dashboard per state folder: a second `fetchdeck URL...` hands its URLs to the running
// window over a local socket and exits, so a browser's "open with" adds to the one queue.
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

class QLocalServer;

class SingleInstance final : public QObject {
    Q_OBJECT
public:
    // The server name is derived from the user and the state folder.
    explicit SingleInstance(const QString &stateDirectory, QObject *parent = nullptr);

    // If a dashboard already runs, gives it `urls` (it raises its window when there are none)
    // and returns true: this process should exit. Otherwise starts listening and returns false.
    bool handOver(const QList<QUrl> &urls);
    QString serverName() const { return m_name; }

Q_SIGNALS:
    void urlsReceived(const QList<QUrl> &urls); // empty: just show the window

private:
    void onConnection();

    QString m_name;
    QLocalServer *m_server = nullptr;
};
