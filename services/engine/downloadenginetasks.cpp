// DownloadEngine: bringing stored tasks back at start, taking tasks off the list and putting
// them back (Undo), their order, and giving a task a new URL. Split from downloadengine.cpp,
// which runs the queue.
#include "downloadengine.h"
#include "downloadenginerun.h"
#include "services/engine/retryscheduler.h"
#include "services/engine/taskregistry.h"
#include "services/engine/workqueue.h"
#include "services/http/httpheaders.h"
#include "services/jobs/jobqueue.h"
#include "services/remote/remoteengines.h"
#include "services/storage/filecommitter.h"
#include "services/storage/partfilescan.h"
#include "services/urls.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent>

// A download's own speed limit and connections, as stored with it (restored, or put back).
void DownloadEngine::applyOwnOptions(const Task &t)
{
    if (t.kind != TaskKind::Download)
        return;
    if (t.ownLimitRate > 0)
        m_limiter.setTaskRate(t.id, t.ownLimitRate);
    if (t.ownConnections > 0)
        m_taskConnections.insert(t.id, qBound(1, t.ownConnections, MaxConnections));
}

void DownloadEngine::resumeRestored()
{
    QSet<QString> folders{m_defaultDirectory};
    QList<TaskId> canceled; // claim their names last: older versions deleted their .part
    for (TaskId id : m_tasks->ids()) {
        const Task &t = *m_tasks->task(id);
        if (t.isRemote()) // its daemon's; nothing here to claim, scan or start
            continue;
        folders.insert(t.directory);
        applyOwnOptions(t);
        const bool named = !t.fileName.isEmpty() && t.state != TaskState::Completed &&
                           t.kind == TaskKind::Download;
        if (named && t.state == TaskState::Canceled)
            canceled.append(id);
        else if (named)
            m_names.claim(t.id, t.directory, t.fileName); // held for the task's whole life
        if (t.state == TaskState::Queued && t.kind == TaskKind::Download)
            m_queue->enqueue(t.id);
        else if (t.state == TaskState::Queued)
            m_jobQueue->enqueue(t.id);
    }
    for (TaskId id : std::as_const(canceled)) {
        const Task &t = *m_tasks->task(id);
        if (!m_names.claim(id, t.directory, t.fileName))
            forgetPartialFile(id); // another task's file: never this one's to resume or delete
    }
    // Listing folders is disk I/O: done on the pool. Which files are claimed is decided when the
    // list is back, against the names held then: transfers started meanwhile hold theirs before
    // their .part exists. Idle waits for the report.
    m_scanning = true;
    const QList<QString> dirs(folders.cbegin(), folders.cend());
    listPartFiles(&m_ioPool, dirs)
        .then(this, [this, canceled](const QList<std::pair<QString, QString>> &parts) {
            QStringList orphans;
            QSet<std::pair<QString, QString>> present;
            for (const auto &[dir, name] : parts) {
                present.insert({dir, name});
                if (!m_names.isHeld(dir, name))
                    orphans.append(QDir(dir).filePath(name + QStringLiteral(".part")));
            }
            // A task canceled by an older version kept its name but not its .part.
            for (TaskId id : canceled) {
                const Task *t = m_tasks->task(id);
                if (t && t->state == TaskState::Canceled && !t->fileName.isEmpty() &&
                    m_names.holds(id, t->directory, t->fileName) &&
                    !present.contains({t->directory, t->fileName}))
                    forgetPartialFile(id);
            }
            m_scanning = false;
            if (!orphans.isEmpty())
                Q_EMIT orphanedPartFiles(orphans);
            m_queue->schedule(); // idle may be due now
        });
}

// The task has no partial file (any more): no name, no bytes, no map; a retry starts afresh.
void DownloadEngine::forgetPartialFile(TaskId id)
{
    const Task *t = m_tasks->task(id);
    if (!t)
        return;
    if (m_names.holds(id, t->directory, t->fileName))
        m_names.release(id);
    m_tasks->setFileName(id, {});
    m_tasks->setProgress(id, 0, t->bytesTotal);
}

std::vector<Task> DownloadEngine::remove(const QList<TaskId> &given, RemoveFiles files)
{
    // A remote row leaves the daemon's list; its files stay on the daemon's machine (nothing
    // here may delete a local file of that path). Undo cannot bring it back: no snapshot.
    QList<TaskId> ids = given;
    if (const QList<TaskId> remote = takeRemote(ids); !remote.isEmpty()) {
        if (m_remote)
            m_remote->remove(remote);
        else
            m_tasks->removeTasks(remote);
    }
    std::vector<Task> removed;
    removed.reserve(size_t(ids.size()));
    struct Doomed {
        QString path;
        qint64 size; // what the task downloaded; -1 when unknown
    };
    QList<Doomed> doomed; // completed files the user asked to delete
    for (TaskId id : ids) {
        const Task *t = m_tasks->task(id);
        if (!t)
            continue;
        Task gone = *t; // as it was before the cancel below
        cancel(id);
        const bool download = t->kind == TaskKind::Download;
        const bool completed = t->state == TaskState::Completed;
        if (download && !completed) {
            // Only a .part whose name this task holds is its own. A transfer still closing
            // deletes its .part when it has ended (finishRun).
            if (!t->fileName.isEmpty() && m_names.holds(id, t->directory, t->fileName))
                deletePartialFile(*t);
            gone.fileName.clear();
            gone.bytesDone = 0;
            gone.segments.clear();
            gone.etag.clear();
            gone.lastModified.clear();
        } else if (download && files == RemoveFiles::AlsoDownloaded && !t->fileName.isEmpty()) {
            // Its size as received when the server never said one.
            doomed.append({t->filePath(), t->bytesTotal >= 0 ? t->bytesTotal : t->bytesDone});
            gone.fileName.clear();
            gone.bytesDone = 0;
            gone.state = TaskState::Canceled;
        }
        removed.push_back(std::move(gone));
        m_limiter.setTaskRate(id, 0);
        m_taskConnections.remove(id);
        m_limiter.forget(id);
        const auto run = m_runs.constFind(id);
        if (run == m_runs.cend() || run->alive == 0) {
            m_names.release(id); // a transfer still closing releases its name when it has ended
            m_runs.remove(id);
        }
    }
    m_tasks->removeTasks(ids);
    if (!doomed.isEmpty()) {
        // Completed names are not reserved: after the user deleted a file, another task may
        // have saved one under the same name. That one is not ours to delete.
        QSet<QString> claimed;
        for (TaskId other : m_tasks->ids())
            if (const Task *t = m_tasks->task(other); t && !t->fileName.isEmpty())
                claimed.insert(t->filePath());
        doomed.removeIf([&claimed](const Doomed &d) { return claimed.contains(d.path); });
        (void)QtConcurrent::run(&m_ioPool, [doomed] {
            for (const Doomed &d : doomed) {
                const QFileInfo file(d.path);
                // A regular file of the size downloaded, with the mark the committer puts on
                // each file it writes where the file system keeps one (a file the user saved in
                // its place, of the same size, is theirs).
                if (file.isFile() && file.size() == d.size &&
                    (FileCommitter::isMarkedComplete(d.path) || !FileCommitter::keepsMarks(d.path)))
                    QFile::remove(d.path);
            }
        });
    }
    return removed;
}

QList<TaskId> DownloadEngine::restore(std::vector<Task> removed,
                                      const QHash<TaskId, TaskRegistry::Place> &places)
{
    std::erase_if(removed, [](const Task &t) { return t.isRemote(); }); // never run here
    std::stable_sort(removed.begin(), removed.end(), [&places](const Task &a, const Task &b) {
        return places.value(a.id).row < places.value(b.id).row;
    });
    QList<TaskId> anchors; // where each goes back, by its place in `removed`
    for (const Task &t : removed)
        anchors.append(places.value(t.id).before);
    for (Task &t : removed) {
        if (t.state == TaskState::Running)
            t.state = TaskState::Queued;
        t.speed = 0;
        t.connections = 0;
        t.retryAt = {};
        t.retryAttempt = t.retryMax = 0;
        if (t.hasExtra()) {
            t.editExtra().connectionDetails.clear();
            t.editExtra().phase.clear();
            t.dropEmptyExtra();
        }
        t.log.append({QDateTime::currentDateTime(), tr("Back on the list (Undo)")});
    }
    const QList<TaskId> ids = m_tasks->reinsertTasks(std::move(removed));
    // Back where they stood: before the task each stood before, in their own order (one new
    // order for all of them: a Remove of every other row put back group by group took a
    // rebuild of the whole list per group).
    QHash<TaskId, QList<TaskId>> tasksBefore;
    for (qsizetype i = 0; i < ids.size(); ++i)
        if (const TaskId anchor = anchors.value(i); anchor != 0)
            tasksBefore[anchor].append(ids[i]);
    if (!tasksBefore.isEmpty())
        placeBefore(tasksBefore);
    for (TaskId id : ids) {
        const Task &t = *m_tasks->task(id);
        applyOwnOptions(t);
        if (t.kind == TaskKind::Download && !t.fileName.isEmpty() &&
            t.state != TaskState::Completed)
            m_names.claim(id, t.directory, t.fileName);
        if (t.state == TaskState::Queued && t.kind == TaskKind::Download)
            enqueue(id);
        else if (t.state == TaskState::Queued)
            m_jobQueue->enqueue(id);
    }
    return ids;
}

bool DownloadEngine::changeUrl(TaskId id, const QUrl &url, QString *why)
{
    const Task *t = m_tasks->task(id);
    if (t && t->isRemote()) {
        if (why)
            *why = tr("a download on a remote engine keeps its URL there; add the new one "
                      "instead");
        return false;
    }
    if (!t || t->kind != TaskKind::Download || t->state == TaskState::Completed) {
        if (why)
            *why = tr("only a download that has not completed can get a new URL");
        return false;
    }
    if (!Urls::isDownloadable(url, why))
        return false;
    if (url == t->url)
        return true;
    const bool checkable =
        !HttpHeaders::ifRangeValidator(t->etag, t->lastModified).isEmpty() && t->bytesTotal > 0;
    if (!checkable && t->state == TaskState::Running) {
        if (why)
            *why = tr("nothing tells whether the new server sends the same file: pause the "
                      "download first (it will start from zero)");
        return false;
    }
    // The browser's cookies were for the old site: the new one never gets them.
    if (!t->extra().cookies.isEmpty() && !Urls::sameOrigin(url, t->url)) {
        m_tasks->setBrowserContext(id, t->extra().referrer, {}, t->extra().userAgent);
        m_tasks->appendLog(id, tr("The browser's cookies stay with %1: not sent to %2")
                                   .arg(Urls::originOf(t->url), Urls::originOf(url)));
    }
    m_tasks->setUrl(id, url);
    // The partial file stays when it can be checked: the next request asks for the rest with
    // If-Range, and a server that sends another file (other validators, another size) makes
    // the download start over. Without a validator or a known size nothing could tell a
    // splice of two files: it starts over now (the Change URL dialog says so).
    m_tasks->appendLog(id, tr("New URL: %1").arg(url.toDisplayString()));
    if (!checkable && !t->fileName.isEmpty() && m_names.holds(id, t->directory, t->fileName)) {
        m_tasks->appendLog(id, tr("Nothing tells whether the new server sends the same file: "
                                  "starting from zero"));
        deletePartialFile(*t);
        forgetPartialFile(id);
    }
    if (t->state == TaskState::Running) {
        restartAttempt(id);
    } else if (t->state == TaskState::Failed || t->state == TaskState::Canceled) {
        retry(id);
    }
    return true;
}

void DownloadEngine::move(const QList<TaskId> &ids, TaskRegistry::Move where)
{
    m_tasks->moveTasks(ids, where);
    m_queue->resort();
    m_jobQueue->resort();
}

void DownloadEngine::place(const QList<TaskId> &ids, TaskId anchor, bool before)
{
    m_tasks->placeTasks(ids, anchor, before);
    m_queue->resort();
    m_jobQueue->resort();
}

void DownloadEngine::placeBefore(const QHash<TaskId, QList<TaskId>> &tasksBefore)
{
    m_tasks->placeBefore(tasksBefore);
    m_queue->resort();
    m_jobQueue->resort();
}

void DownloadEngine::startNow(const QList<TaskId> &given)
{
    QList<TaskId> ids = given;
    for (TaskId id : takeRemote(ids)) { // the daemon decides when; resumed or retried there
        const Task *t = m_tasks->task(id);
        if (t->state == TaskState::Paused)
            resume(id);
        else if (t->state == TaskState::Failed || t->state == TaskState::Canceled)
            retry(id);
    }
    for (TaskId id : std::as_const(ids)) {
        const Task *t = m_tasks->task(id);
        if (!t || t->kind != TaskKind::Download || t->state == TaskState::Running ||
            t->state == TaskState::Completed)
            continue;
        if (t->state == TaskState::Paused)
            resume(id);
        else if (t->state == TaskState::Failed || t->state == TaskState::Canceled)
            retry(id);
        if (m_retries->cancel(id)) // waiting to retry: the retry is now
            m_tasks->setRetry(id, {}, 0, 0);
        if (m_tasks->task(id)->state == TaskState::Queued)
            queueStartNow(id);
    }
}

void DownloadEngine::queueStartNow(TaskId id)
{
    m_startingNow = true; // tryStart() keeps the Start Now for a run still closing
    m_queue->startNow(id);
    m_startingNow = false;
}

void DownloadEngine::restartAttempt(TaskId id)
{
    pause(id);
    startNow(QList<TaskId>{id});
}
