// The one confirmation before Remove: how many tasks, which of them still run, what will be
// deleted from disk (partial files and their size), and a box "Also delete the downloaded
// files", off unless the user left it on last time. Opened window-modal; the caller acts on
// accepted().
#pragma once

#include "models/task.h"

#include <QDialog>

class QCheckBox;
class TaskModel;

class RemoveDialog final : public QDialog {
    Q_OBJECT
public:
    // What removing some tasks means for the disk.
    struct Summary {
        int tasks = 0;
        int running = 0;         // downloads and jobs that will stop
        int partialFiles = 0;    // unfinished downloads with bytes on disk
        qint64 partialBytes = 0; // what those hold
        int downloadedFiles = 0; // completed downloads whose file stays unless asked
        qint64 downloadedBytes = 0;
        int remote = 0; // downloads on remote engines: off their lists, their files stay there
    };
    static Summary summarize(const TaskModel *model, const QList<TaskId> &ids);

    RemoveDialog(const Summary &summary, bool deleteDownloaded, QWidget *parent = nullptr);

    bool deleteDownloaded() const; // the box, as the user left it

private:
    QCheckBox *m_deleteDownloaded = nullptr;
};
