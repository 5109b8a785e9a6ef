// Several daemons, one list.
#include "remoteengines.h"

#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"

RemoteEngines::RemoteEngines(TaskRegistry *tasks, QObject *parent) : QObject(parent), m_tasks(tasks)
{
}

RemoteEngines::~RemoteEngines()
{
    qDeleteAll(m_engines); // before the registry: each takes its rows with it
}

void RemoteEngines::setEngines(const QList<RemoteEngineConfig> &engines)
{
    QHash<QString, RemoteEngine *> kept;
    QList<QString> order;
    for (const RemoteEngineConfig &c : engines) {
        if (c.id.isEmpty() || order.contains(c.id))
            continue;
        order.append(c.id);
        RemoteEngine *e = m_engines.take(c.id);
        if (e && (e->config().url != c.url || e->config().secret != c.secret)) {
            delete e; // another daemon, or another secret: connect afresh
            e = nullptr;
        }
        if (e) {
            e->setName(c.name);
        } else {
            e = new RemoteEngine(m_tasks, c, this);
            e->setConnection(m_caFile, m_proxy);
            connect(e, &RemoteEngine::statusChanged, this,
                    [this, id = c.id] { Q_EMIT statusChanged(id); });
            connect(e, &RemoteEngine::actionFailed, this, &RemoteEngines::actionFailed);
            e->start();
        }
        kept.insert(c.id, e);
    }
    qDeleteAll(m_engines); // engines no longer set up leave with their rows
    m_engines = kept;
    m_order = order;
    Q_EMIT enginesChanged();
}

void RemoteEngines::setConnection(const QString &caFile, const QString &proxy)
{
    m_caFile = caFile;
    m_proxy = proxy;
    for (RemoteEngine *e : std::as_const(m_engines))
        e->setConnection(caFile, proxy);
}

void RemoteEngines::followConnectionOf(const DownloadEngine *downloads)
{
    const auto follow = [this, downloads] {
        setConnection(downloads->caBundleFile(), downloads->proxy());
    };
    follow();
    connect(downloads, &DownloadEngine::connectionChanged, this, follow);
}

QList<RemoteEngineConfig> RemoteEngines::configs() const
{
    QList<RemoteEngineConfig> list;
    for (const QString &id : m_order)
        list.append(m_engines.value(id)->config());
    return list;
}

RemoteEngine *RemoteEngines::engine(const QString &id) const
{
    return m_engines.value(id);
}

QString RemoteEngines::label(const QString &id) const
{
    const RemoteEngine *e = m_engines.value(id);
    if (!e)
        return {};
    switch (e->status()) {
    case RemoteEngine::Status::Online:
        return e->config().name;
    case RemoteEngine::Status::Offline:
        return tr("%1 (offline)").arg(e->config().name);
    case RemoteEngine::Status::Connecting:
        break;
    }
    return tr("%1 (connecting)").arg(e->config().name);
}

void RemoteEngines::pause(const QList<TaskId> &ids)
{
    for (RemoteEngine *e : std::as_const(m_engines))
        e->pause(ids);
}

void RemoteEngines::resume(const QList<TaskId> &ids)
{
    for (RemoteEngine *e : std::as_const(m_engines))
        e->resume(ids);
}

void RemoteEngines::cancel(const QList<TaskId> &ids)
{
    for (RemoteEngine *e : std::as_const(m_engines))
        e->cancel(ids);
}

void RemoteEngines::retry(const QList<TaskId> &ids)
{
    for (RemoteEngine *e : std::as_const(m_engines))
        e->retry(ids);
}

void RemoteEngines::remove(const QList<TaskId> &ids)
{
    for (RemoteEngine *e : std::as_const(m_engines))
        e->remove(ids);
}
