// What a task is doing, in words: the one text the State column, the details panel and the
// tray show, so a retrying task never reads "Queued" in one place and "Retrying" in another.
#pragma once

#include "task.h"

namespace TaskStatus {
// "Running", "Verifying checksum", "Failed: HTTP 404 Not Found", "Canceled, 102.5 MiB kept",
// "Retrying in 4 s (attempt 2 of 5): Connection refused" (counting down to `now`).
QString text(const Task &task, const QDateTime &now = QDateTime::currentDateTime());
// The log line written when a retry is planned: the same words as text() at that moment.
QString retryPlanned(const QString &reason, qint64 delayMs, int attempt, int maxAttempts);
} // namespace TaskStatus
