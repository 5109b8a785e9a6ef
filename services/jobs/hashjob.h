// File checksums: the algorithms Fetchdeck verifies, "ALGO=HEX" parsing (aria2's checksum
// syntax), and blocking hash/verify jobs meant for JobRunner.
#pragma once

#include "jobcontext.h"

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <optional>

enum class HashAlgo { Md5, Sha1, Sha256, Sha512 };

// "md5", "sha-1"/"sha1", "sha-256"/"sha256", "sha-512"/"sha512", case-insensitive.
std::optional<HashAlgo> parseHashAlgo(QStringView name);
QString hashAlgoName(HashAlgo algo); // "md5", "sha-1", "sha-256", "sha-512" (aria2's spelling)
int hashHexLength(HashAlgo algo);    // 32, 40, 64, 128

struct Checksum {
    HashAlgo algo = HashAlgo::Sha256;
    QByteArray hex; // lowercase

    bool operator==(const Checksum &other) const = default;
};

// Parses "sha-256=ab12..." and checks the digest's length and digits for the algorithm.
// On failure returns nothing and sets `error` ("a sha-256 checksum has 64 hex digits, not 63").
std::optional<Checksum> parseChecksum(QStringView text, QString *error = nullptr);

namespace HashJob {
// "checksum mismatch: expected <hex>, got <hex>": one wording for jobs and downloads.
QString mismatchMessage(const QString &expectedHex, const QString &actualHex);
constexpr qint64 ChunkBytes = 1024 * 1024; // read size; progress and cancel checks per chunk

// Blocking. Output: the lowercase hex digest. Errors: the OS reason ("No such file or
// directory"). Canceled within one chunk.
JobResult hashFile(const QString &path, HashAlgo algo, JobContext &context);
// Blocking. Output: the digest. Error on a different digest, exactly
// "checksum mismatch: expected <hex>, got <hex>" (both lowercase).
JobResult verifyFile(const QString &path, HashAlgo algo, const QByteArray &expectedHex,
                     JobContext &context);
} // namespace HashJob
