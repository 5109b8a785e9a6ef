// Typed, clamped user settings backed by QSettings: one place knows each key, its default and
// its limits. Changes are signalled so they apply to the running queue at once.
#pragma once

#include "remote/remoteengine.h"

#include <QObject>
#include <QSettings>
#include <QString>

class Settings final : public QObject {
    Q_OBJECT
public:
    // `path` empty: the platform's default settings file; tests pass a file of their own.
    explicit Settings(const QString &path = {}, QObject *parent = nullptr);

    // Writes what changed now: false when the file cannot be written (a folder of root's after
    // a sudo run, a full disk), and the changes live only until Fetchdeck quits.
    bool save();
    QString fileName() const { return m_settings.fileName(); }

    QString downloadDirectory() const;          // standardDownloadDirectory() unless set
    static QString standardDownloadDirectory(); // the user's Downloads folder, else home
    // A folder as a person types it into a field: "~" is the home folder, and a relative folder
    // is taken from there (not from wherever Fetchdeck was started); spaces around it go. Empty
    // stays empty. `known` (the folder the field was given, or Browse chose) is taken as it is:
    // its name may start or end with a space.
    static QString typedFolder(const QString &text, const QString &known = {});
    void setDownloadDirectory(const QString &dir);
    int maxConcurrent() const; // 1..256, default 4
    void setMaxConcurrent(int n);
    bool closeToTray() const; // closing the window hides it in the tray (when there is one)
    void setCloseToTray(bool enabled);
    // A proxy URL (Urls::normalizeProxy); empty: the environment's (http_proxy, no_proxy, ...).
    QString proxy() const;
    void setProxy(const QString &proxy); // an invalid URL is ignored
    // A PEM file of extra trusted certificate authorities; empty: the system's only.
    QString caCertificates() const;
    void setCaCertificates(const QString &pemFile);
    qint64 limitRate() const; // bytes per second for everything; 0 = no limit
    void setLimitRate(qint64 bytesPerSecond);
    int maxPerHost() const; // connections to one host across all tasks; 0 = no cap
    void setMaxPerHost(int n);
    // Per-host caps over maxPerHost(), as HostLimits::parseCaps reads them; empty: none.
    QString hostCaps() const;
    void setHostCaps(const QString &text);
    int connections() const; // per file, 1..16, default 8
    void setConnections(int n);
    int retries() const; // attempts per task for transient failures, 1..100, default 5
    void setRetries(int n);
    int stallTimeout() const; // seconds without a byte before an attempt is abandoned, 1..86400
    void setStallTimeout(int seconds);
    static constexpr int MaxJobThreads = 64;
    int jobThreads() const; // 1..MaxJobThreads, default: the core count
    void setJobThreads(int n);

    // Remove's "Also delete the downloaded files": off unless the user left it on.
    bool deleteDownloadedOnRemove() const;
    void setDeleteDownloadedOnRemove(bool enabled);

    // Free-form UI state (window geometry, column widths): the UI owns the meaning.
    // Remote aria2 engines (Settings > Remote engines), in order; their secrets are never here
    // (SecretStore keeps them), so `secret` is empty.
    QList<RemoteEngineConfig> remoteEngines() const;
    void setRemoteEngines(const QList<RemoteEngineConfig> &engines);
    // Where the Add dialog sends downloads: "" this computer, else a remote engine's id.
    QString addTarget() const;
    void setAddTarget(const QString &engineId);
    QString remoteDirectory(const QString &engineId) const; // the folder last used there
    void setRemoteDirectory(const QString &engineId, const QString &dir);

    QByteArray uiState(const QString &key) const;
    void setUiState(const QString &key, const QByteArray &value);

Q_SIGNALS:
    void downloadDirectoryChanged(const QString &dir);
    void maxConcurrentChanged(int n);
    void jobThreadsChanged(int n);

private:
    mutable QSettings m_settings;
};
