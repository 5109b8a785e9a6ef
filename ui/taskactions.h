// The actions on tasks (Cancel, Retry, Remove, Open file, Open containing folder, Retry all
// failed, Clear completed): they act on the table's selection, multi-selection included, and
// are enabled according to the selected tasks' states. Toolbar, menus and the context menu share
// these QActions.
#pragma once

#include "models/task.h"
#include "services/engine/taskregistry.h"

#include <QObject>
#include <vector>

class DownloadEngine;
class QAbstractItemView;
class QAction;
class QModelIndex;
class Settings;
class TaskModel;

class TaskActions final : public QObject {
    Q_OBJECT
public:
    static constexpr int MaxOpenedAtOnce = 10; // files or folders opened by one click

    TaskActions(DownloadEngine *engine, TaskModel *model, QAbstractItemView *view,
                Settings *settings, QObject *parent = nullptr);

    QAction *cancelAction() const { return m_cancel; }
    QAction *retryAction() const { return m_retry; }
    QAction *removeAction() const { return m_remove; }
    QAction *openFileAction() const { return m_openFile; }
    QAction *openFolderAction() const { return m_openFolder; }
    QAction *retryAllFailedAction() const { return m_retryAllFailed; }
    QAction *clearCompletedAction() const { return m_clearCompleted; }
    QAction *undoRemoveAction() const { return m_undoRemove; } // Ctrl+Z: the last Remove
    QAction *copyUrlAction() const { return m_copyUrl; }       // the selected tasks' URLs
    QAction *changeUrlAction() const { return m_changeUrl; }   // a fresh link for one download
    QAction *pauseAction() const { return m_pause; }
    QAction *resumeAction() const { return m_resume; }
    QAction *togglePauseAction() const
    {
        return m_togglePause;
    } // Space: pause or resume the selection
    QAction *pauseAllAction() const { return m_pauseAll; }
    QAction *resumeAllAction() const { return m_resumeAll; }
    // A submenu: a speed limit of their own for the selected downloads.
    QAction *speedLimitAction() const { return m_speedLimit; }
    // A submenu: how many connections the selected downloads use.
    QAction *connectionsAction() const { return m_connectionsAction; }
    QList<QAction *> selectionActions() const; // the per-task ones, in menu order

    QList<TaskId> selectedIds() const;
    void updateEnabled();
    void activate(const QModelIndex &index); // double-click: opens a completed task's file

Q_SIGNALS:
    void message(const QString &text); // feedback for the status bar

private:
    QAction *makeAction(const QString &objectName, const QString &text, const QString &toolTip);
    void cancelSelected();
    void retrySelected();
    void removeSelected(); // asks first (RemoveDialog)
    // Removes `ids`; the finished files of `deleteFilesOf` (among them) go too.
    void removeNow(const QList<TaskId> &ids, const QList<TaskId> &deleteFilesOf);
    void undoRemove();
    void copyUrls();
    void changeUrl();
    void openFiles();
    void openFolders();
    void retryAllFailed();
    void clearCompleted();
    void pauseSelected();
    void resumeSelected();
    void togglePause();
    void createSpeedLimitMenu();
    void createConnectionsMenu();
    QList<TaskId> idsIn(TaskState state) const;

    DownloadEngine *m_engine;
    TaskModel *m_model;
    QAbstractItemView *m_view;
    Settings *m_settings;
    std::vector<Task> m_removed; // what the last Remove took off the list, for Undo
    QHash<TaskId, TaskRegistry::Place> m_removedPlaces; // and where each stood
    QAction *m_cancel;
    QAction *m_retry;
    QAction *m_remove;
    QAction *m_openFile;
    QAction *m_openFolder;
    QAction *m_retryAllFailed;
    QAction *m_clearCompleted;
    QAction *m_undoRemove;
    QAction *m_copyUrl;
    QAction *m_changeUrl;
    QAction *m_pause;
    QAction *m_resume;
    QAction *m_togglePause;
    QAction *m_pauseAll;
    QAction *m_resumeAll;
    QAction *m_speedLimit;
    QAction *m_connectionsAction;
};
