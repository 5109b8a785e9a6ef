// The keyring through QtKeychain, and the 0600 file where no keyring service runs.
#include "secretstore.h"

#include <QCoroSignal>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QPointer>
#include <QSaveFile>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace {
constexpr auto FileName = "secrets.json";

// Runs one keychain job to its end; its error, or NoError.
QCoro::Task<QKeychain::Error> runJob(QKeychain::Job *job)
{
    job->setAutoDelete(false);
    job->start();
    co_await qCoro(job, &QKeychain::Job::finished);
    const QKeychain::Error error = job->error();
    co_return error;
}
} // namespace

SecretStore::SecretStore(const QString &folder, bool useKeyring, QObject *parent)
    : QObject(parent), m_folder(folder), m_useKeyring(useKeyring)
{
}

void SecretStore::done()
{
    if (--m_busy == 0)
        Q_EMIT idle();
}

QString SecretStore::filePath() const
{
    return QDir(m_folder).filePath(QLatin1String(FileName));
}

SecretStore::~SecretStore()
{
    if (m_flushQueued)
        flushFile();
}

QJsonObject &SecretStore::fileSecrets()
{
    if (m_file)
        return *m_file;
    m_file = QJsonObject();
    QFile file(filePath());
    if (!file.open(QIODevice::ReadOnly)) {
        // There but not readable now (no descriptor left, its permissions): this run keeps its
        // secrets in memory only, and never writes over the file's.
        if (file.exists()) {
            qWarning("fetchdeck: cannot read %s: %s; new secrets are not written to it",
                     qPrintable(filePath()), qPrintable(file.errorString()));
            m_fileKept = true;
        }
        return *m_file;
    }
    // All of it: cookies of a few hundred browser downloads take megabytes.
    const QByteArray bytes = file.readAll();
    file.close();
    QJsonParseError parsed;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parsed);
    if (parsed.error == QJsonParseError::NoError && document.isObject()) {
        m_file = document.object();
        return *m_file;
    }
    if (bytes.trimmed().isEmpty())
        return *m_file;
    // Not secrets we can read (a damaged disk, an edit by hand): the next write must not
    // replace it. It is kept under a name of its own, or, where it cannot be moved, nothing is
    // written over it.
    for (int n = 1; n < 100; ++n) {
        const QString aside = filePath() + QStringLiteral(".unreadable") +
                              (n == 1 ? QString() : QLatin1Char('-') + QString::number(n));
        if (QFile::rename(filePath(), aside)) {
            qWarning("fetchdeck: %s could not be read; kept as %s", qPrintable(filePath()),
                     qPrintable(aside));
            return *m_file;
        }
        if (!QFile::exists(aside))
            break; // not a name taken: the folder refuses
    }
    qWarning("fetchdeck: %s could not be read, nor moved aside; it is left as it is",
             qPrintable(filePath()));
    m_fileKept = true;
    return *m_file;
}

QString SecretStore::readFile(const QString &key)
{
    return fileSecrets().value(key).toString();
}

bool SecretStore::writeFile(const QString &key, const QString &secret)
{
    QJsonObject &all = fileSecrets();
    if (secret.isEmpty() ? !all.contains(key) : all.value(key).toString() == secret)
        return m_fileWritable && !m_fileKept;
    if (secret.isEmpty())
        all.remove(key);
    else
        all.insert(key, secret);
    if (!m_flushQueued) {
        m_flushQueued = true;
        ++m_busy;
        QTimer::singleShot(0, this, [this] {
            if (m_flushQueued)
                flushFile();
            done();
        });
    }
    return m_fileWritable && !m_fileKept;
}

bool SecretStore::flushFile()
{
    m_flushQueued = false;
    if (m_fileKept) {
        m_fileWritable = false;
        return false;
    }
    QSaveFile file(filePath());
    bool written = file.open(QIODevice::WriteOnly);
    if (written) {
        // Only the user may read it, before a byte of it is written.
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write(QJsonDocument(fileSecrets()).toJson());
        written = file.commit();
    }
    if (!written)
        qWarning("fetchdeck: cannot write %s: %s", qPrintable(filePath()),
                 qPrintable(file.errorString()));
    m_fileWritable = written;
    return written;
}

QCoro::Task<QString> SecretStore::read(QString key)
{
    QPointer<SecretStore> self(this);
    if (m_useKeyring) {
        auto *job = new QKeychain::ReadPasswordJob(QLatin1String(Service));
        job->setKey(key);
        const QKeychain::Error error = co_await runJob(job);
        const QString secret = job->textData();
        job->deleteLater();
        if (!self)
            co_return QString();
        if (error == QKeychain::NoError) {
            m_lastWhere = Where::Keyring;
            co_return secret;
        }
    }
    const QString secret = readFile(key);
    if (!secret.isEmpty())
        m_lastWhere = Where::File;
    co_return secret;
}

QCoro::Task<SecretStore::Where> SecretStore::write(QString key, QString secret)
{
    QPointer<SecretStore> self(this);
    if (m_useKeyring && !secret.isEmpty()) {
        auto *job = new QKeychain::WritePasswordJob(QLatin1String(Service));
        job->setKey(key);
        job->setTextData(secret);
        ++m_busy;
        const QKeychain::Error error = co_await runJob(job);
        job->deleteLater();
        if (!self)
            co_return Where::Nowhere;
        done();
        if (error == QKeychain::NoError) {
            writeFile(key, {}); // an older copy in the file goes
            m_lastWhere = Where::Keyring;
            co_return Where::Keyring;
        }
    }
    m_lastWhere = writeFile(key, secret) ? Where::File : Where::Nowhere;
    co_return m_lastWhere;
}

QCoro::Task<> SecretStore::remove(QString key)
{
    QPointer<SecretStore> self(this);
    if (m_useKeyring) {
        auto *job = new QKeychain::DeletePasswordJob(QLatin1String(Service));
        job->setKey(key);
        ++m_busy;
        (void)co_await runJob(job);
        job->deleteLater();
        if (!self)
            co_return;
        done();
    }
    writeFile(key, {});
}
