// The task registry's field setters: each changes some fields of one task and notes which, for
// the next coalesced batch (TaskRegistry::changed).
#include "taskregistry.h"

void TaskRegistry::setProgress(TaskId id, qint64 done, qint64 total)
{
    update(id, TaskField::Progress, [&](Task &t) {
        t.bytesDone = done;
        t.bytesTotal = total;
    });
}

void TaskRegistry::setFileName(TaskId id, const QString &fileName)
{
    const bool forget = fileName.isEmpty(); // no partial file: no segment map of it either
    update(id, TaskField::Name | (forget ? TaskFields(TaskField::Segments) : 0), [&](Task &t) {
        t.fileName = fileName;
        if (forget)
            t.segments.clear();
    });
}

void TaskRegistry::beginAttempt(TaskId id)
{
    update(id, TaskField::Attempts | TaskField::Response, [](Task &t) {
        ++t.attempts;
        t.responseStatus = 0; // this attempt's server has not answered yet
    });
}

void TaskRegistry::setResponseStatus(TaskId id, int status)
{
    update(id, TaskField::Response, [&](Task &t) { t.responseStatus = status; });
}

void TaskRegistry::appendLog(TaskId id, const QString &text)
{
    update(id, TaskField::Log, [&](Task &t) {
        if (t.log.isEmpty())
            t.log.reserve(2); // a request and its outcome; QList's own first step is 3
        t.log.append({QDateTime::currentDateTime(), m_texts.share(text)});
    });
}

void TaskRegistry::setValidators(TaskId id, const QByteArray &etag, const QByteArray &lastModified)
{
    update(id, TaskField::Validators, [&](Task &t) {
        t.etag = etag;
        t.lastModified = lastModified;
    });
}

void TaskRegistry::setSegments(TaskId id, const QString &segments)
{
    update(id, TaskField::Segments, [&](Task &t) { t.segments = segments; });
}

void TaskRegistry::setRemoteGid(TaskId id, const QString &gid)
{
    update(id, TaskField::Remote, [&](Task &t) { t.editExtra().gid = gid; });
}

void TaskRegistry::setRemoteFigures(TaskId id, double speed, int connections,
                                    const QString &directory,
                                    const QList<std::pair<QString, QString>> &fields)
{
    const Task *t = task(id);
    if (!t || !t->isRemote())
        return;
    TaskFields changed = 0;
    if (!qFuzzyCompare(t->speed + 1.0, speed + 1.0))
        changed |= TaskField::Speed;
    if (t->connections != connections)
        changed |= TaskField::Connections;
    if (t->directory != directory || t->extra().remoteFields != fields)
        changed |= TaskField::Remote;
    if (t->state == TaskState::Running)
        m_remoteSpeeds.insert(id, speed);
    if (changed == 0)
        return;
    update(id, changed, [&](Task &t) {
        t.speed = t.state == TaskState::Running ? speed : 0;
        t.connections = connections;
        t.directory = directory;
        t.editExtra().remoteFields = fields;
    });
}

void TaskRegistry::setConnections(TaskId id, int connections)
{
    const Task *t = task(id);
    if (!t || t->connections == connections)
        return;
    update(id, TaskField::Connections, [&](Task &t) {
        t.connections = connections;
        if (connections == 0 && !t.extra().connectionDetails.isEmpty())
            t.editExtra().connectionDetails.clear();
    });
}

void TaskRegistry::setConnectionDetails(TaskId id, const QStringList &lines)
{
    update(id, TaskField::Connections, [&](Task &t) { t.editExtra().connectionDetails = lines; });
}

void TaskRegistry::setResult(TaskId id, const QString &result)
{
    update(id, TaskField::Result, [&](Task &t) {
        if (t.extra().result != result)
            t.editExtra().result = result;
    });
}

void TaskRegistry::setUrl(TaskId id, const QUrl &url)
{
    update(id, TaskField::Name, [&](Task &t) { t.url = url; });
}

void TaskRegistry::setUrls(TaskId id, const QUrl &url, const QList<QUrl> &mirrors)
{
    update(id, TaskField::Name, [&](Task &t) {
        t.url = url;
        if (t.extra().mirrors != mirrors)
            t.editExtra().mirrors = mirrors;
    });
}

void TaskRegistry::setBrowserContext(TaskId id, const QString &referrer, const QString &cookies,
                                     const QString &userAgent)
{
    update(id, TaskField::Options, [&](Task &t) {
        if (!t.hasExtra() && referrer.isEmpty() && cookies.isEmpty() && userAgent.isEmpty())
            return; // nothing there, nothing to keep
        TaskExtra &x = t.editExtra();
        x.referrer = referrer;
        x.cookies = cookies;
        x.userAgent = userAgent;
        x.browserContextKept = false; // what is in memory now is what counts
    });
}

void TaskRegistry::setOwnOptions(TaskId id, qint64 limitRate, int connections)
{
    update(id, TaskField::Options, [&](Task &t) {
        t.ownLimitRate = limitRate;
        t.ownConnections = connections;
    });
}

void TaskRegistry::setPhase(TaskId id, const QString &phase)
{
    update(id, TaskField::Phase, [&](Task &t) {
        if (t.extra().phase != phase)
            t.editExtra().phase = phase;
    });
}

void TaskRegistry::setRetry(TaskId id, const QDateTime &at, int attempt, int maxAttempts)
{
    Task *t = mutableTask(id);
    if (!t)
        return;
    const bool wasWaiting = t->isWaitingToRetry();
    t->retryAt = at;
    t->retryAttempt = attempt;
    t->retryMax = maxAttempts;
    m_waiting += int(t->isWaitingToRetry()) - int(wasWaiting);
    touch(*t, TaskField::Retry);
}
