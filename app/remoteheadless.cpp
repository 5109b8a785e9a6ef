// Headless downloads on an aria2 daemon.
#include "remoteheadless.h"

#include "headlessrunner.h"
#include "services/engine/taskregistry.h"
#include "services/remote/remoteengine.h"

#include <QFile>
#include <QPointer>

RemoteHeadlessRunner::RemoteHeadlessRunner(const QUrl &rpc, const QString &secret,
                                           int offlineLimitSeconds, QObject *parent)
    : QObject(parent), m_tasks(new TaskRegistry(this)),
      m_engine(new RemoteEngine(m_tasks, {QStringLiteral("aria2"), rpc.host(), rpc, secret}, this)),
      m_url(rpc), m_offlineLimitMs(offlineLimitSeconds * 1000)
{
    connect(m_tasks, &TaskRegistry::stateChanged, this, &RemoteHeadlessRunner::onStateChanged);
    connect(m_engine, &RemoteEngine::synced, this, [this] {
        if (!m_done && !m_followers.isEmpty() && m_engine->status() == RemoteEngine::Status::Online)
            adoptFollowers();
    });
    // aria2 no longer knows one of ours (it keeps --max-download-result results, another
    // client removed it, a restart without its session): how it ended cannot be known.
    connect(m_tasks, &TaskRegistry::removed, this, [this](const QList<TaskId> &ids) {
        if (m_done)
            return; // the run is over: its engine leaves with its rows
        for (TaskId id : ids) {
            if (!m_ours.contains(id) || m_ended.contains(id))
                continue;
            m_ended.insert(id);
            ++m_failed;
            HeadlessLines::print(stderr,
                                 HeadlessRunner::tr("failed    %1: %2")
                                     .arg(m_urls.value(id).toDisplayString(),
                                          tr("outcome unknown: aria2 forgot its result (its "
                                             "--max-download-result, or another client removed "
                                             "it)")));
        }
        checkDone();
    });
    m_offline.setSingleShot(true);
    connect(&m_offline, &QTimer::timeout, this, [this] {
        HeadlessLines::print(stderr, tr("fetchdeck: aria2 at %1 could not be used for %2 s: "
                                        "%3; its downloads may go on there")
                                         .arg(m_url.toDisplayString(),
                                              QString::number(m_offlineLimitMs / 1000),
                                              m_engine->lastError().message));
        finish(2);
    });
    connect(m_engine, &RemoteEngine::statusChanged, this, [this](RemoteEngine::Status status) {
        if (status == RemoteEngine::Status::Offline && !m_offline.isActive()) {
            HeadlessLines::print(stderr,
                                 tr("fetchdeck: lost aria2 at %1: %2; trying again")
                                     .arg(m_url.toDisplayString(), m_engine->lastError().message));
            m_offline.start(m_offlineLimitMs);
        } else if (status == RemoteEngine::Status::Online) {
            m_offline.stop();
        }
    });
}

RemoteHeadlessRunner::~RemoteHeadlessRunner()
{
    stopFollowing();
}

void RemoteHeadlessRunner::stopFollowing()
{
    delete std::exchange(m_engine, nullptr); // before the registry it takes its rows from
}

QString RemoteHeadlessRunner::readSecret(const QString &file, QString *error)
{
    if (file.isEmpty())
        return qEnvironmentVariable("FETCHDECK_ARIA2_SECRET");
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read the secret file %1: %2").arg(file, f.errorString());
        return {};
    }
    // The first line, as `echo secret > file` writes it.
    return QString::fromUtf8(f.readLine(4096)).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
}

QString RemoteHeadlessRunner::setCaCertificates(const QString &pemFile)
{
    const QString error = m_ca.setExtra(pemFile);
    if (error.isEmpty())
        m_engine->setConnection(m_ca.file(), m_proxy);
    return error;
}

void RemoteHeadlessRunner::setProxy(const QString &proxy)
{
    m_proxy = proxy;
    m_engine->setConnection(m_ca.file(), m_proxy);
}

void RemoteHeadlessRunner::start(std::vector<Task> downloads, const QStringList &badLines,
                                 const QString &directory)
{
    m_clock.start();
    for (const QString &line : badLines)
        HeadlessLines::print(stderr, line);
    m_failed += int(badLines.size());
    run(std::move(downloads), directory);
}

QCoro::Task<> RemoteHeadlessRunner::run(std::vector<Task> downloads, QString directory)
{
    QPointer<RemoteHeadlessRunner> self(this);
    const RpcResult version = co_await m_engine->check();
    if (!self || m_done)
        co_return;
    if (version.error.isError()) {
        HeadlessLines::print(stderr, tr("fetchdeck: cannot use aria2 at %1: %2")
                                         .arg(m_url.toDisplayString(), version.error.message));
        finish(2);
        co_return;
    }
    m_engine->start();
    m_adding = int(downloads.size());
    // In batches, one round trip each: 3000 requests at once would take as many descriptors
    // from the daemon.
    for (size_t from = 0; from < downloads.size(); from += AddBatch) {
        QList<RemoteEngine::NewDownload> batch;
        QList<QUrl> urls;
        for (size_t i = from; i < qMin(downloads.size(), from + AddBatch); ++i) {
            const Task &t = downloads[i];
            batch.append({QList<QUrl>{t.url} + t.extra().mirrors,
                          t.directory.isEmpty() ? directory : t.directory, t.extra().requestedName,
                          t.extra().checksum});
            urls.append(t.url);
        }
        const QList<RpcResult> results = co_await m_engine->addAll(batch);
        if (!self || m_done || !m_engine)
            co_return; // the run ended (interrupted, or the daemon went away)
        for (qsizetype i = 0; i < results.size(); ++i) {
            --m_adding;
            follow(urls[i], results[i]);
        }
    }
    checkDone();
}

// What aria2 answered to adding `url`: a download of this run to follow, or a failure.
void RemoteHeadlessRunner::follow(const QUrl &url, const RpcResult &added)
{
    const QString gid = added.value.toString();
    const TaskId id = added.error.isError() ? 0 : m_engine->rowOf(gid);
    if (added.error.isError() || !id || m_ours.contains(id)) {
        const QString why =
            added.error.isError() ? added.error.message
            : !id                 ? tr("aria2's download %1 cannot be followed").arg(gid)
                  // two URLs, one download: the second would never be told
                  : tr("aria2 answered with the id of a download this run follows already "
                       "(%1)")
                        .arg(gid);
        ++m_failed;
        HeadlessLines::print(
            stderr, HeadlessRunner::tr("failed    %1: %2").arg(url.toDisplayString(), why));
        return;
    }
    m_ours.insert(id);
    m_urls.insert(id, m_tasks->task(id)->url);
    onStateChanged(id, m_tasks->task(id)->state);
}

void RemoteHeadlessRunner::onStateChanged(TaskId id, TaskState state)
{
    const Task *t = m_tasks->task(id);
    if (m_done || !t || !m_ours.contains(id) || m_ended.contains(id))
        return;
    switch (state) {
    case TaskState::Completed:
        if (const QStringList next = m_engine->followedBy(t->extra().gid); !next.isEmpty()) {
            // A .torrent or .metalink: the files it names are the downloads to report.
            m_ended.insert(id);
            for (const QString &gid : next)
                m_followers.insert(gid, 0);
            adoptFollowers();
            return;
        }
        ++m_completed;
        m_bytes += t->bytesDone;
        HeadlessLines::print(stdout, HeadlessLines::done(*t));
        break;
    case TaskState::Failed:
        ++m_failed;
        HeadlessLines::print(stderr, HeadlessLines::failed(*t));
        break;
    case TaskState::Canceled:
        ++m_canceled;
        HeadlessLines::print(stderr, HeadlessLines::canceled(*t));
        break;
    default:
        return;
    }
    m_ended.insert(id);
    checkDone();
}

void RemoteHeadlessRunner::adoptFollowers()
{
    for (auto it = m_followers.begin(); it != m_followers.end();) {
        const QString gid = it.key();
        const TaskId id = m_engine->rowOf(gid);
        if (!id && ++it.value() <= 3) { // not listed yet: the next poll may
            ++it;
            continue;
        }
        it = m_followers.erase(it);
        if (!id) {
            ++m_failed;
            HeadlessLines::print(stderr, HeadlessRunner::tr("failed    %1: %2")
                                             .arg(gid, tr("aria2 did not list this download, "
                                                          "named by a .torrent or .metalink")));
        } else if (!m_ours.contains(id)) {
            m_ours.insert(id);
            m_urls.insert(id, m_tasks->task(id)->url);
            onStateChanged(id, m_tasks->task(id)->state);
        }
    }
    checkDone();
}

void RemoteHeadlessRunner::checkDone()
{
    if (m_adding > 0 || !m_followers.isEmpty() || m_ended.size() < m_ours.size())
        return;
    finish(m_failed == 0 && m_canceled == 0 ? 0 : 1);
}

void RemoteHeadlessRunner::interrupt()
{
    if (m_done)
        return;
    HeadlessLines::print(stderr, tr("interrupted: %n download(s) go on on aria2 at %1", nullptr,
                                    int(m_ours.size() - m_ended.size()))
                                     .arg(m_url.toDisplayString()));
    finish(1);
}

void RemoteHeadlessRunner::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    if (exitCode != 2)
        HeadlessLines::print(stdout, HeadlessLines::summary(m_completed, m_failed, m_canceled,
                                                            int(m_ours.size() - m_ended.size()),
                                                            m_clock.elapsed(), m_bytes));
    Q_EMIT finished(exitCode);
}
