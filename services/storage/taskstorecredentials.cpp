// TaskStore: URL passwords, and what a browser handed over with a download (cookies, referrer,
// user agent), kept out of the database (in the SecretStore) and put back after a restart.
// Split from taskstore.cpp, which stores the task list.
//
// A secret is the JSON array of the task's URLs with their passwords, or, when a browser handed
// the task over, an object {"urls": [...] (only with passwords), "referrer", "cookies",
// "userAgent"}.
#include "services/engine/taskregistry.h"
#include "services/storage/secretstore.h"
#include "taskstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

namespace {
QString withoutPassword(const QUrl &url)
{
    return QString::fromUtf8(url.adjusted(QUrl::RemovePassword).toEncoded());
}

// Whether a URL of the task has user information (a user name, or an empty one before a
// password: https://:TOKEN@host is stored as https://@host): only then can a password be kept.
bool namesUser(const Task &t)
{
    bool named = !t.url.userInfo().isNull();
    for (const QUrl &m : t.extra().mirrors)
        named = named || !m.userInfo().isNull();
    return named;
}

bool hasPassword(const Task &t)
{
    if (!t.url.password().isEmpty())
        return true;
    return std::any_of(t.extra().mirrors.cbegin(), t.extra().mirrors.cend(),
                       [](const QUrl &u) { return !u.password().isEmpty(); });
}
} // namespace

QString TaskStore::credentialKey(TaskId id)
{
    return QStringLiteral("task-%1").arg(id);
}

// The stored copy loses its passwords and browser context; they go to the secret store (once per
// change), keyed by the task.
void TaskStore::keepCredentials(Task &copy)
{
    const bool context = copy.hasBrowserContext();
    const bool passwords = hasPassword(copy);
    if (!passwords && !context) {
        // Not read back yet: the secret stays until it is (or the task goes), unless what it
        // could hold is gone for good (a completed download's browser context, with no user
        // name in its URLs that a password could belong to).
        if (m_maybeKept.contains(copy.id) && (copy.extra().browserContextKept || namesUser(copy)))
            return;
        if (m_maybeKept.remove(copy.id) && m_secrets) {
            m_credentials.remove(copy.id);
            m_secrets->remove(credentialKey(copy.id));
            return;
        }
        // A password taken out of the URL (Change URL): the kept one goes too.
        if (m_credentials.remove(copy.id) && m_secrets)
            m_secrets->remove(credentialKey(copy.id));
        return;
    }
    QJsonArray urls{QString::fromUtf8(copy.url.toEncoded())};
    for (const QUrl &m : std::as_const(copy.extra().mirrors))
        urls.append(QString::fromUtf8(m.toEncoded()));
    QJsonDocument secret(urls);
    if (context) {
        // The URL it belongs to (without a password): a secret left behind under a task id
        // that is used again never lends its cookies to another download.
        QJsonObject o{{QStringLiteral("url"), withoutPassword(copy.url)},
                      {QStringLiteral("referrer"), copy.extra().referrer},
                      {QStringLiteral("cookies"), copy.extra().cookies},
                      {QStringLiteral("userAgent"), copy.extra().userAgent}};
        if (passwords)
            o.insert(QStringLiteral("urls"), urls);
        secret = QJsonDocument(o);
    }
    const QString kept = QString::fromUtf8(secret.toJson(QJsonDocument::Compact));
    if (m_secrets && m_credentials.value(copy.id) != kept) {
        m_maybeKept.remove(copy.id); // this one replaces it
        m_credentials.insert(copy.id, kept);
        m_secrets->write(credentialKey(copy.id), kept);
    }
    copy.url.setPassword({});
    if (!copy.hasExtra())
        return; // no mirrors, no browser context: nothing more to take out
    TaskExtra &x = copy.editExtra();
    for (QUrl &m : x.mirrors)
        m.setPassword({});
    x.referrer.clear();
    x.cookies.clear();
    x.userAgent.clear();
    x.browserContextKept = context && m_secrets;
}

QCoro::Task<> TaskStore::restoreCredentials()
{
    QPointer<TaskStore> self(this);
    if (!m_secrets)
        co_return;
    // Only tasks whose stored URLs name a user can have had a password.
    QList<TaskId> candidates;
    for (TaskId id : m_tasks->ids()) {
        const Task *t = m_tasks->task(id);
        if ((namesUser(*t) || t->extra().browserContextKept) && !t->isRemote())
            candidates.append(id);
    }
    // Until read back (or while it cannot be read), a secret may be there: writing the task
    // leaves it alone, removing the task removes it too.
    m_maybeKept = QSet<TaskId>(candidates.cbegin(), candidates.cend());
    for (TaskId id : std::as_const(candidates)) {
        const QString kept = co_await m_secrets->read(credentialKey(id));
        if (!self)
            co_return;
        // Gone from the set: the task went, or a newer secret was written meanwhile; this
        // answer is older than either.
        if (!m_maybeKept.remove(id))
            continue;
        const Task *t = m_tasks->task(id);
        if (!t)
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(kept.toUtf8());
        const QJsonObject context = doc.object();
        const QJsonArray urls =
            doc.isArray() ? doc.array() : context.value(QStringLiteral("urls")).toArray();
        QList<QUrl> all;
        for (const QJsonValue &v : urls)
            all.append(QUrl::fromEncoded(v.toString().toUtf8()));
        // Only the same URLs with their passwords: a stale secret never redirects a download.
        const auto same = [](QUrl a, QUrl b) {
            a.setPassword({});
            b.setPassword({});
            return a == b;
        };
        bool matches = all.size() == 1 + t->extra().mirrors.size() && same(all[0], t->url);
        for (qsizetype i = 1; matches && i < all.size(); ++i)
            matches = same(all[i], t->extra().mirrors[i - 1]);
        const bool sameTask = doc.isArray() || context.value(QStringLiteral("url")).toString() ==
                                                   withoutPassword(t->url);
        if (kept.isEmpty()) { // unreadable now (a locked keyring): removing the task removes it
            m_maybeKept.insert(id);
            continue;
        }
        if ((!all.isEmpty() && !matches) || !sameTask) {
            // Stale: the URLs changed since (a password taken out of them), or the secret is an
            // earlier task's under the same id.
            m_secrets->remove(credentialKey(id));
            continue;
        }
        if (all.isEmpty() && !doc.isObject())
            continue;
        if (doc.isObject() && t->state == TaskState::Completed) {
            // Completed before its context could be read back (a locked keyring): the browser's
            // cookies are not needed any more, and go; its passwords stay.
            const QString passwordsOnly =
                QString::fromUtf8(QJsonDocument(urls).toJson(QJsonDocument::Compact));
            if (all.isEmpty())
                m_secrets->remove(credentialKey(id));
            else
                m_secrets->write(credentialKey(id), passwordsOnly);
            if (!all.isEmpty())
                m_credentials.insert(id, passwordsOnly);
            if (!all.isEmpty())
                m_tasks->setUrls(id, all[0], all.mid(1));
            m_tasks->setBrowserContext(id, {}, {}, {}); // and the database forgets the flag
            continue;
        }
        m_credentials.insert(id, kept);
        if (!all.isEmpty())
            m_tasks->setUrls(id, all[0], all.mid(1));
        if (doc.isObject())
            m_tasks->setBrowserContext(id, context.value(QStringLiteral("referrer")).toString(),
                                       context.value(QStringLiteral("cookies")).toString(),
                                       context.value(QStringLiteral("userAgent")).toString());
    }
}
