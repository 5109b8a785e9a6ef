// Sorting and filtering between the TaskModel and the table: sorts on the raw values, filters by
// a state group and a search text (name or URL), and adds the State column's icon.
#pragma once

#include "models/task.h"

#include <QHash>
#include <QSet>
#include <QSortFilterProxyModel>
#include <optional>
#include <vector>

class TaskFilterProxy final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    // The groups of the filter bar; Active means running or waiting to retry, Queued waiting
    // for a free slot.
    enum class StateFilter { All, Active, Queued, Completed, Failed, Canceled, Paused };

    explicit TaskFilterProxy(QObject *parent = nullptr);

    StateFilter stateFilter() const { return m_stateFilter; }
    void setStateFilter(StateFilter filter);
    QString searchText() const { return m_search; }
    void setSearchText(const QString &text);

    // Where the shown tasks run: everywhere (the default), this computer (""), or the remote
    // engine with that id.
    void setWhere(const std::optional<QString> &where);
    std::optional<QString> where() const { return m_where; }
    bool matchesWhere(const Task &task) const
    {
        return !m_where || *m_where == task.extra().engine;
    }

    // Selected rows stay in a filtered view when their state changes (a download completing
    // in the Active tab), until the user selects something else or picks another tab.
    void setPinned(const QSet<TaskId> &ids);

    static bool matches(StateFilter filter, const Task &task);
    bool matchesSearch(int sourceRow) const; // the search text (name or URL); true when empty

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    void setSourceModel(QAbstractItemModel *model) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    // While the proxy sorts all its rows (a header click) or filters again (rows coming back
    // as a search is cleared), a row's key is asked of the model once, not per comparison:
    // sorting 10,000 queued downloads by name compared about 130,000 pairs, each asking the
    // model for two names (a lookup and a QUrl::fileName() each), 30-40 ms; by a number, two
    // values through QVariant each time, 13-16 ms. Names are kept case-folded, so a comparison
    // does not fold them again.
    // The keys hold for one column and the source's rows as they are: a change of column
    // asks the model, and any change to the source's rows drops them.
    struct SortKey {
        bool made;
        double number; // the number columns'
        QString text;  // the text columns'
    };
    class SortKeys;
    void refilter();
    SortKey sortKey(const QModelIndex &source) const;
    void dropSortKeys();
    mutable std::vector<SortKey> m_sortKeys; // by source row
    bool m_sortKeysOn = false;
    int m_sortKeysColumn = -1;                    // the column they are for
    QList<QMetaObject::Connection> m_sourceWatch; // changes to the source's rows drop the keys

    // While a search is on, each task's name and URL as searched (case-folded), made once per
    // revision of the task, the URL only once the name did not match: a key typed filters every
    // row again, and the tab counts look at every row too. Made anew for each key, the 10,000
    // URLs as text (QUrl::toDisplayString) and the case-insensitive comparisons were most of a
    // 15 ms key press, and of each count while downloads ran.
    struct SearchText {
        quint32 revision;
        QString name;
        QString url;
        bool urlMade;
    };
    mutable QHash<TaskId, SearchText> m_searchTexts;
    QString m_searchFolded;

    StateFilter m_stateFilter = StateFilter::All;
    QString m_search;
    std::optional<QString> m_where;
    QSet<TaskId> m_pinned;
    bool m_refilterQueued = false;
};
