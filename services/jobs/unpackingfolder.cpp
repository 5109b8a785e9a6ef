// The folder an extraction unpacks into, and how it gets its name.
#include "unpackingfolder.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <cerrno>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ExtractJob", text);
}

// Read-only folders from the archive would stop the removal.
void makeRemovable(const QString &folder)
{
    ::chmod(QFile::encodeName(folder).constData(), 0700);
    const QFileInfoList dirs =
        QDir(folder).entryInfoList(QDir::Dirs | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo &sub : dirs) {
        if (!sub.isSymLink())
            makeRemovable(sub.filePath());
    }
}

// The hidden folder an extraction unpacks into, beside the one it is for: ".<name>.fetchdeck-
// unpacking" (numbered when taken). Only a whole, synced extraction gets the real name.
const QLatin1String UnpackingSuffix(".fetchdeck-unpacking");
// A name is at most 255 bytes: the hidden one keeps the first bytes of a long name, leaving
// room for its dot, its suffix and a number (" (9999)").
constexpr qsizetype MaxNameBytes = 255 - 1 - 20 - 7;

QString unpackingFolderFor(const QString &destDir)
{
    const QFileInfo info(QDir::cleanPath(destDir));
    QString name = info.fileName();
    while (QFile::encodeName(name).size() > MaxNameBytes) {
        name.chop(1);
        if (!name.isEmpty() && name.back().isHighSurrogate())
            name.chop(1); // never half of a character
    }
    return info.absoluteDir().filePath(QLatin1Char('.') + name + UnpackingSuffix);
}

// A folder in use is locked (flock) by the extraction unpacking into it, in whichever process:
// the lock goes with its descriptor, so a killed one's folder is free. An open folder of ours
// with the lock taken, or -1 when another holds it (or it is not a folder of ours).
// The folder locked is the one at `path` once locked: another process may have removed the one
// opened, and named a folder of its own so, in between.
int lockFolder(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat opened {};
    struct stat named {};
    int err = 0;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::fstat(fd, &opened) != 0 ||
        ::lstat(native.constData(), &named) != 0)
        err = errno;
    else if (opened.st_dev != named.st_dev || opened.st_ino != named.st_ino)
        err = ESTALE; // the name leads to another folder now: the caller's message says so
    if (err != 0) {
        ::close(fd);
        errno = err; // close() may have set its own
        return -1;
    }
    return fd;
}

// A folder is made under this name, locked, then given the unpacking name.
const QLatin1String NewFolderPrefix(".fetchdeck-new-");
// Older than this, a folder under that name is one an extraction killed before naming it.
constexpr qint64 NewFolderLeftSecs = 60;

// Removes a folder of ours and everything in it; if `path` is not a folder (never made so by
// us), only that name, never what it leads to.
void removeFolder(const QString &path)
{
    struct stat st {};
    const QByteArray native = QFile::encodeName(path);
    if (::lstat(native.constData(), &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        ::unlink(native.constData());
        return;
    }
    makeRemovable(path);
    QDir(path).removeRecursively(); // does not follow symlinks
}

// What an extraction into `destDir` killed halfway left: its unpacking folders that no running
// extraction holds. Ours by their name; never a folder of the user's.
void removeLeftUnpacking(const QString &destDir)
{
    const QFileInfo unpacking(unpackingFolderFor(destDir));
    const QString prefix = unpacking.fileName();
    const QFileInfoList found = unpacking.absoluteDir().entryInfoList(
        QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QFileInfo &left : found) {
        if (!left.fileName().startsWith(prefix)) // exactly (a name filter is a wildcard)
            continue;
        const QString rest = left.fileName().mid(prefix.size()); // "" or " (n)"
        const bool numbered = rest.startsWith(QLatin1String(" (")) && rest.endsWith(')');
        if ((!rest.isEmpty() && !numbered) || left.isSymLink())
            continue;
        const int lock = lockFolder(left.absoluteFilePath());
        if (lock < 0)
            continue; // in use
        removeFolder(left.absoluteFilePath());
        ::close(lock);
    }
    // Made, but killed before it was named: always empty (a folder with something in it is
    // not one of these, and stays).
    const QDateTime longAgo = QDateTime::currentDateTime().addSecs(-NewFolderLeftSecs);
    const QFileInfoList made = unpacking.absoluteDir().entryInfoList(
        {NewFolderPrefix + QLatin1Char('*')},
        QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QFileInfo &left : made) {
        if (!left.fileName().startsWith(NewFolderPrefix) || left.lastModified() > longAgo)
            continue;
        if (const int lock = lockFolder(left.absoluteFilePath()); lock >= 0) {
            ::rmdir(QFile::encodeName(left.absoluteFilePath()).constData());
            ::close(lock);
        }
    }
}

// The whole extraction on the disk (its files, then its folders' entries) before it is named.
QString syncTree(const QString &folder)
{
    const QByteArray native = QFile::encodeName(folder);
    const int fd = ::open(native.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return qt_error_string(errno);
    const int rc = ::syncfs(fd);
    const int err = errno;
    ::close(fd);
    return rc == 0 ? QString() : qt_error_string(err);
}

// Renames the unpacking folder to `wanted`, or "wanted (1)" and so on: never over a folder
// that is there. Returns the name used, empty on failure (`*error` says why).
QString publish(const QString &unpacking, const QString &wanted, QString *error)
{
    const QByteArray from = QFile::encodeName(unpacking);
    const QFileInfo info(QDir::cleanPath(wanted));
    for (int n = 0; n < 10000; ++n) {
        const QString candidate =
            n == 0 ? info.absoluteFilePath()
                   : QStringLiteral("%1 (%2)").arg(info.absoluteFilePath(), QString::number(n));
        const QByteArray to = QFile::encodeName(candidate);
        if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) ==
            0)
            return candidate;
        if (errno == EEXIST || errno == ENOTEMPTY)
            continue;
        if (errno != EINVAL && errno != ENOSYS) {
            *error = qt_error_string(errno);
            return {};
        }
        // No RENAME_NOREPLACE here: an empty folder made exclusively takes the name, and a
        // folder renamed onto an empty one replaces it.
        if (::mkdir(to.constData(), 0700) != 0) {
            if (errno == EEXIST)
                continue;
            *error = qt_error_string(errno);
            return {};
        }
        if (::rename(from.constData(), to.constData()) == 0)
            return candidate;
        *error = qt_error_string(errno);
        ::rmdir(to.constData());
        return {};
    }
    *error = qt_error_string(EEXIST);
    return {};
}

} // namespace

UnpackingFolder::UnpackingFolder(const QString &destDir) : m_destDir(destDir)
{
    removeLeftUnpacking(destDir);
    // Made under a name of its own and locked before it takes the unpacking name ("name",
    // "name (1)", ...): another process clearing leftovers never finds it unlocked.
    const QFileInfo wanted(unpackingFolderFor(destDir));
    if (!QDir().mkpath(wanted.absolutePath())) {
        m_error = tr("cannot create the folder %1").arg(wanted.absolutePath());
        return;
    }
    QByteArray made;
    for (int tries = 0; made.isEmpty(); ++tries) {
        const QByteArray name = QFile::encodeName(wanted.absolutePath()) + '/' +
                                QFile::encodeName(NewFolderPrefix) +
                                QByteArray::number(QRandomGenerator::system()->generate64(), 16);
        if (::mkdir(name.constData(), 0777) == 0)
            made = name;
        else if (errno != EEXIST || tries == 100) {
            m_error = qt_error_string(errno);
            return;
        }
    }
    m_lock = lockFolder(QFile::decodeName(made));
    if (m_lock < 0) {
        m_error = qt_error_string(errno);
        ::rmdir(made.constData());
        return;
    }
    m_path = ::publish(QFile::decodeName(made), wanted.absoluteFilePath(), &m_error);
    if (m_path.isEmpty()) {
        ::rmdir(made.constData());
        ::close(std::exchange(m_lock, -1));
    }
}

UnpackingFolder::~UnpackingFolder()
{
    if (!m_path.isEmpty() && !m_published)
        removeFolder(m_path);
    if (m_lock >= 0)
        ::close(m_lock);
}

QString UnpackingFolder::publish(QString *error)
{
    if (const QString synced = syncTree(m_path); !synced.isEmpty()) {
        *error = synced;
        return {};
    }
    const QString published = ::publish(m_path, m_destDir, error);
    if (published.isEmpty())
        return {};
    m_published = true;
    // The new name on the disk too.
    const QByteArray parent = QFile::encodeName(QFileInfo(published).absolutePath());
    if (const int fd = ::open(parent.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    return published;
}
