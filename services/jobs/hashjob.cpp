// Hashing and verifying files in bounded chunks, on a worker thread.
#include "hashjob.h"

#include "digest.h"

#include <QCoreApplication>
#include <QFile>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static QString tr(const char *text)
{
    return QCoreApplication::translate("HashJob", text);
}

std::optional<HashAlgo> parseHashAlgo(QStringView name)
{
    const QString n = name.trimmed().toString().toLower();
    if (n == QLatin1String("md5"))
        return HashAlgo::Md5;
    if (n == QLatin1String("sha-1") || n == QLatin1String("sha1"))
        return HashAlgo::Sha1;
    if (n == QLatin1String("sha-256") || n == QLatin1String("sha256"))
        return HashAlgo::Sha256;
    if (n == QLatin1String("sha-512") || n == QLatin1String("sha512"))
        return HashAlgo::Sha512;
    return std::nullopt;
}

QString hashAlgoName(HashAlgo algo)
{
    switch (algo) {
    case HashAlgo::Md5:
        return QStringLiteral("md5");
    case HashAlgo::Sha1:
        return QStringLiteral("sha-1");
    case HashAlgo::Sha256:
        return QStringLiteral("sha-256");
    case HashAlgo::Sha512:
        return QStringLiteral("sha-512");
    }
    return {};
}

int hashHexLength(HashAlgo algo)
{
    return 2 * Digest::length(algo);
}

std::optional<Checksum> parseChecksum(QStringView text, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<Checksum> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq < 0) {
        // A bare digest: its length names the algorithm (32 md5, 40 sha-1, 64 sha-256, ...).
        const QString bare = text.trimmed().toString();
        for (HashAlgo algo : {HashAlgo::Md5, HashAlgo::Sha1, HashAlgo::Sha256, HashAlgo::Sha512})
            if (bare.size() == hashHexLength(algo))
                return parseChecksum(QString(hashAlgoName(algo) + QLatin1Char('=') + bare), error);
        return fail(tr("expected ALGO=HEX or a bare md5, sha-1, sha-256 or sha-512 digest, got "
                       "'%1'")
                        .arg(text.toString()));
    }
    const QStringView name = text.left(eq).trimmed();
    const QString hex = text.mid(eq + 1).trimmed().toString().toLower();
    const std::optional<HashAlgo> algo = parseHashAlgo(name);
    if (!algo)
        return fail(tr("unknown checksum algorithm '%1' (use md5, sha-1, sha-256 or sha-512)")
                        .arg(name.toString()));
    for (const QChar c : hex) {
        const bool isHex = (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                           (c >= QLatin1Char('a') && c <= QLatin1Char('f'));
        if (!isHex)
            return fail(
                tr("the %1 checksum is not hexadecimal: '%2'").arg(hashAlgoName(*algo), hex));
    }
    if (hex.size() != hashHexLength(*algo))
        return fail(tr("a %1 checksum has %2 hex digits, not %3")
                        .arg(hashAlgoName(*algo))
                        .arg(hashHexLength(*algo))
                        .arg(hex.size()));
    return Checksum{*algo, hex.toLatin1()};
}

namespace HashJob {

QString mismatchMessage(const QString &expectedHex, const QString &actualHex)
{
    return tr("checksum mismatch: expected %1, got %2").arg(expectedHex, actualHex);
}

// What a path is when it is not a regular file, in words.
static QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return tr("a folder");
    if (S_ISFIFO(mode))
        return tr("a named pipe");
    if (S_ISSOCK(mode))
        return tr("a socket");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return tr("a device");
    return tr("not a regular file");
}

JobResult hashFile(const QString &path, HashAlgo algo, JobContext &context)
{
    // O_NONBLOCK: opening a named pipe to read would wait for a writer for ever. Only a regular
    // file is hashed; fstat on the descriptor, so the path cannot change in between.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return JobResult::failure(qt_error_string(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const QString what = kindOf(st.st_mode);
        ::close(fd);
        return JobResult::failure(tr("%1 is %2, not a file to hash").arg(path, what));
    }
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return JobResult::failure(file.errorString());
    }
    const qint64 total = file.size();
    Digest hash(algo);
    QByteArray buffer(ChunkBytes, Qt::Uninitialized);
    qint64 done = 0;
    context.setProgress(0, total);
    for (;;) {
        if (context.isCanceled())
            return JobResult::cancellation();
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0)
            return JobResult::failure(file.errorString());
        if (n == 0)
            break;
        hash.add(buffer.constData(), n);
        done += n;
        context.setProgress(done, qMax(total, done));
    }
    return JobResult::success(QString::fromLatin1(hash.hex()));
}

JobResult verifyFile(const QString &path, HashAlgo algo, const QByteArray &expectedHex,
                     JobContext &context)
{
    JobResult result = hashFile(path, algo, context);
    if (!result.ok)
        return result;
    const QString expected = QString::fromLatin1(expectedHex).trimmed().toLower();
    if (result.output != expected) {
        JobResult mismatch = JobResult::failure(mismatchMessage(expected, result.output));
        mismatch.output = result.output; // the actual digest, for the details
        return mismatch;
    }
    return result;
}

} // namespace HashJob
