// A running digest over OpenSSL's libcrypto (EVP): md5, sha-1, sha-256 and sha-512 at the
// speed of `openssl dgst` (SHA extensions, AVX2), several times QCryptographicHash's.
#pragma once

#include "hashjob.h"

#include <QByteArray>

struct evp_md_ctx_st;

class Digest {
public:
    explicit Digest(HashAlgo algo);
    ~Digest();
    Digest(const Digest &) = delete;
    Digest &operator=(const Digest &) = delete;

    void add(const char *data, qsizetype size);
    QByteArray hex(); // the digest in lower-case hex; the digest is finished then

    static int length(HashAlgo algo); // bytes

private:
    evp_md_ctx_st *m_ctx;
};
