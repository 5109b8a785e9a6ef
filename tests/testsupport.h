// Shared helpers for the engine and app suites: hashing files, waiting for task states,
// turning automatic retries off, reading a task's log.
#pragma once

#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTest>
#include <utility>
#include <vector>

inline QByteArray sha256OfFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result();
}

template <typename Tasks> // TaskRegistry, or the TaskModel over it
inline TaskState stateOf(const Tasks &tasks, TaskId id)
{
    const Task *t = tasks.task(id);
    return t ? t->state : TaskState::Queued;
}

// A file with exactly `bytes` (a planted .part, a stray file).
inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

// A task as a restart finds it in the database: queued, named `fileName` in `dir`, whose .part
// holds `held` (written here). The caller sets what else it had (size, validators, map), then
// restore()s it.
inline Task partialTask(TaskId id, const QUrl &url, const QString &dir, const QString &fileName,
                        const QByteArray &held)
{
    writeFile(QDir(dir).filePath(fileName + QStringLiteral(".part")), held);
    Task t;
    t.id = id;
    t.url = url;
    t.directory = dir;
    t.fileName = fileName;
    t.state = TaskState::Queued;
    return t;
}

// Puts `t` into `tasks` as a restart does (TaskRegistry::restoreTasks).
template <typename Registry> void restore(Registry &tasks, Task t)
{
    std::vector<Task> restored;
    restored.push_back(std::move(t));
    tasks.restoreTasks(std::move(restored));
}

// Sets an environment variable for one test and puts the old value back.
class ScopedEnv {
public:
    ScopedEnv(const char *name, const QByteArray &value)
        : m_name(name), m_had(qEnvironmentVariableIsSet(name)), m_old(qgetenv(name))
    {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~ScopedEnv()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};

// Adds one download as the engine's callers do (a browser's hand-over, an input file's entry:
// a Task with its extras), returning its id.
inline TaskId addTask(DownloadEngine &engine, const Task &t)
{
    std::vector<Task> one;
    one.push_back(t);
    return engine.addDownloads(std::move(one)).constFirst();
}

// Files in a folder, sorted, for "nothing else was written" checks.
inline QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

#define WAIT_FOR_STATE(model, id, wanted, timeoutMs)                                               \
    QTRY_COMPARE_WITH_TIMEOUT(int(stateOf((model), (id))), int(wanted), (timeoutMs))

// Fast retries so suites stay quick (the backoff arithmetic has its own test).
inline void fastRetries(DownloadEngine &engine, int attempts = 5)
{
    RetryPolicy policy = engine.retryPolicy();
    policy.maxAttempts = attempts;
    policy.baseDelayMs = 50;
    policy.maxDelayMs = 200;
    engine.setRetryPolicy(policy);
}

// Failures must show at once in suites that do not test automatic retries.
inline void noRetries(DownloadEngine &engine)
{
    RetryPolicy policy = engine.retryPolicy();
    policy.maxAttempts = 1;
    engine.setRetryPolicy(policy);
}

inline bool logContains(const Task *t, const QString &text)
{
    for (const TaskLogEntry &e : t->log)
        if (e.text.contains(text))
            return true;
    return false;
}
