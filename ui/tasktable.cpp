// The task table.
#include "tasktable.h"

#include "models/taskmodel.h"
#include "progressdelegate.h"
#include "taskfilterproxy.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QPainter>
#include <QStyledItemDelegate>

namespace {
// The State column keeps the start of its text ("Failed: HTTP 404 Not…"): the whole text is in
// the tooltip and the details. Names elide in the middle, keeping their extension.
class StateDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideRight;
    }
};
} // namespace

TaskTable::TaskTable(TaskFilterProxy *proxy, QWidget *parent) : QTableView(parent), m_proxy(proxy)
{
    setObjectName(QStringLiteral("taskTable"));
    setAccessibleName(tr("Downloads"));
    setModel(proxy);
    setItemDelegateForColumn(TaskModel::ProgressColumn, new ProgressDelegate(this));
    setItemDelegateForColumn(TaskModel::StateColumn, new StateDelegate(this));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSortingEnabled(true);
    sortByColumn(-1, Qt::AscendingOrder); // order of addition until the user picks a column
    setAlternatingRowColors(true);
    setShowGrid(false);
    setWordWrap(false);
    setTextElideMode(Qt::ElideMiddle); // keeps the extension of long names visible
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Tab leaves the table for the details panel, as between any other widgets: moving from
    // cell to cell (rows are selected whole) changed the selected download and kept the focus.
    setTabKeyNavigation(false);
    setIconSize(QSize(16, 16));

    QHeaderView *rows = verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 10);

    QHeaderView *columns = horizontalHeader();
    columns->setObjectName(QStringLiteral("taskTableHeader"));
    columns->setHighlightSections(false);
    // For every section it paints, the header asks whether its neighbours' whole columns are
    // selected (even without highlighting), and each answer scans the selection: 6% of the GUI
    // thread with 10,000 rows selected while sorted by speed. Rows are selected whole, never a
    // column: the header gets a selection of its own, which stays empty. (QTableView would
    // give it the view's again on another setModel() or setSelectionModel(); there is none.)
    columns->setSelectionModel(new QItemSelectionModel(proxy, columns));
    columns->setSectionsMovable(true);
    columns->setStretchLastSection(false);
    columns->setMinimumSectionSize(50);
    columns->setSectionResizeMode(TaskModel::NameColumn, QHeaderView::Stretch);
    const QFontMetrics fm = fontMetrics();
    columns->resizeSection(TaskModel::SizeColumn, // "12.5 MiB so far": no size from the server
                           fm.horizontalAdvance(QStringLiteral("999.9 MiB so far")) + 24);
    columns->resizeSection(TaskModel::ProgressColumn, 170);
    columns->resizeSection(TaskModel::SpeedColumn,
                           fm.horizontalAdvance(QStringLiteral("9999.9 MiB/s")) + 24);
    columns->resizeSection(TaskModel::EtaColumn,
                           fm.horizontalAdvance(QStringLiteral("99 h 99 min")) + 24);
    columns->resizeSection(TaskModel::StateColumn,
                           fm.horizontalAdvance(QStringLiteral("Failed: HTTP 404 Not Found")) + 48);
    columns->resizeSection(TaskModel::AddedColumn,
                           fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59")) + 24);
    columns->resizeSection(TaskModel::FinishedColumn,
                           fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59")) + 24);
    columns->resizeSection(TaskModel::FolderColumn, 200);
    columns->resizeSection(TaskModel::DownloadedColumn,
                           fm.horizontalAdvance(QStringLiteral("9999.9 MiB")) + 24);
    columns->resizeSection(TaskModel::HostColumn, 160);
    columns->resizeSection(TaskModel::ConnectionsColumn,
                           fm.horizontalAdvance(QStringLiteral("Connections")) + 24);
    rememberColumnWidths(); // before hiding: a hidden section measures 0
    for (int c = TaskModel::FirstOptionalColumn; c < TaskModel::ColumnCount; ++c)
        columns->setSectionHidden(c, true);
    // The header's menu chooses the columns (Name always stays).
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(columns, &QHeaderView::customContextMenuRequested, this,
            [this](const QPoint &at) { showColumnMenu(horizontalHeader()->mapToGlobal(at)); });
    rememberColumnWidths();
    // A column the user widens or narrows keeps that width whenever there is room for it.
    connect(columns, &QHeaderView::sectionResized, this, [this](int section, int, int size) {
        if (!m_fitting && section != TaskModel::NameColumn && size > 0)
            m_preferred[section] = size;
    });
}

void TaskTable::rememberColumnWidths()
{
    for (int c = 0; c < TaskModel::ColumnCount; ++c)
        if (const int size = horizontalHeader()->sectionSize(c); size > 0) // 0: hidden
            m_preferred[c] = size;
    if (m_defaults[0] == 0)
        m_defaults = m_preferred; // the first call: the widths the contents need
}

QByteArray TaskTable::preferredWidths() const
{
    QByteArrayList widths;
    for (int width : m_preferred)
        widths.append(QByteArray::number(width));
    return widths.join(',');
}

void TaskTable::setPreferredWidths(const QByteArray &saved)
{
    const QByteArrayList widths = saved.split(',');
    for (int c = 0; c < TaskModel::ColumnCount; ++c) {
        bool ok = false;
        const int width = c < widths.size() ? widths[c].toInt(&ok) : 0;
        // Without a saved width (an older version saved the shrunk ones only), at least the
        // width the contents need.
        m_preferred[c] = ok && width > 0 ? width : qMax(m_preferred[c], m_defaults[c]);
    }
    fitColumns();
}

// Name gets the room first: when the table is narrow, the other columns shrink (to a floor that
// keeps their numbers readable) before Name goes under NameRoom pixels.
void TaskTable::fitColumns()
{
    static constexpr int NameRoom = 220;
    QHeaderView *header = horizontalHeader();
    int preferred = 0;
    for (int c = 0; c < TaskModel::ColumnCount; ++c)
        if (c != TaskModel::NameColumn && !header->isSectionHidden(c))
            preferred += m_preferred[c];
    if (preferred <= 0)
        return;
    const double scale =
        qBound(0.0, double(viewport()->width() - NameRoom) / double(preferred), 1.0);
    m_fitting = true;
    for (int c = 0; c < TaskModel::ColumnCount; ++c) {
        if (c == TaskModel::NameColumn || header->isSectionHidden(c))
            continue;
        const int floor = c == TaskModel::StateColumn      ? 110
                          : c == TaskModel::ProgressColumn ? 80
                                                           : 56;
        header->resizeSection(c, qMax(qMin(floor, m_preferred[c]), int(m_preferred[c] * scale)));
    }
    m_fitting = false;
}

void TaskTable::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    fitColumns();
}

QMenu *TaskTable::columnMenu()
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("columnMenu"));
    QHeaderView *header = horizontalHeader();
    for (int c = 0; c < TaskModel::ColumnCount; ++c) {
        if (c == TaskModel::NameColumn)
            continue;
        QAction *column = menu->addAction(model()->headerData(c, Qt::Horizontal).toString());
        column->setObjectName(QStringLiteral("column%1").arg(c));
        column->setCheckable(true);
        column->setChecked(!header->isSectionHidden(c));
        connect(column, &QAction::toggled, this, [this, c](bool shown) {
            m_fitting = true; // hiding and showing are no widths the user chose
            horizontalHeader()->setSectionHidden(c, !shown);
            m_fitting = false;
            fitColumns();
        });
    }
    return menu;
}

void TaskTable::showColumnMenu(const QPoint &globalPos)
{
    QMenu *menu = columnMenu();
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPos);
}

QString TaskTable::emptyText() const
{
    if (m_proxy->rowCount() > 0)
        return {};
    if (!m_proxy->searchText().isEmpty())
        return tr("No download matches “%1”.").arg(m_proxy->searchText());
    if (m_proxy->sourceModel() && m_proxy->sourceModel()->rowCount() > 0)
        return tr("No download in this tab.");
    return tr("Paste a URL above or drop links here.");
}

void TaskTable::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    const QString text = emptyText();
    if (text.isEmpty())
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::Disabled, QPalette::Text));
    painter.drawText(viewport()->rect().adjusted(12, 12, -12, -12),
                     Qt::AlignCenter | Qt::TextWordWrap, text);
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
