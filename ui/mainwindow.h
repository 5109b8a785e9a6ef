// The dashboard main window (stub; replaced by the full dashboard).
#pragma once

#include <QMainWindow>
#include <QUrl>

class DownloadEngine;
class Settings;

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(DownloadEngine *engine, Settings *settings, QWidget *parent = nullptr);
    void addUrls(const QList<QUrl> &urls);
public Q_SLOTS:
    void quitCleanly();

private:
    DownloadEngine *m_engine;
    Settings *m_settings;
};
