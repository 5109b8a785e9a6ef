// Checksum verification of a download.
#include "transferchecksum.h"

#include "services/http/httperrors.h"
#include "services/jobs/hashjob.h"
#include "services/jobs/jobrunner.h"
#include "transfer.h"

#include <QCoreApplication>

// Both digests, one per line, for the details panel to offer for copying (the URL is on a
// row of its own there).
static TaskError mismatchError(const QString &expected, const QString &actual)
{
    TaskError e = makeTaskError(
        TaskError::Kind::Checksum, HashJob::mismatchMessage(expected, actual),
        QCoreApplication::translate("Transfer", "Expected: %1\nActual: %2").arg(expected, actual));
    return e;
}

QCoro::Task<TaskError> verifyDownloadChecksum(QString path, QString checksum, JobRunner *jobs,
                                              TaskSink report,
                                              std::shared_ptr<TransferControl> control,
                                              QByteArray streamedHex)
{
    TaskError failure;
    QString why;
    const std::optional<Checksum> expected = parseChecksum(checksum, &why);
    if (!expected) {
        failure = makeTaskError(TaskError::Kind::Checksum, why, checksum);
        co_return failure;
    }
    const HashAlgo algo = expected->algo;
    const QByteArray hex = expected->hex;
    if (!streamedHex.isEmpty()) { // hashed as it was written: nothing to read again
        if (streamedHex != hex) {
            failure = mismatchError(QString::fromLatin1(hex), QString::fromLatin1(streamedHex));
            report.log(failure.message);
        } else {
            report.log(QCoreApplication::translate(
                           "Transfer", "%1 checksum verified (hashed while downloading)")
                           .arg(hashAlgoName(algo)));
        }
        co_return failure;
    }
    report.phase(
        QCoreApplication::translate("Transfer", "Verifying %1 checksum").arg(hashAlgoName(algo)));
    control->job = std::make_shared<JobControl>();
    auto verify = jobs->run(
        [path, algo, hex](JobContext &context) {
            return HashJob::verifyFile(path, algo, hex, context);
        },
        control->job, [report](qint64 done, qint64 total) { report.progress(done, total); });
    const JobResult result = co_await verify;
    control->job.reset();
    report.phase({});
    if (!result.ok && !result.canceled) {
        // A mismatch: both digests, one per line, for the details panel to offer for copying
        // (the URL is on a row of its own there). Without a digest the file could not be read:
        // the disk failed, not the bytes, which are kept for a retry.
        failure = result.output.isEmpty()
                      ? makeTaskError(TaskError::Kind::Disk,
                                      QCoreApplication::translate(
                                          "Transfer", "cannot read the file to verify it: %1")
                                          .arg(result.error),
                                      path)
                      : mismatchError(QString::fromLatin1(hex), result.output);
        report.log(failure.message);
    } else if (result.ok) {
        report.log(QCoreApplication::translate("Transfer", "%1 checksum verified")
                       .arg(hashAlgoName(algo)));
    }
    co_return failure;
}
