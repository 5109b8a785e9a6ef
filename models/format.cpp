// Human-readable sizes, speeds and durations.
#include "format.h"

#include <QCoreApplication>
#include <QLocale>

namespace Format {

QString bytes(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("—");
    return QLocale().formattedDataSize(bytes, 1);
}

QString speed(double bytesPerSec)
{
    if (bytesPerSec < 1.0)
        return {};
    return QCoreApplication::translate("Format", "%1/s")
        .arg(QLocale().formattedDataSize(static_cast<qint64>(bytesPerSec), 1));
}

QString duration(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("—");
    if (seconds < 60)
        return QCoreApplication::translate("Format", "%1 s").arg(seconds);
    if (seconds < 3600)
        return QCoreApplication::translate("Format", "%1 min %2 s")
            .arg(seconds / 60)
            .arg(seconds % 60);
    return QCoreApplication::translate("Format", "%1 h %2 min")
        .arg(seconds / 3600)
        .arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace Format
