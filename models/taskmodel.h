// The task list: the single source of truth for every view. The engine writes into it; views
// read it. Progress updates are coalesced: rows are repainted at most ~10 times a second in
// one dataChanged batch, whatever the packet rate.
#pragma once

#include "speedmeter.h"
#include "task.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <array>
#include <vector>

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
        ColumnCount
    };
    enum Role {
        TaskIdRole = Qt::UserRole + 1, // TaskId of the row (any column)
        RawValueRole, // the column's raw value: qint64 sizes, double progress 0..1 (-1 unknown),
                      // ...
        StateRole,    // int(TaskState)
        ErrorMessageRole, // short error text, empty when none
        UrlRole,          // QUrl
        FilePathRole,     // QString, empty before a name is chosen
        KindRole,         // int(TaskKind)
    };
    static constexpr int FlushIntervalMs = 100;

    explicit TaskModel(QObject *parent = nullptr);

    // QAbstractItemModel
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Reading
    const Task *task(TaskId id) const; // nullptr when unknown
    const Task &taskAt(int row) const { return m_tasks[row]; }
    int rowOf(TaskId id) const { return m_rows.value(id, -1); }
    TaskId idAt(int row) const { return m_tasks[row].id; }
    QList<TaskId> ids() const;
    int countIn(TaskState state) const { return m_counts[static_cast<int>(state)]; }
    double totalSpeed() const;

    // Writing (the engine). Inserting and removing rows is immediate; the rest is coalesced.
    QList<TaskId> addTasks(const QList<QUrl> &urls, const QString &directory);
    // Adds prepared tasks (kind, options...): ids, state Queued and the added time are set here.
    QList<TaskId> insertTasks(std::vector<Task> tasks);
    TaskId addTask(const QUrl &url, const QString &directory);
    void removeTasks(const QList<TaskId> &ids);
    void setState(TaskId id, TaskState state, const TaskError &error = {});
    void setProgress(TaskId id, qint64 done, qint64 total);
    void setFileName(TaskId id, const QString &fileName);
    void setAttempts(TaskId id, int attempts);
    void appendLog(TaskId id, const QString &text);
    void setValidators(TaskId id, const QByteArray &etag, const QByteArray &lastModified);
    void setResult(TaskId id, const QString &result);
    void setPhase(TaskId id, const QString &phase); // empty: back to transferring
    // Shows "Retrying in N s (a of m)" until the task starts again; an invalid `at` clears
    // it.
    void setRetry(TaskId id, const QDateTime &at, int attempt, int maxAttempts);
    // Puts tasks read from storage back, keeping their ids (empty model only).
    void restoreTasks(std::vector<Task> tasks);

    // Emits what is pending now instead of at the next tick (tests, shutdown).
    void flush();

Q_SIGNALS:
    // Emitted at once when a task enters a new state (the engine, headless output and the
    // details panel follow it); repaints still come through the coalesced dataChanged.
    void stateChanged(TaskId id, TaskState state);
    // Emitted after each coalesced batch; counts and total speed may have changed.
    void statsChanged();
    // For storage: the tasks that changed in this batch (emitted with the batch), and removals
    // (emitted at once).
    void tasksChanged(const QList<TaskId> &ids);
    void tasksRemoved(const QList<TaskId> &ids);

private:
    Task *mutableTask(TaskId id);
    void markDirty(TaskId id);
    void tick();
    QVariant displayData(const Task &task, int column) const;
    QVariant rawData(const Task &task, int column) const;

    std::vector<Task> m_tasks;
    QHash<TaskId, int> m_rows;
    QHash<TaskId, SpeedMeter> m_meters; // running tasks only
    QSet<TaskId> m_dirty;
    std::array<int, TaskStateCount> m_counts{};
    QSet<TaskId> m_waiting; // tasks showing a retry countdown
    TaskId m_nextId = 1;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastCountdownMs = 0;
};
