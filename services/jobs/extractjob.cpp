// Archive extraction with libarchive. Every entry is checked here before libarchive writes it
// (clear errors, nothing outside the folder); libarchive's SECURE flags are the second line.
#include "extractjob.h"

#include "unpackingfolder.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QStorageInfo>
#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <climits>
#include <deque>
#include <memory>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ExtractJob", text);
}

struct ReadFree {
    void operator()(archive *a) const { archive_read_free(a); }
};
struct WriteFree {
    void operator()(archive *a) const { archive_write_free(a); } // closes: applies dir fixups
};

QString archiveError(archive *a)
{
    const char *text = archive_error_string(a);
    return text ? QString::fromLocal8Bit(text) : tr("unknown archive error");
}

// The disk writer's error, with the system's reason when libarchive's text leaves it out ("Write
// failed" from a full disk).
QString writeError(archive *out)
{
    const QString text = archiveError(out);
    const int code = archive_errno(out);
    if (code <= 0)
        return text;
    const QString reason = qt_error_string(code);
    return text.contains(reason) ? text : tr("%1: %2").arg(text, reason);
}

QString refused(const QString &entryName)
{
    return tr("refused unsafe entry: %1").arg(entryName);
}

// Absolute, or with a ".." component (a backslash counts as a separator here too, as some
// tools treat it so).
bool isUnsafePath(const QByteArray &name)
{
    if (name.isEmpty() || name.startsWith('/'))
        return true;
    QByteArray normalized = name;
    normalized.replace('\\', '/');
    const QList<QByteArray> parts = normalized.split('/');
    return std::any_of(parts.cbegin(), parts.cend(), [](const QByteArray &p) { return p == ".."; });
}

// The name without "." parts and empty ones ("./a//b" is "a/b"); empty for the folder itself.
QByteArray withoutDots(const QByteArray &name)
{
    QByteArrayList kept;
    for (const QByteArray &part : name.split('/')) {
        if (!part.isEmpty() && part != ".")
            kept.append(part);
    }
    return kept.join('/');
}

// Whether a symlink at `linkPath` (relative to `root`) pointing to `target` stays inside root.
// Links already on disk under root are followed, so chains of links are judged by where they
// really lead; parts that do not exist yet are judged by their names.
bool linkStaysInside(const QByteArray &root, const QByteArray &linkPath, const QByteArray &target)
{
    if (target.isEmpty() || target.startsWith('/'))
        return false;
    QList<QByteArray> parent = linkPath.split('/');
    parent.removeLast();
    std::deque<QByteArray> todo(parent.cbegin(), parent.cend());
    for (const QByteArray &part : target.split('/'))
        todo.push_back(part);
    QByteArrayList stack;
    int hops = 0;
    while (!todo.empty()) {
        const QByteArray part = todo.front();
        todo.pop_front();
        if (part.isEmpty() || part == ".")
            continue;
        if (part == "..") {
            if (stack.isEmpty())
                return false;
            stack.removeLast();
            continue;
        }
        stack.append(part);
        const QByteArray onDisk = root + '/' + stack.join('/');
        struct stat st {};
        if (::lstat(onDisk.constData(), &st) != 0 || !S_ISLNK(st.st_mode))
            continue;
        char buffer[PATH_MAX];
        const ssize_t n = ::readlink(onDisk.constData(), buffer, sizeof buffer);
        if (++hops > 40 || n <= 0 || size_t(n) >= sizeof buffer || buffer[0] == '/')
            return false;
        stack.removeLast();
        const QList<QByteArray> next = QByteArray(buffer, n).split('/');
        for (auto it = next.crbegin(); it != next.crend(); ++it)
            todo.push_front(*it);
    }
    return true;
}

// After extraction: any link leading outside (made possible only by a chain whose parts
// arrived in a tricky order, or a hard link to a symlink). Returns its name, empty if none.
QString firstEscapingLink(const QString &folder, const QByteArray &root)
{
    const QDir dir(folder);
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!it.fileInfo().isSymLink())
            continue;
        const QByteArray native = QFile::encodeName(path);
        char buffer[PATH_MAX];
        const ssize_t n = ::readlink(native.constData(), buffer, sizeof buffer);
        const QByteArray relative = QFile::encodeName(dir.relativeFilePath(path));
        if (n <= 0 || size_t(n) >= sizeof buffer ||
            !linkStaysInside(root, relative, QByteArray(buffer, n)))
            return dir.relativeFilePath(path);
    }
    return {};
}

QString entryDisplayName(archive_entry *entry, const char *raw)
{
    if (const char *utf8 = archive_entry_pathname_utf8(entry))
        return QString::fromUtf8(utf8);
    return QFile::decodeName(raw);
}

} // namespace

namespace ExtractJob {

QString extractionFolderFor(const QString &archivePath)
{
    const QFileInfo info(archivePath);
    QString name = info.fileName();
    static const char *const suffixes[] = {".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst",
                                           ".tgz",    ".txz",    ".tbz2",    ".tbz",
                                           ".zip",    ".7z",     ".tar"};
    bool stripped = false;
    for (const char *suffix : suffixes) {
        const QLatin1String s(suffix);
        if (name.size() > s.size() && name.endsWith(s, Qt::CaseInsensitive)) {
            name.chop(s.size());
            stripped = true;
            break;
        }
    }
    if (!stripped && !info.completeBaseName().isEmpty())
        name = info.completeBaseName();
    return info.absoluteDir().filePath(name);
}

JobResult extractArchive(const QString &archivePath, const QString &destDir, JobContext &context)
{
    const QFileInfo info(archivePath);
    if (!info.exists())
        return JobResult::failure(qt_error_string(ENOENT));
    const qint64 archiveSize = info.size();

    std::unique_ptr<archive, ReadFree> in(archive_read_new());
    archive_read_support_format_all(in.get());
    archive_read_support_filter_all(in.get());
    const QByteArray nativeArchive = QFile::encodeName(info.absoluteFilePath());
    if (archive_read_open_filename(in.get(), nativeArchive.constData(), 64 * 1024) != ARCHIVE_OK)
        return JobResult::failure(archiveError(in.get()));

    UnpackingFolder folder(destDir);
    if (folder.path().isEmpty())
        return JobResult::failure(folder.error());
    // libarchive refuses to write through any symlink on the way, so give it a path without.
    const QByteArray root = QFile::encodeName(QFileInfo(folder.path()).canonicalFilePath());

    // Limits on what is written, counted per data block: header sizes can lie.
    const qint64 ratioLimit = qMax(MinUnpackedBudget, archiveSize * MaxExpansionRatio);
    const QStorageInfo storage(folder.path());
    const qint64 freeBytes = storage.isValid() ? storage.bytesAvailable() : -1;
    const bool diskIsLimit = freeBytes >= 0 && freeBytes < ratioLimit;
    const qint64 limit = diskIsLimit ? freeBytes : ratioLimit;
    const QString limitError =
        diskIsLimit ? tr("stopped: not enough free disk space to unpack the archive (%1 free)")
                          .arg(QLocale().formattedDataSize(freeBytes))
                    : tr("stopped: the archive unpacks to more than %1 times its size "
                         "(a zip bomb?)")
                          .arg(MaxExpansionRatio);

    // Entry paths are made absolute under `root` (libarchive resolves relative ones against the
    // process's working directory, which threads cannot change safely). That rules out
    // ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS; absolute entries are refused above instead.
    // Limits on the number of entries: inodes cost disk whatever their size.
    const qint64 entryRatioLimit = qMax(MinEntryBudget, archiveSize / MinArchiveBytesPerEntry);
    struct statvfs fs {};
    const bool inodesKnown =
        ::statvfs(root.constData(), &fs) == 0 && fs.f_files > 0; // btrfs and others say 0
    const qint64 freeInodes = inodesKnown ? qint64(fs.f_favail) : -1;
    const bool inodesAreLimit = freeInodes >= 0 && freeInodes < entryRatioLimit;
    const qint64 entryLimit = inodesAreLimit ? freeInodes : entryRatioLimit;
    const QString entryLimitError =
        inodesAreLimit
            ? tr("stopped: not enough free inodes on the disk to unpack the archive (%1 free)")
                  .arg(QLocale().toString(freeInodes))
            : tr("stopped: the archive holds more than %1 entries for its size (an inode "
                 "bomb?)")
                  .arg(entryRatioLimit);
    qint64 entries = 0;

    std::unique_ptr<archive, WriteFree> out(archive_write_disk_new());
    archive_write_disk_set_options(out.get(), ARCHIVE_EXTRACT_TIME |
                                                  ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                                  ARCHIVE_EXTRACT_SECURE_SYMLINKS);

    qint64 written = 0;
    context.setProgress(0, archiveSize);
    for (;;) {
        if (context.isCanceled())
            return JobResult::cancellation();
        archive_entry *entry = nullptr;
        int r = archive_read_next_header(in.get(), &entry);
        if (r == ARCHIVE_EOF)
            break;
        // A warning (a name in another character set) is no harm; "retry" is a damaged header
        // libarchive would skip, and with it an entry of the archive.
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
            return JobResult::failure(archiveError(in.get()));

        const char *rawName = archive_entry_pathname(entry);
        if (!rawName)
            rawName = archive_entry_pathname_utf8(entry); // not representable in the locale
        if (!rawName)
            return JobResult::failure(tr("an entry has a name that cannot be read"));
        const QString display = entryDisplayName(entry, rawName);
        if (isUnsafePath(rawName))
            return JobResult::failure(refused(display));
        const mode_t type = archive_entry_filetype(entry);
        // "." is the folder made for the extraction: as anything but a folder it would take the
        // folder's place (a link to a folder of the user's, which a failure's clean-up emptied).
        const QByteArray name = withoutDots(rawName);
        if (name.isEmpty()) {
            if (type == AE_IFDIR && !archive_entry_hardlink(entry))
                continue; // tar -C folder . writes it so
            return JobResult::failure(refused(display));
        }
        const QByteArray full = root + '/' + name;
        if (full.size() >= PATH_MAX)
            return JobResult::failure(tr("%1: %2").arg(display, qt_error_string(ENAMETOOLONG)));

        if (const char *hardlink = archive_entry_hardlink(entry)) {
            const QByteArray linkTarget = withoutDots(hardlink);
            if (isUnsafePath(hardlink) || linkTarget.isEmpty())
                return JobResult::failure(refused(display));
            archive_entry_set_hardlink(entry, (root + '/' + linkTarget).constData());
        } else if (type == AE_IFLNK) {
            const char *target = archive_entry_symlink(entry);
            if (!target)
                target = archive_entry_symlink_utf8(entry);
            if (!target || !linkStaysInside(root, name, QByteArray(target)))
                return JobResult::failure(refused(display));
        } else if (type != AE_IFREG && type != AE_IFDIR) {
            continue; // devices, FIFOs, sockets: never wanted from a download
        }
        // The owner can always read what was unpacked and clear it, and the last check for
        // links leading out sees into every folder (it skips those it cannot read).
        if (type == AE_IFDIR || type == AE_IFREG)
            archive_entry_set_perm(entry,
                                   archive_entry_perm(entry) | (type == AE_IFDIR ? 0700 : 0600));
        if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > limit - written)
            return JobResult::failure(limitError);
        if (++entries > entryLimit)
            return JobResult::failure(entryLimitError);
        archive_entry_set_pathname(entry, full.constData());
        r = archive_write_header(out.get(), entry);
        if (r < ARCHIVE_WARN)
            return JobResult::failure(tr("%1: %2").arg(display, writeError(out.get())));

        for (;;) {
            if (context.isCanceled())
                return JobResult::cancellation();
            const void *block = nullptr;
            size_t size = 0;
            la_int64_t offset = 0;
            // A warning here is damage ("bad CRC", a wrong size) or a failed write (a full
            // disk), after which libarchive fills the file up with zeros: never a success.
            r = archive_read_data_block(in.get(), &block, &size, &offset);
            if (r == ARCHIVE_EOF)
                break;
            if (r != ARCHIVE_OK)
                return JobResult::failure(tr("%1: %2").arg(display, archiveError(in.get())));
            written += qint64(size);
            if (written > limit)
                return JobResult::failure(limitError);
            if (archive_write_data_block(out.get(), block, size, offset) != ARCHIVE_OK)
                return JobResult::failure(tr("%1: %2").arg(display, writeError(out.get())));
            context.setProgress(qMin(archive_filter_bytes(in.get(), -1), archiveSize), archiveSize);
        }
        if (archive_write_finish_entry(out.get()) < ARCHIVE_WARN)
            return JobResult::failure(tr("%1: %2").arg(display, writeError(out.get())));
    }
    if (archive_write_close(out.get()) < ARCHIVE_WARN)
        return JobResult::failure(writeError(out.get()));
    if (const QString escaping = firstEscapingLink(folder.path(), root); !escaping.isEmpty())
        return JobResult::failure(refused(escaping));
    QString error;
    const QString published = folder.publish(&error);
    if (published.isEmpty())
        return JobResult::failure(error);
    context.setProgress(archiveSize, archiveSize);
    return JobResult::success(published);
}

} // namespace ExtractJob
