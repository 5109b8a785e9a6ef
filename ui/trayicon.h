// The system tray icon: the app icon with the total progress as its tooltip, a notification when
// a task completes or fails, and a menu to show or hide the window and to quit. Inert when the
// desktop offers no tray (isAvailable()). MainWindow owns it and decides about closing to the tray.
#pragma once

#include "models/task.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QSystemTrayIcon>
#include <QTimer>
#include <memory>

class QAction;
class QMenu;
class TaskModel;

class TrayIcon final : public QObject {
    Q_OBJECT
public:
    static constexpr int TooltipIntervalMs = 1000; // the tooltip changes at most once a second
    static constexpr int NotifyDelayMs = 1000;     // tasks ending together share one notification
    static constexpr int NotifyDurationMs = 5000;

    // `window` is shown, raised or hidden from the tray; the icon appears at once when the
    // desktop has a tray.
    TrayIcon(TaskModel *model, QWidget *window, QObject *parent = nullptr);
    ~TrayIcon() override;

    // Whether the desktop has a system tray now. Without one the TrayIcon shows nothing.
    static bool isAvailable();
    // True when the icon is in the tray: only then may closing the window hide it there.
    bool isVisible() const;
    void setVisible(bool visible); // shows the icon only when the tray is available

    bool notificationsEnabled() const { return m_notify; }
    void setNotificationsEnabled(bool enabled);

    // A balloon or desktop notification ("Fetchdeck keeps running in the tray"), when visible.
    void showMessage(const QString &title, const QString &text,
                     QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information);

    // "3 running, 45% — 2.1 MiB/s", "2 queued", "No active downloads": the tooltip's second line.
    static QString summary(const TaskModel &model);

public Q_SLOTS:
    void showWindow();   // shows, un-minimizes, raises and activates the window
    void toggleWindow(); // hides an active window; shows any other

Q_SIGNALS:
    void quitRequested(); // the menu's Quit: MainWindow runs its quit flow (confirm, shut down)

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onActivated(QSystemTrayIcon::ActivationReason reason);
    void onStatsChanged();
    void onStateChanged(TaskId id, TaskState state);
    void updateToolTip();
    void updateMenu();
    void notifyEnded();

    TaskModel *m_model;
    QPointer<QWidget> m_window;
    // The tray goes before the menu it refers to (members are destroyed in reverse order).
    std::unique_ptr<QMenu> m_menu;
    std::unique_ptr<QSystemTrayIcon> m_tray;
    QAction *m_toggleAction = nullptr;
    QTimer m_tooltipTimer;
    bool m_tooltipPending = false;
    QTimer m_notifyTimer;
    bool m_notify = true;
    QList<TaskId> m_completed; // ended since the last notification
    QList<TaskId> m_failed;
};
