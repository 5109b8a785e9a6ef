// The scheduler.
#include "downloadengine.h"

#include "filenames.h"
#include "managerpool.h"
#include "models/taskmodel.h"
#include "transfer.h"

#include <QDir>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTimer>

struct DownloadEngine::Run {
    TaskId id;
    QUrl url;
    QString directory;
    QNetworkAccessManager *manager = nullptr;
    std::shared_ptr<TransferControl> control = std::make_shared<TransferControl>();
    bool reported = false; // the model already shows this run's end (cancel is shown at once)
};

DownloadEngine::DownloadEngine(TaskModel *model, QObject *parent)
    : QObject(parent), m_model(model), m_managers(new ManagerPool(this))
{
    m_ioPool.setMaxThreadCount(4);
    m_ioPool.setObjectName(QStringLiteral("fetchdeck-io"));
    m_defaultDirectory = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (m_defaultDirectory.isEmpty())
        m_defaultDirectory = QDir::homePath();
}

DownloadEngine::~DownloadEngine()
{
    if (m_active > 0) {
        // Shutdown only: let the coroutines clean up before `this` goes away.
        QEventLoop loop;
        connect(this, &DownloadEngine::stopped, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        stopAll();
        if (m_active > 0)
            loop.exec();
    }
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

QList<TaskId> DownloadEngine::addUrls(const QList<QUrl> &urls, const QString &directory)
{
    const QString dir = directory.isEmpty() ? m_defaultDirectory : directory;
    const QList<TaskId> ids = m_model->addTasks(urls, QDir(dir).absolutePath());
    for (TaskId id : ids)
        m_queue.enqueue(id);
    schedule();
    return ids;
}

TaskId DownloadEngine::addUrl(const QUrl &url, const QString &directory)
{
    return addUrls({url}, directory).constFirst();
}

bool DownloadEngine::hasWork() const
{
    return m_active > 0 || m_model->countIn(TaskState::Queued) > 0 ||
           m_model->countIn(TaskState::Running) > 0;
}

void DownloadEngine::cancel(TaskId id)
{
    const Task *t = m_model->task(id);
    if (!t || !t->isActive())
        return;
    if (auto run = m_runs.value(id)) {
        run->reported = true;
        m_runs.remove(id);
        run->control->requestStop(TransferControl::Stop::Cancel);
    }
    m_model->setState(id, TaskState::Canceled);
    m_model->appendLog(id, tr("Canceled by the user"));
    Q_EMIT taskFinished(id, TaskState::Canceled);
    schedule();
}

void DownloadEngine::retry(TaskId id)
{
    const Task *t = m_model->task(id);
    if (!t || (t->state != TaskState::Failed && t->state != TaskState::Canceled))
        return;
    m_model->setProgress(id, 0, -1);
    m_model->setState(id, TaskState::Queued);
    m_model->appendLog(id, tr("Queued again"));
    m_queue.enqueue(id);
    schedule();
}

void DownloadEngine::remove(TaskId id)
{
    cancel(id);
    m_model->removeTasks({id});
}

void DownloadEngine::cancel(const QList<TaskId> &ids)
{
    for (TaskId id : ids)
        cancel(id);
}

void DownloadEngine::retry(const QList<TaskId> &ids)
{
    for (TaskId id : ids)
        retry(id);
}

void DownloadEngine::remove(const QList<TaskId> &ids)
{
    for (TaskId id : ids)
        cancel(id);
    m_model->removeTasks(ids);
}

void DownloadEngine::stopAll()
{
    m_stopping = true;
    const auto runs = m_runs;
    for (const auto &run : runs)
        run->control->requestStop(TransferControl::Stop::Shutdown);
    if (m_active == 0)
        QTimer::singleShot(0, this, &DownloadEngine::stopped);
}

// Starting is deferred to the event loop so that adding 10,000 URLs returns at once and a
// burst of changes starts tasks once.
void DownloadEngine::schedule()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_pumpScheduled = false;
        pump();
    });
}

void DownloadEngine::pump()
{
    while (!m_stopping && m_active < m_maxConcurrent && !m_queue.isEmpty()) {
        const TaskId id = m_queue.dequeue();
        const Task *t = m_model->task(id);
        if (t && t->state == TaskState::Queued && !m_runs.contains(id))
            start(id);
    }
    if (!m_stopping && m_active == 0 && m_queue.isEmpty())
        Q_EMIT idle();
}

void DownloadEngine::start(TaskId id)
{
    const Task *t = m_model->task(id);
    auto run = std::make_shared<Run>();
    run->id = id;
    run->url = t->url;
    run->directory = t->directory;
    m_runs.insert(id, run);
    ++m_active;
    m_model->setAttempts(id, t->attempts + 1);
    m_model->setProgress(id, 0, -1);
    m_model->setState(id, TaskState::Running);
    drive(run);
}

QCoro::Task<> DownloadEngine::drive(std::shared_ptr<Run> run)
{
    run->manager = m_managers->acquire(run->url);
    TransferOutcome outcome;
    QString reservedName;
    try {
        TransferRequest request{run->id, run->url, run->directory, m_stallTimeoutMs};
        TransferContext context;
        context.manager = run->manager;
        context.ioPool = &m_ioPool;
        context.model = m_model;
        context.reserveName = [this, &reservedName](const QString &dir, const QString &wanted) {
            reservedName = reserveName(dir, wanted);
            return reservedName;
        };
        outcome = co_await runTransfer(request, context, run->control);
    } catch (const std::exception &e) {
        outcome.state = TaskState::Failed;
        outcome.error.kind = TaskError::Kind::Network;
        outcome.error.message = tr("internal error: %1").arg(QString::fromLocal8Bit(e.what()));
    }
    m_managers->release(run->manager, run->url);
    if (!reservedName.isEmpty())
        releaseName(run->directory, reservedName);
    --m_active;

    if (!run->reported && m_model->task(run->id)) {
        run->reported = true;
        m_runs.remove(run->id);
        if (outcome.state == TaskState::Completed && !outcome.fileName.isEmpty())
            m_model->setFileName(run->id, outcome.fileName);
        if (outcome.error.isError())
            m_model->appendLog(run->id, tr("Failed: %1").arg(outcome.error.message));
        m_model->setState(run->id, outcome.state, outcome.error);
        if (outcome.state != TaskState::Queued)
            Q_EMIT taskFinished(run->id, outcome.state);
    } else if (m_runs.value(run->id) == run) {
        m_runs.remove(run->id);
    }

    if (m_stopping) {
        if (m_active == 0)
            Q_EMIT stopped();
        co_return;
    }
    schedule();
}

QString DownloadEngine::reserveName(const QString &dir, const QString &wanted)
{
    QSet<QString> &names = m_reserved[dir];
    const QString name = FileNames::unique(dir, wanted, names);
    names.insert(name);
    return name;
}

void DownloadEngine::releaseName(const QString &dir, const QString &name)
{
    auto it = m_reserved.find(dir);
    if (it == m_reserved.end())
        return;
    it->remove(name);
    if (it->isEmpty())
        m_reserved.erase(it);
}
