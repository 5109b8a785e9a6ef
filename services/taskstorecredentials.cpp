// TaskStore: URL passwords kept out of the database (in the SecretStore) and put back after a
// restart. Split from taskstore.cpp, which stores the task list.
#include "engine/taskregistry.h"
#include "storage/secretstore.h"
#include "taskstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

namespace {
bool hasPassword(const Task &t)
{
    if (!t.url.password().isEmpty())
        return true;
    return std::any_of(t.mirrors.cbegin(), t.mirrors.cend(),
                       [](const QUrl &u) { return !u.password().isEmpty(); });
}
} // namespace

QString TaskStore::credentialKey(TaskId id)
{
    return QStringLiteral("task-%1").arg(id);
}

// The stored copy loses its passwords; the URLs with them go to the secret store (once per
// change), keyed by the task.
void TaskStore::keepCredentials(Task &copy)
{
    if (!hasPassword(copy)) {
        // A password taken out of the URL (Change URL): the kept one goes too.
        const bool kept = m_credentials.remove(copy.id) + m_maybeKept.remove(copy.id);
        if (kept && m_secrets)
            m_secrets->remove(credentialKey(copy.id));
        return;
    }
    QJsonArray urls{QString::fromUtf8(copy.url.toEncoded())};
    for (const QUrl &m : std::as_const(copy.mirrors))
        urls.append(QString::fromUtf8(m.toEncoded()));
    const QString kept = QString::fromUtf8(QJsonDocument(urls).toJson(QJsonDocument::Compact));
    if (m_secrets && m_credentials.value(copy.id) != kept) {
        m_credentials.insert(copy.id, kept);
        m_secrets->write(credentialKey(copy.id), kept);
    }
    copy.url.setPassword({});
    for (QUrl &m : copy.mirrors)
        m.setPassword({});
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
        bool named = !t->url.userName().isEmpty();
        for (const QUrl &m : t->mirrors)
            named = named || !m.userName().isEmpty();
        if (named && !t->isRemote())
            candidates.append(id);
    }
    // Until read, a secret may be there: removing the task, or the password from its URL,
    // removes it too.
    m_maybeKept = QSet<TaskId>(candidates.cbegin(), candidates.cend());
    for (TaskId id : std::as_const(candidates)) {
        const QString kept = co_await m_secrets->read(credentialKey(id));
        if (!self)
            co_return;
        const Task *t = m_tasks->task(id);
        const QJsonArray urls = QJsonDocument::fromJson(kept.toUtf8()).array();
        if (!t || urls.isEmpty())
            continue;
        QList<QUrl> all;
        for (const QJsonValue &v : urls)
            all.append(QUrl::fromEncoded(v.toString().toUtf8()));
        // Only the same URLs with their passwords: a stale secret never redirects a download.
        const auto same = [](QUrl a, QUrl b) {
            a.setPassword({});
            b.setPassword({});
            return a == b;
        };
        bool matches = all.size() == 1 + t->mirrors.size() && same(all[0], t->url);
        for (qsizetype i = 1; matches && i < all.size(); ++i)
            matches = same(all[i], t->mirrors[i - 1]);
        if (!matches) { // stale: the URLs changed since (a password taken out of them)
            m_maybeKept.remove(id);
            m_secrets->remove(credentialKey(id));
            continue;
        }
        m_maybeKept.remove(id);
        m_credentials.insert(id, kept);
        m_tasks->setUrls(id, all[0], all.mid(1));
    }
}
