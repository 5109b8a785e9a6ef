#include "descriptortable.h"

#include <QByteArray>
#include <QFile>
#include <algorithm>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace DescriptorTable {

void raiseLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, rlim_t(SoftLimit));
    if (limit.rlim_cur >= wanted)
        return; // never lowered
    limit.rlim_cur = wanted;
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

void reserve(int slots)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t highest = std::min<rlim_t>(rlim_t(slots), limit.rlim_cur);
    if (highest < 2)
        return;
    const int base = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (base < 0)
        return;
    // The lowest free number from the last slot on: never one that is open (an inherited
    // descriptor keeps its number), and the table grows to hold it.
    const int high = ::fcntl(base, F_DUPFD_CLOEXEC, int(highest - 1));
    if (high >= 0)
        ::close(high);
    ::close(base);
}

int size()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("FDSize:")) {
            bool ok = false;
            const int n = line.mid(7).trimmed().toInt(&ok);
            return ok ? n : -1;
        }
    }
    return -1;
}

} // namespace DescriptorTable
