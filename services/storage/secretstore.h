// Secrets Fetchdeck must keep (a remote engine's token): in the desktop keyring through
// QtKeychain where one runs, else in a file only the user can read (0600, in the 0700 state
// folder), and never in the settings file or the task database. Asynchronous: a keyring may
// take its time (or ask the user to unlock it), and the GUI thread never waits for it.
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <optional>
#include <qcorotask.h>

class SecretStore final : public QObject {
    Q_OBJECT
public:
    enum class Where { Keyring, File, Nowhere };
    static constexpr const char *Service = "Fetchdeck";

    // `folder`: where the fallback file lives (the state folder). `useKeyring` false: the file
    // only (tests, or FETCHDECK_NO_KEYRING=1 for a machine whose keyring misbehaves).
    SecretStore(const QString &folder, bool useKeyring, QObject *parent = nullptr);
    ~SecretStore() override; // writes the file if a change is still pending

    QString filePath() const;
    // Where the last secret read came from or the last write went (Settings says "kept in a
    // file only you can read" for File).
    Where lastWhere() const { return m_lastWhere; }

    // Writes and removals still talking to the keyring, or a change of the file not yet
    // written; idle() when none is left. Quitting waits for it (a password written in the last
    // second would be lost otherwise).
    bool isBusy() const { return m_busy > 0; }

    QCoro::Task<QString> read(QString key);                // "" when there is none
    QCoro::Task<Where> write(QString key, QString secret); // Nowhere: not even the file
    QCoro::Task<> remove(QString key);

Q_SIGNALS:
    void idle();

private:
    void done();
    // The file, read once and kept; changes are written at most once per event-loop turn (a
    // paste of a thousand URLs with passwords is one write, not a thousand).
    QJsonObject &fileSecrets();
    QString readFile(const QString &key);
    bool writeFile(const QString &key, const QString &secret); // "" removes
    bool flushFile();

    std::optional<QJsonObject> m_file;
    bool m_flushQueued = false;
    bool m_fileWritable = true; // the last write of the file succeeded
    bool m_fileKept = false;    // a file this run could not read, and must not write over

    QString m_folder;
    bool m_useKeyring;
    Where m_lastWhere = Where::Nowhere;
    int m_busy = 0;
};
