// TaskActions' submenus: a speed limit and a number of connections of their own for the
// selected downloads. Split from taskactions.cpp.
#include "models/format.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "speedlimitbutton.h"
#include "taskactions.h"

#include <QAbstractItemView>
#include <QAction>
#include <QActionGroup>
#include <QMenu>

void TaskActions::createSpeedLimitMenu()
{
    m_speedLimit = makeAction(QStringLiteral("actionTaskSpeedLimit"), tr("Speed &Limit"),
                              tr("A speed limit of their own for the selected downloads"));
    auto *menu = new QMenu(m_view);
    auto *group = new QActionGroup(menu);
    for (qint64 rate : SpeedLimitButton::presets()) {
        QAction *choice =
            menu->addAction(rate == 0 ? tr("No limit of its own") : Format::speed(double(rate)));
        choice->setObjectName(QStringLiteral("taskSpeedLimit%1").arg(rate));
        choice->setCheckable(true);
        choice->setData(rate);
        group->addAction(choice);
        connect(choice, &QAction::triggered, this, [this, rate] {
            for (TaskId id : selectedIds())
                if (const Task *t = m_model->task(id); t && t->kind == TaskKind::Download)
                    m_engine->setTaskLimitRate(id, rate);
        });
    }
    // Shows the limit of the first selected download.
    connect(menu, &QMenu::aboutToShow, this, [this, menu] {
        const QList<TaskId> ids = selectedIds();
        const qint64 rate = ids.isEmpty() ? 0 : m_engine->taskLimitRate(ids.first());
        for (QAction *choice : menu->actions())
            choice->setChecked(choice->data().toLongLong() == rate);
    });
    m_speedLimit->setMenu(menu);
}

void TaskActions::createConnectionsMenu()
{
    m_connectionsAction =
        makeAction(QStringLiteral("actionTaskConnections"), tr("Co&nnections"),
                   tr("How many connections the selected downloads use (a running one restarts "
                      "its attempt, keeping what it has)"));
    auto *menu = new QMenu(m_view);
    auto *group = new QActionGroup(menu);
    for (int n : {0, 1, 2, 4, 8, 16}) {
        QAction *choice = menu->addAction(n == 0 ? tr("As in Settings") : QString::number(n));
        choice->setObjectName(QStringLiteral("taskConnections%1").arg(n));
        choice->setCheckable(true);
        choice->setData(n);
        group->addAction(choice);
        connect(choice, &QAction::triggered, this, [this, n] {
            for (TaskId id : selectedIds())
                if (const Task *t = m_model->task(id); t && t->kind == TaskKind::Download)
                    m_engine->setTaskConnections(id, n);
        });
    }
    connect(menu, &QMenu::aboutToShow, this, [this, menu] {
        const QList<TaskId> ids = selectedIds();
        const int n = ids.isEmpty() ? 0 : m_engine->taskConnections(ids.first());
        for (QAction *choice : menu->actions()) {
            choice->setChecked(choice->data().toInt() == n);
            if (choice->data().toInt() == 0)
                choice->setText(tr("As in Settings (%1)").arg(m_engine->connections()));
        }
    });
    m_connectionsAction->setMenu(menu);
}
