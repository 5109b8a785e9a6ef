// Secrets out of sight: what tasks keep in the secret store (here its 0600 file: no keyring runs
// in CI) instead of the task database (URL passwords; a browser's cookies, referrer and user
// agent): back after a restart, gone when they leave the task, never lent to another task.
#include "services/engine/taskregistry.h"
#include "services/storage/secretstore.h"
#include "services/storage/taskstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// One start of Fetchdeck on a state folder: the registry, the task store and the secret store
// (its 0600 file, as where no keyring runs), declared in main()'s order.
struct Start {
    explicit Start(const QTemporaryDir &state) : secrets(state.path(), false), store(&tasks)
    {
        store.setSecretStore(&secrets);
        error = store.open(state.path());
    }
    // As Fetchdeck quits: the secrets' writes end first.
    ~Start()
    {
        (void)QTest::qWaitFor([this] { return !secrets.isBusy(); });
    }
    // restoreCredentials() until it ended.
    bool restore()
    {
        bool done = false;
        store.restoreCredentials().then([&done] { done = true; });
        return QTest::qWaitFor([&done] { return done; });
    }
    // Whether the secret store's file holds `bytes`, once its writes are done.
    bool keeps(const QByteArray &bytes)
    {
        bool idle = !secrets.isBusy();
        QObject::connect(&secrets, &SecretStore::idle, [&idle] { idle = true; });
        if (!QTest::qWaitFor([&idle] { return idle; }))
            return true;
        QFile kept(secrets.filePath());
        return kept.open(QIODevice::ReadOnly) && kept.readAll().contains(bytes);
    }
    TaskId add(const Task &t)
    {
        const TaskId id = tasks.insertTasks({t}).constFirst();
        store.sync();
        return id;
    }

    SecretStore secrets;
    TaskRegistry tasks;
    TaskStore store;
    QString error;
};

class TestSecrets : public QObject {
    Q_OBJECT
private:
    // A download of https://files.example.org/f.bin with `cookies`, stored in `state`.
    static TaskId storedWithCookies(const QTemporaryDir &state, const QString &cookies)
    {
        Start start(state);
        Task t;
        t.url = QUrl(QStringLiteral("https://files.example.org/f.bin"));
        t.directory = QStringLiteral("/dl");
        t.editExtra().cookies = cookies;
        return start.error.isEmpty() ? start.add(t) : 0;
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

    // No file of the state folder but the secret store's holds any of `secrets`.
    static void outsideTheSecretStore(const QTemporaryDir &state, const QList<QByteArray> &secrets)
    {
        for (const QString &file : QDir(state.path()).entryList(QDir::Files)) {
            if (file == QLatin1String("secrets.json"))
                continue;
            QFile f(state.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            for (const QByteArray &secret : secrets)
                QVERIFY2(!bytes.contains(secret), qPrintable(file));
        }
    }

private Q_SLOTS:
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
            Start first(state);
            QCOMPARE(first.error, QString());
            Task t;
            t.url = url;
            t.editExtra().mirrors = {mirror};
            t.directory = QStringLiteral("/dl");
            id = first.add(t);
        }
        outsideTheSecretStore(state, {"s3cr3t-pw", "m1rr0r-pw"});
        Start start(state);
        QCOMPARE(start.error, QString());
        QCOMPARE(start.tasks.task(id)->url.password(), QString()); // until the secrets are read
        QVERIFY(start.restore());
        QCOMPARE(start.tasks.task(id)->url, url);
        QCOMPARE(start.tasks.task(id)->extra().mirrors, QList<QUrl>{mirror});

        start.tasks.removeTasks({id});
        start.store.sync();
        QVERIFY(!start.keeps("s3cr3t-pw"));
    }

    // A password without a user name (https://:TOKEN@host, a token as some servers take it):
    // it was kept but never read back (only URLs naming a user were), so the download went on
    // without it after a restart, and the secret stayed after the task went.
    void aPasswordWithoutAUserNameComesBack()
    {
        QTemporaryDir state;
        const QUrl url(QStringLiteral("https://:t0ken-pw@files.example.org/a.iso"));
        TaskId id = 0;
        {
            Start first(state);
            Task t;
            t.url = url;
            t.directory = QStringLiteral("/dl");
            id = first.add(t);
        }
        outsideTheSecretStore(state, {"t0ken-pw"});
        Start start(state);
        QVERIFY(start.restore());
        QCOMPARE(start.tasks.task(id)->url.password(), QStringLiteral("t0ken-pw"));
        start.tasks.removeTasks({id});
        start.store.sync();
        QVERIFY(!start.keeps("t0ken-pw"));
    }

    // A password taken out of a URL (Change URL to log in through ~/.netrc instead) is gone
    // for good: not back after a restart, not left in the secret store.
    void aPasswordTakenOutOfAUrlDoesNotComeBack()
    {
        QTemporaryDir state;
        TaskId id = 0;
        {
            Start first(state);
            QCOMPARE(first.error, QString());
            id = first.tasks.addTask(QUrl(QStringLiteral("https://alice:0ldpw@h.example/a.iso")),
                                     QStringLiteral("/dl"));
            first.store.sync();
            first.tasks.setUrl(id, QUrl(QStringLiteral("https://alice@h.example/a.iso")));
            first.store.sync();
        }
        Start start(state);
        QCOMPARE(start.error, QString());
        QVERIFY(start.restore());
        QCOMPARE(start.tasks.task(id)->url, QUrl(QStringLiteral("https://alice@h.example/a.iso")));
        QVERIFY(!start.keeps("0ldpw"));
    }

    // What a browser handed over (cookies, referrer, user agent) is kept like a password: never
    // in the database, back after a restart, even when the task is written before the secrets
    // are read back; gone with the task.
    void browserContextIsKeptOutOfTheDatabase()
    {
        QTemporaryDir state;
        TaskId id = 0;
        {
            Start first(state);
            QCOMPARE(first.error, QString());
            Task t;
            t.url = QUrl(QStringLiteral("https://files.example.org/report.pdf"));
            t.directory = QStringLiteral("/dl");
            t.editExtra().referrer = QStringLiteral("https://files.example.org/private-ref-page");
            t.editExtra().cookies = QStringLiteral("session=c00kie-value");
            t.editExtra().userAgent = QStringLiteral("Mozilla/5.0 TestBrowser");
            id = first.add(t);
        }
        outsideTheSecretStore(state, {"c00kie-value", "private-ref-page"});
        Start start(state);
        QCOMPARE(start.error, QString());
        QCOMPARE(start.tasks.task(id)->extra().cookies, QString()); // until the secrets are read
        bool restored = false;
        start.store.restoreCredentials().then([&restored] { restored = true; });
        start.tasks.setOwnOptions(id, 1000, 2); // written before the secret is read back
        start.store.sync();
        QTRY_VERIFY(restored);
        QCOMPARE(start.tasks.task(id)->extra().cookies, QStringLiteral("session=c00kie-value"));
        QCOMPARE(start.tasks.task(id)->extra().referrer,
                 QStringLiteral("https://files.example.org/private-ref-page"));
        QCOMPARE(start.tasks.task(id)->extra().userAgent,
                 QStringLiteral("Mozilla/5.0 TestBrowser"));

        start.tasks.removeTasks({id});
        start.store.sync();
        QVERIFY(!start.keeps("c00kie-value"));
    }

    // A secret left under a task id that now names another download (the id used again after
    // the secret could not be removed) is stale: its cookies never go to the other site, and
    // it is removed.
    void aStaleSecretNeverLendsItsCookiesToAnotherDownload()
    {
        QTemporaryDir state;
        const TaskId id = storedWithCookies(state, QStringLiteral("session=bank-s3cret"));
        // The row now stands for another site's download (as a reused id would).
        setInDatabase(state,
                      QStringLiteral("UPDATE tasks SET url = 'https://other.example/x.bin'"));
        Start start(state);
        QCOMPARE(start.error, QString());
        QVERIFY(start.restore());
        QCOMPARE(start.tasks.task(id)->url, QUrl(QStringLiteral("https://other.example/x.bin")));
        QCOMPARE(start.tasks.task(id)->extra().cookies, QString());
        QVERIFY(!start.keeps("bank-s3cret"));
    }

    // What the browser gave goes with the download's completion, also when it completed before
    // the secret was read back: it never comes back into the finished task, nor stays kept.
    void aCompletedDownloadsCookiesDoNotComeBack()
    {
        QTemporaryDir state;
        const TaskId id = storedWithCookies(state, QStringLiteral("session=d0ne-c00kie"));
        setInDatabase(state,
                      QStringLiteral("UPDATE tasks SET state = %1").arg(int(TaskState::Completed)));
        {
            Start start(state);
            QCOMPARE(start.error, QString());
            QVERIFY(start.restore());
            QCOMPARE(start.tasks.task(id)->extra().cookies, QString());
            start.store.sync();
            QVERIFY(!start.keeps("d0ne-c00kie"));
        }
        TaskRegistry tasks; // and the database no longer says there is anything to read back
        TaskStore store(&tasks);
        QCOMPARE(store.open(state.path()), QString());
        QVERIFY(!tasks.task(id)->extra().browserContextKept);
    }

    // A secret written while the old one was still being read back wins: the late answer does
    // not bring the old cookies back.
    void aLateReadDoesNotUndoANewerSecret()
    {
        QTemporaryDir state;
        const TaskId id = storedWithCookies(state, QStringLiteral("session=0ld"));
        Start start(state);
        QCOMPARE(start.error, QString());
        bool restored = false;
        start.store.restoreCredentials().then([&restored] { restored = true; });
        start.tasks.setBrowserContext(id, {}, QStringLiteral("session=n3w"), {}); // before it
        start.store.sync();
        QTRY_VERIFY(restored);
        QCOMPARE(start.tasks.task(id)->extra().cookies, QStringLiteral("session=n3w"));
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
