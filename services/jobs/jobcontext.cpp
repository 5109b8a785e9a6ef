// Job results, cancel requests and the progress throttle a job reports through.
#include "jobcontext.h"

#include <QCoreApplication>

JobResult JobResult::success(const QString &output)
{
    JobResult r;
    r.ok = true;
    r.output = output;
    return r;
}

JobResult JobResult::failure(const QString &error)
{
    JobResult r;
    r.error = error;
    return r;
}

JobResult JobResult::cancellation()
{
    JobResult r;
    r.canceled = true;
    r.error = QCoreApplication::translate("JobRunner", "canceled");
    return r;
}

void JobControl::cancel()
{
    m_canceled.store(true, std::memory_order_release);
    std::function<void()> hook;
    {
        const std::lock_guard lock(m_mutex);
        hook = m_hook;
    }
    // Outside the lock: the hook may finish a promise, which must not wait on our mutex.
    if (hook)
        hook();
}

void JobControl::setCancelHook(std::function<void()> hook)
{
    const std::lock_guard lock(m_mutex);
    m_hook = std::move(hook);
}

JobContext::JobContext(std::shared_ptr<JobControl> control) : m_control(std::move(control)) {}

void JobContext::setProgress(qint64 done, qint64 total)
{
    m_done = done;
    m_total = total;
    if (!m_deliver)
        return;
    if (m_sinceDelivery.isValid() && m_sinceDelivery.elapsed() < ProgressIntervalMs)
        return;
    m_sinceDelivery.start();
    m_deliver(done, total);
}

bool JobContext::isCanceled() const
{
    return (m_control && m_control->isCancelRequested()) || (m_stopRequested && m_stopRequested());
}
