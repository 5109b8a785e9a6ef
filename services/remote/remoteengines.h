// The remote engines the user set up (Settings > Remote engines): one RemoteEngine per aria2
// daemon, their rows in the one registry, and the actions on those rows routed to the engine
// that owns each.
#pragma once

#include "remoteengine.h"

class DownloadEngine;

#include <QHash>
#include <QList>
#include <QObject>
#include <memory>

class RemoteEngines final : public QObject {
    Q_OBJECT
public:
    explicit RemoteEngines(TaskRegistry *tasks, QObject *parent = nullptr);
    ~RemoteEngines() override;

    // Sets which engines exist: new ones connect, removed ones leave with their rows, changed
    // ones (URL or secret) connect again. Order is kept for menus and filters.
    void setEngines(const QList<RemoteEngineConfig> &engines);
    QList<RemoteEngineConfig> configs() const; // in order, secrets included
    // The CA bundle (CaBundle::file()) and proxy of every engine's RPC calls, those set up
    // later too (RemoteEngine::setConnection).
    void setConnection(const QString &caFile, const QString &proxy);
    // Those of `downloads`, now and as they change (Settings).
    void followConnectionOf(const DownloadEngine *downloads);
    RemoteEngine *engine(const QString &id) const;
    bool isEmpty() const { return m_order.isEmpty(); }
    // "NAS", "NAS (offline)", "NAS (connecting)"; "" for an id no engine has.
    QString label(const QString &id) const;

    // Actions on any rows: each goes to the engine that owns the row.
    void pause(const QList<TaskId> &ids);
    void resume(const QList<TaskId> &ids);
    void cancel(const QList<TaskId> &ids);
    void retry(const QList<TaskId> &ids);
    void remove(const QList<TaskId> &ids);

Q_SIGNALS:
    void enginesChanged();                     // added, removed or renamed
    void statusChanged(const QString &id);     // online, offline, connecting
    void actionFailed(const QString &message); // a refused action, for the status bar

private:
    TaskRegistry *m_tasks;
    QList<QString> m_order;
    QString m_caFile;
    QString m_proxy;
    QHash<QString, RemoteEngine *> m_engines;
};
