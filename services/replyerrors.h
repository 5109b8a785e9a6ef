// The user-facing error for a failed reply: "HTTP 404 Not Found", "Connection refused", with
// the raw detail (URL, Qt's error) for the details panel.
#pragma once

#include "models/task.h"

class QNetworkReply;

TaskError errorFromReply(const QNetworkReply *reply);
TaskError makeTaskError(TaskError::Kind kind, const QString &message, const QString &detail);
