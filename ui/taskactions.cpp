// Actions on the selected tasks.
#include "taskactions.h"

#include "icons.h"
#include "models/format.h"
#include "models/taskmodel.h"
#include "removedialog.h"
#include "services/engine/downloadengine.h"
#include "services/settings.h"
#include "services/urls.h"
#include "speedlimitbutton.h"

#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QAction>
#include <QActionGroup>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QMenu>
#include <QSet>
#include <QUrl>
#include <vector>

TaskActions::TaskActions(DownloadEngine *engine, TaskModel *model, QAbstractItemView *view,
                         Settings *settings, QObject *parent)
    : QObject(parent), m_engine(engine), m_model(model), m_view(view), m_settings(settings)
{
    m_cancel = makeAction(QStringLiteral("actionCancel"), tr("&Cancel"),
                          tr("Stop the selected downloads"));
    m_cancel->setIcon(Icons::get(Icons::Id::Cancel));
    m_retry = makeAction(QStringLiteral("actionRetry"), tr("&Retry"),
                         tr("Download the selected failed or canceled tasks again"));
    m_retry->setIcon(Icons::get(Icons::Id::Retry));
    m_retry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_remove = makeAction(QStringLiteral("actionRemove"), tr("Re&move"),
                          tr("Remove the selected tasks from the list and delete their partial "
                             "files (asks first)"));
    m_remove->setIcon(Icons::get(Icons::Id::Remove));
    m_remove->setShortcut(QKeySequence::Delete);
    m_openFile = makeAction(QStringLiteral("actionOpenFile"), tr("&Open File"),
                            tr("Open the downloaded file"));
    m_openFile->setIconText(tr("Open"));
    m_openFile->setIcon(Icons::get(Icons::Id::Open));
    m_openFile->setShortcut(QKeySequence::Open);
    m_openFolder = makeAction(QStringLiteral("actionOpenFolder"), tr("Open Containing &Folder"),
                              tr("Show the folder the file is saved in"));
    m_openFolder->setIconText(tr("Folder"));
    m_openFolder->setIcon(Icons::get(Icons::Id::Folder));
    m_retryAllFailed = makeAction(QStringLiteral("actionRetryAllFailed"), tr("Retry All Fa&iled"),
                                  tr("Retry every failed download"));
    m_retryAllFailed->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_clearCompleted = makeAction(QStringLiteral("actionClearCompleted"), tr("Clear Complete&d"),
                                  tr("Remove every completed task from the list (files stay)"));
    m_undoRemove = makeAction(QStringLiteral("actionUndoRemove"), tr("&Undo Remove"),
                              tr("Put the tasks the last Remove took off the list back"));
    m_undoRemove->setShortcut(QKeySequence::Undo);
    m_undoRemove->setEnabled(false);
    m_copyUrl = makeAction(QStringLiteral("actionCopyUrl"), tr("Cop&y URL"),
                           tr("Copy the URLs of the selected downloads"));
    m_copyUrl->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_changeUrl = makeAction(QStringLiteral("actionChangeUrl"), tr("C&hange URL…"),
                             tr("Give the download a fresh link; what it has is kept when the new "
                                "server sends the same file"));

    m_pause = makeAction(QStringLiteral("actionPause"), tr("&Pause"),
                         tr("Pause the selected downloads; their partial files are kept"));
    m_pause->setIcon(Icons::get(Icons::Id::Pause));
    m_resume = makeAction(QStringLiteral("actionResume"), tr("R&esume"),
                          tr("Continue the selected paused downloads where they stopped"));
    m_resume->setIcon(Icons::get(Icons::Id::Resume));
    m_togglePause = makeAction(QStringLiteral("actionTogglePause"), tr("Pause or Resume"),
                               tr("Pause the selected running downloads, resume the paused ones"));
    m_togglePause->setShortcut(QKeySequence(Qt::Key_Space));
    m_togglePause->setShortcutContext(Qt::WidgetWithChildrenShortcut); // the table only
    m_view->addAction(m_togglePause);
    m_pauseAll =
        makeAction(QStringLiteral("actionPauseAll"), tr("Pause &All"), tr("Pause every download"));
    m_resumeAll = makeAction(QStringLiteral("actionResumeAll"), tr("Re&sume All"),
                             tr("Resume every paused download"));
    createSpeedLimitMenu();
    createConnectionsMenu();
    connect(m_pause, &QAction::triggered, this, &TaskActions::pauseSelected);
    connect(m_resume, &QAction::triggered, this, &TaskActions::resumeSelected);
    connect(m_togglePause, &QAction::triggered, this, &TaskActions::togglePause);
    connect(m_pauseAll, &QAction::triggered, this,
            [this] { m_engine->pause(idsIn(TaskState::Running) + idsIn(TaskState::Queued)); });
    connect(m_resumeAll, &QAction::triggered, this,
            [this] { m_engine->resume(idsIn(TaskState::Paused)); });
    connect(m_cancel, &QAction::triggered, this, &TaskActions::cancelSelected);
    connect(m_retry, &QAction::triggered, this, &TaskActions::retrySelected);
    connect(m_remove, &QAction::triggered, this, &TaskActions::removeSelected);
    connect(m_openFile, &QAction::triggered, this, &TaskActions::openFiles);
    connect(m_openFolder, &QAction::triggered, this, &TaskActions::openFolders);
    connect(m_retryAllFailed, &QAction::triggered, this, &TaskActions::retryAllFailed);
    connect(m_clearCompleted, &QAction::triggered, this, &TaskActions::clearCompleted);
    connect(m_undoRemove, &QAction::triggered, this, &TaskActions::undoRemove);
    connect(m_copyUrl, &QAction::triggered, this, &TaskActions::copyUrls);
    connect(m_changeUrl, &QAction::triggered, this, &TaskActions::changeUrl);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TaskActions::updateEnabled);
    // States change under a fixed selection; statsChanged follows every batch of changes.
    connect(m_model, &TaskModel::statsChanged, this, &TaskActions::updateEnabled);
    connect(m_model, &TaskModel::stateChanged, this, &TaskActions::updateEnabled);
    connect(m_view, &QAbstractItemView::doubleClicked, this, &TaskActions::activate);
    updateEnabled();
}

QAction *TaskActions::makeAction(const QString &objectName, const QString &text,
                                 const QString &toolTip)
{
    auto *action = new QAction(text, this);
    action->setObjectName(objectName);
    action->setToolTip(toolTip);
    action->setStatusTip(toolTip);
    return action;
}

QList<QAction *> TaskActions::selectionActions() const
{
    return {m_openFile, m_openFolder, m_pause, m_resume, m_cancel, m_retry, m_remove};
}

QList<TaskId> TaskActions::selectedIds() const
{
    // The table selects whole rows: a range over every column names its rows without asking
    // each cell. selectedRows() asks every column's flags of every row, and this runs after each
    // batch of changes: with 10,000 rows selected that was 7% of the GUI thread.
    const QItemSelectionModel *selection = m_view->selectionModel();
    const QAbstractItemModel *viewModel = m_view->model();
    const auto *proxy = qobject_cast<const QAbstractProxyModel *>(viewModel);
    const int columns = viewModel->columnCount();
    std::vector<bool> seen(size_t(viewModel->rowCount()));
    QList<TaskId> ids;
    for (const QItemSelectionRange &range : selection->selection()) {
        const bool wholeRows = range.left() == 0 && range.right() == columns - 1;
        for (int row = range.top(); row <= range.bottom(); ++row) {
            if (row < 0 || size_t(row) >= seen.size() || seen[size_t(row)])
                continue;
            if (!wholeRows && !selection->isRowSelected(row))
                continue; // a cell or two, not the row
            seen[size_t(row)] = true;
            const QModelIndex index = viewModel->index(row, 0);
            const QModelIndex source = proxy ? proxy->mapToSource(index) : index;
            if (source.isValid() && source.model() == m_model)
                ids.append(m_model->idAt(source.row()));
            else
                ids.append(index.data(TaskModel::TaskIdRole).value<TaskId>());
        }
    }
    return ids;
}

QList<TaskId> TaskActions::idsIn(TaskState state) const
{
    QList<TaskId> ids;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->taskAt(row).state == state)
            ids.append(m_model->idAt(row));
    }
    return ids;
}

void TaskActions::updateEnabled()
{
    bool any = false, active = false, retryable = false, completed = false, pausable = false,
         paused = false, download = false, local = false, remote = false;
    int unfinishedDownloads = 0;
    const QList<TaskId> selected = selectedIds();
    for (TaskId id : selected) {
        const Task *task = m_model->task(id);
        if (!task)
            continue;
        any = true;
        local |= !task->isRemote();
        remote |= task->isRemote();
        active |= task->isActive() || task->state == TaskState::Paused;
        pausable |= task->isActive() && task->kind == TaskKind::Download;
        paused |= task->state == TaskState::Paused;
        retryable |= task->state == TaskState::Failed || task->state == TaskState::Canceled;
        // A remote engine's files are on its machine: nothing here to open.
        completed |=
            task->state == TaskState::Completed && !task->fileName.isEmpty() && !task->isRemote();
        download |= task->kind == TaskKind::Download;
        unfinishedDownloads +=
            task->kind == TaskKind::Download && task->state != TaskState::Completed ? 1 : 0;
    }
    m_copyUrl->setEnabled(download);
    m_changeUrl->setEnabled(unfinishedDownloads == 1 && selected.size() == 1 && !remote);
    m_cancel->setEnabled(active);
    m_pause->setEnabled(pausable);
    m_resume->setEnabled(paused);
    m_togglePause->setEnabled(pausable || paused);
    m_pauseAll->setEnabled(
        m_model->countIn(TaskState::Running) + m_model->countIn(TaskState::Queued) > 0);
    m_resumeAll->setEnabled(m_model->countIn(TaskState::Paused) > 0);
    m_retry->setEnabled(retryable);
    m_remove->setEnabled(any);
    m_openFile->setEnabled(completed);
    m_openFolder->setEnabled(local);
    // Limits and connections of a remote download are its daemon's settings. A failed or
    // canceled download keeps either for its retry, so both apply to it.
    m_speedLimit->setEnabled((pausable || paused || retryable) && !remote);
    m_connectionsAction->setEnabled((pausable || paused || retryable) && !remote);
    m_retryAllFailed->setEnabled(m_model->countIn(TaskState::Failed) > 0);
    m_clearCompleted->setEnabled(m_model->countIn(TaskState::Completed) > 0);
}

void TaskActions::activate(const QModelIndex &index)
{
    const Task *task = m_model->task(index.data(TaskModel::TaskIdRole).value<TaskId>());
    if (task && task->state == TaskState::Completed && !task->fileName.isEmpty() &&
        !task->isRemote())
        QDesktopServices::openUrl(QUrl::fromLocalFile(task->filePath()));
}

void TaskActions::pauseSelected()
{
    m_engine->pause(selectedIds());
}

void TaskActions::resumeSelected()
{
    m_engine->resume(selectedIds());
}

void TaskActions::togglePause()
{
    QList<TaskId> toPause, toResume;
    for (TaskId id : selectedIds()) {
        if (const Task *t = m_model->task(id); t && t->state == TaskState::Paused)
            toResume.append(id);
        else if (t && t->isActive())
            toPause.append(id);
    }
    m_engine->pause(toPause);
    m_engine->resume(toResume);
}

void TaskActions::cancelSelected()
{
    m_engine->cancel(selectedIds());
}

void TaskActions::retrySelected()
{
    m_engine->retry(selectedIds());
}

void TaskActions::removeSelected()
{
    const QList<TaskId> ids = selectedIds();
    if (ids.isEmpty())
        return;
    const RemoveDialog::Summary summary = RemoveDialog::summarize(m_model, ids);
    // "Also delete the downloaded files" means the files the dialog counted: a download that
    // completes while the dialog is open is not among them.
    QList<TaskId> finished;
    for (TaskId id : ids)
        if (const Task *t = m_model->task(id); t && t->state == TaskState::Completed)
            finished.append(id);
    auto *dialog =
        new RemoveDialog(summary, m_settings->deleteDownloadedOnRemove(), m_view->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, ids, finished, summary] {
        if (summary.downloadedFiles > 0) // remembered for next time
            m_settings->setDeleteDownloadedOnRemove(dialog->deleteDownloaded());
        removeNow(ids, dialog->deleteDownloaded() ? finished : QList<TaskId>{});
    });
    dialog->open();
}

void TaskActions::removeNow(const QList<TaskId> &ids, const QList<TaskId> &deleteFilesOf)
{
    const QSet<TaskId> withFiles(deleteFilesOf.cbegin(), deleteFilesOf.cend());
    QList<TaskId> rest = ids;
    rest.removeIf([&withFiles](TaskId id) { return withFiles.contains(id); });
    m_removedPlaces = m_model->tasks()->places(ids); // for Undo: where each stood
    m_removed = m_engine->remove(deleteFilesOf, DownloadEngine::RemoveFiles::AlsoDownloaded);
    for (Task &t : m_engine->remove(rest, DownloadEngine::RemoveFiles::PartialOnly))
        m_removed.push_back(std::move(t));
    m_undoRemove->setEnabled(!m_removed.empty());
    const int count = static_cast<int>(m_removed.size());
    // Undo brings the tasks back, never a deleted file: said, not promised.
    Q_EMIT message(deleteFilesOf.isEmpty()
                       ? tr("Removed %n task(s) from the list. Undo: Ctrl+Z", nullptr, count)
                       : tr("Removed %n task(s) from the list.", nullptr, count) +
                             QLatin1Char(' ') +
                             tr("%n downloaded file(s) deleted; Undo (Ctrl+Z) brings back the "
                                "tasks, not the files.",
                                nullptr, static_cast<int>(deleteFilesOf.size())));
}

void TaskActions::undoRemove()
{
    if (m_removed.empty())
        return;
    const QList<TaskId> back =
        m_engine->restore(std::exchange(m_removed, {}), std::exchange(m_removedPlaces, {}));
    m_undoRemove->setEnabled(false);
    // Select what came back (in the rows the current filter shows), so the user sees it.
    const auto *shown = qobject_cast<const QAbstractProxyModel *>(m_view->model());
    QItemSelection selection;
    for (TaskId id : back) {
        const QModelIndex index = m_model->index(m_model->rowOf(id), 0);
        const QModelIndex row = shown ? shown->mapFromSource(index) : index;
        if (row.isValid())
            selection.select(row, row);
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect |
                                                    QItemSelectionModel::Rows);
    if (!selection.isEmpty())
        m_view->scrollTo(selection.indexes().constFirst());
    Q_EMIT message(tr("%n task(s) back on the list.", nullptr, static_cast<int>(back.size())));
}

void TaskActions::copyUrls()
{
    QStringList urls;
    for (TaskId id : selectedIds())
        if (const Task *t = m_model->task(id); t && t->kind == TaskKind::Download)
            urls.append(t->url.toString()); // the whole URL, to paste elsewhere
    if (!urls.isEmpty())
        QGuiApplication::clipboard()->setText(urls.join(QLatin1Char('\n')));
}

void TaskActions::changeUrl()
{
    const QList<TaskId> ids = selectedIds();
    const Task *t = ids.size() == 1 ? m_model->task(ids.first()) : nullptr;
    if (!t)
        return;
    const TaskId id = t->id;
    auto *dialog = new QInputDialog(m_view->window());
    dialog->setObjectName(QStringLiteral("changeUrlDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Change URL"));
    dialog->setLabelText(tr("A fresh link for %1.\nWhat was downloaded is kept when the new "
                            "server sends the same file; otherwise it starts over.")
                             .arg(t->fileName.isEmpty() ? t->url.fileName() : t->fileName));
    dialog->setTextValue(t->url.toString());
    dialog->resize(qMax(dialog->width(), 520), dialog->height());
    connect(dialog, &QInputDialog::textValueSelected, this, [this, id](const QString &text) {
        QString why;
        const QUrl url = Urls::parse(text, &why);
        if (!url.isValid() || !m_engine->changeUrl(id, url, &why))
            Q_EMIT message(why);
        else
            Q_EMIT message(tr("New URL set."));
    });
    dialog->open();
}

void TaskActions::openFiles()
{
    int opened = 0, wanted = 0;
    for (TaskId id : selectedIds()) {
        const Task *task = m_model->task(id);
        // A remote engine's file is on its machine; its path here means nothing (or worse).
        if (!task || task->state != TaskState::Completed || task->fileName.isEmpty() ||
            task->isRemote())
            continue;
        if (++wanted <= MaxOpenedAtOnce &&
            QDesktopServices::openUrl(QUrl::fromLocalFile(task->filePath())))
            ++opened;
    }
    if (wanted > MaxOpenedAtOnce)
        Q_EMIT message(tr("Opened the first %1 of %2 files.").arg(opened).arg(wanted));
    else if (opened < wanted)
        Q_EMIT message(tr("Could not open %n file(s).", nullptr, wanted - opened));
}

void TaskActions::openFolders()
{
    QStringList folders;
    for (TaskId id : selectedIds()) {
        if (const Task *task = m_model->task(id);
            task && !task->isRemote() && !folders.contains(task->directory))
            folders.append(task->directory);
    }
    for (qsizetype i = 0; i < folders.size() && i < MaxOpenedAtOnce; ++i) {
        if (!QFileInfo(folders[i]).isDir())
            Q_EMIT message(tr("The folder %1 does not exist.").arg(folders[i]));
        else
            QDesktopServices::openUrl(QUrl::fromLocalFile(folders[i]));
    }
}

void TaskActions::retryAllFailed()
{
    const QList<TaskId> ids = idsIn(TaskState::Failed);
    m_engine->retry(ids);
    Q_EMIT message(tr("Retrying %n failed download(s).", nullptr, static_cast<int>(ids.size())));
}

void TaskActions::clearCompleted()
{
    const QList<TaskId> ids = idsIn(TaskState::Completed);
    m_removedPlaces = m_model->tasks()->places(ids); // for Undo: where each stood
    m_removed = m_engine->remove(ids);               // no file is deleted: nothing to ask
    m_undoRemove->setEnabled(!m_removed.empty());
    Q_EMIT message(
        tr("Cleared %n completed task(s). Undo: Ctrl+Z", nullptr, static_cast<int>(ids.size())));
}
