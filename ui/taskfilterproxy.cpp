// The table's sort and filter proxy.
#include "taskfilterproxy.h"

#include "icons.h"
#include "models/taskmodel.h"

#include <limits>

static bool isTextColumn(int column)
{
    return column == TaskModel::NameColumn || column == TaskModel::HostColumn ||
           column == TaskModel::FolderColumn || column == TaskModel::WhereColumn;
}

// Keys for `column` while it lives, unless keys are on already (the outermost one drops them).
class TaskFilterProxy::SortKeys {
public:
    SortKeys(TaskFilterProxy *proxy, int column)
        : m_proxy(proxy), m_owner(!std::exchange(proxy->m_sortKeysOn, true))
    {
        if (m_owner && proxy->sourceModel()) {
            proxy->m_sortKeys.resize(size_t(proxy->sourceModel()->rowCount()));
            proxy->m_sortKeysColumn = column;
        }
    }
    ~SortKeys()
    {
        if (m_owner) {
            m_proxy->m_sortKeysOn = false;
            m_proxy->dropSortKeys();
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
    m_searchFolded = trimmed.toCaseFolded();
    // Texts of tasks removed since they were made go with the search, or with a full set.
    if (m_search.isEmpty() ||
        (sourceModel() && m_searchTexts.size() > 2 * sourceModel()->rowCount()))
        m_searchTexts.clear();
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
    const Task &task = model->taskAt(sourceRow);
    auto text = m_searchTexts.find(task.id);
    if (text == m_searchTexts.end() || text->revision != task.revision) {
        const QString name = model->index(sourceRow, TaskModel::NameColumn).data().toString();
        text = m_searchTexts.insert(task.id, {task.revision, name.toCaseFolded(), {}, false});
    }
    if (text->name.contains(m_searchFolded))
        return true;
    if (!text->urlMade) { // only once the name does not match
        text->url = task.url.toDisplayString().toCaseFolded();
        text->urlMade = true;
    }
    return text->url.contains(m_searchFolded);
}

QVariant TaskFilterProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::DecorationRole && index.column() == TaskModel::StateColumn) {
        if (QSortFilterProxyModel::data(index, TaskModel::RetryingRole).toBool())
            return Icons::retrying();
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
    dropSortKeys();
    QSortFilterProxyModel::setSourceModel(model);
    if (!model)
        return;
    const auto drop = &TaskFilterProxy::dropSortKeys;
    m_sourceWatch = {
        connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, drop),
        connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, drop),
        connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this, drop),
        connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, drop),
        connect(model, &QAbstractItemModel::modelAboutToBeReset, this, drop),
    };
}

void TaskFilterProxy::dropSortKeys()
{
    m_sortKeys.clear(); // a SortKeys still in scope finds none and asks the model
    m_sortKeysColumn = -1;
}

TaskFilterProxy::SortKey TaskFilterProxy::sortKey(const QModelIndex &source) const
{
    const bool kept = m_sortKeysOn && source.column() == m_sortKeysColumn &&
                      size_t(source.row()) < m_sortKeys.size();
    if (kept && m_sortKeys[size_t(source.row())].made)
        return m_sortKeys[size_t(source.row())];
    const QVariant raw = source.data(TaskModel::RawValueRole);
    SortKey key{true, 0, {}};
    if (isTextColumn(source.column())) {
        key.text = raw.toString().toCaseFolded(); // compared as is: no folding per comparison
    } else {
        key.number = raw.toDouble();
        // An unknown ETA (-1) sorts after every known one.
        if (source.column() == TaskModel::EtaColumn && key.number < 0)
            key.number = std::numeric_limits<double>::max();
    }
    if (kept)
        m_sortKeys[size_t(source.row())] = key;
    return key;
}

bool TaskFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const SortKey x = sortKey(left);
    const SortKey y = sortKey(right);
    const int order = isTextColumn(left.column())
                          ? QString::compare(x.text, y.text, Qt::CaseSensitive)
                          : (x.number < y.number ? -1 : (x.number > y.number ? 1 : 0));
    // Ties keep the order of addition, so equal rows do not jump around while they update.
    return order != 0 ? order < 0 : left.row() < right.row();
}
