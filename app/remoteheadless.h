// Headless mode on a remote aria2 daemon (--aria2-rpc URL): adds the downloads there, follows
// them until they end and prints the same lines as local downloads. Exit 0 when all completed,
// 1 when any failed (with aria2's reason) or the run was interrupted, 2 when the daemon cannot
// be used (unreachable, wrong secret, not aria2) or went away for longer than the stall timeout.
#pragma once

#include "models/task.h"
#include "services/http/cabundle.h"
#include "services/remote/aria2rpc.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

class RemoteEngine;
class TaskRegistry;

class RemoteHeadlessRunner final : public QObject {
    Q_OBJECT
public:
    RemoteHeadlessRunner(const QUrl &rpc, const QString &secret, int offlineLimitSeconds,
                         QObject *parent = nullptr);
    ~RemoteHeadlessRunner() override;

    // Reports `badLines` as failures, checks the daemon, adds the downloads (`directory`: a
    // folder on the daemon's machine; empty: its own) and follows them.
    void start(std::vector<Task> downloads, const QStringList &badLines, const QString &directory);
    // SIGINT / SIGTERM: stop following (the downloads go on there) and exit with 1.
    void interrupt();
    // Drops the connection to the daemon (at exit): calls still waiting end.
    void stopFollowing();

    // Where the secret comes from: the file given, else FETCHDECK_ARIA2_SECRET (never the
    // command line: it would show in ps). Null with *error set when the file cannot be read.
    static QString readSecret(const QString &file, QString *error);
    // --ca-certificate: the daemon's https (or wss) certificate may come from that CA too; an
    // error message when the file cannot be used. --proxy: its http(s) calls go through it.
    QString setCaCertificates(const QString &pemFile);
    void setProxy(const QString &proxy);

Q_SIGNALS:
    void finished(int exitCode);

private:
    static constexpr size_t AddBatch = 100; // downloads added in one round trip
    QCoro::Task<> run(std::vector<Task> downloads, QString directory);
    void follow(const QUrl &url, const RpcResult &added);
    void onStateChanged(TaskId id, TaskState state);
    void adoptFollowers();
    void checkDone();
    void finish(int exitCode);

    CaBundle m_ca;
    QString m_proxy;
    TaskRegistry *m_tasks;
    RemoteEngine *m_engine;
    QUrl m_url;
    int m_offlineLimitMs;
    QSet<TaskId> m_ours;  // rows of the downloads this run added
    QSet<TaskId> m_ended; // reported already
    QHash<TaskId, QUrl> m_urls;
    // Downloads a .torrent or .metalink of ours led to, until a poll shows them: gid -> polls
    // that did not.
    QHash<QString, int> m_followers;
    int m_adding = 0; // downloads whose addUri is not answered yet
    int m_completed = 0;
    int m_failed = 0;
    int m_canceled = 0;
    qint64 m_bytes = 0;
    bool m_done = false;
    QElapsedTimer m_clock;
    QTimer m_offline; // how long the daemon may stay away
};
