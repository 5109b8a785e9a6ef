// Job tasks on the job pool.
#include "jobqueue.h"

#include "models/format.h"
#include "services/engine/tasksink.h"
#include "services/engine/workqueue.h"
#include "services/jobs/extractjob.h"
#include "services/jobs/jobrunner.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

JobQueue::JobQueue(TaskRegistry *tasks, JobRunner *runner, QObject *parent)
    : QObject(parent), m_tasks(tasks), m_runner(runner),
      // At most as many jobs Running as the pool has threads: the rest show Queued, truthfully.
      m_queue(new WorkQueue([this] { return m_runner->maxThreads(); },
                            [this](TaskId id, QString *) {
                                return tryStart(id) ? WorkQueue::Start::Started
                                                    : WorkQueue::Start::Stale;
                            },
                            this))
{
    // Jobs start in the list's order too (Move to top...).
    m_queue->setRank([this](TaskId id) {
        const Task *t = m_tasks->task(id);
        return t ? t->position : 0;
    });
    connect(m_queue, &WorkQueue::pumped, this, [this] {
        if (!m_queue->isStopping() && m_queue->active() == 0 && m_queue->isEmpty())
            Q_EMIT idle();
    });
}

JobQueue::~JobQueue()
{
    stopAll();
    if (m_queue->active() > 0) {
        // The engine stops us before; this is the safety net. No timeout: freeing `this` under
        // a suspended coroutine would be a use-after-free, waiting is the safe choice.
        QEventLoop loop;
        connect(this, &JobQueue::drained, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

static Task jobTask(TaskKind kind, const QString &path)
{
    const QFileInfo info(path);
    Task t;
    t.kind = kind;
    t.editExtra().sourcePath = path;
    t.directory = info.absolutePath();
    t.fileName = info.fileName();
    t.url = QUrl::fromLocalFile(info.absoluteFilePath());
    return t;
}

QList<TaskId> JobQueue::addHashTasks(const QStringList &paths, HashAlgo algo)
{
    std::vector<Task> tasks;
    for (const QString &path : paths) {
        Task t = jobTask(TaskKind::Hash, path);
        t.editExtra().checksum = hashAlgoName(algo); // for a Hash task: the algorithm to compute
        tasks.push_back(std::move(t));
    }
    const QList<TaskId> ids = m_tasks->insertTasks(std::move(tasks));
    for (TaskId id : ids)
        m_queue->enqueue(id);
    return ids;
}

TaskId JobQueue::addExtractTask(const QString &archivePath)
{
    std::vector<Task> tasks;
    tasks.push_back(jobTask(TaskKind::Extract, archivePath));
    const TaskId id = m_tasks->insertTasks(std::move(tasks)).constFirst();
    enqueue(id);
    return id;
}

void JobQueue::enqueue(TaskId id)
{
    m_queue->enqueue(id);
}

bool JobQueue::hasWork() const
{
    return m_queue->active() > 0 || !m_queue->isEmpty();
}

int JobQueue::activeCount() const
{
    return m_queue->active();
}

void JobQueue::resort()
{
    m_queue->resort();
}

void JobQueue::cancel(TaskId id)
{
    const Task *t = m_tasks->task(id);
    if (!t || !t->isActive())
        return;
    if (auto control = m_running.take(id))
        control->cancel(); // the worker stops at its next chunk and cleans up
    m_tasks->setState(id, TaskState::Canceled);
    m_tasks->appendLog(id, tr("Canceled by the user"));
    Q_EMIT taskFinished(id, TaskState::Canceled);
}

void JobQueue::retry(TaskId id)
{
    const Task *t = m_tasks->task(id);
    if (!t || (t->state != TaskState::Failed && t->state != TaskState::Canceled))
        return;
    m_tasks->setState(id, TaskState::Queued);
    m_tasks->appendLog(id, tr("Queued again"));
    enqueue(id);
}

void JobQueue::stopAll()
{
    m_queue->stop();
    for (const auto &control : std::as_const(m_running))
        control->cancel();
}

bool JobQueue::tryStart(TaskId id)
{
    const Task *t = m_tasks->task(id);
    if (!t || t->state != TaskState::Queued || m_running.contains(id))
        return false;
    auto control = std::make_shared<JobControl>();
    m_running.insert(id, control);
    m_tasks->beginAttempt(id);
    m_tasks->setState(id, TaskState::Running);
    drive(id, control);
    return true;
}

QCoro::Task<> JobQueue::drive(TaskId id, std::shared_ptr<JobControl> control)
{
    const Task *t = m_tasks->task(id);
    const TaskKind kind = t->kind;
    const QString source = t->extra().sourcePath;
    const QString algoName = t->extra().checksum; // `t` may move once we await: copy what we need
    const std::optional<HashAlgo> algo = parseHashAlgo(algoName);
    const TaskSink report(m_tasks, id);
    auto progress = [report](qint64 done, qint64 total) { report.progress(done, total); };
    QString folder;
    JobRunner::JobFn job;
    if (kind == TaskKind::Hash) {
        const HashAlgo a = algo.value_or(HashAlgo::Sha256);
        report.log(tr("Computing the %1 digest of %2").arg(hashAlgoName(a), source));
        job = [source, a](JobContext &context) { return HashJob::hashFile(source, a, context); };
    } else {
        folder = ExtractJob::extractionFolderFor(source);
        report.log(tr("Extracting %1").arg(source));
        job = [source, folder](JobContext &context) {
            return ExtractJob::extractArchive(source, folder, context);
        };
    }
    auto run = m_runner->run(job, control, progress);
    const JobResult result = co_await run;
    m_queue->finished(); // the slot is free; the queue pumps again

    const bool current = m_running.value(id) == control;
    if (current)
        m_running.remove(id);
    if (current && m_tasks->task(id)) {
        if (m_queue->isStopping() && result.canceled) {
            m_tasks->setState(id, TaskState::Queued); // shutdown: run again next time
        } else if (result.ok) {
            m_tasks->setResult(id, result.output);
            m_tasks->appendLog(id, kind == TaskKind::Hash
                                       ? tr("%1: %2").arg(algoName, result.output)
                                       : tr("Extracted into %1").arg(result.output));
            m_tasks->setState(id, TaskState::Completed);
            Q_EMIT taskFinished(id, TaskState::Completed);
        } else {
            TaskError e;
            e.kind = TaskError::Kind::Job;
            e.message = result.canceled ? tr("canceled") : result.error;
            e.detail = source;
            m_tasks->appendLog(id, tr("Failed: %1").arg(e.message));
            m_tasks->setState(id, TaskState::Failed, e);
            Q_EMIT taskFinished(id, TaskState::Failed);
        }
    }
    if (m_queue->isStopping() && m_queue->active() == 0)
        Q_EMIT drained();
}
