// Lists the `.part` files in download folders (disk I/O: on a pool, never the GUI thread).
// Which of them no task claims is the caller's decision, made when the list is back.
#pragma once

#include <QFuture>
#include <QList>
#include <QString>
#include <utility>

class QThreadPool;

// (folder, name without ".part") for every regular `*.part` file in `folders`.
QFuture<QList<std::pair<QString, QString>>> listPartFiles(QThreadPool *pool,
                                                          QList<QString> folders);
