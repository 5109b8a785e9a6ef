// While one of these lives, no file descriptor is free: RLIMIT_NOFILE is lowered to the lowest
// free one (as when a download manager with many connections open runs out). What the process
// holds stays open; the limit comes back when it goes.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

class NoFreeDescriptor {
public:
    NoFreeDescriptor()
    {
        if (::getrlimit(RLIMIT_NOFILE, &m_old) != 0)
            return;
        const int lowestFree = ::dup(0);
        if (lowestFree < 0)
            return;
        ::close(lowestFree);
        rlimit none = m_old;
        none.rlim_cur = rlim_t(lowestFree);
        m_active = ::setrlimit(RLIMIT_NOFILE, &none) == 0;
    }
    ~NoFreeDescriptor()
    {
        if (m_active)
            ::setrlimit(RLIMIT_NOFILE, &m_old);
    }
    NoFreeDescriptor(const NoFreeDescriptor &) = delete;
    NoFreeDescriptor &operator=(const NoFreeDescriptor &) = delete;
    bool isActive() const { return m_active; } // false: the limit could not be lowered

private:
    rlimit m_old{};
    bool m_active = false;
};
