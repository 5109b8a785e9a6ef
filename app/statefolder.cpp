// The state folder's locks.
#include "statefolder.h"

#include <QDeadlineTimer>
#include <QDir>

namespace {
// How long a launch that lost the state folder to another one still starting waits for it to
// take its URLs: a dashboard's start, a keyring's question included (as the browser host).
constexpr int HandOverWaitMs = 20000;
} // namespace

StateFolderLocks::StateFolderLocks(const QString &stateDir)
    : m_stateDir(stateDir), m_dashboard(QDir(stateDir).filePath(QStringLiteral("dashboard.lock"))),
      m_folder(QDir(stateDir).filePath(QStringLiteral("fetchdeck.lock")))
{
    // A crashed owner's lock is stale as soon as its pid is gone.
    m_dashboard.setStaleLockTime(0);
    m_folder.setStaleLockTime(0);
}

StateFolderLocks::Claim StateFolderLocks::claim(bool dashboard, bool mayHandOver,
                                                const std::function<bool()> &handOver, QString *why)
{
    if (dashboard) {
        const QDeadlineTimer deadline(mayHandOver ? HandOverWaitMs : 0);
        while (!m_dashboard.tryLock(mayHandOver ? 100 : 500)) {
            if (m_dashboard.error() != QLockFile::LockFailedError || deadline.hasExpired()) {
                *why = whyNot(m_dashboard);
                return Claim::Refused;
            }
            if (handOver())
                return Claim::HandedOver;
        }
    }
    if (!m_folder.tryLock(500)) {
        *why = whyNot(m_folder);
        return Claim::Refused;
    }
    return Claim::Ours;
}

QString StateFolderLocks::whyNot(QLockFile &held) const
{
    if (held.error() != QLockFile::LockFailedError) {
        // Not another process: a folder we cannot write (read-only, not ours, not a folder).
        return QStringLiteral("cannot write to the state folder %1: %2; use another --state-dir")
            .arg(m_stateDir, held.error() == QLockFile::PermissionError
                                 ? QStringLiteral("permission denied")
                                 : QStringLiteral("it cannot hold files"));
    }
    qint64 pid = 0;
    QString host, app;
    held.getLockInfo(&pid, &host, &app);
    return QStringLiteral("the state folder %1 is in use by another Fetchdeck (pid %2); wait for "
                          "it or use another --state-dir")
        .arg(m_stateDir, QString::number(pid));
}
