// The Settings dialog: destination folder and maximum concurrent downloads. Every change applies
// at once, to the saved settings and to the running engine; there is nothing to confirm.
#pragma once

#include <QDialog>

class DownloadEngine;
class QCheckBox;
class QLineEdit;
class QSpinBox;
class Settings;

class SettingsDialog final : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(DownloadEngine *engine, Settings *settings, QWidget *parent = nullptr);

private:
    void applyDirectory();
    void applyMaxConcurrent(int n);
    void chooseDirectory();

    DownloadEngine *m_engine;
    Settings *m_settings;
    QLineEdit *m_directory;
    QSpinBox *m_maxConcurrent;
    QSpinBox *m_jobThreads;
    QCheckBox *m_closeToTray;
};
