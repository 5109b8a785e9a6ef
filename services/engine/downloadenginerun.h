// DownloadEngine's record of one attempt, shared by its two source files.
#pragma once

#include "downloadengine.h"
#include "services/http/transfer.h"

struct DownloadEngine::Run {
    TaskId id;
    QUrl url;
    QString host; // whose per-host slot this run holds (its first connection)
    QString directory;
    std::shared_ptr<TransferControl> control = std::make_shared<TransferControl>();
    bool reported =
        false; // the registry already shows this run's end (cancel and pause show at once)
    bool committing = false;    // its slot and host slot were given up for the commit
    qint64 committingBytes = 0; // what it is counted to hold in memory meanwhile
};
