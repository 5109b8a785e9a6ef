// Blocking jobs on a dedicated pool. The worker and the awaiting coroutine share one Run; a
// QPromise<void> (never canceled, so safe to co_await) says the worker is done with it, and
// the result is read from the Run, not from a future that might be canceled.
#include "jobrunner.h"

#include <QCoroFuture>
#include <QFuture>
#include <QPromise>
#include <QThread>
#include <QtConcurrent>
#include <exception>

struct JobRunner::Shared {
    std::atomic<int> active{0};
    std::atomic<int> maxActive{0};
    std::atomic<bool> stopping{false};
};

struct JobRunner::Run {
    // Queued -> Running (a worker took it) or Queued -> Abandoned (canceled while waiting).
    enum Phase { Queued, Running, Abandoned };

    JobFn fn;
    std::shared_ptr<JobControl> control;
    ProgressFn onProgress; // called on the caller's thread only
    std::shared_ptr<Shared> shared;
    std::atomic<int> phase{Queued};
    QPromise<void> done;      // finished exactly once, by whoever moved the phase out of Queued
    JobResult result;         // written before `done` finishes, read after
    QObject *relay = nullptr; // lives on the caller's thread: progress is posted to it

    std::atomic<qint64> latestDone{-1};
    std::atomic<qint64> latestTotal{-1};
    std::atomic<bool> deliveryPending{false};
    qint64 deliveredDone = -1; // caller's thread only
    qint64 deliveredTotal = -1;
};

// Calls onProgress with the latest values if they changed; on the caller's thread.
static void deliverProgress(qint64 done, qint64 total, qint64 &deliveredDone,
                            qint64 &deliveredTotal, const JobRunner::ProgressFn &onProgress)
{
    if (!onProgress || done < 0 || (done == deliveredDone && total == deliveredTotal))
        return;
    deliveredDone = done;
    deliveredTotal = total;
    onProgress(done, total);
}

JobRunner::JobRunner(QObject *parent) : QObject(parent), m_shared(std::make_shared<Shared>())
{
    m_pool.setObjectName(QStringLiteral("JobRunner"));
    m_pool.setMaxThreadCount(QThread::idealThreadCount());
}

JobRunner::~JobRunner()
{
    m_shared->stopping.store(true);
    m_pool.waitForDone();
}

void JobRunner::setMaxThreads(int threads)
{
    m_pool.setMaxThreadCount(qMax(1, threads));
}

int JobRunner::activeJobs() const
{
    return m_shared->active.load();
}

int JobRunner::maxActiveJobs() const
{
    return m_shared->maxActive.load();
}

void JobRunner::resetMaxActiveJobs()
{
    m_shared->maxActive.store(m_shared->active.load());
}

QCoro::Task<JobResult> JobRunner::run(JobFn fn, std::shared_ptr<JobControl> control,
                                      ProgressFn onProgress)
{
    auto run = std::make_shared<Run>();
    run->fn = std::move(fn);
    run->control = std::move(control);
    run->onProgress = std::move(onProgress);
    run->shared = m_shared;
    run->relay = new QObject; // deleted by awaitRun() once no worker can post to it
    run->done.start();

    if (run->control && run->control->isCancelRequested()) {
        run->phase.store(Run::Abandoned);
        run->result = JobResult::cancellation();
        run->done.finish();
    } else {
        if (run->control) {
            // A job still waiting for a thread is released at once; the worker skips it later.
            run->control->setCancelHook([weak = std::weak_ptr<Run>(run)] {
                const std::shared_ptr<Run> r = weak.lock();
                int expected = Run::Queued;
                if (r && r->phase.compare_exchange_strong(expected, Run::Abandoned)) {
                    r->result = JobResult::cancellation();
                    r->done.finish();
                }
            });
        }
        (void)QtConcurrent::run(&m_pool, [run] { work(run); });
    }
    // Everything after this point lives in the Run, not in the runner (which may go away).
    return awaitRun(std::move(run));
}

QCoro::Task<JobResult> JobRunner::awaitRun(std::shared_ptr<Run> run)
{
    QFuture<void> finished = run->done.future();
    co_await finished;
    if (run->control)
        run->control->setCancelHook({});
    delete std::exchange(run->relay, nullptr); // drops progress events still queued
    deliverProgress(run->latestDone.load(), run->latestTotal.load(), run->deliveredDone,
                    run->deliveredTotal, run->onProgress);
    co_return std::move(run->result); // read by nobody after this
}

void JobRunner::work(const std::shared_ptr<Run> &run)
{
    int expected = Run::Queued;
    if (!run->phase.compare_exchange_strong(expected, Run::Running))
        return; // canceled while queued: the awaiting side has its result already

    // Reports completion on every way out, exceptions included. Declared first, runs last.
    struct Completion {
        Run &run;
        ~Completion()
        {
            run.fn = nullptr; // free what the job captured here, not on the caller's thread
            run.done.finish();
        }
    } completion{*run};

    Shared &shared = *run->shared;
    if (shared.stopping.load() || (run->control && run->control->isCancelRequested())) {
        run->result = JobResult::cancellation();
        return;
    }

    struct Active {
        Shared &shared;
        explicit Active(Shared &s) : shared(s)
        {
            const int now = ++shared.active;
            int seen = shared.maxActive.load();
            while (now > seen && !shared.maxActive.compare_exchange_weak(seen, now)) {
            }
        }
        ~Active() { --shared.active; }
    } active(shared);

    JobContext context(run->control);
    context.m_stopRequested = [s = run->shared] { return s->stopping.load(); };
    if (run->onProgress) {
        context.m_deliver = [run](qint64 done, qint64 total) {
            run->latestDone.store(done);
            run->latestTotal.store(total);
            if (run->deliveryPending.exchange(true))
                return; // the caller's thread has not picked up the previous values yet
            QMetaObject::invokeMethod(
                run->relay,
                [run] {
                    run->deliveryPending.store(false);
                    deliverProgress(run->latestDone.load(), run->latestTotal.load(),
                                    run->deliveredDone, run->deliveredTotal, run->onProgress);
                },
                Qt::QueuedConnection);
        };
    }

    JobResult result;
    try {
        result = run->fn(context);
    } catch (const std::exception &e) {
        result = JobResult::failure(QString::fromLocal8Bit(e.what()));
    } catch (...) {
        result = JobResult::failure(tr("the job failed with an unknown exception"));
    }
    if (!result.ok && !result.canceled && context.isCanceled())
        result = JobResult::cancellation();
    if (result.ok && result.output.isEmpty())
        result.output = context.output();
    run->latestDone.store(context.progressDone());
    run->latestTotal.store(context.progressTotal());
    run->result = std::move(result);
}
