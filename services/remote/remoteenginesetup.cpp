// Loading and saving the remote engines.
#include "remoteenginesetup.h"

#include "remoteengines.h"
#include "services/settings.h"

#include <QPointer>

RemoteEngineSetup::RemoteEngineSetup(RemoteEngines *engines, Settings *settings,
                                     SecretStore *secrets, QObject *parent)
    : QObject(parent), m_engines(engines), m_settings(settings), m_secrets(secrets)
{
}

QCoro::Task<> RemoteEngineSetup::load()
{
    QPointer<RemoteEngineSetup> self(this);
    m_loading = true;
    m_savedWhileLoading = false;
    QList<RemoteEngineConfig> configs = m_settings->remoteEngines();
    for (RemoteEngineConfig &c : configs) {
        c.secret = co_await m_secrets->read(c.id); // a keyring may ask the user to unlock it
        if (!self)
            co_return;
    }
    m_loading = false;
    m_loaded = true;
    m_where = m_secrets->lastWhere(); // Nowhere: no engine has a secret
    if (!m_savedWhileLoading)         // a save meanwhile is newer than what was read
        m_engines->setEngines(configs);
    Q_EMIT loaded();
}

QCoro::Task<SecretStore::Where> RemoteEngineSetup::save(QList<RemoteEngineConfig> configs)
{
    QPointer<RemoteEngineSetup> self(this);
    m_savedWhileLoading = m_loading;
    const QList<RemoteEngineConfig> before = m_settings->remoteEngines();
    m_settings->setRemoteEngines(configs); // never with the secrets
    m_engines->setEngines(configs);
    SecretStore::Where where = SecretStore::Where::Nowhere; // no secret to keep
    bool kept = true;
    for (const RemoteEngineConfig &c : configs) {
        if (c.secret.isEmpty()) { // a daemon without --rpc-secret: nothing to keep
            co_await m_secrets->remove(c.id);
            if (!self)
                co_return SecretStore::Where::Nowhere;
            continue;
        }
        const SecretStore::Where w = co_await m_secrets->write(c.id, c.secret);
        if (!self)
            co_return SecretStore::Where::Nowhere;
        kept = kept && w != SecretStore::Where::Nowhere;
        if (where != SecretStore::Where::File && w != SecretStore::Where::Nowhere)
            where = w; // File wins: what Settings must say
    }
    for (const RemoteEngineConfig &old : before) {
        const bool kept =
            std::any_of(configs.cbegin(), configs.cend(),
                        [&old](const RemoteEngineConfig &c) { return c.id == old.id; });
        if (!kept) {
            co_await m_secrets->remove(old.id);
            if (!self)
                co_return where;
        }
    }
    m_where = where;
    m_keepFailed = !kept;
    Q_EMIT saved(where);
    co_return where;
}
