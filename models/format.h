// Human-readable sizes, speeds and durations for the views and the headless output.
#pragma once

#include <QString>

namespace Format {
QString bytes(qint64 bytes);       // "1.5 MiB"; "—" when negative (unknown)
QString speed(double bytesPerSec); // "1.5 MiB/s"; empty when zero
QString duration(qint64 seconds);  // "42 s", "2 min 21 s", "1 h 05 min"; "—" when negative
} // namespace Format
