// The scheduler.
#include "downloadengine.h"

#include "engine/taskregistry.h"
#include "filenames.h"
#include "http/curlmulti.h"
#include "jobqueue.h"
#include "jobs/jobrunner.h"
#include "models/format.h"
#include "transfer.h"

#include <QDir>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTimer>
#include <QtConcurrent>

struct DownloadEngine::Run {
    TaskId id;
    QUrl url;
    QString directory;
    std::shared_ptr<TransferControl> control = std::make_shared<TransferControl>();
    bool reported =
        false; // the registry already shows this run's end (cancel and pause show at once)
};

DownloadEngine::DownloadEngine(TaskRegistry *tasks, QObject *parent)
    : QObject(parent), m_tasks(tasks), m_http(new CurlMulti(this)),
      m_jobRunner(new JobRunner(this)), m_jobQueue(new JobQueue(tasks, m_jobRunner, this))
{
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setInterval(0);
    connect(&m_pumpTimer, &QTimer::timeout, this, &DownloadEngine::pump);
    connect(m_jobQueue, &JobQueue::taskFinished, this, &DownloadEngine::taskFinished);
    connect(m_jobQueue, &JobQueue::idle, this, &DownloadEngine::schedule);
    connect(m_jobQueue, &JobQueue::drained, this, &DownloadEngine::checkStopped);
    m_ioPool.setMaxThreadCount(4);
    m_ioPool.setObjectName(QStringLiteral("fetchdeck-io"));
    m_defaultDirectory = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (m_defaultDirectory.isEmpty())
        m_defaultDirectory = QDir::homePath();
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
    schedule();
}

void DownloadEngine::setDefaultDirectory(const QString &dir)
{
    m_defaultDirectory = dir;
}

void DownloadEngine::setStallTimeout(int seconds)
{
    m_stallTimeoutMs = qMax(1, seconds) * 1000;
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
        m_queue.enqueue(id);
    schedule();
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
        m_queue.enqueue(id);
    schedule();
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

void DownloadEngine::resumeRestored()
{
    QSet<QString> folders{m_defaultDirectory};
    for (TaskId id : m_tasks->ids()) {
        const Task &t = *m_tasks->task(id);
        folders.insert(t.directory);
        if (!t.fileName.isEmpty() && t.state != TaskState::Completed &&
            t.state != TaskState::Canceled && t.kind == TaskKind::Download)
            m_names.claim(t.id, t.directory, t.fileName); // held for the task's whole life
        if (t.state == TaskState::Queued && t.kind == TaskKind::Download)
            m_queue.enqueue(t.id);
        else if (t.state == TaskState::Queued)
            m_jobQueue->enqueue(t.id);
    }
    schedule();
    // Listing folders is disk I/O: done on the pool. Which files are claimed is decided when the
    // list is back, against the names held then: transfers started meanwhile hold theirs before
    // their .part exists. Idle waits for the report.
    m_scanning = true;
    const QList<QString> dirs(folders.cbegin(), folders.cend());
    QtConcurrent::run(&m_ioPool, [dirs] {
        QList<std::pair<QString, QString>> parts; // folder, name without .part
        for (const QString &dir : dirs) {
            for (const QString &name :
                 QDir(dir).entryList({QStringLiteral("*.part")}, QDir::Files | QDir::Hidden))
                parts.append({dir, name.chopped(5)});
        }
        return parts;
    }).then(this, [this](const QList<std::pair<QString, QString>> &parts) {
        QStringList orphans;
        for (const auto &[dir, name] : parts) {
            if (!m_names.isHeld(dir, name))
                orphans.append(QDir(dir).filePath(name + QStringLiteral(".part")));
        }
        m_scanning = false;
        if (!orphans.isEmpty())
            Q_EMIT orphanedPartFiles(orphans);
        schedule();
    });
}

bool DownloadEngine::hasWork() const
{
    return m_active > 0 || m_scanning || m_jobQueue->hasWork() ||
           m_tasks->countIn(TaskState::Queued) > 0 || m_tasks->countIn(TaskState::Running) > 0;
}

void DownloadEngine::enqueue(TaskId id)
{
    m_queue.enqueue(id);
    schedule();
}

// Stops a running transfer (TransferControl::Stop given as int to keep transfer.h private).
void DownloadEngine::stopRun(TaskId id, int how)
{
    if (auto run = m_runs.value(id)) {
        run->reported = true;
        m_runs.remove(id);
        run->control->requestStop(static_cast<TransferControl::Stop>(how));
    }
    if (m_retryTickets.remove(id)) // a pending retry timer no longer applies
        m_tasks->setRetry(id, {}, 0, 0);
}

void DownloadEngine::cancel(TaskId id)
{
    if (isJob(id)) {
        m_jobQueue->cancel(id);
        return;
    }
    const Task *t = m_tasks->task(id);
    if (!t || !(t->isActive() || t->state == TaskState::Paused))
        return;
    const bool running = m_runs.contains(id);
    stopRun(id, int(TransferControl::Stop::Cancel));
    if (!running) { // paused, or waiting to retry: no transfer is there to delete its partial file
        deletePartialFile(*t);
        m_names.release(id);
    }
    m_tasks->setState(id, TaskState::Canceled);
    m_tasks->appendLog(id, tr("Canceled by the user"));
    Q_EMIT taskFinished(id, TaskState::Canceled);
    schedule();
}

// Off the GUI thread; a file that is not there is fine.
void DownloadEngine::deletePartialFile(const Task &task)
{
    if (task.fileName.isEmpty())
        return;
    const QString part = QDir(task.directory).filePath(task.fileName + QStringLiteral(".part"));
    (void)QtConcurrent::run(&m_ioPool, [part] { QFile::remove(part); });
}

void DownloadEngine::pause(TaskId id)
{
    const Task *t = m_tasks->task(id);
    if (!t || !t->isActive() || t->kind != TaskKind::Download)
        return;
    stopRun(id, int(TransferControl::Stop::Pause));
    m_tasks->setState(id, TaskState::Paused);
    m_tasks->appendLog(id, tr("Paused at %1").arg(Format::bytes(t->bytesDone)));
    schedule();
}

void DownloadEngine::resume(TaskId id)
{
    const Task *t = m_tasks->task(id);
    if (!t || t->state != TaskState::Paused)
        return;
    m_roundAttempts.remove(id);
    m_tasks->setState(id, TaskState::Queued);
    m_tasks->appendLog(id, tr("Resumed"));
    enqueue(id);
}

void DownloadEngine::retry(TaskId id)
{
    if (isJob(id)) {
        m_jobQueue->retry(id);
        return;
    }
    const Task *t = m_tasks->task(id);
    if (!t || (t->state != TaskState::Failed && t->state != TaskState::Canceled))
        return;
    if (t->state == TaskState::Canceled)
        m_tasks->setFileName(id, {}); // its partial file is gone: choose the name afresh
    m_roundAttempts.remove(id);
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
    for (TaskId id : ids)
        cancel(id);
}

void DownloadEngine::pause(const QList<TaskId> &ids)
{
    for (TaskId id : ids)
        pause(id);
}

void DownloadEngine::resume(const QList<TaskId> &ids)
{
    for (TaskId id : ids)
        resume(id);
}

void DownloadEngine::retry(const QList<TaskId> &ids)
{
    for (TaskId id : ids)
        retry(id);
}

void DownloadEngine::remove(const QList<TaskId> &ids)
{
    for (TaskId id : ids) {
        const Task *t = m_tasks->task(id);
        if (t && t->state == TaskState::Failed)
            deletePartialFile(*t); // kept for a retry that will not come
        cancel(id);
        m_roundAttempts.remove(id);
        if (!m_runs.contains(id))
            m_names.release(id); // a running transfer releases its name when it has ended
    }
    m_tasks->removeTasks(ids);
}

void DownloadEngine::stopAll()
{
    if (m_stopping)
        return; // stopped() comes once, when the last transfer has ended
    m_stopping = true;
    m_jobQueue->stopAll();
    const auto runs = m_runs;
    for (const auto &run : runs)
        run->control->requestStop(TransferControl::Stop::Shutdown);
    QTimer::singleShot(0, this, &DownloadEngine::checkStopped); // never from inside this call
}

bool DownloadEngine::isStopped() const
{
    return m_stopping && m_active == 0 && m_jobQueue->activeCount() == 0;
}

void DownloadEngine::checkStopped()
{
    if (!isStopped() || m_stoppedAnnounced)
        return;
    m_stoppedAnnounced = true;
    Q_EMIT stopped();
}

// Starting is deferred to the event loop so that adding 10,000 URLs returns at once and a
// burst of changes starts tasks once.
void DownloadEngine::schedule()
{
    m_pumpTimer.start(); // one pump for any number of requests before the next turn
}

void DownloadEngine::pump()
{
    while (!m_stopping && m_active < m_maxConcurrent && !m_queue.isEmpty()) {
        const TaskId id = m_queue.dequeue();
        const Task *t = m_tasks->task(id);
        if (!t || t->state != TaskState::Queued || t->retryAt.isValid() || m_runs.contains(id))
            continue;
        if (m_alive.value(id) > 0)
            m_afterDrain.insert(id);
        else
            start(id);
    }
    if (!m_stopping && m_active == 0 && !m_scanning && m_queue.isEmpty() &&
        m_retryTickets.isEmpty() && !m_jobQueue->hasWork())
        Q_EMIT idle();
}

void DownloadEngine::start(TaskId id)
{
    const Task *t = m_tasks->task(id);
    auto run = std::make_shared<Run>();
    run->id = id;
    run->directory = t->directory;
    m_runs.insert(id, run);
    ++m_active;
    ++m_alive[id];
    const int attempt = ++m_roundAttempts[id];
    // Mirrors of the same file are tried in turn, one per attempt.
    const QList<QUrl> urls = QList<QUrl>{t->url} + t->mirrors;
    run->url = urls[(attempt - 1) % urls.size()];
    if (attempt > 1 && urls.size() > 1)
        m_tasks->appendLog(
            id, tr("Trying mirror %1 of %2").arg((attempt - 1) % urls.size() + 1).arg(urls.size()));
    m_tasks->setAttempts(id, t->attempts + 1);
    m_tasks->setState(id, TaskState::Running);
    drive(run);
}

QCoro::Task<> DownloadEngine::drive(std::shared_ptr<Run> run)
{
    const Task *t = m_tasks->task(run->id);
    TransferRequest request;
    request.id = run->id;
    request.url = run->url;
    request.directory = run->directory;
    request.fileName = t->fileName;
    request.requestedName = t->requestedName;
    request.expectedTotal = t->fileName.isEmpty() ? -1 : t->bytesTotal;
    request.checksum = t->checksum;
    request.etag = t->etag;
    request.lastModified = t->lastModified;
    request.stallTimeoutMs = m_stallTimeoutMs;
    request.proxy = m_proxy;
    // The name stays this task's until the file is complete or gone; a name another task holds
    // (a database from before reservations) is chosen afresh.
    if (!request.fileName.isEmpty() && !m_names.claim(run->id, run->directory, request.fileName)) {
        m_tasks->appendLog(
            run->id, tr("Another task uses the name %1: choosing a new one").arg(request.fileName));
        request.fileName.clear();
        m_tasks->setFileName(run->id, {});
    }
    TransferOutcome outcome;
    try {
        TransferContext context;
        context.http = m_http;
        context.ioPool = &m_ioPool;
        context.sink = TaskSink(m_tasks, run->id);
        context.persist = m_persist;
        context.jobs = m_jobRunner;
        const TaskId id = run->id;
        context.reserveName = [this, id](const QString &dir, const QString &wanted) {
            return m_names.reserveUnique(id, dir, wanted);
        };
        auto transfer = runTransfer(request, context, run->control);
        outcome = co_await transfer;
    } catch (const std::exception &e) {
        outcome.state = TaskState::Failed;
        outcome.error.kind = TaskError::Kind::Network;
        outcome.error.message = tr("internal error: %1").arg(QString::fromLocal8Bit(e.what()));
    }
    --m_active;
    if (--m_alive[run->id] <= 0) {
        m_alive.remove(run->id);
        if (m_afterDrain.remove(run->id))
            m_queue.enqueue(run->id);
    }
    finishRun(run, outcome);

    if (m_stopping) {
        checkStopped();
        co_return;
    }
    schedule();
}

void DownloadEngine::finishRun(const std::shared_ptr<Run> &run, const TransferOutcome &outcome)
{
    // A complete file is on disk under its final name; a partial file that is gone leaves
    // nothing to protect: the name is free again.
    if (!m_tasks->task(run->id) || outcome.partDeleted || outcome.fileName.isEmpty() ||
        outcome.state == TaskState::Completed || outcome.state == TaskState::Canceled)
        m_names.release(run->id);
    if (m_tasks->task(run->id) && outcome.partDeleted)
        m_tasks->setFileName(run->id, {});
    else if (m_tasks->task(run->id) && !outcome.fileName.isEmpty() &&
             outcome.state != TaskState::Canceled)
        m_tasks->setFileName(run->id, outcome.fileName);
    if (run->reported || !m_tasks->task(run->id)) {
        if (m_runs.value(run->id) == run)
            m_runs.remove(run->id);
        return;
    }
    run->reported = true;
    m_runs.remove(run->id);
    if (outcome.state == TaskState::Failed && scheduleRetry(run->id, outcome))
        return;
    if (outcome.error.isError())
        m_tasks->appendLog(run->id, tr("Failed: %1").arg(outcome.error.message));
    m_tasks->setState(run->id, outcome.state, outcome.error);
    if (outcome.state == TaskState::Completed || outcome.state == TaskState::Failed ||
        outcome.state == TaskState::Canceled)
        Q_EMIT taskFinished(run->id, outcome.state);
    const Task *t = m_tasks->task(run->id);
    if (outcome.state == TaskState::Completed && t && t->extract)
        m_jobQueue->addExtractTask(t->filePath());
}

bool DownloadEngine::scheduleRetry(TaskId id, const TransferOutcome &outcome)
{
    const int attempts = m_roundAttempts.value(id);
    const RetryPolicy::Class kind = RetryPolicy::classify(outcome.error);
    const Task *t = m_tasks->task(id);
    const int planned = qMax(m_retry.maxAttempts, int(t->mirrors.size()) + 1);
    // A mirror not tried yet gets its turn at once, whatever went wrong with the others
    // (but a full disk stays full whichever server sends the bytes).
    const bool untriedMirror =
        attempts <= t->mirrors.size() && kind != RetryPolicy::Class::NeedsUser;
    if (m_stopping || (!untriedMirror &&
                       (kind != RetryPolicy::Class::Transient || attempts >= m_retry.maxAttempts)))
        return false;
    const qint64 delay =
        untriedMirror ? 0 : m_retry.delayMs(attempts + 1, outcome.retryAfterMs, m_random);
    m_tasks->appendLog(id, tr("Attempt %1 of %2 failed: %3; retrying in %4")
                               .arg(attempts)
                               .arg(planned)
                               .arg(outcome.error.message, Format::duration((delay + 999) / 1000)));
    m_tasks->setState(id, TaskState::Queued, outcome.error);
    m_tasks->setRetry(id, QDateTime::currentDateTime().addMSecs(delay), attempts + 1, planned);
    const quint64 ticket = ++m_lastTicket;
    m_retryTickets.insert(id, ticket);
    QTimer::singleShot(delay, this, [this, id, ticket] {
        if (m_retryTickets.value(id) != ticket)
            return; // canceled, paused or removed meanwhile
        m_retryTickets.remove(id);
        m_tasks->setRetry(id, {}, 0, 0);
        enqueue(id);
    });
    return true;
}
