// The quit flow.
#include "quitflow.h"

#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/settings.h"
#include "trayicon.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

QuitFlow::QuitFlow(QWidget *window, DownloadEngine *engine, TaskModel *model, Settings *settings,
                   TrayIcon *tray)
    : QObject(window), m_window(window), m_engine(engine), m_model(model), m_settings(settings),
      m_tray(tray)
{
}

bool QuitFlow::confirmQuit()
{
    // Downloads on remote engines go on there: only this computer's count.
    const int work =
        m_model->localCountIn(TaskState::Running) + m_model->localCountIn(TaskState::Queued);
    QMessageBox box(QMessageBox::Question, tr("Quit Fetchdeck"),
                    tr("Downloads running or queued: %n.", nullptr, work), QMessageBox::NoButton,
                    m_window);
    box.setInformativeText(
        tr("Quitting stops them; partial files are kept so they can be resumed."));
    QPushButton *quit = box.addButton(tr("&Quit"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(quit);
    box.exec();
    return box.clickedButton() == static_cast<QAbstractButton *>(quit);
}

void QuitFlow::quitCleanly()
{
    m_quitWithoutAsking = true;
    if (m_shuttingDown)
        QCoreApplication::quit(); // asked twice: stop waiting for the transfers
    else
        m_window->close();
}

void QuitFlow::quit()
{
    m_reallyQuit = true;
    if (!m_window->close())
        m_reallyQuit = false; // the user chose to keep it running
}

bool QuitFlow::allowClose()
{
    if (!m_shuttingDown && !m_reallyQuit && !m_quitWithoutAsking && m_settings->closeToTray() &&
        m_tray->isVisible()) {
        m_window->hide();
        if (!m_toldAboutTray) {
            m_toldAboutTray = true;
            m_tray->showMessage(
                tr("Fetchdeck"),
                tr("Fetchdeck keeps running in the tray. Quit it from the tray's menu."));
        }
        return false;
    }
    if (!m_shuttingDown) {
        if (!m_quitWithoutAsking && m_engine->hasWork() && !confirmQuit())
            return false;
        Q_EMIT shuttingDown();
        shutDown();
    }
    return true;
}

void QuitFlow::shutDown()
{
    m_shuttingDown = true;
    if (m_engine->runningCount() == 0) {
        m_engine->stopAll();
        QCoreApplication::quit();
        return;
    }
    connect(m_engine, &DownloadEngine::stopped, qApp, &QCoreApplication::quit,
            Qt::QueuedConnection);
    m_engine->stopAll();
}
