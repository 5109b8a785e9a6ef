// The dashboard window.
#include "mainwindow.h"

#include "adddialog.h"
#include "detailspanel.h"
#include "filterbar.h"
#include "helpdialogs.h"
#include "icons.h"
#include "models/taskmodel.h"
#include "queueactions.h"
#include "quitflow.h"
#include "services/engine/downloadengine.h"
#include "services/remote/remoteengines.h"
#include "services/remote/remoteenginesetup.h"
#include "services/settings.h"
#include "services/urls.h"
#include "settingsdialog.h"
#include "speedlimitbutton.h"
#include "statussummary.h"
#include "taskactions.h"
#include "taskfilterproxy.h"
#include "tasktable.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenuBar>
#include <QMimeData>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

static constexpr int MessageTimeoutMs = 8000;

MainWindow::MainWindow(DownloadEngine *engine, Settings *settings, QWidget *parent)
    : QMainWindow(parent), m_engine(engine), m_settings(settings),
      m_model(new TaskModel(engine->tasks(), this)), m_proxy(new TaskFilterProxy(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Fetchdeck"));
    setWindowIcon(Icons::app());
    setAcceptDrops(true);

    m_proxy->setSourceModel(m_model);
    m_table = new TaskTable(m_proxy);
    m_filterBar = new FilterBar(m_model, m_proxy);
    m_details = new DetailsPanel(m_model);
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({480, 200});

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_taskActions = new TaskActions(engine, m_model, m_table, settings, this);
    m_queueActions = new QueueActions(
        engine, m_model, m_table, [this] { return m_taskActions->selectedIds(); }, this);
    m_summary = new StatusSummary(m_model, this);
    m_tray = new TrayIcon(m_model, this, this);
    m_tray->setVisible(true);
    m_quitFlow = new QuitFlow(this, engine, m_model, settings, m_tray);
    connect(m_quitFlow, &QuitFlow::shuttingDown, this, &MainWindow::saveUiState);
    connect(m_tray, &TrayIcon::quitRequested, this, &MainWindow::quit);
    statusBar()->addPermanentWidget(new SpeedLimitButton(engine, this));
    statusBar()->addPermanentWidget(m_summary);

    createActions();
    createToolBar();
    createMenus();

    connect(engine, &DownloadEngine::orphanedPartFiles, this, [this](const QStringList &paths) {
        statusBar()->showMessage(tr("%n partial file(s) in the download folders belong to no task; "
                                    "they were left as they are: %1",
                                    nullptr, static_cast<int>(paths.size()))
                                     .arg(paths.mid(0, 3).join(QStringLiteral(", "))));
    });
    connect(m_taskActions, &TaskActions::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, MessageTimeoutMs); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::followCurrentRow);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QList<TaskId> ids = m_taskActions->selectedIds();
        m_proxy->setPinned(QSet<TaskId>(ids.cbegin(), ids.cend()));
        followCurrentRow();
    });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::followCurrentRow);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::followCurrentRow);
    restoreUiState();
}

void MainWindow::addUrls(const QList<QUrl> &urls, const QString &directory)
{
    if (!urls.isEmpty())
        report(UrlIntake::add(m_engine, urls, directory));
}

void MainWindow::addFromUrlField()
{
    QString why;
    const UrlIntake::Result result = UrlIntake::addTyped(
        m_engine, m_urlField->text(), &why, targetEngine(m_urlTarget->currentData().toString()));
    if (result.added + result.duplicates == 0 && !why.isEmpty()) {
        statusBar()->showMessage(why, MessageTimeoutMs);
        m_urlField->selectAll();
        return;
    }
    if (result.added + result.duplicates + result.invalid > 0) {
        report(result);
        m_urlField->clear();
    }
}

void MainWindow::report(const UrlIntake::Result &result, int skippedBefore)
{
    UrlIntake::Result shown = result;
    shown.duplicates += skippedBefore;
    statusBar()->showMessage(UrlIntake::describe(shown), MessageTimeoutMs);
}

void MainWindow::showAddDialog()
{
    auto *dialog = new AddDialog(UrlIntake::existingKeys(m_engine->tasks(), QString()),
                                 m_engine->defaultDirectory(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_remote && !m_remote->engines()->isEmpty()) {
        QList<std::pair<QString, QString>> engines;
        QHash<QString, QString> folders;
        for (const RemoteEngineConfig &c : m_remote->engines()->configs()) {
            engines.append({c.id, c.name});
            folders.insert(c.id, m_settings->remoteDirectory(c.id));
        }
        dialog->setTargets(engines, m_settings->addTarget(), folders);
    }
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString target = dialog->target();
        RemoteEngine *remote = targetEngine(target);
        if (m_remote) { // remembered for the next time, and for the URL field
            m_settings->setAddTarget(remote ? target : QString());
            if (remote)
                m_settings->setRemoteDirectory(target, dialog->directory());
            m_urlTarget->setCurrentIndex(
                qMax(0, m_urlTarget->findData(remote ? target : QString(QLatin1String("")))));
        }
        report(UrlIntake::add(m_engine, dialog->urls(), dialog->directory(), dialog->checksum(),
                              dialog->extract(), remote),
               dialog->duplicateCount());
    });
    dialog->open();
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_engine, m_settings, m_remote, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::setRemoteEngines(RemoteEngineSetup *setup)
{
    m_remote = setup;
    RemoteEngines *engines = setup->engines();
    m_engine->setRemoteEngines(engines);
    connect(engines, &RemoteEngines::enginesChanged, this, &MainWindow::updateRemoteEngines);
    connect(engines, &RemoteEngines::statusChanged, this, &MainWindow::updateRemoteEngines);
    connect(engines, &RemoteEngines::actionFailed, this,
            [this](const QString &text) { statusBar()->showMessage(text, MessageTimeoutMs); });
    updateRemoteEngines();
}

RemoteEngine *MainWindow::targetEngine(const QString &id) const
{
    return m_remote && !id.isEmpty() ? m_remote->engines()->engine(id) : nullptr;
}

// The engines' names and states wherever the window shows a place.
void MainWindow::updateRemoteEngines()
{
    const RemoteEngines *engines = m_remote->engines();
    QHash<QString, QString> labels;
    QList<std::pair<QString, QString>> places;
    const QString chosen = m_urlTarget->currentIndex() > 0 ? m_urlTarget->currentData().toString()
                                                           : m_settings->addTarget();
    while (m_urlTarget->count() > 1)
        m_urlTarget->removeItem(1);
    for (const RemoteEngineConfig &c : engines->configs()) {
        labels.insert(c.id, engines->label(c.id));
        places.append({c.id, engines->label(c.id)});
        m_urlTarget->addItem(c.name, c.id);
    }
    m_urlTarget->setCurrentIndex(qMax(0, m_urlTarget->findData(chosen)));
    m_urlTargetAction->setVisible(!engines->isEmpty());
    m_urlField->setMinimumWidth(engines->isEmpty() ? 260 : 170); // room for the target picker
    m_model->setWhereLabels(labels);
    m_filterBar->setEngines(places);
    // The first engine set up shows where each download runs; the user may hide it again.
    if (!engines->isEmpty() && m_settings->uiState(QStringLiteral("whereShown")).isEmpty()) {
        m_table->horizontalHeader()->setSectionHidden(TaskModel::WhereColumn, false);
        m_settings->setUiState(QStringLiteral("whereShown"), "1");
    }
}

void MainWindow::pasteUrls()
{
    const QList<QUrl> urls = UrlIntake::fromMimeData(QApplication::clipboard()->mimeData());
    if (urls.isEmpty())
        statusBar()->showMessage(tr("The clipboard holds no URL."), MessageTimeoutMs);
    else
        addUrls(urls);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!UrlIntake::fromMimeData(event->mimeData()).isEmpty() ||
        !UrlIntake::localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList files = UrlIntake::localFiles(event->mimeData());
    const QList<QUrl> urls = UrlIntake::fromMimeData(event->mimeData());
    if (urls.isEmpty() && files.isEmpty())
        return;
    event->acceptProposedAction();
    if (!files.isEmpty())
        hashFiles(files);
    addUrls(urls);
}

void MainWindow::hashFiles(const QStringList &files)
{
    m_engine->addHashTasks(files, HashAlgo::Sha256);
    statusBar()->showMessage(tr("Hashing %n file(s).", nullptr, static_cast<int>(files.size())),
                             MessageTimeoutMs);
}

void MainWindow::chooseFilesToHash()
{
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Hash Files"), m_engine->defaultDirectory());
    if (!files.isEmpty())
        hashFiles(files);
}

// The details show the task the toolbar acts on: the current row while it is selected, else
// a selected one (the first range's); none when nothing is selected.
void MainWindow::followCurrentRow()
{
    const QItemSelectionModel *selection = m_table->selectionModel();
    QModelIndex shown = selection->currentIndex();
    if (shown.isValid() && !selection->isRowSelected(shown.row(), shown.parent())) {
        // The selection's first range, not selectedRows(): that checks every row of every
        // range (10,000 selected rows, on each layout change of a live sort).
        const QItemSelection ranges = selection->selection();
        shown = ranges.isEmpty() ? QModelIndex() : QModelIndex(ranges.constFirst().topLeft());
    }
    m_details->setTaskId(shown.isValid() ? shown.data(TaskModel::TaskIdRole).value<TaskId>() : 0);
}

void MainWindow::restoreUiState()
{
    if (!restoreGeometry(m_settings->uiState(QStringLiteral("geometry"))))
        resize(1100, 700);
    restoreState(m_settings->uiState(QStringLiteral("windowState")));
    m_splitter->restoreState(m_settings->uiState(QStringLiteral("splitter")));
    m_detailsWanted = m_settings->uiState(QStringLiteral("detailsHidden")).isEmpty();
    showDetailsIfRoom();
    QHeaderView *header = m_table->horizontalHeader();
    if (header->restoreState(m_settings->uiState(QStringLiteral("header"))))
        m_table->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    // Columns newer than the saved state (saved by an older version) stay hidden until chosen.
    bool known = false;
    const int saved = m_settings->uiState(QStringLiteral("headerColumns")).toInt(&known);
    for (int c = known ? saved : TaskModel::FirstOptionalColumn; c < TaskModel::ColumnCount; ++c)
        header->setSectionHidden(c, true);
    m_table->rememberColumnWidths();
    m_table->setPreferredWidths(m_settings->uiState(QStringLiteral("columnWidths")));
}

void MainWindow::saveUiState()
{
    m_settings->setUiState(QStringLiteral("geometry"), saveGeometry());
    m_settings->setUiState(QStringLiteral("windowState"), saveState());
    m_settings->setUiState(QStringLiteral("splitter"), m_splitter->saveState());
    m_settings->setUiState(QStringLiteral("header"), m_table->horizontalHeader()->saveState());
    m_settings->setUiState(QStringLiteral("columnWidths"), m_table->preferredWidths());
    m_settings->setUiState(QStringLiteral("headerColumns"),
                           QByteArray::number(int(TaskModel::ColumnCount)));
}

// At small sizes the table keeps the room: toolbar buttons lose their text, and below a
// height the details panel steps aside (unticking View > Show Details, which brings it back).
void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    m_toolBar->setToolButtonStyle(width() < CompactWidth ? Qt::ToolButtonIconOnly
                                                         : Qt::ToolButtonTextBesideIcon);
    showDetailsIfRoom();
}

void MainWindow::showDetailsIfRoom()
{
    const bool room = height() >= CompactHeight;
    if (room)
        m_detailsAnyway = false; // the next time the window gets short, it steps aside again
    const bool shown = m_detailsWanted && (room || m_detailsAnyway);
    m_details->setVisible(shown);
    m_showDetailsAction->setChecked(shown); // the tick says what is on screen
}

// Every action with keys, from the menus (in their order) and the table's own keys (Space).
void MainWindow::showShortcuts()
{
    HelpDialogs::showShortcuts(this, HelpDialogs::actionsOf(menuBar(), m_table));
}

void MainWindow::showAbout()
{
    HelpDialogs::showAbout(this);
}

void MainWindow::quitCleanly()
{
    m_quitFlow->quitCleanly();
}

void MainWindow::quit()
{
    m_quitFlow->quit();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_quitFlow->allowClose())
        event->accept();
    else
        event->ignore();
}
