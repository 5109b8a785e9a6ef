// The task table.
#include "tasktable.h"

#include "models/taskmodel.h"
#include "progressdelegate.h"
#include "taskfilterproxy.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QMenu>

TaskTable::TaskTable(TaskFilterProxy *proxy, QWidget *parent) : QTableView(parent)
{
    setObjectName(QStringLiteral("taskTable"));
    setAccessibleName(tr("Downloads"));
    setModel(proxy);
    setItemDelegateForColumn(TaskModel::ProgressColumn, new ProgressDelegate(this));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSortingEnabled(true);
    sortByColumn(-1, Qt::AscendingOrder); // order of addition until the user picks a column
    setAlternatingRowColors(true);
    setShowGrid(false);
    setWordWrap(false);
    setTextElideMode(Qt::ElideMiddle); // keeps the extension of long names visible
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setIconSize(QSize(16, 16));

    QHeaderView *rows = verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 10);

    QHeaderView *columns = horizontalHeader();
    columns->setObjectName(QStringLiteral("taskTableHeader"));
    columns->setHighlightSections(false);
    columns->setSectionsMovable(true);
    columns->setStretchLastSection(false);
    columns->setMinimumSectionSize(50);
    columns->setSectionResizeMode(TaskModel::NameColumn, QHeaderView::Stretch);
    const QFontMetrics fm = fontMetrics();
    columns->resizeSection(TaskModel::SizeColumn,
                           fm.horizontalAdvance(QStringLiteral("9999.9 MiB")) + 24);
    columns->resizeSection(TaskModel::ProgressColumn, 170);
    columns->resizeSection(TaskModel::SpeedColumn,
                           fm.horizontalAdvance(QStringLiteral("9999.9 MiB/s")) + 24);
    columns->resizeSection(TaskModel::EtaColumn,
                           fm.horizontalAdvance(QStringLiteral("99 h 99 min")) + 24);
    columns->resizeSection(TaskModel::StateColumn,
                           fm.horizontalAdvance(QStringLiteral("Failed: HTTP 404 Not Found")) + 48);
}

void TaskTable::setContextActions(const QList<QAction *> &actions)
{
    m_contextActions = actions;
}

void TaskTable::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    for (QAction *action : std::as_const(m_contextActions)) {
        if (action)
            menu.addAction(action);
        else
            menu.addSeparator();
    }
    menu.exec(event->globalPos());
}
