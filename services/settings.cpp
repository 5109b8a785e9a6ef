// Settings keys, defaults and limits.
#include "settings.h"

#include "services/engine/downloadengine.h"
#include "urls.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>
#include <pwd.h>

namespace {
const QString DirectoryKey = QStringLiteral("downloads/directory");
const QString MaxConcurrentKey = QStringLiteral("downloads/maxConcurrent");
const QString ConnectionsKey = QStringLiteral("downloads/connections");
const QString CaCertificatesKey = QStringLiteral("network/caCertificates");
const QString LimitRateKey = QStringLiteral("downloads/limitRate");
const QString MaxPerHostKey = QStringLiteral("downloads/maxPerHost");
const QString HostCapsKey = QStringLiteral("downloads/hostCaps");
const QString JobThreadsKey = QStringLiteral("jobs/threads");
const QString CloseToTrayKey = QStringLiteral("window/closeToTray");
const QString ProxyKey = QStringLiteral("network/proxy");
const QString RetriesKey = QStringLiteral("network/retries");
const QString StallTimeoutKey = QStringLiteral("network/stallTimeout");
const QString DeleteDownloadedKey = QStringLiteral("window/deleteDownloadedOnRemove");
const QString RemoteEnginesKey = QStringLiteral("remoteEngines");
const QString AddTargetKey = QStringLiteral("window/addTarget");

// A stored number within [lo, hi]; `fallback` when it is absent or no number (a file edited by
// hand: "30s", or nothing after the '=').
int storedNumber(const QSettings &settings, const QString &key, int fallback, int lo, int hi)
{
    bool ok = false;
    const int n = settings.value(key, fallback).toInt(&ok);
    return qBound(lo, ok ? n : fallback, hi);
}
} // namespace

Settings::Settings(const QString &path, QObject *parent)
    : QObject(parent),
      m_settings(path.isEmpty() ? QSettings() : QSettings(path, QSettings::IniFormat))
{
    // The file may hold a proxy's login: the user's alone, whatever an earlier version made it
    // (a new one is made so by setProxy). QSettings writes it anew each time (QSaveFile),
    // keeping its mode. Nothing is created here: a start that fails creates nothing.
    if (QFileInfo::exists(m_settings.fileName()))
        QFile::setPermissions(m_settings.fileName(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

bool Settings::save()
{
    m_settings.sync();
    return m_settings.status() == QSettings::NoError;
}

QString Settings::standardDownloadDirectory()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return dir.isEmpty() ? QDir::homePath() : dir;
}

QString Settings::typedFolder(const QString &text, const QString &known)
{
    if (!known.isEmpty() && text == known)
        return known;
    QString folder = text.trimmed();
    if (folder.isEmpty())
        return {};
    QString base = QDir::homePath();
    if (folder.startsWith(QLatin1Char('~'))) {
        // "~" and "~/..." are the home folder, "~name/..." that user's (as a shell reads them).
        const qsizetype slash = folder.indexOf(QLatin1Char('/'));
        const QString user = folder.mid(1, slash < 0 ? -1 : slash - 1);
        if (!user.isEmpty()) {
            const passwd *entry = ::getpwnam(QFile::encodeName(user).constData());
            if (!entry || !entry->pw_dir)
                return QDir::cleanPath(QDir::home().absoluteFilePath(folder)); // a name, then
            base = QFile::decodeName(entry->pw_dir);
        }
        folder = slash < 0 ? QString() : folder.mid(slash);
        while (folder.startsWith(QLatin1Char('/')))
            folder.remove(0, 1);
    }
    return QDir::cleanPath(QDir(base).absoluteFilePath(folder));
}

QString Settings::downloadDirectory() const
{
    const QString dir = m_settings.value(DirectoryKey).toString();
    return dir.isEmpty() ? standardDownloadDirectory() : dir;
}

void Settings::setDownloadDirectory(const QString &dir)
{
    if (dir == downloadDirectory())
        return;
    m_settings.setValue(DirectoryKey, dir);
    Q_EMIT downloadDirectoryChanged(dir);
}

QString Settings::proxy() const
{
    const QString proxy = Urls::normalizeProxy(m_settings.value(ProxyKey).toString());
    return proxy.isNull() ? QString() : proxy; // an edited file with a bad value: none
}

void Settings::setProxy(const QString &proxy)
{
    const QString normalized = Urls::normalizeProxy(proxy);
    if (normalized.isNull())
        return;
    // Before a login goes in, the file is the user's alone: made so now if it is new, whatever
    // the umask.
    const QString file = m_settings.fileName();
    if (!QFileInfo::exists(file) && QDir().mkpath(QFileInfo(file).path())) {
        QFile made(file);
        (void)made.open(QIODevice::WriteOnly | QIODevice::NewOnly);
    }
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_settings.setValue(ProxyKey, normalized);
}

QString Settings::hostCaps() const
{
    return m_settings.value(HostCapsKey).toString();
}

void Settings::setHostCaps(const QString &text)
{
    m_settings.setValue(HostCapsKey, text);
}

int Settings::maxPerHost() const
{
    return storedNumber(m_settings, MaxPerHostKey, 0, 0, 256);
}

void Settings::setMaxPerHost(int n)
{
    m_settings.setValue(MaxPerHostKey, qBound(0, n, 256));
}

qint64 Settings::limitRate() const
{
    return qMax<qint64>(0, m_settings.value(LimitRateKey, 0).toLongLong());
}

void Settings::setLimitRate(qint64 bytesPerSecond)
{
    m_settings.setValue(LimitRateKey, qMax<qint64>(0, bytesPerSecond));
}

QString Settings::caCertificates() const
{
    return m_settings.value(CaCertificatesKey).toString();
}

void Settings::setCaCertificates(const QString &pemFile)
{
    m_settings.setValue(CaCertificatesKey, pemFile);
}

int Settings::connections() const
{
    return storedNumber(m_settings, ConnectionsKey, DownloadEngine::DefaultConnections, 1,
                        DownloadEngine::MaxConnections);
}

void Settings::setConnections(int n)
{
    m_settings.setValue(ConnectionsKey, qBound(1, n, DownloadEngine::MaxConnections));
}

int Settings::maxConcurrent() const
{
    return storedNumber(m_settings, MaxConcurrentKey, DownloadEngine::DefaultMaxConcurrent, 1,
                        DownloadEngine::MaxConcurrentLimit);
}

void Settings::setMaxConcurrent(int n)
{
    n = qBound(1, n, DownloadEngine::MaxConcurrentLimit);
    if (n == maxConcurrent())
        return;
    m_settings.setValue(MaxConcurrentKey, n);
    Q_EMIT maxConcurrentChanged(n);
}

bool Settings::closeToTray() const
{
    return m_settings.value(CloseToTrayKey, false).toBool();
}

void Settings::setCloseToTray(bool enabled)
{
    m_settings.setValue(CloseToTrayKey, enabled);
}

int Settings::jobThreads() const
{
    return storedNumber(m_settings, JobThreadsKey, QThread::idealThreadCount(), 1, MaxJobThreads);
}

void Settings::setJobThreads(int n)
{
    n = qBound(1, n, MaxJobThreads);
    if (n == jobThreads())
        return;
    m_settings.setValue(JobThreadsKey, n);
    Q_EMIT jobThreadsChanged(n);
}

int Settings::retries() const
{
    return storedNumber(m_settings, RetriesKey, 5, 1, 100);
}

void Settings::setRetries(int n)
{
    m_settings.setValue(RetriesKey, qBound(1, n, 100));
}

int Settings::stallTimeout() const
{
    return storedNumber(m_settings, StallTimeoutKey, 30, 1, 86400);
}

void Settings::setStallTimeout(int seconds)
{
    m_settings.setValue(StallTimeoutKey, qBound(1, seconds, 86400));
}

bool Settings::deleteDownloadedOnRemove() const
{
    return m_settings.value(DeleteDownloadedKey, false).toBool();
}

void Settings::setDeleteDownloadedOnRemove(bool enabled)
{
    m_settings.setValue(DeleteDownloadedKey, enabled);
}

QByteArray Settings::uiState(const QString &key) const
{
    return m_settings.value(QStringLiteral("ui/") + key).toByteArray();
}

void Settings::setUiState(const QString &key, const QByteArray &value)
{
    m_settings.setValue(QStringLiteral("ui/") + key, value);
}

QList<RemoteEngineConfig> Settings::remoteEngines() const
{
    QList<RemoteEngineConfig> engines;
    QSettings &settings = m_settings; // mutable: reading an array needs begin/end
    const int n = settings.beginReadArray(RemoteEnginesKey);
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        RemoteEngineConfig c;
        c.id = settings.value(QStringLiteral("id")).toString();
        c.name = settings.value(QStringLiteral("name")).toString();
        c.url = QUrl(settings.value(QStringLiteral("url")).toString());
        if (!c.id.isEmpty() && Aria2Rpc::checkUrl(c.url).isEmpty())
            engines.append(c); // an edited file with a bad entry: skipped
    }
    settings.endArray();
    return engines;
}

void Settings::setRemoteEngines(const QList<RemoteEngineConfig> &engines)
{
    m_settings.remove(RemoteEnginesKey);
    m_settings.beginWriteArray(RemoteEnginesKey, int(engines.size()));
    for (int i = 0; i < engines.size(); ++i) {
        m_settings.setArrayIndex(i);
        m_settings.setValue(QStringLiteral("id"), engines[i].id);
        m_settings.setValue(QStringLiteral("name"), engines[i].name);
        m_settings.setValue(QStringLiteral("url"), engines[i].url.toString());
    }
    m_settings.endArray();
}

QString Settings::addTarget() const
{
    return m_settings.value(AddTargetKey).toString();
}

void Settings::setAddTarget(const QString &engineId)
{
    m_settings.setValue(AddTargetKey, engineId);
}

QString Settings::remoteDirectory(const QString &engineId) const
{
    return m_settings.value(RemoteEnginesKey + QStringLiteral("Folders/") + engineId).toString();
}

void Settings::setRemoteDirectory(const QString &engineId, const QString &dir)
{
    m_settings.setValue(RemoteEnginesKey + QStringLiteral("Folders/") + engineId, dir);
}
