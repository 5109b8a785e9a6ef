// The dashboard window: the toolbar (URL field and task actions), the state tabs and search box,
// the task table with the details panel under it, and the status bar. It wires the pieces
// together and owns the add and settings flows (QuitFlow decides what closing means).
#pragma once

#include "urlintake.h"

#include <QMainWindow>
#include <QUrl>

class DetailsPanel;
class DownloadEngine;
class TaskModel;
class FilterBar;
class QComboBox;
class QLineEdit;
class RemoteEngine;
class RemoteEngineSetup;
class QueueActions;
class QuitFlow;
class QSplitter;
class QToolBar;
class Settings;
class StatusSummary;
class TaskActions;
class TaskFilterProxy;
class TaskTable;
class TrayIcon;

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    // Below these sizes the window is compact: icon-only toolbar; no details panel.
    static constexpr int CompactWidth = 1000;
    static constexpr int CompactHeight = 560;

    MainWindow(DownloadEngine *engine, Settings *settings, QWidget *parent = nullptr);

    // Remote aria2 engines: their rows, the Where column and filter, the Add dialog's and the
    // URL field's target, Settings > Remote engines.
    void setRemoteEngines(RemoteEngineSetup *setup);

    // Adds the URLs not yet in the list (the command line, drops, pastes); reports duplicates.
    void addUrls(const QList<QUrl> &urls,
                 const QString &directory = {}); // empty: the default folder

    // The parts, for tests and the benchmark.
    TaskModel *model() const { return m_model; }
    TaskFilterProxy *proxy() const { return m_proxy; }
    TaskTable *table() const { return m_table; }
    DetailsPanel *detailsPanel() const { return m_details; }
    TaskActions *taskActions() const { return m_taskActions; }
    FilterBar *filterBar() const { return m_filterBar; }
    QLineEdit *urlField() const { return m_urlField; }
    QComboBox *urlTarget() const { return m_urlTarget; }

public Q_SLOTS:
    void quitCleanly(); // quits without asking (SIGTERM)
    void quit();        // File > Quit, the tray's Quit: asks once if tasks run, never hides
    void showAddDialog();
    void showSettings();
    void pasteUrls(); // the clipboard's URLs
    void showShortcuts();
    void showAbout();
    void chooseFilesToHash();
    void hashFiles(const QStringList &files); // one Hash task per file, on the job pool

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void createActions();
    void createToolBar();
    void createMenus();
    void addFromUrlField();
    void report(const UrlIntake::Result &result, int skippedBefore = 0);
    void followCurrentRow();
    void restoreUiState();
    void showDetailsIfRoom();
    void saveUiState();
    void updateRemoteEngines();
    RemoteEngine *targetEngine(const QString &id) const; // null: this computer

    DownloadEngine *m_engine;
    Settings *m_settings;
    TaskModel *m_model; // the views' adapter over the engine's tasks
    TaskFilterProxy *m_proxy;
    TaskTable *m_table;
    FilterBar *m_filterBar;
    DetailsPanel *m_details;
    QSplitter *m_splitter;
    StatusSummary *m_summary;
    TaskActions *m_taskActions;
    QueueActions *m_queueActions;
    TrayIcon *m_tray;
    QLineEdit *m_urlField = nullptr;
    QComboBox *m_urlTarget = nullptr; // where the URL field's downloads go
    QAction *m_urlTargetAction = nullptr;
    RemoteEngineSetup *m_remote = nullptr;
    QToolBar *m_toolBar = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_pasteAction = nullptr;
    QAction *m_hashAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_showDetailsAction = nullptr; // checked: the panel is shown
    bool m_detailsWanted = true;            // the user's choice, remembered across sessions
    bool m_detailsAnyway = false;           // asked for in a short window: shown there too
    QuitFlow *m_quitFlow;
};
