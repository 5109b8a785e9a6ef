// The system tray icon: tooltip, end-of-task notifications, Show/Hide and Quit.
#include "trayicon.h"

#include "icons.h"
#include "models/format.h"
#include "models/taskmodel.h"

#include <QAction>
#include <QEvent>
#include <QFileInfo>
#include <QMenu>
#include <QWidget>
#include <algorithm>
#include <utility>

namespace {

constexpr int MaxNamesInNotification = 3;

QString displayName(const Task &task)
{
    if (!task.fileName.isEmpty())
        return task.fileName;
    if (!task.extra().sourcePath.isEmpty())
        return QFileInfo(task.extra().sourcePath).fileName();
    const QString name = task.url.fileName();
    return name.isEmpty() ? task.url.host() : name;
}

} // namespace

TrayIcon::TrayIcon(TaskModel *model, QWidget *window, QObject *parent)
    : QObject(parent), m_model(model), m_window(window), m_menu(std::make_unique<QMenu>()),
      m_tray(std::make_unique<QSystemTrayIcon>())
{
    m_tray->setIcon(Icons::app());

    m_toggleAction = m_menu->addAction(tr("Show window"));
    connect(m_toggleAction, &QAction::triggered, this, [this] {
        if (m_window && m_window->isVisible() && !m_window->isMinimized())
            m_window->hide();
        else
            showWindow();
    });
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit"));
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    m_tray->setContextMenu(m_menu.get());
    connect(m_tray.get(), &QSystemTrayIcon::activated, this, &TrayIcon::onActivated);
    if (m_window)
        m_window->installEventFilter(this); // the menu says Show or Hide as the window is

    m_tooltipTimer.setSingleShot(true);
    m_tooltipTimer.setInterval(TooltipIntervalMs);
    connect(&m_tooltipTimer, &QTimer::timeout, this, [this] {
        if (!m_tooltipPending)
            return;
        m_tooltipPending = false;
        updateToolTip();
        m_tooltipTimer.start();
    });
    m_notifyTimer.setSingleShot(true);
    m_notifyTimer.setInterval(NotifyDelayMs);
    connect(&m_notifyTimer, &QTimer::timeout, this, &TrayIcon::notifyEnded);
    connect(m_model, &TaskModel::statsChanged, this, &TrayIcon::onStatsChanged);
    connect(m_model, &TaskModel::stateChanged, this, &TrayIcon::onStateChanged);

    updateToolTip();
    updateMenu();
    setVisible(true);
}

TrayIcon::~TrayIcon() = default;

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

bool TrayIcon::isVisible() const
{
    return m_tray->isVisible();
}

void TrayIcon::setVisible(bool visible)
{
    m_tray->setVisible(visible && isAvailable());
}

void TrayIcon::setNotificationsEnabled(bool enabled)
{
    m_notify = enabled;
    if (!enabled) {
        m_notifyTimer.stop();
        m_completed.clear();
        m_failed.clear();
    }
}

void TrayIcon::showMessage(const QString &title, const QString &text,
                           QSystemTrayIcon::MessageIcon icon)
{
    if (m_tray->isVisible())
        m_tray->showMessage(title, text, icon, NotifyDurationMs);
}

QString TrayIcon::summary(const TaskModel &model)
{
    const int running = model.countIn(TaskState::Running);
    const int queued = model.countIn(TaskState::Queued);
    if (running == 0 && queued == 0)
        return tr("No active downloads");
    if (running == 0)
        return tr("%n queued", nullptr, queued);

    // Progress over the running tasks whose size is known.
    qint64 done = 0;
    qint64 total = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const Task &task = model.taskAt(row);
        if (task.state == TaskState::Running && task.bytesTotal > 0) {
            done += std::min(task.bytesDone, task.bytesTotal);
            total += task.bytesTotal;
        }
    }
    QString text = tr("%n running", nullptr, running);
    if (total > 0)
        text += tr(", %1%").arg(done * 100 / total);
    const QString speed = Format::speed(model.totalSpeed());
    if (!speed.isEmpty())
        text += QStringLiteral(" — ") + speed;
    return text;
}

void TrayIcon::showWindow()
{
    if (!m_window)
        return;
    if (m_window->isMinimized())
        m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void TrayIcon::toggleWindow()
{
    if (m_window && m_window->isVisible() && !m_window->isMinimized() && m_window->isActiveWindow())
        m_window->hide();
    else
        showWindow();
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && (event->type() == QEvent::Show || event->type() == QEvent::Hide ||
                                event->type() == QEvent::WindowStateChange))
        updateMenu();
    return QObject::eventFilter(watched, event);
}

void TrayIcon::onActivated(QSystemTrayIcon::ActivationReason reason)
{
    if (reason == QSystemTrayIcon::Trigger)
        toggleWindow();
}

void TrayIcon::onStatsChanged()
{
    if (m_tooltipTimer.isActive()) {
        m_tooltipPending = true;
        return;
    }
    updateToolTip();
    m_tooltipTimer.start();
}

void TrayIcon::onStateChanged(TaskId id, TaskState state)
{
    if (!m_notify || (state != TaskState::Completed && state != TaskState::Failed))
        return;
    (state == TaskState::Completed ? m_completed : m_failed).append(id);
    if (!m_notifyTimer.isActive())
        m_notifyTimer.start();
}

void TrayIcon::updateToolTip()
{
    const QString text = QStringLiteral("Fetchdeck\n") + summary(*m_model);
    if (text != m_tray->toolTip())
        m_tray->setToolTip(text);
}

void TrayIcon::updateMenu()
{
    const bool shown = m_window && m_window->isVisible() && !m_window->isMinimized();
    m_toggleAction->setText(shown ? tr("Hide window") : tr("Show window"));
}

// One notification for the tasks that ended within NotifyDelayMs: a queue of small files ending
// together must not flood the desktop.
void TrayIcon::notifyEnded()
{
    QStringList lines;
    int completed = 0;
    int failed = 0;
    bool onlyDownloads = true;
    for (const TaskId id : std::as_const(m_failed)) {
        const Task *task = m_model->task(id);
        if (!task || task->state != TaskState::Failed) // removed or retried meanwhile
            continue;
        ++failed;
        onlyDownloads = onlyDownloads && task->kind == TaskKind::Download;
        lines << tr("%1: %2").arg(displayName(*task), task->error.message);
    }
    for (const TaskId id : std::as_const(m_completed)) {
        const Task *task = m_model->task(id);
        if (!task || task->state != TaskState::Completed)
            continue;
        ++completed;
        onlyDownloads = onlyDownloads && task->kind == TaskKind::Download;
        lines << displayName(*task);
    }
    m_completed.clear();
    m_failed.clear();
    if (completed + failed == 0)
        return;

    QString title;
    if (failed == 0 && completed == 1)
        title = onlyDownloads ? tr("Download complete") : tr("Task complete");
    else if (failed == 1 && completed == 0)
        title = onlyDownloads ? tr("Download failed") : tr("Task failed");
    else if (failed == 0)
        title = tr("%n tasks complete", nullptr, completed);
    else if (completed == 0)
        title = tr("%n tasks failed", nullptr, failed);
    else
        title = tr("%1 complete, %2 failed").arg(completed).arg(failed);

    const int more = lines.size() - MaxNamesInNotification;
    if (more > 0) {
        lines.resize(MaxNamesInNotification);
        lines << tr("and %n more", nullptr, more);
    }
    showMessage(title, lines.join(QLatin1Char('\n')),
                failed > 0 ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
}
