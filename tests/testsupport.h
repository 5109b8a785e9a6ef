// Shared helpers for the engine and app suites: hashing files, waiting for task states.
#pragma once

#include "models/taskmodel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTest>

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

// Files in a folder, sorted, for "nothing else was written" checks.
inline QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

#define WAIT_FOR_STATE(model, id, wanted, timeoutMs)                                               \
    QTRY_COMPARE_WITH_TIMEOUT(int(stateOf((model), (id))), int(wanted), (timeoutMs))
