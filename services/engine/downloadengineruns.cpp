// DownloadEngine, the run of a task: starting an attempt, driving its transfer coroutine,
// recording its outcome and scheduling the next attempt when it failed.
#include "downloadengine.h"
#include "downloadenginerun.h"
#include "models/format.h"
#include "models/taskstatus.h"
#include "services/engine/retryscheduler.h"
#include "services/engine/taskregistry.h"
#include "services/engine/workqueue.h"
#include "services/http/transfer.h"
#include "services/jobs/jobqueue.h"

#include <QLocale>

// Called by the work queue for each queued id while a slot is free.
WorkQueue::Start DownloadEngine::tryStart(TaskId id, QString *waitsFor)
{
    const Task *t = m_tasks->task(id);
    if (!t || t->state != TaskState::Queued || t->retryAt.isValid() || isRunning(id) ||
        t->isRemote()) // a remote engine's download never runs here
        return WorkQueue::Start::Stale;
    TaskRun &state = m_runs[id];
    if (state.alive > 0) {
        // The stopped run is still closing its .part: a second writer would append to it.
        state.requeueWhenDrained = true;
        state.startNowWhenDrained = state.startNowWhenDrained || m_startingNow;
        return WorkQueue::Start::Stale;
    }
    // Mirrors of the same file are tried in turn, one per attempt.
    const QList<QUrl> urls = QList<QUrl>{t->url} + t->extra().mirrors;
    const int attempt = state.roundAttempts + 1;
    const QUrl url = urls[(attempt - 1) % urls.size()];
    // The task's first connection counts against its host's cap: beyond it, the task waits.
    if (!m_hosts.tryAcquire(url.host())) {
        *waitsFor = url.host();
        return WorkQueue::Start::Later;
    }
    auto run = std::make_shared<Run>();
    run->id = id;
    run->directory = t->directory;
    run->url = url;
    run->host = url.host();
    state.current = run;
    ++state.alive;
    state.roundAttempts = attempt;
    if (attempt > 1 && urls.size() > 1)
        m_tasks->appendLog(
            id, tr("Trying mirror %1 of %2").arg((attempt - 1) % urls.size() + 1).arg(urls.size()));
    m_tasks->beginAttempt(id);
    m_tasks->setState(id, TaskState::Running);
    drive(run);
    return WorkQueue::Start::Started;
}

void DownloadEngine::maybeIdle()
{
    if (!m_stopping && m_queue->active() == 0 && m_committing == 0 && !m_scanning &&
        m_queue->isEmpty() && m_retries->isEmpty() && !m_jobQueue->hasWork())
        Q_EMIT idle();
}

QCoro::Task<> DownloadEngine::drive(std::shared_ptr<Run> run)
{
    const Task *t = m_tasks->task(run->id);
    TransferRequest request;
    request.id = run->id;
    request.url = run->url;
    request.directory = run->directory;
    request.fileName = t->fileName;
    request.requestedName = t->extra().requestedName;
    request.expectedTotal = t->fileName.isEmpty() ? -1 : t->bytesTotal;
    request.checksum = t->extra().checksum;
    request.etag = t->etag;
    request.lastModified = t->lastModified;
    request.stallTimeoutMs = m_stallTimeoutMs;
    request.proxy = m_proxy;
    request.caFile = m_ca.file();
    request.http2 = m_http2;
    request.slotHost = run->host;
    request.caFile = m_ca.file();
    request.connections = m_taskConnections.value(run->id, m_connections);
    request.minSplitSize = m_minSplitSize;
    request.segments = t->segments;
    request.referrer = t->extra().referrer;
    request.cookies = t->extra().cookies;
    request.userAgent = t->extra().userAgent;
    request.cookieOrigin = t->url;
    for (const QUrl &url : QList<QUrl>{t->url} + t->extra().mirrors)
        if (url != run->url)
            request.mirrors.append(url);
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
        context.committer = &m_committer;
        context.sink = TaskSink(m_tasks, run->id);
        context.persist = m_persist;
        context.jobs = m_jobRunner;
        context.limiter = &m_limiter;
        context.hosts = &m_hosts;
        const TaskId id = run->id;
        context.reserveName = [this, id](const QString &dir, const QString &wanted, int from) {
            return m_names.reserveFrom(id, dir, wanted, from);
        };
        context.nextNameNumber = [this](const QString &dir, const QString &wanted) {
            return m_names.nextNumber(dir, wanted);
        };
        context.networkDone = [this, run](qint64 bytes) {
            const qint64 held = qBound<qint64>(0, bytes, HeldBytesPerCommit);
            if (run->committing || m_committing >= MaxCommitting ||
                m_committingBytes + held > MaxCommittingBytes)
                return;
            run->committing = true;
            run->committingBytes = held;
            ++m_committing;
            m_committingBytes += held;
            m_limiter.forget(run->id); // its share of a speed limit goes to the others
            m_tasks->setConnections(run->id, 0);
            m_hosts.release(run->host);
            m_queue->finished(); // the next download may start while this one syncs
        };
        auto transfer = runTransfer(request, context, run->control);
        outcome = co_await transfer;
    } catch (const std::exception &e) {
        outcome.state = TaskState::Failed;
        outcome.error.kind = TaskError::Kind::Network;
        outcome.error.message = tr("internal error: %1").arg(QString::fromLocal8Bit(e.what()));
    }
    bool requeue = false, startNow = false;
    if (const auto it = m_runs.find(run->id); it != m_runs.end() && --it->alive <= 0) {
        requeue = std::exchange(it->requeueWhenDrained, false);
        startNow = std::exchange(it->startNowWhenDrained, false);
    }
    finishRun(run, outcome);
    // Started now meanwhile (or its attempt started again): it goes on in this slot, before the
    // queue can give it to another.
    if (requeue && startNow)
        queueStartNow(run->id);
    if (run->committing) {
        --m_committing;
        m_committingBytes -= run->committingBytes;
        m_queue->schedule(); // its pump tells idle, after a requeue below
    } else {
        m_queue->finished(); // the slot is free; the queue pumps again
    }
    if (requeue && !startNow)
        m_queue->enqueue(run->id);
    if (m_stopping)
        checkStopped();
}

void DownloadEngine::finishRun(const std::shared_ptr<Run> &run, const TransferOutcome &given)
{
    m_limiter.forget(run->id); // its share goes to the others
    if (!run->committing)
        m_hosts.release(run->host); // its first connection's slot
    m_tasks->setConnections(run->id, 0);
    TransferOutcome outcome = given;
    // Removed while this (already stopped) run was still closing: it may have created or kept
    // a .part after the remove deleted what was there. Remove means it goes.
    const bool abandoned = !m_tasks->task(run->id);
    if (abandoned && outcome.state != TaskState::Completed && !outcome.partDeleted &&
        !outcome.fileName.isEmpty()) {
        deletePartialFile(run->directory, outcome.fileName);
        outcome.partDeleted = true;
    }
    // A complete file is on disk under its final name; a partial file that is gone leaves
    // nothing to protect: the name is free again.
    if (abandoned || outcome.partDeleted || outcome.fileName.isEmpty() ||
        outcome.state == TaskState::Completed)
        m_names.release(run->id);
    if (!abandoned && outcome.partDeleted) {
        m_tasks->setFileName(run->id, {});
        // Its bytes are gone (a wrong checksum): the bar must not read 100%.
        m_tasks->setProgress(run->id, 0, m_tasks->task(run->id)->bytesTotal);
    } else if (!abandoned && !outcome.fileName.isEmpty())
        m_tasks->setFileName(run->id, outcome.fileName);
    const auto state = m_runs.find(run->id);
    if (state != m_runs.end() && state->current == run)
        state->current.reset();
    if (!m_tasks->task(run->id)) {
        if (state != m_runs.end() && state->alive <= 0)
            m_runs.erase(state); // removed meanwhile: nothing left to track
        return;
    }
    if (run->reported) {
        // Canceled or paused (and maybe resumed) while the finished file was being committed:
        // the file is whole and in place, so the task is Completed whatever the click said
        // (else the file would be untracked, or fetched again under another name).
        const Task *t = m_tasks->task(run->id);
        if (outcome.state != TaskState::Completed || !t ||
            (t->state != TaskState::Canceled && t->state != TaskState::Paused &&
             t->state != TaskState::Queued))
            return;
        m_tasks->appendLog(run->id, t->state == TaskState::Canceled
                                        ? tr("Completed before the cancel took effect")
                                        : tr("Completed before the pause took effect"));
    }
    run->reported = true;
    if (outcome.state == TaskState::Failed && scheduleRetry(run->id, outcome))
        return;
    if (outcome.error.isError())
        m_tasks->appendLog(run->id, tr("Failed: %1").arg(outcome.error.message));
    m_tasks->setState(run->id, outcome.state, outcome.error);
    if (outcome.state == TaskState::Completed || outcome.state == TaskState::Failed ||
        outcome.state == TaskState::Canceled)
        Q_EMIT taskFinished(run->id, outcome.state);
    const Task *t = m_tasks->task(run->id);
    if (outcome.state == TaskState::Completed)
        forgetBrowserContext(run->id);
    t = m_tasks->task(run->id);
    if (outcome.state == TaskState::Completed && t && t->extra().extract)
        m_jobQueue->addExtractTask(t->filePath());
}

// A browser's cookies are a session's: kept no longer than the download needs them (also when
// they were never read back: the kept secret goes too).
void DownloadEngine::forgetBrowserContext(TaskId id)
{
    const Task *t = m_tasks->task(id);
    if (t && (t->hasBrowserContext() || t->extra().browserContextKept))
        m_tasks->setBrowserContext(id, {}, {}, {});
}

bool DownloadEngine::scheduleRetry(TaskId id, TransferOutcome &outcome)
{
    const int attempts = m_runs.value(id).roundAttempts;
    const RetryPolicy::Class kind = RetryPolicy::classify(outcome.error);
    const Task *t = m_tasks->task(id);
    const int planned = qMax(m_retry.maxAttempts, int(t->extra().mirrors.size()) + 1);
    // A mirror not tried yet gets its turn at once, whatever went wrong with the others
    // (but a full disk stays full whichever server sends the bytes).
    const bool untriedMirror =
        attempts <= t->extra().mirrors.size() && kind != RetryPolicy::Class::NeedsUser;
    if (m_stopping || (!untriedMirror &&
                       (kind != RetryPolicy::Class::Transient || attempts >= m_retry.maxAttempts)))
        return false;
    // A server that asks for a longer wait than we would keep a task waiting (an hour, a
    // maintenance window) is not asked again before: the task fails and says until when.
    // With mirrors another source may answer at once: the long wait is that server's alone,
    // and the others take their turns after the usual backoff.
    const bool longWait = outcome.retryAfterMs && *outcome.retryAfterMs > m_retry.maxRetryAfterMs;
    if (!untriedMirror && longWait && t->extra().mirrors.isEmpty()) {
        const QDateTime until = QDateTime::currentDateTime().addMSecs(*outcome.retryAfterMs);
        outcome.error.message =
            tr("%1; the server asks to wait until %2: retry then")
                .arg(outcome.error.message, QLocale().toString(until, QLocale::ShortFormat));
        return false;
    }
    const qint64 delay =
        untriedMirror ? 0
                      : m_retry.delayMs(attempts + 1,
                                        longWait ? std::nullopt : outcome.retryAfterMs, m_random);
    m_tasks->appendLog(
        id, TaskStatus::retryPlanned(outcome.error.message, delay, attempts + 1, planned));
    m_tasks->setState(id, TaskState::Queued, outcome.error);
    m_tasks->setRetry(id, QDateTime::currentDateTime().addMSecs(delay), attempts + 1, planned);
    m_retries->schedule(id, delay);
    return true;
}

void DownloadEngine::retryDue(TaskId id)
{
    m_tasks->setRetry(id, {}, 0, 0);
    enqueue(id);
}
