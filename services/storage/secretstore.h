// Secrets Fetchdeck must keep (a remote engine's token): in the desktop keyring through
// QtKeychain where one runs, else in a file only the user can read (0600, in the 0700 state
// folder), and never in the settings file or the task database. Asynchronous: a keyring may
// take its time (or ask the user to unlock it), and the GUI thread never waits for it; the file
// is read and written on the store's own thread (megabytes of cookies, a sync per write).
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <coroutine>
#include <optional>
#include <qcorotask.h>
#include <vector>

class SecretStore final : public QObject {
    Q_OBJECT
public:
    enum class Where { Keyring, File, Nowhere };
    static constexpr const char *Service = "Fetchdeck";

    // `folder`: where the fallback file lives (the state folder). `useKeyring` false: the file
    // only (tests, or FETCHDECK_NO_KEYRING=1 for a machine whose keyring misbehaves).
    SecretStore(const QString &folder, bool useKeyring, QObject *parent = nullptr);
    // Waits for a write of the file under way, and writes a change still pending.
    ~SecretStore() override;

    QString filePath() const;
    // The name a secret has in the keyring, which all state folders share: `key` for the
    // default state folder (as ever), `key@<the folder's hash>` for any other, so that two
    // folders' "task-1" are two secrets (another folder's password was sent, or deleted).
    QString keyringKey(const QString &key) const;
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
    class Busy;
    struct LoadWait; // resumes once the file was read
    void done();
    // The file is read once, on the store's own thread, when first needed.
    void startLoad();
    void loadedFile(QJsonObject secrets, bool kept); // kept: there, not ours to write over
    // The file as read, with this run's earlier changes; false when they changed nothing.
    bool applyChanges(QJsonObject read);
    // Changes a secret ("" removes it) and has the file written at most once per event-loop
    // turn (a paste of a thousand URLs with passwords is one write, not a thousand), one write
    // at a time, on the store's own thread.
    void change(const QString &key, const QString &secret);
    void saveChanges();

    QThreadPool m_io; // one thread: the file's reads and writes, never the GUI thread's
    std::optional<QJsonObject> m_file; // once read
    QHash<QString, QString> m_early;   // changed before it was read ("" removed)
    bool m_loadStarted = false;
    std::vector<std::coroutine_handle<>> m_loadWaiters;
    bool m_changed = false;     // a change not yet handed to a write
    bool m_saveQueued = false;  // saveChanges() comes at the end of this turn
    bool m_saving = false;      // a write runs
    bool m_fileWritable = true; // the last write of the file succeeded
    bool m_fileKept = false;    // a file this run could not read, and must not write over

    QString m_folder;
    QString m_keyringScope; // "" for the default state folder, else "@" and its hash
    bool m_useKeyring;
    Where m_lastWhere = Where::Nowhere;
    int m_busy = 0;
};
