// Secrets out of sight: the store's 0600 fallback file (no keyring in CI), and URL passwords of
// tasks kept there instead of the task database, back after a restart, gone when the password
// leaves the URL.
#include "services/engine/taskregistry.h"
#include "services/storage/secretstore.h"
#include "services/taskstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestSecrets : public QObject {
    Q_OBJECT
private:
    // A download of https://files.example.org/f.bin with `cookies`, stored in `state`.
    static TaskId storedWithCookies(const QTemporaryDir &state, const QString &cookies)
    {
        TaskRegistry tasks;
        TaskStore store(&tasks);
        SecretStore secrets(state.path(), false);
        store.setSecretStore(&secrets);
        if (!store.open(state.path()).isEmpty())
            return 0;
        Task t;
        t.url = QUrl(QStringLiteral("https://files.example.org/f.bin"));
        t.directory = QStringLiteral("/dl");
        t.cookies = cookies;
        const TaskId id = tasks.insertTasks({t}).constFirst();
        store.sync();
        return id;
    }
    static void setInDatabase(const QTemporaryDir &state, const QString &sql)
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "edit");
            db.setDatabaseName(state.filePath(QStringLiteral("tasks.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(sql));
        }
        QSqlDatabase::removeDatabase("edit");
    }

private Q_SLOTS:
    void secretsAreKeptOutOfSightWithoutAKeyring()
    {
        QTemporaryDir state;
        SecretStore store(state.path(), false);
        std::optional<SecretStore::Where> where;
        store.write(QStringLiteral("nas"), QStringLiteral("s3cret"))
            .then([&where](SecretStore::Where w) { where = w; });
        QTRY_VERIFY(where.has_value());
        QCOMPARE(*where, SecretStore::Where::File);
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(QFileInfo(store.filePath()).permissions() & others, QFileDevice::Permissions());
        std::optional<QString> read;
        store.read(QStringLiteral("nas")).then([&read](const QString &s) { read = s; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(*read, QStringLiteral("s3cret"));
        bool removed = false;
        store.remove(QStringLiteral("nas")).then([&removed] { removed = true; });
        QTRY_VERIFY(removed);
        read.reset();
        store.read(QStringLiteral("nas")).then([&read](const QString &s) { read = s; });
        QTRY_VERIFY(read.has_value());
        QVERIFY(read->isEmpty());
    }

    // A URL's password (user:pw@host, of the URL or a mirror) never reaches the database: it is
    // kept like other secrets (the keyring, here the 0600 file) and comes back after a restart.
    // Removing the task forgets it.
    void passwordsInUrlsAreKeptOutOfTheDatabase()
    {
        QTemporaryDir state;
        const QUrl url(QStringLiteral("https://alice:s3cr3t-pw@files.example.org/a.iso"));
        const QUrl mirror(QStringLiteral("https://bob:m1rr0r-pw@mirror.example.org/a.iso"));
        TaskId id = 0;
        {
            TaskRegistry tasks;
            TaskStore store(&tasks);
            SecretStore secrets(state.path(), false);
            store.setSecretStore(&secrets);
            QCOMPARE(store.open(state.path()), QString());
            Task t;
            t.url = url;
            t.mirrors = {mirror};
            t.directory = QStringLiteral("/dl");
            id = tasks.insertTasks({t}).constFirst();
            store.sync();
        }
        for (const QString &file : QDir(state.path()).entryList(QDir::Files)) {
            if (file == QLatin1String("secrets.json"))
                continue;
            QFile f(state.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY2(!bytes.contains("s3cr3t-pw") && !bytes.contains("m1rr0r-pw"),
                     qPrintable(file));
        }
        TaskRegistry tasks;
        TaskStore store(&tasks);
        SecretStore secrets(state.path(), false);
        store.setSecretStore(&secrets);
        QCOMPARE(store.open(state.path()), QString());
        QCOMPARE(tasks.task(id)->url.password(), QString()); // until the secrets are read
        bool restored = false;
        store.restoreCredentials().then([&restored] { restored = true; });
        QTRY_VERIFY(restored);
        QCOMPARE(tasks.task(id)->url, url);
        QCOMPARE(tasks.task(id)->mirrors, QList<QUrl>{mirror});

        tasks.removeTasks({id});
        store.sync();
        QFile kept(secrets.filePath());
        QVERIFY(!kept.open(QIODevice::ReadOnly) || !kept.readAll().contains("s3cr3t-pw"));
    }

    // A password taken out of a URL (Change URL to log in through ~/.netrc instead) is gone
    // for good: not back after a restart, not left in the secret store.
    void aPasswordTakenOutOfAUrlDoesNotComeBack()
    {
        QTemporaryDir state;
        TaskId id = 0;
        {
            TaskRegistry tasks;
            TaskStore store(&tasks);
            SecretStore secrets(state.path(), false);
            store.setSecretStore(&secrets);
            QCOMPARE(store.open(state.path()), QString());
            id = tasks.addTask(QUrl(QStringLiteral("https://alice:0ldpw@h.example/a.iso")),
                               QStringLiteral("/dl"));
            store.sync();
            tasks.setUrl(id, QUrl(QStringLiteral("https://alice@h.example/a.iso")));
            store.sync();
        }
        TaskRegistry tasks;
        TaskStore store(&tasks);
        SecretStore secrets(state.path(), false);
        store.setSecretStore(&secrets);
        QCOMPARE(store.open(state.path()), QString());
        bool restored = false;
        store.restoreCredentials().then([&restored] { restored = true; });
        QTRY_VERIFY(restored);
        QCOMPARE(tasks.task(id)->url, QUrl(QStringLiteral("https://alice@h.example/a.iso")));
        QFile kept(secrets.filePath());
        QVERIFY(!kept.open(QIODevice::ReadOnly) || !kept.readAll().contains("0ldpw"));
    }

    // What a browser handed over (cookies, referrer, user agent) is kept like a password: never
    // in the database, back after a restart, even when the task is written before the secrets
    // are read back; gone with the task.
    void browserContextIsKeptOutOfTheDatabase()
    {
        QTemporaryDir state;
        TaskId id = 0;
        {
            TaskRegistry tasks;
            TaskStore store(&tasks);
            SecretStore secrets(state.path(), false);
            store.setSecretStore(&secrets);
            QCOMPARE(store.open(state.path()), QString());
            Task t;
            t.url = QUrl(QStringLiteral("https://files.example.org/report.pdf"));
            t.directory = QStringLiteral("/dl");
            t.referrer = QStringLiteral("https://files.example.org/private-ref-page");
            t.cookies = QStringLiteral("session=c00kie-value");
            t.userAgent = QStringLiteral("Mozilla/5.0 TestBrowser");
            id = tasks.insertTasks({t}).constFirst();
            store.sync();
        }
        for (const QString &file : QDir(state.path()).entryList(QDir::Files)) {
            if (file == QLatin1String("secrets.json"))
                continue;
            QFile f(state.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY2(!bytes.contains("c00kie-value") && !bytes.contains("private-ref-page"),
                     qPrintable(file));
        }
        TaskRegistry tasks;
        TaskStore store(&tasks);
        SecretStore secrets(state.path(), false);
        store.setSecretStore(&secrets);
        QCOMPARE(store.open(state.path()), QString());
        QCOMPARE(tasks.task(id)->cookies, QString()); // until the secrets are read
        bool restored = false;
        store.restoreCredentials().then([&restored] { restored = true; });
        tasks.setOwnOptions(id, 1000, 2); // written before the secret is read back
        store.sync();
        QTRY_VERIFY(restored);
        QCOMPARE(tasks.task(id)->cookies, QStringLiteral("session=c00kie-value"));
        QCOMPARE(tasks.task(id)->referrer,
                 QStringLiteral("https://files.example.org/private-ref-page"));
        QCOMPARE(tasks.task(id)->userAgent, QStringLiteral("Mozilla/5.0 TestBrowser"));

        tasks.removeTasks({id});
        store.sync();
        bool idle = !secrets.isBusy();
        connect(&secrets, &SecretStore::idle, this, [&idle] { idle = true; });
        QTRY_VERIFY(idle);
        QFile kept(secrets.filePath());
        QVERIFY(!kept.open(QIODevice::ReadOnly) || !kept.readAll().contains("c00kie-value"));
    }

    // A secret left under a task id that now names another download (the id used again after
    // the secret could not be removed) is stale: its cookies never go to the other site, and
    // it is removed.
    void aStaleSecretNeverLendsItsCookiesToAnotherDownload()
    {
        QTemporaryDir state;
        TaskId id = 0;
        {
            TaskRegistry tasks;
            TaskStore store(&tasks);
            SecretStore secrets(state.path(), false);
            store.setSecretStore(&secrets);
            QCOMPARE(store.open(state.path()), QString());
            Task t;
            t.url = QUrl(QStringLiteral("https://bank.example/statement.pdf"));
            t.directory = QStringLiteral("/dl");
            t.cookies = QStringLiteral("session=bank-s3cret");
            id = tasks.insertTasks({t}).constFirst();
            store.sync();
        }
        { // The row now stands for another site's download (as a reused id would).
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "edit");
            db.setDatabaseName(state.filePath(QStringLiteral("tasks.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET url = 'https://other.example/x.bin'")));
        }
        QSqlDatabase::removeDatabase("edit");
        TaskRegistry tasks;
        TaskStore store(&tasks);
        SecretStore secrets(state.path(), false);
        store.setSecretStore(&secrets);
        QCOMPARE(store.open(state.path()), QString());
        bool restored = false;
        store.restoreCredentials().then([&restored] { restored = true; });
        QTRY_VERIFY(restored);
        QCOMPARE(tasks.task(id)->url, QUrl(QStringLiteral("https://other.example/x.bin")));
        QCOMPARE(tasks.task(id)->cookies, QString());
        bool idle = !secrets.isBusy();
        connect(&secrets, &SecretStore::idle, this, [&idle] { idle = true; });
        QTRY_VERIFY(idle);
        QFile kept(secrets.filePath());
        QVERIFY(!kept.open(QIODevice::ReadOnly) || !kept.readAll().contains("bank-s3cret"));
    }

    // What the browser gave goes with the download's completion, also when it completed before
    // the secret was read back: it never comes back into the finished task, nor stays kept.
    void aCompletedDownloadsCookiesDoNotComeBack()
    {
        QTemporaryDir state;
        TaskId id = storedWithCookies(state, QStringLiteral("session=d0ne-c00kie"));
        setInDatabase(state,
                      QStringLiteral("UPDATE tasks SET state = %1").arg(int(TaskState::Completed)));
        {
            TaskRegistry tasks;
            TaskStore store(&tasks);
            SecretStore secrets(state.path(), false);
            store.setSecretStore(&secrets);
            QCOMPARE(store.open(state.path()), QString());
            bool restored = false;
            store.restoreCredentials().then([&restored] { restored = true; });
            QTRY_VERIFY(restored);
            QCOMPARE(tasks.task(id)->cookies, QString());
            store.sync();
            bool idle = !secrets.isBusy();
            connect(&secrets, &SecretStore::idle, this, [&idle] { idle = true; });
            QTRY_VERIFY(idle);
            QFile kept(secrets.filePath());
            QVERIFY(!kept.open(QIODevice::ReadOnly) || !kept.readAll().contains("d0ne-c00kie"));
        }
        TaskRegistry tasks; // and the database no longer says there is anything to read back
        TaskStore store(&tasks);
        QCOMPARE(store.open(state.path()), QString());
        QVERIFY(!tasks.task(id)->browserContextKept);
    }

    // A secret written while the old one was still being read back wins: the late answer does
    // not bring the old cookies back.
    void aLateReadDoesNotUndoANewerSecret()
    {
        QTemporaryDir state;
        TaskId id = storedWithCookies(state, QStringLiteral("session=0ld"));
        TaskRegistry tasks;
        TaskStore store(&tasks);
        SecretStore secrets(state.path(), false);
        store.setSecretStore(&secrets);
        QCOMPARE(store.open(state.path()), QString());
        bool restored = false;
        store.restoreCredentials().then([&restored] { restored = true; });
        tasks.setBrowserContext(id, {}, QStringLiteral("session=n3w"), {}); // before the answer
        store.sync();
        QTRY_VERIFY(restored);
        QCOMPARE(tasks.task(id)->cookies, QStringLiteral("session=n3w"));
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
