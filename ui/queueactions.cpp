// Start Now and the moves.
#include "queueactions.h"

#include "models/taskmodel.h"
#include "services/downloadengine.h"

#include <QAbstractItemView>
#include <QAction>
#include <QItemSelectionModel>

QueueActions::QueueActions(DownloadEngine *engine, TaskModel *model, QAbstractItemView *view,
                           std::function<QList<TaskId>()> selection, QObject *parent)
    : QObject(parent), m_engine(engine), m_model(model), m_view(view),
      m_selection(std::move(selection))
{
    m_startNow = makeAction("actionStartNow", tr("Start &Now"),
                            tr("Start the selected downloads at once, even beyond the number "
                               "of downloads at a time"),
                            {});
    connect(m_startNow, &QAction::triggered, this, [this] { m_engine->startNow(m_selection()); });
    using Move = TaskRegistry::Move;
    const struct {
        const char *name;
        QString text;
        QString tip;
        QKeySequence keys;
        Move where;
    } moves[] = {
        {"actionMoveTop", tr("Move to &Top"), tr("First in the list and in the queue"),
         QKeySequence(Qt::CTRL | Qt::Key_Home), Move::Top},
        {"actionMoveUp", tr("Move &Up"), tr("One place up in the list and in the queue"),
         QKeySequence(Qt::CTRL | Qt::Key_Up), Move::Up},
        {"actionMoveDown", tr("Move &Down"), tr("One place down in the list and in the queue"),
         QKeySequence(Qt::CTRL | Qt::Key_Down), Move::Down},
        {"actionMoveBottom", tr("Move to &Bottom"), tr("Last in the list and in the queue"),
         QKeySequence(Qt::CTRL | Qt::Key_End), Move::Bottom},
    };
    for (const auto &move : moves) {
        QAction *action = makeAction(move.name, move.text, move.tip, move.keys);
        const Move where = move.where;
        connect(action, &QAction::triggered, this, [this, where] {
            const QList<TaskId> ids = m_selection();
            m_engine->move(ids, where);
            if (!ids.isEmpty()) // the moved rows stay in view
                m_view->scrollTo(m_view->selectionModel()->currentIndex());
        });
        m_moves.append(action);
    }
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &QueueActions::updateEnabled);
    connect(m_model, &TaskModel::stateChanged, this, &QueueActions::updateEnabled);
    updateEnabled();
}

QAction *QueueActions::makeAction(const char *objectName, const QString &text,
                                  const QString &toolTip, const QKeySequence &keys)
{
    auto *action = new QAction(text, this);
    action->setObjectName(QString::fromLatin1(objectName));
    action->setToolTip(toolTip);
    action->setStatusTip(toolTip);
    if (!keys.isEmpty()) {
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut); // the table's keys
        m_view->addAction(action);
    }
    return action;
}

QList<QAction *> QueueActions::actions() const
{
    return QList<QAction *>{m_startNow} + m_moves;
}

void QueueActions::updateEnabled()
{
    bool any = false, startable = false;
    for (TaskId id : m_selection()) {
        const Task *t = m_model->task(id);
        if (!t)
            continue;
        any = true;
        startable |= t->kind == TaskKind::Download && t->state != TaskState::Running &&
                     t->state != TaskState::Completed;
    }
    m_startNow->setEnabled(startable);
    for (QAction *move : std::as_const(m_moves))
        move->setEnabled(any);
}
