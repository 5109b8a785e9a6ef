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
#include "services/downloadengine.h"
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
    });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::followCurrentRow);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::followCurrentRow);
    restoreUiState();
}

void MainWindow::createActions()
{
    m_addAction = new QAction(Icons::get(Icons::Id::Add), tr("&Add URLs…"), this);
    m_addAction->setObjectName(QStringLiteral("actionAdd"));
    m_addAction->setIconText(tr("Add"));
    m_addAction->setToolTip(tr("Add many URLs at once"));
    m_addAction->setShortcut(QKeySequence::New);
    connect(m_addAction, &QAction::triggered, this, &MainWindow::showAddDialog);

    // Ctrl+V adds URLs only while the table has the focus; text fields paste as usual.
    m_pasteAction = new QAction(tr("&Paste URLs"), this);
    m_pasteAction->setObjectName(QStringLiteral("actionPaste"));
    m_pasteAction->setShortcut(QKeySequence::Paste);
    m_pasteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(m_pasteAction);
    connect(m_pasteAction, &QAction::triggered, this, &MainWindow::pasteUrls);

    m_hashAction = new QAction(tr("&Hash Files…"), this);
    m_hashAction->setObjectName(QStringLiteral("actionHashFiles"));
    m_hashAction->setToolTip(tr("Compute the SHA-256 digest of local files"));
    connect(m_hashAction, &QAction::triggered, this, &MainWindow::chooseFilesToHash);

    m_settingsAction = new QAction(Icons::get(Icons::Id::Settings), tr("&Settings…"), this);
    m_settingsAction->setObjectName(QStringLiteral("actionSettings"));
    m_settingsAction->setIconText(tr("Settings"));
    m_settingsAction->setShortcuts(
        {QKeySequence(QKeySequence::Preferences), QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    // The details panel can go, for more rows; remembered with the window's layout.
    m_showDetailsAction = new QAction(tr("Show &Details"), this);
    m_showDetailsAction->setObjectName(QStringLiteral("actionShowDetails"));
    m_showDetailsAction->setCheckable(true);
    m_showDetailsAction->setChecked(true);
    m_showDetailsAction->setShortcut(QKeySequence(Qt::Key_F9));
    connect(m_showDetailsAction, &QAction::toggled, this, [this](bool shown) {
        showDetailsIfRoom();
        m_settings->setUiState(QStringLiteral("detailsHidden"),
                               shown ? QByteArray() : QByteArray("1"));
    });

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("actionQuit"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::quit);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = m_toolBar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(22, 22));

    m_urlField = new QLineEdit(bar);
    m_urlField->setObjectName(QStringLiteral("urlField"));
    m_urlField->setAccessibleName(tr("URL to download"));
    m_urlField->setPlaceholderText(tr("Paste a URL and press Enter"));
    m_urlField->setClearButtonEnabled(true);
    m_urlField->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_urlField->setMinimumWidth(260);
    connect(m_urlField, &QLineEdit::returnPressed, this, &MainWindow::addFromUrlField);

    bar->addWidget(m_urlField);
    bar->addAction(m_addAction);
    bar->addSeparator();
    bar->addAction(m_taskActions->pauseAction());
    bar->addAction(m_taskActions->resumeAction());
    bar->addAction(m_taskActions->cancelAction());
    bar->addAction(m_taskActions->retryAction());
    bar->addAction(m_taskActions->removeAction());
    bar->addSeparator();
    bar->addAction(m_taskActions->openFileAction());
    bar->addAction(m_taskActions->openFolderAction());
    bar->addSeparator();
    bar->addAction(m_settingsAction);
    for (QAction *action : bar->actions()) {
        if (QWidget *button = bar->widgetForAction(action);
            button && !action->isSeparator() && button != m_urlField) {
            button->setAccessibleName(action->iconText());
            button->setAccessibleDescription(action->toolTip());
        }
    }
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_addAction);
    file->addAction(m_pasteAction);
    file->addAction(m_hashAction);
    file->addSeparator();
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *tasks = menuBar()->addMenu(tr("&Tasks"));
    const QList<QAction *> perTask = m_taskActions->selectionActions();
    tasks->addActions(perTask);
    tasks->addAction(m_taskActions->speedLimitAction());
    tasks->addAction(m_taskActions->connectionsAction());
    QMenu *queue = tasks->addMenu(tr("&Queue"));
    queue->addActions(m_queueActions->actions());
    tasks->addAction(m_taskActions->copyUrlAction());
    tasks->addAction(m_taskActions->changeUrlAction());
    tasks->addSeparator();
    tasks->addAction(m_taskActions->pauseAllAction());
    tasks->addAction(m_taskActions->resumeAllAction());
    tasks->addAction(m_taskActions->retryAllFailedAction());
    tasks->addAction(m_taskActions->clearCompletedAction());
    tasks->addAction(m_taskActions->undoRemoveAction());
    tasks->addSeparator();
    QAction *selectAll = tasks->addAction(tr("Select &All"), m_table, &QTableView::selectAll);
    selectAll->setShortcut(QKeySequence::SelectAll);
    selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(selectAll);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_showDetailsAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    QAction *about = help->addAction(tr("&About Fetchdeck"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);

    QList<QAction *> context = perTask;
    context.insert(2, nullptr);
    context.insert(5, m_taskActions->speedLimitAction()); // after Pause and Resume
    context.insert(6, m_taskActions->connectionsAction());
    context << nullptr << queue->menuAction() << m_taskActions->copyUrlAction()
            << m_taskActions->changeUrlAction() << nullptr << m_taskActions->retryAllFailedAction()
            << m_taskActions->clearCompletedAction() << nullptr << m_pasteAction;
    m_table->setContextActions(context);
}

void MainWindow::addUrls(const QList<QUrl> &urls, const QString &directory)
{
    if (!urls.isEmpty())
        report(UrlIntake::add(m_engine, urls, directory));
}

void MainWindow::addFromUrlField()
{
    QString why;
    const UrlIntake::Result result = UrlIntake::addTyped(m_engine, m_urlField->text(), &why);
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
    auto *dialog = new AddDialog(UrlIntake::existingKeys(m_engine->tasks()),
                                 m_engine->defaultDirectory(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        report(UrlIntake::add(m_engine, dialog->urls(), dialog->directory(), dialog->checksum(),
                              dialog->extract()),
               dialog->duplicateCount());
    });
    dialog->open();
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_engine, m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
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

void MainWindow::followCurrentRow()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    m_details->setTaskId(current.isValid() ? current.data(TaskModel::TaskIdRole).value<TaskId>()
                                           : 0);
}

void MainWindow::restoreUiState()
{
    if (!restoreGeometry(m_settings->uiState(QStringLiteral("geometry"))))
        resize(1100, 700);
    restoreState(m_settings->uiState(QStringLiteral("windowState")));
    m_splitter->restoreState(m_settings->uiState(QStringLiteral("splitter")));
    m_showDetailsAction->setChecked(m_settings->uiState(QStringLiteral("detailsHidden")).isEmpty());
    QHeaderView *header = m_table->horizontalHeader();
    if (header->restoreState(m_settings->uiState(QStringLiteral("header"))))
        m_table->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    m_table->rememberColumnWidths();
}

void MainWindow::saveUiState()
{
    m_settings->setUiState(QStringLiteral("geometry"), saveGeometry());
    m_settings->setUiState(QStringLiteral("windowState"), saveState());
    m_settings->setUiState(QStringLiteral("splitter"), m_splitter->saveState());
    m_settings->setUiState(QStringLiteral("header"), m_table->horizontalHeader()->saveState());
}

// At small sizes the table keeps the room: toolbar buttons lose their text, and below a
// height the details panel steps aside (View > Show Details still says what the user chose).
void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    m_toolBar->setToolButtonStyle(width() < CompactWidth ? Qt::ToolButtonIconOnly
                                                         : Qt::ToolButtonTextBesideIcon);
    showDetailsIfRoom();
}

void MainWindow::showDetailsIfRoom()
{
    m_details->setVisible(m_showDetailsAction->isChecked() && height() >= CompactHeight);
}

void MainWindow::showShortcuts()
{
    HelpDialogs::showShortcuts(this,
                               {m_addAction, m_pasteAction, m_taskActions->togglePauseAction(),
                                m_taskActions->retryAction(), m_taskActions->retryAllFailedAction(),
                                m_taskActions->removeAction(), m_taskActions->undoRemoveAction(),
                                m_taskActions->openFileAction(), m_showDetailsAction,
                                m_settingsAction, m_quitAction});
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
