// Start Now and the moves.
#include "queueactions.h"

#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"

#include <QAbstractItemView>
#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <algorithm>

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
        connect(action, &QAction::triggered, this, [this, where] { moveSelection(where); });
        m_moves.append(action);
    }
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &QueueActions::updateEnabled);
    connect(m_model, &TaskModel::stateChanged, this, &QueueActions::updateEnabled);
    if (auto *table = qobject_cast<QTableView *>(m_view)) // sorted or not: which moves apply
        connect(table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
                &QueueActions::updateEnabled);
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

// Top and Bottom of the whole list; Up and Down past the next row the view shows (in a tab,
// a hidden neighbour would make the key seem to do nothing).
void QueueActions::moveSelection(TaskRegistry::Move where)
{
    const QList<TaskId> ids = m_selection();
    if (ids.isEmpty())
        return;
    if (where == TaskRegistry::Move::Top || where == TaskRegistry::Move::Bottom) {
        m_engine->move(ids, where);
    } else {
        // Each run of adjacent selected rows passes the row next to it, one place: up, the run
        // goes before the row above it; down, the row below it goes before the run.
        const QAbstractItemModel *shown = m_view->model();
        QList<int> rows;
        for (const QModelIndex &row : m_view->selectionModel()->selectedRows())
            rows.append(row.row());
        std::sort(rows.begin(), rows.end());
        const auto idAt = [shown](int row) {
            return shown->index(row, 0).data(TaskModel::TaskIdRole).value<TaskId>();
        };
        const bool up = where == TaskRegistry::Move::Up;
        QHash<TaskId, QList<TaskId>> tasksBefore;
        for (qsizetype i = 0, j = 0; i < rows.size(); i = ++j) {
            while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
                ++j;
            if (up && rows[i] > 0) {
                QList<TaskId> &run = tasksBefore[idAt(rows[i] - 1)];
                for (qsizetype k = i; k <= j; ++k)
                    run.append(idAt(rows[k]));
            } else if (!up && rows[j] + 1 < shown->rowCount()) {
                tasksBefore[idAt(rows[i])].append(idAt(rows[j] + 1));
            }
        }
        if (tasksBefore.isEmpty())
            return;
        m_engine->placeBefore(tasksBefore);
    }
    m_view->scrollTo(m_view->selectionModel()->currentIndex()); // the moved rows stay in view
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
    // Sorted by a column, rows have no "up" of their own: only Top and Bottom apply.
    const auto *proxy = qobject_cast<const QSortFilterProxyModel *>(m_view->model());
    const bool sorted = proxy && proxy->sortColumn() >= 0;
    for (QAction *move : std::as_const(m_moves)) {
        const bool step = move == m_moves[1] || move == m_moves[2];
        move->setEnabled(any && !(step && sorted));
    }
}
