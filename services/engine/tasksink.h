// What a running download or job may change about its own task, and nothing else: the transfer
// and job coroutines report through a sink, never through a registry or a model.
#pragma once

#include "taskregistry.h"

class TaskSink {
public:
    TaskSink() = default;
    TaskSink(TaskRegistry *tasks, TaskId id) : m_tasks(tasks), m_id(id) {}

    TaskId id() const { return m_id; }
    void progress(qint64 done, qint64 total) const { m_tasks->setProgress(m_id, done, total); }
    // The bytes kept on disk after a failure (fewer than received when a write failed).
    void kept(qint64 done) const
    {
        if (const Task *t = m_tasks->task(m_id))
            m_tasks->setProgress(m_id, done, t->bytesTotal);
    }
    void log(const QString &line) const { m_tasks->appendLog(m_id, line); }
    void fileName(const QString &name) const { m_tasks->setFileName(m_id, name); } // "" = none
    // The status of the answer this attempt goes on with (200, 206...).
    void responseStatus(int status) const { m_tasks->setResponseStatus(m_id, status); }
    void validators(const QByteArray &etag, const QByteArray &lastModified) const
    {
        m_tasks->setValidators(m_id, etag, lastModified);
    }
    // The segment map, once its bytes are on disk ("" = the file is written front to back).
    void segments(const QString &map) const { m_tasks->setSegments(m_id, map); }
    void connections(int open) const { m_tasks->setConnections(m_id, open); }
    void connectionDetails(const QStringList &lines) const
    {
        m_tasks->setConnectionDetails(m_id, lines);
    }
    void phase(const QString &phase) const { m_tasks->setPhase(m_id, phase); }

private:
    TaskRegistry *m_tasks = nullptr;
    TaskId m_id = 0;
};
