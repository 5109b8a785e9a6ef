// The contract between a blocking job and whoever runs it: the result value, the cancel
// request, and the context through which a job reports progress and checks for cancel.
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

// What a job ended with. Exactly one of: ok, canceled, or a failure with a user-facing error.
struct JobResult {
    bool ok = false;
    bool canceled = false;
    QString error;  // for the user: "No such file or directory", "checksum mismatch: ..."
    QString output; // on success: a digest, a folder path, ...

    static JobResult success(const QString &output = {});
    static JobResult failure(const QString &error);
    static JobResult cancellation(); // error = "canceled" (translated)
};

// A cancel request for one run, shared by the caller (who cancels) and the job (which checks).
// Thread-safe: cancel() may be called from any thread, any number of times. Use one control
// per run: once canceled it stays canceled, and a run started with it ends at once.
class JobControl {
public:
    void cancel();
    bool isCancelRequested() const { return m_canceled.load(std::memory_order_acquire); }

private:
    friend class JobRunner;
    // Called by cancel(); JobRunner uses it to release a job still waiting for a thread.
    void setCancelHook(std::function<void()> hook);

    std::atomic<bool> m_canceled{false};
    std::mutex m_mutex;
    std::function<void()> m_hook;
};

// Handed to a job by reference while it runs on a worker thread; only that thread uses it.
class JobContext {
public:
    static constexpr int ProgressIntervalMs = 50; // at most ~20 updates per second leave the job

    // A context outside any runner (tests, synchronous callers): cancel only through `control`,
    // progress kept but not delivered anywhere.
    explicit JobContext(std::shared_ptr<JobControl> control = {});
    JobContext(const JobContext &) = delete;
    JobContext &operator=(const JobContext &) = delete;

    // Cheap; call as often as you like, deliveries are throttled.
    void setProgress(qint64 done, qint64 total);
    bool isCanceled() const;
    // A result text; used when the job returns a successful result with an empty output.
    void setOutput(const QString &text) { m_output = text; }
    QString output() const { return m_output; }

    qint64 progressDone() const { return m_done; }
    qint64 progressTotal() const { return m_total; }

private:
    friend class JobRunner;
    std::shared_ptr<JobControl> m_control;
    std::function<bool()> m_stopRequested;         // the runner is shutting down
    std::function<void(qint64, qint64)> m_deliver; // throttled hand-off to the caller's thread
    QElapsedTimer m_sinceDelivery;
    qint64 m_done = -1;
    qint64 m_total = -1;
    QString m_output;
};
