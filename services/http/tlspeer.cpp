// The verify callback: reads the certificates OpenSSL checks, returns OpenSSL's own verdict.
#include "tlspeer.h"

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unordered_map>
#include <utility>

namespace {

// Live peers by number: what an SSL_CTX holds is a number, looked up here.
std::unordered_map<quintptr, TlsPeer *> &livePeers()
{
    static std::unordered_map<quintptr, TlsPeer *> peers;
    return peers;
}
quintptr nextPeerNumber = 1;

int peerIndex()
{
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

QString nameText(const X509_NAME *name)
{
    if (!name)
        return {};
    BIO *bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QString text = QString::fromUtf8(data, int(size));
    BIO_free(bio);
    return text;
}

QString commonName(const X509_NAME *name)
{
    const int at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (at < 0)
        return {};
    const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0)
        return {};
    QString text = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return text;
}

QDateTime timeOf(const ASN1_TIME *time)
{
    struct tm tm {};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                     QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), Qt::UTC);
}

QStringList altNames(X509 *cert)
{
    QStringList names;
    auto *list = static_cast<GENERAL_NAMES *>(
        X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (!list)
        return names;
    for (int i = 0; i < sk_GENERAL_NAME_num(list); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(list, i);
        if (name->type == GEN_DNS) {
            const ASN1_STRING *s = name->d.dNSName;
            names.append(QString::fromLatin1(
                reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s)));
        } else if (name->type == GEN_IPADD) {
            const ASN1_OCTET_STRING *ip = name->d.iPAddress;
            const unsigned char *b = ASN1_STRING_get0_data(ip);
            if (ASN1_STRING_length(ip) == 4)
                names.append(QStringLiteral("%1.%2.%3.%4").arg(b[0]).arg(b[1]).arg(b[2]).arg(b[3]));
        }
    }
    GENERAL_NAMES_free(list);
    return names;
}

int verifyCallback(int ok, X509_STORE_CTX *store)
{
    auto *ssl =
        static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    const auto number =
        ssl ? quintptr(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), peerIndex())) : quintptr(0);
    const auto live = livePeers().find(number);
    if (live == livePeers().end())
        return ok; // its transfer is gone: nothing to record into
    TlsPeer *peer = live->second;
    if (X509 *leaf = X509_STORE_CTX_get0_cert(store); leaf && !peer->seen) {
        peer->seen = true;
        peer->subject = nameText(X509_get_subject_name(leaf));
        peer->commonName = commonName(X509_get_subject_name(leaf));
        peer->issuer = nameText(X509_get_issuer_name(leaf));
        peer->names = altNames(leaf);
        peer->notBefore = timeOf(X509_get0_notBefore(leaf));
        peer->notAfter = timeOf(X509_get0_notAfter(leaf));
        peer->selfSigned =
            X509_NAME_cmp(X509_get_subject_name(leaf), X509_get_issuer_name(leaf)) == 0;
    }
    if (!ok && peer->verifyError == 0) {
        peer->verifyError = X509_STORE_CTX_get_error(store);
        peer->verifyErrorText =
            QString::fromLatin1(X509_verify_cert_error_string(peer->verifyError));
        if (X509 *failed = X509_STORE_CTX_get_current_cert(store)) {
            peer->failedSubject = nameText(X509_get_subject_name(failed));
            peer->failedNotBefore = timeOf(X509_get0_notBefore(failed));
            peer->failedNotAfter = timeOf(X509_get0_notAfter(failed));
        }
    }
    return ok; // the verdict stays OpenSSL's (and so curl's)
}

CURLcode sslContext(CURL *, void *context, void *number)
{
    auto *ctx = static_cast<SSL_CTX *>(context);
    SSL_CTX_set_ex_data(ctx, peerIndex(), number);
    SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), verifyCallback);
    return CURLE_OK;
}

} // namespace

bool watchTlsPeer(CURL *easy, TlsPeer *peer)
{
    if (curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, &sslContext) != CURLE_OK)
        return false; // not an OpenSSL build
    unwatchTlsPeer(peer);
    const quintptr number = nextPeerNumber++;
    livePeers().emplace(number, peer);
    peer->number = number;
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, reinterpret_cast<void *>(number));
    return true;
}

void unwatchTlsPeer(TlsPeer *peer)
{
    if (peer->number != 0)
        livePeers().erase(std::exchange(peer->number, 0));
}

QString TlsPeer::describe() const
{
    if (!seen)
        return {};
    return QStringLiteral("Certificate: %1\nIssued by: %2\nValid: %3 to %4")
        .arg(subject, issuer, notBefore.toString(Qt::ISODate), notAfter.toString(Qt::ISODate));
}
