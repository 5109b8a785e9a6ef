// Following one aria2 daemon: polling, merging its lists into the registry, and actions.
#include "remoteengine.h"

#include "aria2status.h"
#include "services/engine/taskregistry.h"

#include <QCoroTimer>
#include <QDateTime>
#include <QJsonObject>
#include <QPointer>
#include <QSet>

RemoteEngine::RemoteEngine(TaskRegistry *tasks, RemoteEngineConfig config, QObject *parent)
    : QObject(parent), m_tasks(tasks), m_config(std::move(config)),
      m_rpc(new Aria2Rpc(m_config.url, m_config.secret, this))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RemoteEngine::refresh);
    // A notification says something changed: look soon, once for a burst of them.
    connect(m_rpc, &Aria2Rpc::notified, this, [this] {
        if (m_status == Status::Online && (!m_timer.isActive() || m_timer.remainingTime() > 50))
            schedule(50);
    });
    connect(m_rpc, &Aria2Rpc::webSocketLost, this, [this] {
        if (m_started)
            schedule(0); // the poll says whether the daemon is gone
    });
}

RemoteEngine::~RemoteEngine()
{
    m_tasks->removeTasks(QList<TaskId>(m_rows.cbegin(), m_rows.cend()));
}

void RemoteEngine::start()
{
    m_started = true;
    schedule(0);
}

bool RemoteEngine::owns(TaskId id) const
{
    const Task *t = m_tasks->task(id);
    return t && t->engine == m_config.id;
}

QList<TaskId> RemoteEngine::ownIds(const QList<TaskId> &ids) const
{
    QList<TaskId> own;
    for (TaskId id : ids)
        if (owns(id))
            own.append(id);
    return own;
}

void RemoteEngine::schedule(int ms)
{
    if (m_polling) {
        m_pollAgain = m_pollAgain || ms == 0;
        return;
    }
    m_timer.start(ms);
}

void RemoteEngine::refresh()
{
    if (m_polling) {
        m_pollAgain = true;
        return;
    }
    m_timer.stop();
    poll();
}

void RemoteEngine::setStatus(Status status, const RpcError &error)
{
    m_error = error;
    if (status == m_status)
        return;
    m_status = status;
    Q_EMIT statusChanged(status);
}

QCoro::Task<RpcResult> RemoteEngine::check()
{
    RpcResult r = co_await m_rpc->call(QString::fromLatin1("aria2.getVersion"));
    co_return r;
}

QCoro::Task<> RemoteEngine::poll()
{
    QPointer<RemoteEngine> self(this);
    m_polling = true;
    m_pollAgain = false;
    const quint64 round = ++m_pollRound; // rows born from now on are not in its lists
    const QJsonArray keys = aria2StatusKeys();
    const QJsonArray brief{QString::fromLatin1("gid"), QString::fromLatin1("status")};
    const QList<RpcCall> calls{{QString::fromLatin1("aria2.getVersion"), {}},
                               {QString::fromLatin1("aria2.tellActive"), {keys}},
                               {QString::fromLatin1("aria2.tellWaiting"), {0, MaxListed, brief}},
                               {QString::fromLatin1("aria2.tellStopped"), {0, MaxListed, brief}}};
    QList<RpcResult> results = co_await m_rpc->multicall(calls);
    if (!self)
        co_return;

    RpcError failure;
    for (const RpcResult &r : std::as_const(results))
        if (r.error.isError() && !failure.isError())
            failure = r.error;
    QList<Aria2Status> statuses;
    QSet<QString> seen;
    bool complete = true; // every list was read whole: what is missing was removed
    if (!failure.isError()) {
        m_version = results[0].value.toObject().value(QLatin1String("version")).toString();
        const QJsonArray active = results[1].value.toArray();
        for (const QJsonValue &v : active) {
            const Aria2Status s = parseAria2Status(v.toObject());
            if (s.valid) {
                statuses.append(s);
                seen.insert(s.gid);
            }
        }
        // Waiting and stopped downloads do not move: only those whose status is new here are
        // read in full (one more round trip), so 1000 queued ones cost little each second.
        QList<RpcCall> details;
        for (int list = 2; list <= 3; ++list) {
            const QJsonArray items = results[list].value.toArray();
            complete = complete && items.size() < MaxListed;
            for (const QJsonValue &v : items) {
                const QJsonObject o = v.toObject();
                const QString gid = o.value(QLatin1String("gid")).toString();
                if (gid.isEmpty())
                    continue;
                seen.insert(gid);
                if (!m_rows.contains(gid) ||
                    m_lastStatus.value(gid) != o.value(QLatin1String("status")).toString())
                    details.append({QString::fromLatin1("aria2.tellStatus"), {gid, keys}});
            }
        }
        if (!details.isEmpty()) {
            const QList<RpcResult> more = co_await m_rpc->multicall(details);
            if (!self)
                co_return;
            for (const RpcResult &r : more) {
                if (r.error.isConnectionError() && !failure.isError())
                    failure = r.error;
                const Aria2Status s = parseAria2Status(r.value.toObject());
                if (s.valid)
                    statuses.append(s);
            }
        }
    }
    m_polling = false;
    if (failure.isError() && failure.isConnectionError()) {
        // Offline: the rows stay as they were; try again later, less and less often.
        m_backoffMs = qBound(m_pollMs, m_backoffMs * 2, MaxBackoffMs);
        setStatus(Status::Offline, failure);
        if (m_started)
            m_timer.start(m_pollAgain ? 0 : m_backoffMs);
        Q_EMIT synced(); // what there is to know (nothing) is known
        co_return;
    }
    m_backoffMs = 0;
    merge(statuses);
    if (complete && !failure.isError()) {
        QList<TaskId> gone;
        for (auto it = m_rows.begin(); it != m_rows.end();) {
            if (seen.contains(it.key()) || m_bornIn.value(it.key()) >= round) {
                ++it; // listed, or added (or retried) here after this poll asked
                continue;
            }
            gone.append(it.value()); // removed on the daemon (another client, or a restart)
            m_lastStatus.remove(it.key());
            m_bornIn.remove(it.key());
            it = m_rows.erase(it);
        }
        m_tasks->removeTasks(gone);
        m_forgotten.intersect(seen); // gone from the daemon too: nothing more to ignore
    }
    setStatus(Status::Online);
    if (m_started)
        m_timer.start(m_pollAgain ? 0 : m_pollMs);
    Q_EMIT synced();
}

// New rows come in one batch, as the daemon has them (a download completed long ago is not
// news: no state change, no "completed" notification); known rows get what changed.
void RemoteEngine::merge(const QList<Aria2Status> &statuses)
{
    std::vector<Task> fresh;
    QList<QString> freshGids;
    QSet<QString> freshSet;
    for (const Aria2Status &s : statuses) {
        if (m_forgotten.contains(s.gid))
            continue; // removed or retried from here: a poll under way may still list it
        if (const TaskId id = m_rows.value(s.gid); id && m_tasks->task(id)) {
            update(id, s);
            continue;
        }
        if (freshSet.contains(s.gid))
            continue;
        Task n;
        n.kind = TaskKind::Download;
        n.url = s.uris.value(0);
        n.mirrors = s.uris.mid(1);
        n.directory = s.directory;
        n.fileName = s.fileName;
        n.state = s.state;
        n.error = s.error();
        n.bytesDone = s.done;
        n.bytesTotal = s.total;
        n.connections = s.connections;
        n.remoteFields = s.fields();
        n.added = QDateTime::currentDateTime();
        if (s.state == TaskState::Completed || s.state == TaskState::Failed ||
            s.state == TaskState::Canceled)
            n.finished = n.added;
        n.engine = m_config.id;
        n.gid = s.gid;
        n.log.append({n.added, tr("On %1: %2").arg(m_config.name, s.status)});
        fresh.push_back(std::move(n));
        freshGids.append(s.gid);
        freshSet.insert(s.gid);
        m_lastStatus.insert(s.gid, s.status);
    }
    if (fresh.empty())
        return;
    const QList<TaskId> ids = m_tasks->reinsertTasks(std::move(fresh));
    for (qsizetype i = 0; i < ids.size(); ++i) {
        m_rows.insert(freshGids[i], ids[i]);
        m_bornIn.insert(freshGids[i], m_pollRound);
    }
    for (const Aria2Status &s : statuses) // running ones: the daemon's speed
        if (s.state == TaskState::Running && freshSet.contains(s.gid))
            m_tasks->setRemoteFigures(m_rows.value(s.gid), s.speed, s.connections, s.directory,
                                      s.fields());
}

void RemoteEngine::update(TaskId id, const Aria2Status &s)
{
    const Task *t = m_tasks->task(id);
    if (!s.uris.isEmpty() && t->url != s.uris.first())
        m_tasks->setUrl(id, s.uris.first());
    if (t->fileName != s.fileName)
        m_tasks->setFileName(id, s.fileName);
    if (t->bytesDone != s.done || t->bytesTotal != s.total)
        m_tasks->setProgress(id, s.done, s.total);
    // The figures first: whoever reacts to the state sees the row's folder.
    m_tasks->setRemoteFigures(id, s.speed, s.connections, s.directory, s.fields());
    const TaskError error = s.error();
    if (t->state != s.state || t->error.message != error.message) {
        // The log tells the row's story as this dashboard saw it.
        m_tasks->appendLog(id, error.isError()
                                   ? tr("On %1: %2: %3").arg(m_config.name, s.status, error.message)
                                   : tr("On %1: %2").arg(m_config.name, s.status));
        m_tasks->setState(id, s.state, error);
        // Its speed counts from now on (a row that starts running).
        m_tasks->setRemoteFigures(id, s.speed, s.connections, s.directory, s.fields());
    }
    m_lastStatus.insert(s.gid, s.status);
}

QCoro::Task<RpcResult> RemoteEngine::add(QList<QUrl> uris, QString dir, QString out,
                                         QString checksum)
{
    QPointer<RemoteEngine> self(this);
    QJsonArray list;
    for (const QUrl &u : uris)
        list.append(QString::fromUtf8(u.toEncoded()));
    QJsonObject options;
    if (!dir.isEmpty())
        options.insert(QString::fromLatin1("dir"), dir);
    if (!out.isEmpty())
        options.insert(QString::fromLatin1("out"), out);
    if (!checksum.isEmpty())
        options.insert(QString::fromLatin1("checksum"), checksum);
    QJsonArray params{list, options};
    RpcResult r = co_await m_rpc->call(QString::fromLatin1("aria2.addUri"), params);
    if (self && !r.error.isError())
        added(r.value.toString(), uris, dir, out);
    co_return r;
}

QCoro::Task<> RemoteEngine::addMany(QList<QUrl> urls, QString dir, QString checksum)
{
    QPointer<RemoteEngine> self(this);
    QJsonObject options;
    if (!dir.isEmpty())
        options.insert(QString::fromLatin1("dir"), dir);
    if (!checksum.isEmpty())
        options.insert(QString::fromLatin1("checksum"), checksum);
    QList<RpcCall> calls;
    for (const QUrl &u : std::as_const(urls))
        calls.append({QString::fromLatin1("aria2.addUri"),
                      QJsonArray{QJsonArray{QString::fromUtf8(u.toEncoded())}, options}});
    const QList<RpcResult> results = co_await m_rpc->multicall(calls);
    if (!self)
        co_return;
    int refused = 0;
    QString why;
    QList<Aria2Status> rows; // one batch: 1000 rows are one insertion, not 1000
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (results[i].error.isError()) {
            ++refused;
            why = results[i].error.message;
        } else if (!m_rows.contains(results[i].value.toString())) { // a poll may know it
            rows.append(madeUp(results[i].value.toString(), {urls[i]}, dir, {}));
        }
    }
    merge(rows);
    for (const Aria2Status &row : std::as_const(rows))
        m_lastStatus.remove(row.gid); // made up here: the next poll reads them in full
    schedule(0);
    if (refused > 0)
        Q_EMIT actionFailed(
            tr("%1: %n download(s) not added: %2", nullptr, refused).arg(m_config.name, why));
}

// What is known of a download just added, until a poll reads it.
Aria2Status RemoteEngine::madeUp(const QString &gid, const QList<QUrl> &uris, const QString &dir,
                                 const QString &out)
{
    Aria2Status s;
    s.gid = gid;
    s.status = QStringLiteral("waiting");
    s.valid = !gid.isEmpty();
    s.uris = uris;
    s.directory = dir;
    s.fileName = out.isEmpty() && !uris.isEmpty() ? uris.first().fileName() : out;
    return s;
}

// A download just added: its row at once; the next poll fills in the rest.
void RemoteEngine::added(const QString &gid, const QList<QUrl> &uris, const QString &dir,
                         const QString &out)
{
    if (!gid.isEmpty() && !m_rows.contains(gid)) { // a poll may have read it already
        merge({madeUp(gid, uris, dir, out)});
        m_lastStatus.remove(gid); // made up here: the next poll reads it in full
    }
    schedule(0);
}

void RemoteEngine::pause(const QList<TaskId> &ids)
{
    act(QLatin1String("aria2.forcePause"), ownIds(ids));
}

void RemoteEngine::resume(const QList<TaskId> &ids)
{
    act(QLatin1String("aria2.unpause"), ownIds(ids));
}

void RemoteEngine::cancel(const QList<TaskId> &ids)
{
    act(QLatin1String("aria2.forceRemove"), ownIds(ids));
}

void RemoteEngine::remove(const QList<TaskId> &ids)
{
    const QList<TaskId> own = ownIds(ids);
    QList<TaskId> running;
    for (TaskId id : own) {
        const Task *t = m_tasks->task(id);
        if (t->isActive() || t->state == TaskState::Paused)
            running.append(id);
    }
    QStringList stopped, active;
    for (TaskId id : own) {
        const Task *t = m_tasks->task(id);
        (t->isActive() || t->state == TaskState::Paused ? active : stopped).append(t->gid);
        m_rows.remove(t->gid);
        m_lastStatus.remove(t->gid);
        m_bornIn.remove(t->gid);
        m_forgotten.insert(t->gid); // a poll already under way may still list it
    }
    m_tasks->removeTasks(own); // the row goes now; the daemon forgets it once stopped
    forget(stopped, active);
}

// aria2 keeps a stopped download's result until told to forget it; a running one is stopped
// first (forceRemove returns before it has stopped, so forgetting it is tried a few times).
QCoro::Task<> RemoteEngine::forget(QStringList stopped, QStringList active)
{
    QPointer<RemoteEngine> self(this);
    QList<RpcCall> calls;
    for (const QString &gid : std::as_const(active))
        calls.append({QString::fromLatin1("aria2.forceRemove"), {gid}});
    if (!calls.isEmpty())
        (void)co_await m_rpc->multicall(calls);
    for (int round = 0; self && round < 10 && !(stopped + active).isEmpty(); ++round) {
        QStringList gids = stopped + active;
        calls.clear();
        for (const QString &gid : std::as_const(gids))
            calls.append({QString::fromLatin1("aria2.removeDownloadResult"), {gid}});
        const QList<RpcResult> results = co_await m_rpc->multicall(calls);
        if (!self)
            co_return;
        stopped.clear();
        active.clear();
        for (qsizetype i = 0; i < results.size(); ++i)
            if (results[i].error.kind == RpcError::Kind::Rpc) // not stopped yet
                active.append(gids[i]);
        if (!active.isEmpty())
            co_await QCoro::sleepFor(std::chrono::milliseconds(200));
    }
}

void RemoteEngine::retry(const QList<TaskId> &ids)
{
    for (TaskId id : ownIds(ids)) {
        const Task *t = m_tasks->task(id);
        if ((t->state == TaskState::Failed || t->state == TaskState::Canceled) &&
            !m_retrying.contains(id)) // one retry at a time, whatever the clicks
            retryOne(id);
    }
}

// The same URIs and options again, under a new gid that takes over the row.
QCoro::Task<> RemoteEngine::retryOne(TaskId id)
{
    QPointer<RemoteEngine> self(this);
    // What the retry needs, copied: the row may be removed while the daemon answers.
    const Task *t = m_tasks->task(id);
    const QString oldGid = t->gid;
    const QString what = t->url.toDisplayString();
    QJsonArray uris;
    for (const QUrl &u : QList<QUrl>{t->url} + t->mirrors)
        uris.append(QString::fromUtf8(u.toEncoded()));
    m_retrying.insert(id);
    const QJsonArray which{oldGid}; // (g++ 12 rejects braced lists inside co_await)
    const RpcResult options = co_await m_rpc->call(QString::fromLatin1("aria2.getOption"), which);
    if (!self)
        co_return;
    if (options.error.isError() || !m_tasks->task(id) || m_tasks->task(id)->gid != oldGid) {
        m_retrying.remove(id);
        if (options.error.isError()) // never again without its folder and name
            Q_EMIT actionFailed(
                tr("%1: cannot retry %2: %3").arg(m_config.name, what, options.error.message));
        co_return;
    }
    const QJsonArray params{uris, options.value.toObject()};
    const RpcResult added = co_await m_rpc->call(QString::fromLatin1("aria2.addUri"), params);
    if (!self)
        co_return;
    m_retrying.remove(id);
    if (added.error.isError()) {
        Q_EMIT actionFailed(
            tr("%1: cannot retry %2: %3").arg(m_config.name, what, added.error.message));
        co_return;
    }
    const QString gid = added.value.toString();
    const Task *now = m_tasks->task(id);
    if (!now || now->gid != oldGid || m_rows.value(oldGid) != id) {
        // Removed meanwhile: the download added again goes too.
        if (!gid.isEmpty()) {
            m_forgotten.insert(gid);
            forget({}, {gid});
        }
        co_return;
    }
    m_rows.remove(oldGid);
    m_lastStatus.remove(oldGid);
    m_bornIn.remove(oldGid);
    m_rows.insert(gid, id);
    m_bornIn.insert(gid, m_pollRound); // a poll under way has not seen it
    m_forgotten.insert(oldGid);        // a poll already under way may still list it
    m_tasks->setRemoteGid(id, gid);
    m_tasks->appendLog(id, tr("Retried on %1").arg(m_config.name));
    m_tasks->setState(id, TaskState::Queued);
    (void)m_rpc->call(QString::fromLatin1("aria2.removeDownloadResult"), which);
    schedule(0);
}

QCoro::Task<> RemoteEngine::act(QLatin1String method, QList<TaskId> ids)
{
    QPointer<RemoteEngine> self(this);
    if (ids.isEmpty())
        co_return;
    QList<RpcCall> calls;
    QList<QString> what;
    for (TaskId id : ids) {
        const Task *t = m_tasks->task(id);
        calls.append({QString(method), {t->gid}});
        what.append(t->url.toDisplayString());
    }
    const QList<RpcResult> results = co_await m_rpc->multicall(calls);
    if (!self)
        co_return;
    for (qsizetype i = 0; i < results.size(); ++i)
        if (results[i].error.isError() && method != QLatin1String("aria2.removeDownloadResult"))
            Q_EMIT actionFailed(
                tr("%1: %2 refused for %3: %4")
                    .arg(m_config.name, QString(method).mid(6), what[i], results[i].error.message));
    schedule(0);
}
