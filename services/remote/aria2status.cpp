// Reading aria2.tellStatus objects. Every number arrives as a decimal string.
#include "aria2status.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace {
qint64 number(const QJsonObject &o, const char *key, qint64 fallback = 0)
{
    bool ok = false;
    const qint64 n = o.value(QLatin1String(key)).toString().toLongLong(&ok);
    return ok && n >= 0 ? n : fallback;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("Aria2Status", text);
}

// aria2's error codes (its manual, "Exit status") where it sends no message of its own.
QString codeText(int code)
{
    switch (code) {
    case 2:
        return tr("timed out");
    case 3:
        return tr("Resource not found");
    case 5:
        return tr("too slow (below aria2's lowest-speed-limit)");
    case 6:
        return tr("network problem");
    case 9:
        return tr("not enough disk space on the engine");
    case 13:
        return tr("the file already exists on the engine");
    case 19:
        return tr("name resolution failed");
    case 24:
        return tr("HTTP authorization failed");
    case 29:
        return tr("the server is overloaded or down for maintenance");
    case 32:
        return tr("checksum mismatch: aria2 verified the file and it differs");
    default:
        return tr("aria2 error %1").arg(code);
    }
}
} // namespace

QJsonArray aria2StatusKeys()
{
    return {QStringLiteral("gid"),           QStringLiteral("status"),
            QStringLiteral("totalLength"),   QStringLiteral("completedLength"),
            QStringLiteral("downloadSpeed"), QStringLiteral("connections"),
            QStringLiteral("dir"),           QStringLiteral("files"),
            QStringLiteral("errorCode"),     QStringLiteral("errorMessage"),
            QStringLiteral("followedBy")};
}

Aria2Status parseAria2Status(const QJsonObject &o)
{
    Aria2Status s;
    s.gid = o.value(QLatin1String("gid")).toString();
    s.status = o.value(QLatin1String("status")).toString();
    static const QHash<QString, TaskState> states{
        {QStringLiteral("active"), TaskState::Running},
        {QStringLiteral("waiting"), TaskState::Queued},
        {QStringLiteral("paused"), TaskState::Paused},
        {QStringLiteral("error"), TaskState::Failed},
        {QStringLiteral("complete"), TaskState::Completed},
        {QStringLiteral("removed"), TaskState::Canceled}};
    const auto state = states.constFind(s.status);
    s.valid = !s.gid.isEmpty() && s.gid.size() <= 64 && state != states.cend();
    if (!s.valid)
        return s;
    s.state = *state;
    s.total = number(o, "totalLength", -1);
    if (s.total == 0 && s.state != TaskState::Completed)
        s.total = -1; // aria2 says 0 until the server told it
    s.done = number(o, "completedLength");
    s.speed = double(number(o, "downloadSpeed"));
    s.connections = int(qMin<qint64>(number(o, "connections"), 1 << 16));
    s.directory = o.value(QLatin1String("dir")).toString();
    s.errorCode = int(qMin<qint64>(number(o, "errorCode"), 1 << 16));
    s.errorMessage = o.value(QLatin1String("errorMessage")).toString();
    const QJsonObject file = o.value(QLatin1String("files")).toArray().first().toObject();
    const QString path = file.value(QLatin1String("path")).toString();
    if (!path.isEmpty())
        s.fileName = QFileInfo(path).fileName();
    for (const QJsonValue &u : file.value(QLatin1String("uris")).toArray()) {
        const QUrl url(u.toObject().value(QLatin1String("uri")).toString());
        if (url.isValid() && !s.uris.contains(url))
            s.uris.append(url);
    }
    for (const QJsonValue &g : o.value(QLatin1String("followedBy")).toArray()) {
        const QString gid = g.toString();
        if (!gid.isEmpty() && gid.size() <= 64 && s.followedBy.size() < 10000)
            s.followedBy.append(gid);
    }
    if (s.fileName.isEmpty() && !s.uris.isEmpty())
        s.fileName = s.uris.first().fileName();
    return s;
}

TaskError Aria2Status::error() const
{
    TaskError e;
    if (state != TaskState::Failed)
        return e;
    e.kind = TaskError::Kind::Network;
    // aria2 names the HTTP answers it gave up on by code: 3 is its 404, 24 its 401.
    int status = errorMessage.section(QLatin1String("status="), 1).left(3).toInt();
    if (status < 300)
        status = errorCode == 3 ? 404 : errorCode == 24 ? 401 : 0;
    e.message = errorMessage.isEmpty() ? codeText(errorCode) : errorMessage;
    if (errorCode == 32)
        e.kind = TaskError::Kind::Checksum;
    else if (errorCode == 9 || (errorCode >= 14 && errorCode <= 18))
        e.kind = TaskError::Kind::Disk;
    if (status >= 300) { // "Resource not found" -> "Resource not found (HTTP 404)"
        e.kind = TaskError::Kind::Http;
        e.httpStatus = status;
        if (!e.message.contains(QString::number(status)))
            e.message = tr("%1 (HTTP %2)").arg(e.message, QString::number(status));
    }
    e.detail = tr("aria2 error code %1").arg(errorCode);
    return e;
}

QList<std::pair<QString, QString>> Aria2Status::fields() const
{
    QList<std::pair<QString, QString>> rows{{tr("GID"), gid},
                                            {tr("aria2 status"), status},
                                            {tr("Folder on the engine"), directory},
                                            {tr("Connections"), QString::number(connections)}};
    if (errorCode != 0) {
        rows.append({tr("aria2 error code"), QString::number(errorCode)});
        rows.append({tr("aria2 error"), errorMessage});
    }
    return rows;
}
