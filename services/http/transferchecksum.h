// A complete download's checksum, verified on the job pool before the file gets its final
// name: a mismatch never reaches the final name.
#pragma once

#include "models/task.h"
#include "services/engine/tasksink.h"

#include <QCoroTask>
#include <memory>

class JobRunner;
struct TransferControl;

// `path` holds the whole file, closed and synced; `checksum` is "ALGO=HEX". Returns the
// mismatch or the failure to read, no error when it matches or was canceled (the control says).
// `streamedHex`: the file's digest taken while it was written (same algorithm), so it is not
// read again; empty: hash the file on the job pool.
QCoro::Task<TaskError> verifyDownloadChecksum(QString path, QString checksum, JobRunner *jobs,
                                              TaskSink report,
                                              std::shared_ptr<TransferControl> control,
                                              QByteArray streamedHex = {});
