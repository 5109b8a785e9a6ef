// The libcrypto digest.
#include "digest.h"

#include <openssl/evp.h>

static const EVP_MD *md(HashAlgo algo)
{
    switch (algo) {
    case HashAlgo::Md5:
        return EVP_md5();
    case HashAlgo::Sha1:
        return EVP_sha1();
    case HashAlgo::Sha256:
        return EVP_sha256();
    case HashAlgo::Sha512:
        return EVP_sha512();
    }
    return EVP_sha256();
}

Digest::Digest(HashAlgo algo) : m_ctx(EVP_MD_CTX_new())
{
    EVP_DigestInit_ex(m_ctx, md(algo), nullptr);
}

Digest::~Digest()
{
    EVP_MD_CTX_free(m_ctx);
}

void Digest::add(const char *data, qsizetype size)
{
    EVP_DigestUpdate(m_ctx, data, size_t(size));
}

QByteArray Digest::hex()
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_ctx, out, &length);
    return QByteArray(reinterpret_cast<const char *>(out), int(length)).toHex();
}

int Digest::length(HashAlgo algo)
{
    return EVP_MD_get_size(md(algo));
}
