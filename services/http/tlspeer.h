// What the server's certificate said during the TLS handshake, recorded by an OpenSSL verify
// callback that never changes curl's verdict: the facts a "certificate expired on 2026-01-31"
// or "certificate is for example.org, not files.example.com" message is made of.
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

typedef void CURL;

struct TlsPeer {
    bool seen = false;       // a certificate was presented and looked at
    QString subject;         // of the server's own certificate: "CN=localhost, O=..."
    QString commonName;      // its CN
    QString issuer;          // who signed it
    QStringList names;       // its subjectAltName DNS names and IP addresses
    QDateTime notBefore;     // UTC
    QDateTime notAfter;      // UTC
    bool selfSigned = false; // its own issuer

    int verifyError = 0;      // X509_V_OK, or OpenSSL's first verification error
    QString verifyErrorText;  // OpenSSL's words for it
    QDateTime failedNotAfter; // validity of the certificate that failed (expired: when)
    QDateTime failedNotBefore;
    QString failedSubject;

    QString describe() const; // "Certificate: ...\nIssued by: ...\nValid: ... to ..." or ""
    quintptr number = 0;      // watchTlsPeer()'s registration
};

// Records into `peer` during every handshake of this easy handle, until unwatchTlsPeer(peer).
// A pooled connection may outlive its transfer and verify again (a renegotiation): it finds
// the peer by a number, never by a pointer that may be gone. Returns false when curl's TLS
// library is not OpenSSL (nothing is recorded then). GUI thread (curl's thread) only.
bool watchTlsPeer(CURL *easy, TlsPeer *peer);
void unwatchTlsPeer(TlsPeer *peer);

// OpenSSL's verification errors the messages tell apart.
namespace TlsVerify {
enum : int {
    NotYetValid = 9,        // X509_V_ERR_CERT_NOT_YET_VALID
    Expired = 10,           // X509_V_ERR_CERT_HAS_EXPIRED
    SelfSigned = 18,        // X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
    SelfSignedInChain = 19, // X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
    UnknownIssuer = 20,     // X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
    Revoked = 23,           // X509_V_ERR_CERT_REVOKED
};
}
