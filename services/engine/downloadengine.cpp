// The scheduler.
#include "downloadengine.h"

#include "downloadenginerun.h"
#include "models/format.h"
#include "services/engine/retryscheduler.h"
#include "services/engine/taskregistry.h"
#include "services/engine/workqueue.h"
#include "services/http/curlmulti.h"
#include "services/http/transfer.h"
#include "services/jobs/jobqueue.h"
#include "services/jobs/jobrunner.h"
#include "services/remote/remoteengines.h"
#include "services/settings.h"
#include "services/storage/filenames.h"
#include "services/storage/partfilescan.h"

#include <QDir>
#include <QEventLoop>
#include <QTimer>
#include <QtConcurrent>

DownloadEngine::DownloadEngine(TaskRegistry *tasks, QObject *parent)
    : QObject(parent), m_tasks(tasks), m_http(new CurlMulti(this)),
      m_jobRunner(new JobRunner(this)), m_jobQueue(new JobQueue(tasks, m_jobRunner, this)),
      m_queue(new WorkQueue([this] { return m_maxConcurrent; },
                            [this](TaskId id, QString *waitsFor) { return tryStart(id, waitsFor); },
                            this)),
      m_retries(new RetryScheduler(this))
{
    // Queued downloads start in list order (Move to top...).
    m_queue->setRank([this](TaskId id) {
        const Task *t = m_tasks->task(id);
        return t ? t->position : 0;
    });
    connect(m_queue, &WorkQueue::pumped, this, &DownloadEngine::maybeIdle);
    // A connection that ends frees its host's slot: a task waiting for that host may start.
    m_hosts.setReleased([this] { m_queue->schedule(); }); // coalesced: cheap
    // A lowered cap that expires lets waiting tasks start, with no slot released meanwhile.
    m_hosts.setExpiryWake(
        [this](qint64 ms) { QTimer::singleShot(ms + 10, this, [this] { m_queue->schedule(); }); });
    connect(m_retries, &RetryScheduler::due, this, &DownloadEngine::retryDue);
    connect(m_jobQueue, &JobQueue::taskFinished, this, &DownloadEngine::taskFinished);
    connect(m_jobQueue, &JobQueue::idle, m_queue, &WorkQueue::schedule);
    connect(m_jobQueue, &JobQueue::drained, this, &DownloadEngine::checkStopped);
    m_ioPool.setMaxThreadCount(4);
    m_ioPool.setObjectName(QStringLiteral("fetchdeck-io"));
    m_defaultDirectory = Settings::standardDownloadDirectory();
}

DownloadEngine::~DownloadEngine()
{
    stopAll();
    if (!isStopped()) {
        // No timeout: freeing `this` under a suspended coroutine would be a use-after-free.
        // Transfers abort at once; only a write stuck in the kernel can make this wait.
        QEventLoop loop;
        connect(this, &DownloadEngine::stopped, &loop, &QEventLoop::quit);
        loop.exec();
    }
    delete m_jobQueue; // before the runner it awaits
    m_jobQueue = nullptr;
    m_ioPool.waitForDone();
}

void DownloadEngine::setMaxConcurrent(int n)
{
    m_maxConcurrent = qBound(1, n, MaxConcurrentLimit);
    m_queue->schedule();
}

void DownloadEngine::setDefaultDirectory(const QString &dir)
{
    m_defaultDirectory = dir;
}

void DownloadEngine::setStallTimeout(int seconds)
{
    m_stallTimeoutMs = qMax(1, seconds) * 1000;
}

void DownloadEngine::setLimitRate(qint64 bytesPerSecond)
{
    if (bytesPerSecond == m_limiter.globalRate())
        return;
    m_limiter.setGlobalRate(bytesPerSecond);
    Q_EMIT limitRateChanged(m_limiter.globalRate());
}

void DownloadEngine::setHostCaps(const QHash<QString, int> &caps)
{
    m_hosts.setHostCaps(caps);
    m_queue->schedule(); // a higher cap lets waiting tasks start
}

void DownloadEngine::setMaxPerHost(int n)
{
    m_hosts.setMaxPerHost(n);
    m_queue->schedule(); // a higher cap lets waiting tasks start
}

bool DownloadEngine::isRemote(TaskId id) const
{
    const Task *t = m_tasks->task(id);
    return t && t->isRemote();
}

QList<TaskId> DownloadEngine::takeRemote(QList<TaskId> &ids) const
{
    QList<TaskId> remote;
    ids.removeIf([&](TaskId id) {
        if (!isRemote(id))
            return false;
        remote.append(id);
        return true;
    });
    return remote;
}

void DownloadEngine::setTaskConnections(TaskId id, int n)
{
    if (isRemote(id)) // the daemon's own settings apply there
        return;
    const int before = m_taskConnections.value(id, m_connections);
    if (n <= 0)
        m_taskConnections.remove(id);
    else
        m_taskConnections.insert(id, qBound(1, n, MaxConnections));
    const Task *t = m_tasks->task(id);
    if (t) // stored with the task
        m_tasks->setOwnOptions(id, t->ownLimitRate, m_taskConnections.value(id, 0));
    // The count it runs with changed (the same one chosen again starts nothing again).
    if (t && t->state == TaskState::Running && t->kind == TaskKind::Download &&
        m_taskConnections.value(id, m_connections) != before) {
        m_tasks->appendLog(id, tr("Connections changed: starting the attempt again"));
        restartAttempt(id);
    }
}

void DownloadEngine::setTaskLimitRate(TaskId id, qint64 bytesPerSecond)
{
    if (isRemote(id))
        return;
    m_limiter.setTaskRate(id, bytesPerSecond);
    if (const Task *t = m_tasks->task(id)) // stored with the task
        m_tasks->setOwnOptions(id, m_limiter.taskRate(id), t->ownConnections);
}

void DownloadEngine::setRetryPolicy(const RetryPolicy &policy)
{
    m_retry = policy;
    m_retry.maxAttempts = qMax(1, policy.maxAttempts);
}

QList<TaskId> DownloadEngine::addUrls(const QList<QUrl> &urls, const QString &directory)
{
    const QString dir = directory.isEmpty() ? m_defaultDirectory : directory;
    const QList<TaskId> ids = m_tasks->addTasks(urls, QDir(dir).absolutePath());
    for (TaskId id : ids)
        m_queue->enqueue(id);
    return ids;
}

QList<TaskId> DownloadEngine::addDownloads(std::vector<Task> downloads)
{
    for (Task &t : downloads) {
        t.kind = TaskKind::Download;
        t.directory = QDir(t.directory.isEmpty() ? m_defaultDirectory : t.directory).absolutePath();
    }
    const QList<TaskId> ids = m_tasks->insertTasks(std::move(downloads));
    for (TaskId id : ids)
        m_queue->enqueue(id);
    return ids;
}

QList<TaskId> DownloadEngine::addHashTasks(const QStringList &paths, HashAlgo algo)
{
    return m_jobQueue->addHashTasks(paths, algo);
}

TaskId DownloadEngine::addExtractTask(const QString &archivePath)
{
    return m_jobQueue->addExtractTask(archivePath);
}

bool DownloadEngine::isJob(TaskId id) const
{
    const Task *t = m_tasks->task(id);
    return t && t->kind != TaskKind::Download;
}

TaskId DownloadEngine::addUrl(const QUrl &url, const QString &directory)
{
    return addUrls({url}, directory).constFirst();
}

bool DownloadEngine::hasWork() const
{
    return m_queue->active() > 0 || m_committing > 0 || m_scanning || m_jobQueue->hasWork() ||
           m_tasks->localCountIn(TaskState::Queued) > 0 ||
           m_tasks->localCountIn(TaskState::Running) > 0;
}

int DownloadEngine::runningCount() const
{
    return m_queue->active() + m_committing;
}

bool DownloadEngine::isRunning(TaskId id) const
{
    const auto it = m_runs.constFind(id);
    return it != m_runs.cend() && it->current;
}

void DownloadEngine::enqueue(TaskId id)
{
    m_queue->enqueue(id);
}

// Stops a running transfer (TransferControl::Stop given as int to keep transfer.h private).
void DownloadEngine::stopRun(TaskId id, int how)
{
    const auto it = m_runs.find(id);
    if (it != m_runs.end())
        it->startNowWhenDrained = false; // a Start Now before a pause or cancel ends with it
    if (it != m_runs.end() && it->current) {
        const std::shared_ptr<Run> run = std::exchange(it->current, nullptr);
        run->reported = true;
        run->control->requestStop(static_cast<TransferControl::Stop>(how));
    }
    if (m_retries->cancel(id)) // a pending retry no longer applies
        m_tasks->setRetry(id, {}, 0, 0);
}

void DownloadEngine::cancel(TaskId id)
{
    if (isRemote(id)) {
        if (m_remote)
            m_remote->cancel({id});
        return;
    }
    if (isJob(id)) {
        m_jobQueue->cancel(id);
        return;
    }
    const Task *t = m_tasks->task(id);
    if (!t || !(t->isActive() || t->state == TaskState::Paused))
        return;
    stopRun(id, int(TransferControl::Stop::Cancel));
    m_tasks->setState(id, TaskState::Canceled);
    // The partial file stays, with its name and segment map: Retry resumes from it.
    m_tasks->appendLog(
        id, t->bytesDone > 0 && !t->fileName.isEmpty()
                ? tr("Canceled by the user; %1 kept in %2")
                      .arg(Format::bytes(t->bytesDone), t->fileName + QStringLiteral(".part"))
                : tr("Canceled by the user"));
    Q_EMIT taskFinished(id, TaskState::Canceled);
    m_queue->schedule();
}

// Off the GUI thread; a file that is not there is fine.
void DownloadEngine::deletePartialFile(const Task &task)
{
    deletePartialFile(task.directory, task.fileName);
}

void DownloadEngine::deletePartialFile(const QString &directory, const QString &fileName)
{
    if (fileName.isEmpty())
        return;
    const QString part = QDir(directory).filePath(fileName + QStringLiteral(".part"));
    (void)QtConcurrent::run(&m_ioPool, [part] { QFile::remove(part); });
}

void DownloadEngine::pause(TaskId id)
{
    if (isRemote(id)) {
        if (m_remote)
            m_remote->pause({id});
        return;
    }
    const Task *t = m_tasks->task(id);
    if (!t || !t->isActive() || t->kind != TaskKind::Download)
        return;
    stopRun(id, int(TransferControl::Stop::Pause));
    m_tasks->setState(id, TaskState::Paused);
    m_tasks->appendLog(id, tr("Paused at %1").arg(Format::bytes(t->bytesDone)));
    m_queue->schedule();
}

void DownloadEngine::resume(TaskId id)
{
    if (isRemote(id)) {
        if (m_remote)
            m_remote->resume({id});
        return;
    }
    const Task *t = m_tasks->task(id);
    if (!t || t->state != TaskState::Paused)
        return;
    m_runs[id].roundAttempts = 0;
    m_tasks->setState(id, TaskState::Queued);
    m_tasks->appendLog(id, tr("Resumed"));
    enqueue(id);
}

void DownloadEngine::retry(TaskId id)
{
    if (isRemote(id)) {
        if (m_remote)
            m_remote->retry({id});
        return;
    }
    if (isJob(id)) {
        m_jobQueue->retry(id);
        return;
    }
    const Task *t = m_tasks->task(id);
    if (!t || (t->state != TaskState::Failed && t->state != TaskState::Canceled))
        return;
    m_runs[id].roundAttempts = 0;
    m_tasks->setState(id, TaskState::Queued);
    m_tasks->appendLog(id, tr("Queued again"));
    enqueue(id);
}

void DownloadEngine::remove(TaskId id)
{
    remove(QList<TaskId>{id});
}

void DownloadEngine::cancel(const QList<TaskId> &ids)
{
    QList<TaskId> local = ids;
    if (const QList<TaskId> remote = takeRemote(local); !remote.isEmpty() && m_remote)
        m_remote->cancel(remote); // one round trip per daemon
    for (TaskId id : std::as_const(local))
        cancel(id);
}

void DownloadEngine::pause(const QList<TaskId> &ids)
{
    QList<TaskId> local = ids;
    if (const QList<TaskId> remote = takeRemote(local); !remote.isEmpty() && m_remote)
        m_remote->pause(remote); // one round trip per daemon
    for (TaskId id : std::as_const(local))
        pause(id);
}

void DownloadEngine::resume(const QList<TaskId> &ids)
{
    QList<TaskId> local = ids;
    if (const QList<TaskId> remote = takeRemote(local); !remote.isEmpty() && m_remote)
        m_remote->resume(remote); // one round trip per daemon
    for (TaskId id : std::as_const(local))
        resume(id);
}

void DownloadEngine::retry(const QList<TaskId> &ids)
{
    QList<TaskId> local = ids;
    if (const QList<TaskId> remote = takeRemote(local); !remote.isEmpty() && m_remote)
        m_remote->retry(remote); // one round trip per daemon
    for (TaskId id : std::as_const(local))
        retry(id);
}

void DownloadEngine::stopAll()
{
    if (m_stopping)
        return; // stopped() comes once, when the last transfer has ended
    m_stopping = true;
    m_queue->stop();
    m_jobQueue->stopAll();
    QList<std::shared_ptr<Run>> running;
    for (const TaskRun &run : std::as_const(m_runs))
        if (run.current)
            running.append(run.current);
    for (const auto &run : std::as_const(running))
        run->control->requestStop(TransferControl::Stop::Shutdown);
    QTimer::singleShot(0, this, &DownloadEngine::checkStopped); // never from inside this call
}

bool DownloadEngine::isStopped() const
{
    return m_stopping && m_queue->active() == 0 && m_committing == 0 &&
           m_jobQueue->activeCount() == 0;
}

void DownloadEngine::checkStopped()
{
    if (!isStopped() || m_stoppedAnnounced)
        return;
    m_stoppedAnnounced = true;
    Q_EMIT stopped();
}
