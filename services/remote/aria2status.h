// What one aria2 download looks like to Fetchdeck: aria2.tellStatus's object read into values
// (state, bytes, speed, name, the daemon's own fields). Pure: no connection, no registry.
#pragma once

#include "models/task.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

struct Aria2Status {
    QString gid;
    QString status; // aria2's word: active, waiting, paused, error, complete, removed
    TaskState state = TaskState::Queued;
    qint64 done = 0;
    qint64 total = -1; // -1 while aria2 does not know (it says 0)
    double speed = 0;
    int connections = 0;
    QString directory; // on the daemon's machine
    QString fileName;  // the first file's name; empty before aria2 chose one
    QList<QUrl> uris;  // the first file's URIs, in aria2's order, each once
    int errorCode = 0;
    QString errorMessage;
    QStringList followedBy; // a .torrent's or .metalink's downloads, once it is complete
    bool valid = false;     // a gid and a known status

    TaskError error() const; // for Failed: aria2's message, the code in the detail
    // gid, connections, dir, error code and message: rows for the details panel.
    QList<std::pair<QString, QString>> fields() const;
};

// The keys Fetchdeck asks aria2 for (tellActive, tellWaiting, tellStopped, tellStatus).
QJsonArray aria2StatusKeys();
Aria2Status parseAria2Status(const QJsonObject &object);
