// Following one aria2 daemon: polling, merging its lists into the registry, and actions.
#include "remoteengine.h"

#include "aria2status.h"
#include "services/engine/taskregistry.h"

#include <QDateTime>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <algorithm>

RemoteEngine::RemoteEngine(TaskRegistry *tasks, RemoteEngineConfig config, QObject *parent)
    : QObject(parent), m_tasks(tasks), m_config(std::move(config)),
      m_rpc(new Aria2Rpc(m_config.url, m_config.secret, this))
{
    m_timer.setObjectName(QStringLiteral("RemoteEngine poll")); // named in slow-event traces
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RemoteEngine::refresh);
    // A notification says something changed: look soon, once for a burst of them.
    connect(m_rpc, &Aria2Rpc::notified, this, [this] {
        if (m_status == Status::Online && (!m_timer.isActive() || m_timer.remainingTime() > 50))
            schedule(50);
    });
    // The next poll says whether the daemon is gone; not sooner than a poll would come (an
    // endpoint that closes after each answer must not be polled in a loop).
    connect(m_rpc, &Aria2Rpc::webSocketLost, this, [this] {
        if (!m_started || m_polling)
            return; // the poll under way finds out
        const int wait = m_backoffMs > 0 ? m_backoffMs : m_pollMs;
        const int left =
            m_sincePoll.isValid() ? int(qMax<qint64>(0, wait - m_sincePoll.elapsed())) : 0;
        if (!m_timer.isActive() || m_timer.remainingTime() > left)
            m_timer.start(left);
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
    return t && t->extra().engine == m_config.id;
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
    m_sincePoll.start();
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

    // Any of these refused (aria2's error, not only a lost connection) leaves nothing to show:
    // the daemon cannot be followed, and says why.
    RpcError failure;
    for (const RpcResult &r : std::as_const(results))
        if (r.error.isError() && !failure.isError())
            failure = r.error;
    QList<Aria2Status> statuses;
    QSet<QString> seen;
    QSet<QString> asked;  // rows listed nowhere that aria2 is asked about in this poll
    bool complete = true; // every list was read whole: what is missing was removed
    if (!failure.isError()) {
        m_version = results[0].value.toObject().value(QLatin1String("version")).toString();
        // aria2's tellActive has no limit of its own: the rows beyond ours are left out.
        const QJsonArray active = results[1].value.toArray();
        complete = active.size() <= MaxListed;
        for (qsizetype i = 0; i < qMin<qsizetype>(active.size(), MaxListed); ++i) {
            const Aria2Status s = parseAria2Status(active[i].toObject());
            if (s.valid) {
                statuses.append(s);
                seen.insert(s.gid);
            }
        }
        if (!complete && !m_activeCut)
            Q_EMIT actionFailed(tr("%1: aria2 has %n active download(s); only the first %2 are "
                                   "shown",
                                   nullptr, int(active.size()))
                                    .arg(m_config.name, QString::number(MaxListed)));
        m_activeCut = !complete;
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
        // Rows listed nowhere (a result aria2 dropped, or a list cut short): aria2 is asked
        // about them, a request's worth per poll, in turn (30,000 queued past a cut list would
        // be 20,000 questions a second); only one it no longer knows leaves.
        QStringList unlisted;
        for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it)
            if (!seen.contains(it.key()) && m_bornIn.value(it.key()) < round)
                unlisted.append(it.key());
        std::sort(unlisted.begin(), unlisted.end());
        const qsizetype first =
            unlisted.size() <= MaxCallsPerRequest
                ? 0
                : std::upper_bound(unlisted.cbegin(), unlisted.cend(), m_lastUnlistedAsked) -
                      unlisted.cbegin();
        for (qsizetype i = 0; i < qMin<qsizetype>(unlisted.size(), MaxCallsPerRequest); ++i) {
            const QString &gid = unlisted[(first + i) % unlisted.size()];
            asked.insert(gid);
            m_lastUnlistedAsked = gid;
            details.append({QString::fromLatin1("aria2.tellStatus"), {gid, keys}});
        }
        // In requests of a few hundred calls: aria2 drops a request over its
        // --rpc-max-request-size (2 MB by default).
        for (qsizetype from = 0; from < details.size() && !failure.isError();
             from += MaxCallsPerRequest) {
            const QList<RpcResult> more =
                co_await m_rpc->multicall(details.mid(from, MaxCallsPerRequest));
            if (!self)
                co_return;
            for (const RpcResult &r : more) {
                if (r.error.isConnectionError() && !failure.isError())
                    failure = r.error;
                const Aria2Status s = parseAria2Status(r.value.toObject());
                if (s.valid) {
                    statuses.append(s);
                    seen.insert(s.gid);
                }
            }
        }
    }
    m_polling = false;
    if (failure.isError()) {
        // Offline, or refusing: the rows stay as they were; try again later, less and less often.
        m_backoffMs = qBound(m_pollMs, m_backoffMs * 2, MaxBackoffMs);
        setStatus(Status::Offline, failure);
        if (m_started)
            m_timer.start(m_pollAgain ? 0 : m_backoffMs);
        Q_EMIT synced(); // what there is to know (nothing) is known
        co_return;
    }
    m_backoffMs = 0;
    merge(statuses);
    QList<TaskId> gone;
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (seen.contains(it.key()) || m_bornIn.value(it.key()) >= round ||
            !asked.contains(it.key())) {
            ++it; // listed or known, added (or retried) after this poll asked, or not asked yet
            continue;
        }
        gone.append(it.value()); // aria2 forgot it (another client, a restart, its own limit)
        m_lastStatus.remove(it.key());
        m_followedBy.remove(it.key());
        m_bornIn.remove(it.key());
        it = m_rows.erase(it);
    }
    m_tasks->removeTasks(gone);
    if (complete)
        m_forgotten.intersect(seen); // gone from the daemon too: nothing more to ignore
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
        if (!s.followedBy.isEmpty()) // before the row's state changes: its watchers look
            m_followedBy.insert(s.gid, s.followedBy);
        if (const TaskId id = m_rows.value(s.gid); id && m_tasks->task(id)) {
            update(id, s);
            continue;
        }
        if (freshSet.contains(s.gid))
            continue;
        Task n;
        n.kind = TaskKind::Download;
        n.url = s.uris.value(0);
        n.editExtra().mirrors = s.uris.mid(1);
        n.directory = s.directory;
        n.fileName = s.fileName;
        n.state = s.state;
        n.error = s.error();
        n.bytesDone = s.done;
        n.bytesTotal = s.total;
        n.connections = s.connections;
        n.editExtra().remoteFields = s.fields();
        n.added = QDateTime::currentDateTime();
        if (s.state == TaskState::Completed || s.state == TaskState::Failed ||
            s.state == TaskState::Canceled)
            n.finished = n.added;
        n.editExtra().engine = m_config.id;
        n.editExtra().gid = s.gid;
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
