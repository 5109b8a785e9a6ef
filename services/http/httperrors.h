// The user-facing error for a failed HTTP transfer: "HTTP 404 Not Found", "Connection refused",
// "redirect from https to http refused", with the raw detail (URL, curl's words) for the details
// panel. TaskError::networkError holds the CURLcode.
#pragma once

#include "models/task.h"

class CurlTransfer;

// An HTTP status of 300 and up, or a transport failure; no error for a 2xx that completed.
TaskError errorFromTransfer(const CurlTransfer &transfer);
TaskError makeTaskError(TaskError::Kind kind, const QString &message, const QString &detail);
// Whether a transport failure (a CURLcode) is worth retrying: drops, timeouts, refusals.
bool isTransientNetworkError(int curlCode);
// The TLS handshake or the server's certificate failed (not the network, not the server).
bool isTlsFailure(int curlCode);
// The connection closed before the announced length arrived (a short body).
bool isClosedEarly(int curlCode);
// The CURLcode the engine records for a stall it detected itself.
int stallErrorCode();
