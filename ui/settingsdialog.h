// The Settings dialog: destination folder, maximum concurrent downloads, proxy, job threads, and
// (a tab of their own) remote aria2 engines. Every
// change applies at once, to the saved settings and to the running engine; there is nothing to
// confirm.
#pragma once

#include <QDialog>

class DownloadEngine;
class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class RemoteEngineSetup;
class Settings;

class SettingsDialog final : public QDialog {
    Q_OBJECT
public:
    // With `remote`, a second tab sets up remote aria2 engines.
    SettingsDialog(DownloadEngine *engine, Settings *settings, RemoteEngineSetup *remote = nullptr,
                   QWidget *parent = nullptr);

private:
    void applyDirectory();
    void applyMaxConcurrent(int n);
    void applyProxy();
    void applyHostCaps();
    void applyCaCertificates();
    void saveOrSaySo(); // as the dialog closes
    void chooseDirectory();

    DownloadEngine *m_engine;
    Settings *m_settings;
    QLineEdit *m_directory;
    QString m_knownDirectory; // set before or chosen with Browse, not typed: taken as it is
    QSpinBox *m_maxConcurrent;
    QSpinBox *m_connections;
    QSpinBox *m_maxPerHost;
    QSpinBox *m_limitRate;
    QSpinBox *m_retries;
    QSpinBox *m_stallTimeout; // KiB/s
    QSpinBox *m_jobThreads;
    QLineEdit *m_proxy;
    QLabel *m_proxyProblem; // why the text is not a proxy URL
    QLineEdit *m_hostCaps;  // "host=N, ...": caps of their own
    QLabel *m_hostCapsProblem;
    QLineEdit *m_caCertificates;
    QLabel *m_caProblem; // why the file cannot be used
    QCheckBox *m_closeToTray;
};
