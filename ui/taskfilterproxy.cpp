// The table's sort and filter proxy.
#include "taskfilterproxy.h"

#include "icons.h"
#include "models/taskmodel.h"

static bool isTextColumn(int column)
{
    return column == TaskModel::NameColumn || column == TaskModel::HostColumn ||
           column == TaskModel::FolderColumn || column == TaskModel::WhereColumn;
}

// Keys for `column` while it lives, if that is a text column, unless keys are on already (the
// outermost one drops them).
class TaskFilterProxy::SortKeys {
public:
    SortKeys(TaskFilterProxy *proxy, int column)
        : m_proxy(proxy), m_owner(!std::exchange(proxy->m_textKeysOn, true))
    {
        if (m_owner && proxy->sourceModel() && isTextColumn(column)) {
            proxy->m_textKeys.resize(size_t(proxy->sourceModel()->rowCount()));
            proxy->m_textKeysColumn = column;
        }
    }
    ~SortKeys()
    {
        if (m_owner) {
            m_proxy->m_textKeysOn = false;
            m_proxy->dropTextKeys();
        }
    }
    SortKeys(const SortKeys &) = delete;
    SortKeys &operator=(const SortKeys &) = delete;

private:
    TaskFilterProxy *m_proxy;
    bool m_owner;
};

TaskFilterProxy::TaskFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TaskModel::RawValueRole);
    setDynamicSortFilter(true);
}

void TaskFilterProxy::setStateFilter(StateFilter filter)
{
    if (filter == m_stateFilter)
        return;
    m_stateFilter = filter;
    m_pinned.clear(); // another tab: only what belongs there
    refilter();
}

void TaskFilterProxy::setPinned(const QSet<TaskId> &ids)
{
    // Only an unpinned row that no longer matches changes what is shown.
    const auto *model = qobject_cast<const TaskModel *>(sourceModel());
    bool hides = false;
    for (TaskId id : std::as_const(m_pinned)) {
        if (ids.contains(id) || !model)
            continue;
        const Task *t = model->task(id);
        hides |= t && !matches(m_stateFilter, *t);
    }
    m_pinned = ids;
    // Not now: the selection changes from inside the proxy's own row removal, and filtering
    // again in there nests (wrong rows, then a crash). Once, on the next turn of the loop.
    if (hides && !m_refilterQueued) {
        m_refilterQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_refilterQueued = false;
                refilter();
            },
            Qt::QueuedConnection);
    }
}

void TaskFilterProxy::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    refilter();
}

void TaskFilterProxy::setWhere(const std::optional<QString> &where)
{
    if (where == m_where)
        return;
    m_where = where;
    refilter();
}

bool TaskFilterProxy::matches(StateFilter filter, const Task &task)
{
    switch (filter) {
    case StateFilter::All:
        return true;
    case StateFilter::Active:
        return task.state == TaskState::Running || task.isWaitingToRetry();
    case StateFilter::Queued:
        return task.state == TaskState::Queued && !task.isWaitingToRetry();
    case StateFilter::Completed:
        return task.state == TaskState::Completed;
    case StateFilter::Failed:
        return task.state == TaskState::Failed;
    case StateFilter::Canceled:
        return task.state == TaskState::Canceled;
    case StateFilter::Paused:
        return task.state == TaskState::Paused;
    }
    return true;
}

bool TaskFilterProxy::matchesSearch(int sourceRow) const
{
    if (m_search.isEmpty())
        return true;
    const auto *model = qobject_cast<const TaskModel *>(sourceModel());
    if (!model)
        return true;
    const QString name = model->index(sourceRow, TaskModel::NameColumn).data().toString();
    return name.contains(m_search, Qt::CaseInsensitive) ||
           model->taskAt(sourceRow).url.toDisplayString().contains(m_search, Qt::CaseInsensitive);
}

QVariant TaskFilterProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::DecorationRole && index.column() == TaskModel::StateColumn) {
        const int state = QSortFilterProxyModel::data(index, TaskModel::StateRole).toInt();
        return Icons::forState(static_cast<TaskState>(state));
    }
    if (role == Qt::DecorationRole && index.column() == TaskModel::NameColumn) {
        const int kind = QSortFilterProxyModel::data(index, TaskModel::KindRole).toInt();
        return Icons::forKind(static_cast<TaskKind>(kind));
    }
    return QSortFilterProxyModel::data(index, role);
}

QVariant TaskFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Numbers are right-aligned in their cells; their headers follow.
    if (role == Qt::TextAlignmentRole && orientation == Qt::Horizontal &&
        (section == TaskModel::SizeColumn || section == TaskModel::SpeedColumn ||
         section == TaskModel::EtaColumn || section == TaskModel::DownloadedColumn ||
         section == TaskModel::ConnectionsColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return QSortFilterProxyModel::headerData(section, orientation, role);
}

bool TaskFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const TaskModel *>(sourceModel());
    if (!model || sourceParent.isValid())
        return true;
    // Straight to the record: this runs for every row on each coalesced update.
    const Task &task = model->taskAt(sourceRow);
    return (matches(m_stateFilter, task) || m_pinned.contains(task.id)) && matchesWhere(task) &&
           matchesSearch(sourceRow);
}

void TaskFilterProxy::refilter()
{
    const SortKeys keys(this, sortColumn());
    invalidateFilter();
}

void TaskFilterProxy::sort(int column, Qt::SortOrder order)
{
    const SortKeys keys(this, column);
    QSortFilterProxyModel::sort(column, order);
}

void TaskFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceWatch))
        disconnect(connection);
    m_sourceWatch.clear();
    dropTextKeys();
    QSortFilterProxyModel::setSourceModel(model);
    if (!model)
        return;
    const auto drop = &TaskFilterProxy::dropTextKeys;
    m_sourceWatch = {
        connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, drop),
        connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, drop),
        connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this, drop),
        connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, drop),
        connect(model, &QAbstractItemModel::modelAboutToBeReset, this, drop),
    };
}

void TaskFilterProxy::dropTextKeys()
{
    m_textKeys.clear(); // a SortKeys still in scope finds none and asks the model
    m_textKeysColumn = -1;
}

QString TaskFilterProxy::textKey(const QModelIndex &source) const
{
    if (!m_textKeysOn || source.column() != m_textKeysColumn ||
        size_t(source.row()) >= m_textKeys.size())
        return source.data(TaskModel::RawValueRole).toString();
    std::optional<QString> &key = m_textKeys[size_t(source.row())];
    if (!key)
        key = source.data(TaskModel::RawValueRole).toString();
    return *key;
}

bool TaskFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    int order = 0;
    if (isTextColumn(left.column())) {
        order = QString::compare(textKey(left), textKey(right), Qt::CaseInsensitive);
    } else {
        double x = left.data(TaskModel::RawValueRole).toDouble();
        double y = right.data(TaskModel::RawValueRole).toDouble();
        // An unknown ETA (-1) sorts after every known one.
        if (left.column() == TaskModel::EtaColumn) {
            x = x < 0 ? std::numeric_limits<double>::max() : x;
            y = y < 0 ? std::numeric_limits<double>::max() : y;
        }
        order = x < y ? -1 : (x > y ? 1 : 0);
    }
    // Ties keep the order of addition, so equal rows do not jump around while they update.
    return order != 0 ? order < 0 : left.row() < right.row();
}
