// The status bar's permanent part: running / queued / failed counts and the total speed.
#pragma once

#include <QLabel>

class TaskModel;

class StatusSummary final : public QLabel {
    Q_OBJECT
public:
    explicit StatusSummary(TaskModel *model, QWidget *parent = nullptr);

private:
    void refresh();

    TaskModel *m_model;
};
