// A 1 MiB tmpfs mounted at a folder for the tests of a full disk; root only (they skip without).
#pragma once

#include <QDir>
#include <QFile>
#include <QString>
#include <sys/mount.h>
#include <unistd.h>

class SmallDisk {
public:
    explicit SmallDisk(const QString &path) : m_path(QFile::encodeName(path))
    {
        m_mounted = QDir().mkpath(path) && ::geteuid() == 0 &&
                    ::mount("tmpfs", m_path.constData(), "tmpfs", 0, "size=1m") == 0;
    }
    ~SmallDisk()
    {
        if (m_mounted)
            ::umount(m_path.constData());
    }
    SmallDisk(const SmallDisk &) = delete;
    SmallDisk &operator=(const SmallDisk &) = delete;

    bool isMounted() const { return m_mounted; }

private:
    QByteArray m_path;
    bool m_mounted = false;
};
