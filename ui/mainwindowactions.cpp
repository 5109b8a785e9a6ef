// MainWindow's actions, toolbar and menus (the window itself is in mainwindow.cpp).
#include "detailspanel.h"
#include "icons.h"
#include "mainwindow.h"
#include "queueactions.h"
#include "services/settings.h"
#include "taskactions.h"
#include "tasktable.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QMenuBar>
#include <QToolBar>

void MainWindow::createActions()
{
    m_addAction = new QAction(Icons::get(Icons::Id::Add), tr("&Add URLs…"), this);
    m_addAction->setObjectName(QStringLiteral("actionAdd"));
    m_addAction->setIconText(tr("Add"));
    m_addAction->setToolTip(tr("Add many URLs at once"));
    m_addAction->setShortcut(QKeySequence::New);
    connect(m_addAction, &QAction::triggered, this, &MainWindow::showAddDialog);

    // Ctrl+V adds URLs only while the table has the focus; text fields paste as usual.
    m_pasteAction = new QAction(tr("Paste &URLs"), this);
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
    // Ctrl+, (Cmd+, on macOS, its QKeySequence::Preferences). Preferences itself has no keys
    // on Linux: as the first shortcut it left the menu showing none.
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    // The details panel can go, for more rows; remembered with the window's layout.
    m_showDetailsAction = new QAction(tr("Show &Details"), this);
    m_showDetailsAction->setObjectName(QStringLiteral("actionShowDetails"));
    m_showDetailsAction->setCheckable(true);
    m_showDetailsAction->setChecked(true);
    m_showDetailsAction->setShortcut(QKeySequence(Qt::Key_F9));
    // Triggered: only the user's clicks and F9 (the panel stepping aside unticks it too).
    connect(m_showDetailsAction, &QAction::triggered, this, [this](bool shown) {
        m_detailsWanted = shown;
        m_detailsAnyway = shown && height() < CompactHeight;
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

    m_urlTarget = new QComboBox(bar);
    m_urlTarget->setObjectName(QStringLiteral("urlTarget"));
    m_urlTarget->setAccessibleName(tr("Where the URL is downloaded"));
    m_urlTarget->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_urlTarget->addItem(tr("This computer"), QString(QLatin1String("")));
    connect(m_urlTarget, &QComboBox::activated, this, [this] {
        m_settings->setAddTarget(m_urlTarget->currentData().toString()); // remembered
    });

    bar->addWidget(m_urlField);
    m_urlTargetAction = bar->addWidget(m_urlTarget);
    m_urlTargetAction->setVisible(false); // until there is a remote engine
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
            button && !action->isSeparator() && button != m_urlField && button != m_urlTarget) {
            button->setAccessibleName(action->iconText());
            button->setAccessibleDescription(action->toolTip());
        }
    }
}

// A menu's mnemonics are its own (the table's context menu is one too): Tasks has
// O F P E C R M L N Q Y H A S I D U T, File A U H S Q, the context menu also U (Paste URLs).
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
    QAction *selectAll = tasks->addAction(tr("Selec&t All"), m_table, &QTableView::selectAll);
    selectAll->setShortcut(QKeySequence::SelectAll);
    selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(selectAll);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_showDetailsAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts =
        help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setObjectName(QStringLiteral("actionShortcuts"));
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
