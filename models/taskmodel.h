// The task list for views: an adapter over the engine's TaskRegistry, which owns the data. It
// keeps an id-to-row index and turns the registry's coalesced change batches into dataChanged
// for the rows and columns that changed, at most ~10 times a second, whatever the packet rate.
// It never writes a task.
#pragma once

#include "task.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

class TaskRegistry;
struct TaskChange;

class TaskModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        SizeColumn,
        ProgressColumn,
        SpeedColumn,
        EtaColumn,
        StateColumn,
        // Hidden until chosen from the header's menu.
        AddedColumn,
        FinishedColumn,
        DownloadedColumn,
        HostColumn,
        FolderColumn,
        ConnectionsColumn,
        WhereColumn, // this computer, or the remote engine the download runs on
        ColumnCount
    };
    static constexpr int FirstOptionalColumn = AddedColumn;
    enum Role {
        TaskIdRole = Qt::UserRole + 1, // TaskId of the row (any column)
        RawValueRole, // the column's raw value: qint64 sizes, double progress 0..1 (-1 unknown),
                      // ...
        StateRole,    // int(TaskState)
        ErrorMessageRole, // short error text, empty when none
        UrlRole,          // QUrl
        FilePathRole,     // QString, empty before a name is chosen
        KindRole,         // int(TaskKind)
        SegmentsRole,     // QString: the segment map of a download in pieces, empty otherwise
        EngineRole,       // QString: the remote engine's id, empty for this computer's tasks
        RetryingRole,     // bool: queued, waiting to retry
    };
    explicit TaskModel(TaskRegistry *tasks, QObject *parent = nullptr);

    TaskRegistry *tasks() const { return m_tasks; }

    // QAbstractItemModel
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Reading (rows in the order tasks were added)
    const Task *task(TaskId id) const; // nullptr when unknown
    const Task &taskAt(int row) const { return *task(m_rowIds[row]); }
    int rowOf(TaskId id) const { return m_rows.value(id, -1); }
    TaskId idAt(int row) const { return m_rowIds[row]; }
    QList<TaskId> ids() const { return m_rowIds; }
    int countIn(TaskState state) const;
    int localCountIn(TaskState state) const; // this computer's tasks, not remote engines' rows
    // What the Where column says for each remote engine ("NAS", "NAS (offline)"); an engine
    // not listed shows its id.
    void setWhereLabels(const QHash<QString, QString> &labels);
    QString whereText(const Task &task) const;
    int waitingCount() const; // Queued tasks waiting to retry: shown as waiting, not queued
    double totalSpeed() const;

    // Applies the registry's pending batch now instead of at its next tick (tests).
    void flush();

Q_SIGNALS:
    // Emitted at once when a task enters a new state (the details panel, the tray and the
    // actions follow it); repaints still come through the coalesced dataChanged.
    void stateChanged(TaskId id, TaskState state);
    // Emitted after each coalesced batch, addition and removal: counts and total speed may have
    // changed.
    void statsChanged();

private:
    void onAdded(const QList<TaskId> &ids);
    void onRemoved(const QList<TaskId> &ids);
    void onMoved();
    void onChanged(const QList<TaskChange> &batch);
    void refreshCountdowns();
    QVariant displayData(const Task &task, int column) const;
    QVariant rawData(const Task &task, int column) const;
    static QString stateToolTip(const Task &task);

    TaskRegistry *m_tasks;
    QList<TaskId> m_rowIds;
    QHash<TaskId, int> m_rows;
    QHash<QString, QString> m_whereLabels; // remote engine id -> what the Where column says
    QSet<TaskId> m_waiting; // rows showing a retry countdown, repainted once a second
    QTimer m_countdown;
};
