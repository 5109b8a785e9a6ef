// The certificate authorities an https download trusts: curl's default bundle (or the one
// CURL_CA_BUNDLE or SSL_CERT_FILE names, as curl's own tool does), plus a PEM file of the
// user's for a private or corporate CA. There is no way to turn verification off.
#pragma once

#include <QString>
#include <QTemporaryFile>
#include <memory>
#include <vector>

class CaBundle {
public:
    CaBundle(); // reads the environment
    ~CaBundle();

    // Adds the certificates of `pemFile` to the trusted roots ("" = none). Returns an error
    // message (unreadable, no certificate in it), empty on success; on error nothing changes.
    QString setExtra(const QString &pemFile);
    QString extra() const { return m_extra; }
    // The bundle to hand curl (CURLOPT_CAINFO); "" = curl's own default.
    QString file() const;

private:
    QString m_environment; // CURL_CA_BUNDLE or SSL_CERT_FILE
    QString m_extra;
    std::unique_ptr<QTemporaryFile> m_combined; // the base bundle + the extra certificates
    // Bundles replaced by a later setExtra(): transfers that started with them still name them
    // in their next requests, so they live as long as this object.
    std::vector<std::unique_ptr<QTemporaryFile>> m_retired;
};
