// The remote engines the user set up, kept: names and addresses in Settings, secrets in the
// SecretStore (keyring or a 0600 file), and the live RemoteEngines following both.
#pragma once

#include "remoteengine.h"
#include "services/storage/secretstore.h"

#include <QObject>

class RemoteEngines;
class Settings;

class RemoteEngineSetup final : public QObject {
    Q_OBJECT
public:
    RemoteEngineSetup(RemoteEngines *engines, Settings *settings, SecretStore *secrets,
                      QObject *parent = nullptr);

    RemoteEngines *engines() const { return m_engines; }
    // Reads the saved engines and their secrets, then connects them (at start). Until it is done
    // the live list is empty: Settings lets nobody edit it meanwhile.
    QCoro::Task<> load();
    bool isLoaded() const { return m_loaded; }
    // Keeps `configs` (secrets included) and applies them; a secret of an engine no longer
    // listed is forgotten. Where the secrets went (Keyring, or File where no keyring runs).
    QCoro::Task<SecretStore::Where> save(QList<RemoteEngineConfig> configs);
    // Where the secrets are (Nowhere: no engine has one); whether the last save could not keep
    // a secret at all (neither the keyring nor the file).
    SecretStore::Where secretsWhere() const { return m_where; }
    bool keepFailed() const { return m_keepFailed; }
    QString secretsFile() const { return m_secrets->filePath(); }

Q_SIGNALS:
    void loaded();
    void saved(SecretStore::Where where);

private:
    RemoteEngines *m_engines;
    Settings *m_settings;
    SecretStore *m_secrets;
    SecretStore::Where m_where = SecretStore::Where::Nowhere;
    bool m_keepFailed = false;
    bool m_loading = false;
    bool m_loaded = false;
    bool m_savedWhileLoading = false;
};
