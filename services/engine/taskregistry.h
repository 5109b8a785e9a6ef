// The engine's tasks: a plain registry, no item model. The engine (and the store, when it loads)
// is the only writer; views, the store and headless mode subscribe. Structural changes and
// state changes are announced at once; everything else is coalesced into one `changed` batch
// per FlushIntervalMs carrying, per task, which fields changed.
#pragma once

#include "models/speedmeter.h"
#include "models/task.h"
#include "textpool.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <array>
#include <functional>
#include <unordered_map>
#include <vector>

namespace TaskField {
enum : quint32 {
    State = 1 << 0, // state, error, finished time
    Progress = 1 << 1,
    Speed = 1 << 2,
    Name = 1 << 3,
    Retry = 1 << 4, // retry countdown
    Phase = 1 << 5,
    Log = 1 << 6,
    Attempts = 1 << 7,
    Validators = 1 << 8,
    Result = 1 << 9,
    Segments = 1 << 11,
    Connections = 1 << 12,
    Position = 1 << 13, // the place in the list (and in the queue)
    Options = 1 << 14,  // a download's own speed limit and connections
    Remote = 1 << 15,   // a remote task's folder and daemon fields
    Response = 1 << 16, // the HTTP status of this attempt's answer
    Added = 1 << 10,    // new since the last batch (storage writes the whole task)
};
} // namespace TaskField
using TaskFields = quint32;

struct TaskChange {
    TaskId id = 0;
    TaskFields fields = 0;
};

class TaskRegistry final : public QObject {
    Q_OBJECT
public:
    static constexpr int FlushIntervalMs = 100;

    explicit TaskRegistry(QObject *parent = nullptr);

    // The monotonic clock speeds are measured with, in ms; tests inject their own.
    using Clock = std::function<qint64()>;
    void setClock(Clock clock) { m_now = std::move(clock); }

    // Reading. Pointers stay valid until the task is removed.
    const Task *task(TaskId id) const;
    QList<TaskId> ids() const { return m_order; } // in the order tasks were added
    // Where each of `ids` stands: its row, and the first task after it that is not among `ids`
    // (0: none). What Undo of a Remove puts them back by.
    struct Place {
        qsizetype row = 0;
        TaskId before = 0;
    };
    QHash<TaskId, Place> places(const QList<TaskId> &ids) const;
    int size() const { return int(m_order.size()); }
    int countIn(TaskState state) const { return m_counts[static_cast<int>(state)]; }
    // Rows of remote daemons only, and this computer's tasks only.
    int remoteCountIn(TaskState state) const { return m_remoteCounts[static_cast<int>(state)]; }
    int localCountIn(TaskState state) const { return countIn(state) - remoteCountIn(state); }
    // Queued tasks waiting for an automatic retry (Task::isWaitingToRetry), counted apart from
    // those waiting for a slot.
    int waitingCount() const { return m_waiting; }
    double totalSpeed() const;

    // Writing (the engine).
    QList<TaskId> addTasks(const QList<QUrl> &urls, const QString &directory);
    // Adds prepared tasks (kind, options...): ids, state Queued and the added time are set here.
    QList<TaskId> insertTasks(std::vector<Task> tasks);
    TaskId addTask(const QUrl &url, const QString &directory);
    // Puts tasks back as they are (state, times, log) under new ids (undo of a remove).
    QList<TaskId> reinsertTasks(std::vector<Task> tasks);
    // Moves tasks in the list (and so in the queue): to the top or bottom keeping their order,
    // or one place up or down (a block moves past its neighbour).
    enum class Move { Top, Up, Down, Bottom };
    void moveTasks(const QList<TaskId> &ids, Move where);
    // Moves tasks (keeping their order) to just before or after `anchor`: one place up or down
    // among the rows a filtered view shows.
    void placeTasks(const QList<TaskId> &ids, TaskId anchor, bool before);
    // Many at once, in one new order: each anchor's tasks go just before it, in their order
    // (an anchor that is gone leaves its tasks where they are).
    void placeBefore(const QHash<TaskId, QList<TaskId>> &tasksBefore);
    void removeTasks(const QList<TaskId> &ids);
    void setState(TaskId id, TaskState state, const TaskError &error = {});
    void setProgress(TaskId id, qint64 done, qint64 total);
    void setFileName(TaskId id, const QString &fileName); // "" also forgets the segment map
    void beginAttempt(TaskId id); // one more attempt, whose answer is not known yet
    void setResponseStatus(TaskId id, int status); // the HTTP status this attempt got
    void appendLog(TaskId id, const QString &text);
    void setValidators(TaskId id, const QByteArray &etag, const QByteArray &lastModified);
    void setResult(TaskId id, const QString &result);
    void setUrl(TaskId id, const QUrl &url);
    void setUrls(TaskId id, const QUrl &url, const QList<QUrl> &mirrors); // and its mirrors
    // What a browser handed over with the download (put back after a restart; all empty: gone,
    // as once the download completed).
    void setBrowserContext(TaskId id, const QString &referrer, const QString &cookies,
                           const QString &userAgent);
    void setOwnOptions(TaskId id, qint64 limitRate, int connections); // 0: as in Settings
    void setSegments(TaskId id, const QString &segments);
    void setConnections(TaskId id, int connections);
    void setConnectionDetails(TaskId id, const QStringList &lines);
    void setPhase(TaskId id, const QString &phase); // empty: back to transferring
    // A remote task's figures as its daemon reports them: its speed is the daemon's, not one
    // measured here; its folder is on the daemon's machine.
    void setRemoteGid(TaskId id, const QString &gid); // a retry on the daemon has a new gid
    void setRemoteFigures(TaskId id, double speed, int connections, const QString &directory,
                          const QList<std::pair<QString, QString>> &fields);
    // Shows "Retrying in N s (attempt a of m): reason" until the task starts again; an invalid
    // `at` clears it.
    void setRetry(TaskId id, const QDateTime &at, int attempt, int maxAttempts);
    // Puts tasks read from storage back, keeping their ids (an empty registry only).
    void restoreTasks(std::vector<Task> tasks);

    // Samples speeds and emits the pending batch now instead of at the next tick (tests,
    // shutdown).
    void flush();

Q_SIGNALS:
    void added(const QList<TaskId> &ids);          // at once (restored ones too)
    void removed(const QList<TaskId> &ids);        // at once
    void moved();                                  // at once: ids() has a new order
    void stateChanged(TaskId id, TaskState state); // at once, when the state differs
    void changed(const QList<TaskChange> &batch);  // coalesced
    void statsChanged(); // counts or total speed may have changed (after each batch, add, remove)

private:
    Task *mutableTask(TaskId id);
    QList<TaskId> append(std::vector<Task> tasks, bool fresh);
    void reorder(const QList<TaskId> &order); // positions follow; as few change as can be
    // Changes a task, if it is there, and notes which fields changed for the next batch.
    template <typename Change> void update(TaskId id, TaskFields fields, Change change)
    {
        if (Task *t = mutableTask(id)) {
            change(*t);
            if (t->hasExtra())
                t->dropEmptyExtra();
            touch(*t, fields);
        }
    }
    // Reports a change of `t` and bumps its revision: every change to a field the task store
    // keeps must come through here (the store skips a task still at the revision it wrote).
    void touch(Task &t, TaskFields fields);
    void tick();
    void sampleSpeeds();
    // What a task keeps of an error: equal texts shared, and the detail without the task's
    // own URL in front (its row and the details panel show that URL; a mirror's or a
    // redirect's stays, as it says where the failure was).
    TaskError kept(const Task &task, const TaskError &error);

    std::unordered_map<TaskId, Task> m_tasks; // node-based: addresses are stable
    QList<TaskId> m_order;
    QHash<TaskId, SpeedMeter> m_meters;   // running local tasks only
    QHash<TaskId, double> m_remoteSpeeds; // running remote tasks, as their daemons say
    QHash<TaskId, TaskFields> m_pending;
    TextPool m_texts; // error texts and log lines
    std::array<int, TaskStateCount> m_counts{};
    std::array<int, TaskStateCount> m_remoteCounts{};
    int m_waiting = 0;
    TaskId m_nextId = 1;
    qint64 m_nextPosition = 1; // below every position in use at the bottom
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    Clock m_now; // m_elapsed unless a test set another
};
