// One libFuzzer entry point per parser (the build picks one with FUZZ_TARGET_<name>). Besides
// "no crash, no sanitizer report, no hang", each checks what its parser promises; a broken
// promise aborts, and libFuzzer saves the input.
#include "services/http/httpheaders.h"
#include "services/http/responsedecision.h"
#include "services/jobs/ariainput.h"
#include "services/jobs/hashjob.h"
#include "services/storage/filenames.h"
#include "services/urls.h"

#include <QCryptographicHash> // an oracle for digest lengths, independent of libcrypto
#include <QDateTime>
#include <QTimeZone>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

[[noreturn]] void broken(const char *promise)
{
    std::fprintf(stderr, "broken promise: %s\n", promise);
    std::abort();
}

// What every name that reaches the disk must be.
void checkSafeName(const QString &name)
{
    if (name.isEmpty())
        return;
    if (name.contains(QLatin1Char('/')) || name.contains(QChar(0)))
        broken("a file name without separators or NUL");
    if (name == QLatin1String(".") || name == QLatin1String("..") ||
        name.startsWith(QLatin1Char('.')) || name.startsWith(QLatin1Char('-')))
        broken("no hidden, dot or dash name");
    if (name.toUtf8().size() > 255)
        broken("at most 255 bytes");
}

qint64 number(const QByteArray &bytes, int at)
{
    qint64 v = 0;
    for (int i = 0; i < 4 && at + i < bytes.size(); ++i)
        v = (v << 8) | quint8(bytes[at + i]);
    return v - 1; // -1 is a meaningful value ("unknown")
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
#if defined(FUZZ_TARGET_contentdisposition)
    checkSafeName(FileNames::sanitize(HttpHeaders::fileNameFromContentDisposition(bytes)));
#elif defined(FUZZ_TARGET_contentrange)
    if (const auto r = HttpHeaders::parseContentRange(bytes)) {
        if (r->first >= 0 && (r->last < r->first || (r->total >= 0 && r->last >= r->total)))
            broken("a range inside its total, first <= last");
        if (r->first < 0 && r->total < 0)
            broken("'bytes */N' has a total");
    }
#elif defined(FUZZ_TARGET_retryafter)
    const QDateTime now(QDate(2026, 11, 27), QTime(12, 0), QTimeZone::utc());
    if (const auto ms = HttpHeaders::parseRetryAfterMs(bytes, now); ms && *ms < 0)
        broken("Retry-After is never negative");
#elif defined(FUZZ_TARGET_responsedecision)
    ResponseFacts f;
    f.status = int(number(bytes, 0) % 1000);
    f.contentLength = number(bytes, 4);
    f.offset = qMax<qint64>(0, number(bytes, 8));
    f.expectedTotal = number(bytes, 12);
    f.contentRange = HttpHeaders::parseContentRange(bytes.mid(16));
    const ResponseDecision d = decideResponse(f);
    using A = ResponseDecision::Action;
    if (d.action == A::Write) {
        if (d.done != 0 && d.done != f.offset)
            broken("a body is written at the start or where our bytes end");
        if (d.done > 0 && !d.discardHeld && f.status != 206)
            broken("only a 206 continues a file");
        if (d.total >= 0 && d.done > d.total)
            broken("never more bytes held than the file has");
    }
    if (d.action == A::Complete &&
        !(d.total == f.offset && (f.expectedTotal < 0 || f.expectedTotal == f.offset)))
        broken("complete only when we hold the whole file, of the size announced before");
#elif defined(FUZZ_TARGET_sanitize)
    checkSafeName(FileNames::sanitize(QString::fromUtf8(bytes)));
#elif defined(FUZZ_TARGET_ariainput)
    const AriaInput input = AriaInputParser::parse(QString::fromUtf8(bytes));
    for (const InputEntry &e : input.entries) {
        if (e.mirrors.isEmpty())
            broken("an entry has at least one URL");
        for (const QUrl &url : e.mirrors)
            if (!Urls::isDownloadable(url))
                broken("only downloadable URLs");
    }
#elif defined(FUZZ_TARGET_checksum)
    if (const auto c = parseChecksum(QString::fromUtf8(bytes))) {
        const int bytesOfDigest = QCryptographicHash::hashLength(
            c->algo == HashAlgo::Md5      ? QCryptographicHash::Md5
            : c->algo == HashAlgo::Sha1   ? QCryptographicHash::Sha1
            : c->algo == HashAlgo::Sha256 ? QCryptographicHash::Sha256
                                          : QCryptographicHash::Sha512);
        if (c->hex.size() != 2 * bytesOfDigest)
            broken("a digest of the algorithm's length");
    }
#elif defined(FUZZ_TARGET_urls)
    const QUrl url = Urls::parse(QString::fromUtf8(bytes));
    if (url.isValid() && !Urls::isDownloadable(url))
        broken("a parsed URL is downloadable");
#else
#error "no FUZZ_TARGET_<name> defined"
#endif
    return 0;
}
