// One aria2 daemon shown in the task list: its downloads become rows of the registry (whoever
// added them), kept up to date by polling (at most once a second, one system.multicall) and,
// over a WebSocket, by aria2's notifications; the user's actions on those rows go to the daemon.
// Offline, the rows stay and the engine retries with backoff; back online, rows are matched by
// gid, so nothing appears twice.
#pragma once

#include "aria2rpc.h"
#include "models/task.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

class TaskRegistry;
struct Aria2Status;

struct RemoteEngineConfig {
    QString id;   // stable key, stored with the settings ("nas", a uuid)
    QString name; // shown in the Where column: "NAS"
    QUrl url;     // http(s)://host:6800/jsonrpc or ws(s)://host:6800/jsonrpc
    QString secret;
};

class RemoteEngine final : public QObject {
    Q_OBJECT
public:
    enum class Status { Connecting, Online, Offline };
    static constexpr int PollIntervalMs = 1000;
    static constexpr int MaxBackoffMs = 30000;
    static constexpr int MaxListed = 10000; // downloads read from each of aria2's lists
    // tellStatus calls in one system.multicall: aria2 refuses requests over 2 MB by default.
    static constexpr int MaxCallsPerRequest = 500;

    RemoteEngine(TaskRegistry *tasks, RemoteEngineConfig config, QObject *parent = nullptr);
    ~RemoteEngine() override; // its rows leave the registry

    const RemoteEngineConfig &config() const { return m_config; }
    void setName(const QString &name) { m_config.name = name; }
    Status status() const { return m_status; }
    RpcError lastError() const { return m_error; } // why it is offline
    QString version() const { return m_version; }  // aria2's, once online
    // Starts following the daemon's downloads (connects at once).
    void start();
    void setPollInterval(int ms) { m_pollMs = ms; }
    void setTimeout(int ms) { m_rpc->setTimeout(ms); } // a call without an answer (10 s)
    // The CA bundle and proxy of its RPC calls (Aria2Rpc::setCaFile, setProxy).
    void setConnection(const QString &caFile, const QString &proxy)
    {
        m_rpc->setCaFile(caFile);
        m_rpc->setProxy(proxy);
    }

    // One aria2.getVersion: what a connection test shows ("aria2 1.36.0", or what is wrong).
    QCoro::Task<RpcResult> check();
    // Adds a download to the daemon (`dir` is a folder on its machine; empty: its default;
    // `checksum` as "sha-256=HEX", which aria2 verifies). The result is the new gid; its row
    // appears at once.
    QCoro::Task<RpcResult> add(QList<QUrl> uris, QString dir, QString out = {},
                               QString checksum = {});
    struct NewDownload {
        QList<QUrl> uris; // the same file from each
        QString dir;      // on the daemon's machine; empty: its default
        QString out;      // the file's name; empty: aria2 chooses
        QString checksum; // "sha-256=HEX"
    };
    // Adds them in one round trip (system.multicall); the results in the same order, each the
    // new gid or why not. Their rows appear at once.
    QCoro::Task<QList<RpcResult>> addAll(QList<NewDownload> downloads);
    // Adds one download per URL in one round trip (the dashboard's Add dialog and URL field);
    // refusals are reported through actionFailed.
    QCoro::Task<> addMany(QList<QUrl> urls, QString dir, QString checksum = {});
    TaskId rowOf(const QString &gid) const { return m_rows.value(gid); } // 0: none
    // The downloads a .torrent or .metalink download led to (aria2's followedBy), once known.
    QStringList followedBy(const QString &gid) const { return m_followedBy.value(gid); }

    // The dashboard's actions on rows of this engine (other ids are ignored).
    void pause(const QList<TaskId> &ids);
    void resume(const QList<TaskId> &ids);
    void cancel(const QList<TaskId> &ids); // aria2.remove: the daemon keeps what it has
    void retry(const QList<TaskId> &ids);  // the same URIs and options, added again
    void remove(const QList<TaskId> &ids); // off the daemon's list; its files stay there
    bool owns(TaskId id) const;

    // Polls now (tests; a notification does it by itself).
    void refresh();

Q_SIGNALS:
    void statusChanged(RemoteEngine::Status status);
    // The rows of the first complete poll are in the registry (headless waits for it).
    void synced();
    // An action the daemon refused: "NAS: cannot pause <url>: aria2's words"; also a list
    // cut short ("NAS: aria2 has 200000 active downloads; only the first 10000 are shown").
    void actionFailed(const QString &message);

private:
    QCoro::Task<> poll();
    QCoro::Task<> act(QLatin1String method, QList<TaskId> ids); // a literal
    QCoro::Task<> retryOne(TaskId id);
    QCoro::Task<> forget(QStringList stopped, QStringList active);
    void merge(const QList<Aria2Status> &statuses, bool complete);
    void merge(const QList<Aria2Status> &statuses);
    void update(TaskId id, const Aria2Status &status);
    static Aria2Status madeUp(const QString &gid, const QList<QUrl> &uris, const QString &dir,
                              const QString &out);
    void added(const QString &gid, const QList<QUrl> &uris, const QString &dir, const QString &out);
    void setStatus(Status status, const RpcError &error = {});
    void schedule(int ms);
    QList<TaskId> ownIds(const QList<TaskId> &ids) const;

    TaskRegistry *m_tasks;
    RemoteEngineConfig m_config;
    Aria2Rpc *m_rpc;
    Status m_status = Status::Connecting;
    RpcError m_error;
    QString m_version;
    int m_pollMs = PollIntervalMs;
    int m_backoffMs = 0;
    bool m_polling = false;
    bool m_pollAgain = false;
    bool m_started = false;
    bool m_activeCut = false;  // tellActive listed more than MaxListed (said once)
    QElapsedTimer m_sincePoll; // since the latest poll started
    QTimer m_timer;
    QHash<QString, TaskId> m_rows;        // gid -> row
    QHash<QString, QString> m_lastStatus; // gid -> aria2's status as last read in full
    QSet<QString> m_forgotten;            // removed or retried from here: not to be shown again
    QSet<TaskId> m_retrying;              // rows whose retry is under way
    // Which poll round was the latest to start when a row was added (or retried) here: a poll
    // that started before cannot have listed it, and must not take it for removed.
    quint64 m_pollRound = 0;
    QHash<QString, quint64> m_bornIn;
    QString m_lastUnlistedAsked; // the rows listed nowhere are asked about in turn, after it
    // gid -> the downloads a .torrent or .metalink led to (aria2's followedBy)
    QHash<QString, QStringList> m_followedBy;
};
