// What closing the window means: hide to the tray (once telling the user so), ask before
// stopping running downloads, or quit at once (SIGTERM); then stop the engine and leave the
// event loop once every transfer has ended. The main window only forwards its close events.
#pragma once

#include <QObject>

class DownloadEngine;
class QWidget;
class Settings;
class TaskModel;
class TrayIcon;

class QuitFlow final : public QObject {
    Q_OBJECT
public:
    QuitFlow(QWidget *window, DownloadEngine *engine, TaskModel *model, Settings *settings,
             TrayIcon *tray);

    void quitCleanly(); // quits without asking (SIGTERM); asked twice, stops waiting
    void quit();        // File > Quit, the tray's Quit: asks once if tasks run, never hides
    // The window's closeEvent: true when it may close (the shutdown has begun), false when it
    // stays (hidden in the tray, or the user chose to keep the downloads running).
    bool allowClose();

Q_SIGNALS:
    void shuttingDown(); // once, before the engine stops: the window saves its state

private:
    bool confirmQuit();
    void shutDown();

    QWidget *m_window;
    DownloadEngine *m_engine;
    TaskModel *m_model;
    Settings *m_settings;
    TrayIcon *m_tray;
    bool m_quitWithoutAsking = false;
    bool m_reallyQuit = false; // File > Quit or the tray's Quit: not just closing to the tray
    bool m_toldAboutTray = false;
    bool m_shuttingDown = false;
};
