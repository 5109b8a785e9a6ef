// Combines the base bundle and the user's certificates into one private temporary file: curl
// caches a file's parsed roots between connections (a blob it would parse every time).
#include "cabundle.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSslCertificate>
#include <curl/curl.h>

static QString tr(const char *text)
{
    return QCoreApplication::translate("CaBundle", text);
}

CaBundle::CaBundle()
{
    for (const char *name : {"CURL_CA_BUNDLE", "SSL_CERT_FILE"}) {
        const QString value = qEnvironmentVariable(name);
        if (!value.isEmpty()) {
            m_environment = value;
            break;
        }
    }
}

CaBundle::~CaBundle() = default;

QString CaBundle::file() const
{
    return m_combined ? m_combined->fileName() : m_environment;
}

QString CaBundle::setExtra(const QString &pemFile)
{
    if (pemFile.isEmpty()) {
        m_extra.clear();
        if (m_combined)
            m_retired.push_back(std::move(m_combined));
        return {};
    }
    QFile extra(pemFile);
    if (!extra.open(QIODevice::ReadOnly))
        return tr("cannot read %1: %2").arg(pemFile, extra.errorString());
    const QByteArray pem = extra.read(8 << 20);
    if (QSslCertificate::fromData(pem, QSsl::Pem).isEmpty())
        return tr("%1 holds no PEM certificate").arg(pemFile);

    QString basePath = m_environment;
    if (basePath.isEmpty()) {
        const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
        if (info && info->cainfo)
            basePath = QString::fromLocal8Bit(info->cainfo);
    }
    QByteArray base;
    if (QFile baseFile(basePath); !basePath.isEmpty() && baseFile.open(QIODevice::ReadOnly))
        base = baseFile.readAll();
    auto combined = std::make_unique<QTemporaryFile>(
        QDir::temp().filePath(QStringLiteral("fetchdeck-ca-XXXXXX.pem")));
    if (!combined->open() || combined->write(base + '\n' + pem + '\n') < 0 || !combined->flush())
        return tr("cannot write the combined certificate bundle: %1").arg(combined->errorString());
    m_extra = pemFile;
    if (m_combined)
        m_retired.push_back(std::move(m_combined));
    m_combined = std::move(combined);
    return {};
}
