// Helpers of the job suites (tst_jobs, tst_extract, tst_extractdamage): running a job on a
// JobRunner and waiting for it without polling, cancelling at the first progress, test files and
// archives (written with libarchive's writer).
#pragma once

#include "services/jobs/extractjob.h"
#include "services/jobs/jobrunner.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QRandomGenerator>
#include <QTimer>
#include <archive.h>
#include <archive_entry.h>
#include <memory>

namespace JobSupport {

struct Outcome {
    bool done = false;
    JobResult result;
    QElapsedTimer sinceCancel; // started by the test when it cancels
    qint64 msFromCancel = -1;
    QEventLoop *loop = nullptr;
};

// A free function taking everything by value: nothing can dangle across the co_await.
inline QCoro::Task<> collect(JobRunner *runner, JobRunner::JobFn fn,
                             std::shared_ptr<JobControl> control, JobRunner::ProgressFn progress,
                             std::shared_ptr<Outcome> out)
{
    QCoro::Task<JobResult> task =
        runner->run(std::move(fn), std::move(control), std::move(progress));
    JobResult result = co_await task;
    if (out->sinceCancel.isValid())
        out->msFromCancel = out->sinceCancel.elapsed();
    out->result = std::move(result);
    out->done = true;
    if (out->loop)
        out->loop->quit();
}

inline std::shared_ptr<Outcome> start(JobRunner &runner, JobRunner::JobFn fn,
                                      std::shared_ptr<JobControl> control = {},
                                      JobRunner::ProgressFn progress = {})
{
    auto out = std::make_shared<Outcome>();
    collect(&runner, std::move(fn), std::move(control), std::move(progress), out);
    return out;
}

// Cancels at the first progress past zero, from the GUI thread as a click would (no polling).
inline JobRunner::ProgressFn cancelOnProgress(std::shared_ptr<JobControl> control,
                                              std::shared_ptr<Outcome> out)
{
    return [control, out](qint64 done, qint64) {
        if (done > 0 && !out->sinceCancel.isValid()) {
            out->sinceCancel.start();
            control->cancel();
        }
    };
}

// Runs the event loop until the job is done (no polling, so latencies are measured exactly).
inline bool finished(Outcome &out, int timeoutMs = 20000)
{
    if (!out.done) {
        QEventLoop loop;
        out.loop = &loop;
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        out.loop = nullptr;
    }
    return out.done;
}

inline bool writeRandomFile(const QString &path, qint64 size, quint32 seed)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QRandomGenerator random(seed);
    QByteArray chunk(1024 * 1024, Qt::Uninitialized);
    for (qint64 left = size; left > 0; left -= chunk.size()) {
        random.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
        if (f.write(chunk.constData(), qMin<qint64>(left, chunk.size())) < 0)
            return false;
    }
    return true;
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

struct Entry {
    enum Kind { File, Dir, Symlink, Hardlink } kind = File;
    QByteArray name;
    QByteArray data;        // File: contents...
    qint64 zeros = 0;       // ...or this many zero bytes...
    qint64 randomBytes = 0; // ...or this many random bytes
    QByteArray target;      // Symlink, Hardlink
    int perm = -1;          // the entry's mode bits: 0755 for a folder, 0644 otherwise
};

// Writes an archive with libarchive: format is zip, 7z, tar, tar.gz, tar.xz or tar.bz2;
// `options` go to archive_write_set_options() ("zip:compression=store").
inline bool writeArchive(const QString &path, const QString &format, const QList<Entry> &entries,
                         const char *options = nullptr)
{
    archive *a = archive_write_new();
    if (format == QLatin1String("zip"))
        archive_write_set_format_zip(a);
    else if (format == QLatin1String("7z"))
        archive_write_set_format_7zip(a);
    else
        archive_write_set_format_pax_restricted(a);
    if (format.endsWith(QLatin1String(".gz")))
        archive_write_add_filter_gzip(a);
    else if (format.endsWith(QLatin1String(".xz")))
        archive_write_add_filter_xz(a);
    else if (format.endsWith(QLatin1String(".bz2")))
        archive_write_add_filter_bzip2(a);
    bool ok = !options || archive_write_set_options(a, options) == ARCHIVE_OK;
    ok = ok && archive_write_open_filename(a, QFile::encodeName(path).constData()) == ARCHIVE_OK;
    QRandomGenerator random(7);
    QByteArray chunk(1024 * 1024, '\0');
    for (const Entry &e : entries) {
        archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.constData());
        archive_entry_set_perm(entry, e.perm >= 0            ? mode_t(e.perm)
                                      : e.kind == Entry::Dir ? 0755
                                                             : 0644);
        archive_entry_set_filetype(entry, e.kind == Entry::Dir       ? AE_IFDIR
                                          : e.kind == Entry::Symlink ? AE_IFLNK
                                                                     : AE_IFREG);
        if (e.kind == Entry::Symlink)
            archive_entry_set_symlink(entry, e.target.constData());
        if (e.kind == Entry::Hardlink)
            archive_entry_set_hardlink(entry, e.target.constData());
        const qint64 size = e.kind == Entry::File ? e.data.size() + e.zeros + e.randomBytes : 0;
        archive_entry_set_size(entry, size);
        ok = ok && archive_write_header(a, entry) == ARCHIVE_OK;
        if (ok && !e.data.isEmpty())
            ok = archive_write_data(a, e.data.constData(), size_t(e.data.size())) >= 0;
        for (qint64 left = e.zeros + e.randomBytes; ok && left > 0; left -= chunk.size()) {
            if (e.randomBytes)
                random.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
            ok = archive_write_data(a, chunk.constData(),
                                    size_t(qMin<qint64>(left, chunk.size()))) >= 0;
        }
        archive_entry_free(entry);
    }
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    return ok;
}

inline JobRunner::JobFn extractFn(const QString &archive)
{
    return [archive](JobContext &ctx) {
        return ExtractJob::extractArchive(archive, ExtractJob::extractionFolderFor(archive), ctx);
    };
}

} // namespace JobSupport

Q_DECLARE_METATYPE(JobSupport::Entry)
