// The panel under the table: everything known about the current task (URL, destination, HTTP
// status, size, attempts, error and its detail, the timestamped log). It follows the model
// live; errors are shown here, never in a modal dialog.
#pragma once

#include "models/task.h"

#include <QDate>
#include <QWidget>

class ElidedLabel;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class TaskModel;

class DetailsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit DetailsPanel(TaskModel *model, QWidget *parent = nullptr);

    TaskId taskId() const { return m_id; }
    void setTaskId(TaskId id); // 0: nothing selected

private:
    void refresh();
    static QString connectionsText(const Task &task);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    QLabel *addRow(QFormLayout *form, const QString &label, const QString &objectName);
    void copyResult();

    TaskModel *m_model;
    TaskId m_id = 0;
    qsizetype m_logShown = -1; // log entries in m_log, to append only what is new
    QStackedWidget *m_stack;
    QScrollArea *m_fields; // the form, scrolled when it is taller than the panel
    QDate m_logDate;       // of the last log line shown
    ElidedLabel *m_title;
    ElidedLabel *m_url;
    ElidedLabel *m_destination;
    QLabel *m_state;
    QLabel *m_httpStatus;
    QLabel *m_size;
    QLabel *m_attempts;
    QLabel *m_connections;
    QLabel *m_error;
    QLabel *m_detail;
    QLabel *m_engine;  // a remote engine's download: the engine and the daemon's fields
    QLabel *m_browser; // a download the browser handed over: what goes with its requests
    QLabel *m_resultLabel;
    QLabel *m_result;    // a job's output: the digest, the folder unpacked into
    QPushButton *m_copy; // copies the result (a digest to paste elsewhere)
    QLabel *m_actual;    // a checksum mismatch: the digest the file had
    QWidget *m_actualRow;
    QFormLayout *m_form;
    QPlainTextEdit *m_log;
};
