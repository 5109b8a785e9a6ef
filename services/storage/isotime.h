// QDateTime::toString(Qt::ISODateWithMs) without Qt's formatting machinery, which (through
// QString::asprintf) was almost a quarter of the store thread's time with 100,000 tasks.
#pragma once

class QDateTime;

namespace IsoTime {
constexpr int MaxBytes = 32;
// Writes `when` as QDateTime::toString(Qt::ISODateWithMs) does, "2026-11-28T19:05:51.766" (a
// local time) or "2026-11-28T19:05:51.766Z" (UTC), into `out`, and returns its length; or -1
// where only QDateTime can say it (an invalid time, an offset or a time zone of its own, a
// year outside 0-9999).
int format(const QDateTime &when, char (&out)[MaxBytes]);
} // namespace IsoTime
