// RemoteEngine: what the user does to a daemon's downloads (add, pause, resume, cancel, retry,
// remove), through RPC. Split from remoteengine.cpp, which follows the daemon.
#include "aria2status.h"
#include "remoteengine.h"
#include "services/engine/taskregistry.h"

#include <QCoroTimer>
#include <QJsonObject>
#include <QPointer>

namespace {
QJsonArray addParams(const RemoteEngine::NewDownload &d)
{
    QJsonArray list;
    for (const QUrl &u : d.uris)
        list.append(QString::fromUtf8(u.toEncoded()));
    QJsonObject options;
    if (!d.dir.isEmpty())
        options.insert(QString::fromLatin1("dir"), d.dir);
    if (!d.out.isEmpty())
        options.insert(QString::fromLatin1("out"), d.out);
    if (!d.checksum.isEmpty())
        options.insert(QString::fromLatin1("checksum"), d.checksum);
    return {list, options};
}

// aria2 answers an add with the new download's gid: without one it cannot be followed.
RpcResult withGid(RpcResult r)
{
    const QString gid = r.value.toString();
    if (!r.error.isError() && (!r.value.isString() || gid.isEmpty() || gid.size() > 64)) {
        r.error.kind = RpcError::Kind::Rpc;
        r.error.message = RemoteEngine::tr("aria2 answered without a download id (GID) to follow "
                                           "the download by");
    }
    return r;
}
} // namespace

QCoro::Task<RpcResult> RemoteEngine::add(QList<QUrl> uris, QString dir, QString out,
                                         QString checksum)
{
    QPointer<RemoteEngine> self(this);
    const QJsonArray params = addParams({uris, dir, out, checksum});
    RpcResult r = withGid(co_await m_rpc->call(QString::fromLatin1("aria2.addUri"), params));
    if (self && !r.error.isError())
        added(r.value.toString(), uris, dir, out);
    co_return r;
}

QCoro::Task<QList<RpcResult>> RemoteEngine::addAll(QList<NewDownload> downloads)
{
    QPointer<RemoteEngine> self(this);
    QList<RpcCall> calls;
    for (const NewDownload &d : std::as_const(downloads))
        calls.append({QString::fromLatin1("aria2.addUri"), addParams(d)});
    QList<RpcResult> results = co_await m_rpc->multicall(calls);
    QList<Aria2Status> rows; // one batch: 1000 rows are one insertion, not 1000
    for (qsizetype i = 0; i < results.size(); ++i) {
        results[i] = withGid(std::move(results[i]));
        if (self && !results[i].error.isError() &&
            !m_rows.contains(results[i].value.toString())) // a poll may know it
            rows.append(madeUp(results[i].value.toString(), downloads[i].uris, downloads[i].dir,
                               downloads[i].out));
    }
    if (!self)
        co_return results;
    merge(rows);
    for (const Aria2Status &row : std::as_const(rows))
        m_lastStatus.remove(row.gid); // made up here: the next poll reads them in full
    schedule(0);
    co_return results;
}

QCoro::Task<> RemoteEngine::addMany(QList<QUrl> urls, QString dir, QString checksum)
{
    QPointer<RemoteEngine> self(this);
    QList<NewDownload> downloads;
    for (const QUrl &u : std::as_const(urls))
        downloads.append({{u}, dir, {}, checksum});
    const QList<RpcResult> results = co_await addAll(downloads);
    if (!self)
        co_return;
    int refused = 0;
    QString why;
    for (const RpcResult &r : results) {
        if (r.error.isError()) {
            ++refused;
            why = r.error.message;
        }
    }
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
        (t->isActive() || t->state == TaskState::Paused ? active : stopped).append(t->extra().gid);
        m_rows.remove(t->extra().gid);
        m_lastStatus.remove(t->extra().gid);
        m_bornIn.remove(t->extra().gid);
        m_forgotten.insert(t->extra().gid); // a poll already under way may still list it
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
    const QString oldGid = t->extra().gid;
    const QString what = t->url.toDisplayString();
    QJsonArray uris;
    for (const QUrl &u : QList<QUrl>{t->url} + t->extra().mirrors)
        uris.append(QString::fromUtf8(u.toEncoded()));
    m_retrying.insert(id);
    const QJsonArray which{oldGid}; // (g++ 12 rejects braced lists inside co_await)
    const RpcResult options = co_await m_rpc->call(QString::fromLatin1("aria2.getOption"), which);
    if (!self)
        co_return;
    if (options.error.isError() || !m_tasks->task(id) || m_tasks->task(id)->extra().gid != oldGid) {
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
    if (!now || now->extra().gid != oldGid || m_rows.value(oldGid) != id) {
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
        calls.append({QString(method), {t->extra().gid}});
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
