// Secrets out of sight: the store's 0600 fallback file (no keyring in CI), and what tasks keep
// there instead of the task database (URL passwords; a browser's cookies, referrer and user
// agent): back after a restart, gone when they leave the task, never lent to another task.
#include "nodescriptors.h"
#include "services/engine/taskregistry.h"
#include "services/storage/secretstore.h"
#include "services/storage/taskstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <future>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

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
    // Many changes in one turn (a paste of URLs with passwords) are one write of the file.
    void manySecretsInOneTurnAreOneWrite()
    {
        QTemporaryDir state;
        SecretStore store(state.path(), false);
        for (int i = 0; i < 1000; ++i)
            store.write(QStringLiteral("task-%1").arg(i), QStringLiteral("pw-%1").arg(i));
        QVERIFY(!QFile::exists(store.filePath())); // not a write per secret
        QTRY_VERIFY(!store.isBusy());
        SecretStore again(state.path(), false);
        std::optional<QString> read;
        again.read(QStringLiteral("task-999")).then([&read](const QString &s) { read = s; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(*read, QStringLiteral("pw-999"));
    }

    // Hundreds of browser downloads with their cookies make a file of several MiB: every
    // secret in it is read back, and a new one is added beside them, not instead of them.
    void aLargeFileOfSecretsIsReadWhole()
    {
        QTemporaryDir state;
        const QString cookie(4000, QLatin1Char('c'));
        {
            SecretStore store(state.path(), false);
            for (int i = 0; i < 600; ++i)
                store.write(QStringLiteral("task-%1").arg(i), cookie + QString::number(i));
            QTRY_VERIFY(!store.isBusy());
        }
        QVERIFY(QFileInfo(QDir(state.path()).filePath(QStringLiteral("secrets.json"))).size() >
                2 * 1024 * 1024);
        {
            SecretStore again(state.path(), false);
            std::optional<QString> read;
            again.read(QStringLiteral("task-599")).then([&read](const QString &s) { read = s; });
            QTRY_VERIFY(read.has_value());
            QCOMPARE(*read, cookie + QStringLiteral("599"));
            again.write(QStringLiteral("new"), QStringLiteral("pw"));
            QTRY_VERIFY(!again.isBusy());
        }
        SecretStore third(state.path(), false);
        for (const QString &key : {QStringLiteral("task-0"), QStringLiteral("new")}) {
            std::optional<QString> read;
            third.read(key).then([&read](const QString &s) { read = s; });
            QTRY_VERIFY(read.has_value());
            QCOMPARE(*read, key == QLatin1String("new") ? QStringLiteral("pw")
                                                        : cookie + QStringLiteral("0"));
        }
    }

    // A file of secrets that is there but cannot be opened (no descriptor left: a download
    // manager with many connections open) is not written over by the next secret: all the
    // others would be gone.
    void aFileOfSecretsThatCannotBeOpenedIsNotWrittenOver()
    {
        QTemporaryDir state;
        {
            SecretStore store(state.path(), false);
            store.write(QStringLiteral("old"), QStringLiteral("pw"));
            QTRY_VERIFY(!store.isBusy());
        }
        {
            SecretStore store(state.path(), false);
            std::optional<QString> read;
            {
                const NoFreeDescriptor none;
                QVERIFY(none.isActive());
                store.read(QStringLiteral("old")).then([&read](const QString &s) { read = s; });
                QTRY_VERIFY(read.has_value());
            }
            store.write(QStringLiteral("new"), QStringLiteral("pw2"));
            QTRY_VERIFY(!store.isBusy());
        }
        SecretStore again(state.path(), false);
        std::optional<QString> read;
        again.read(QStringLiteral("old")).then([&read](const QString &s) { read = s; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(*read, QStringLiteral("pw"));
    }

    // The file is read and written off the GUI thread: one slow to open (a home folder on a
    // network that hangs; here a pipe nobody has written to yet) never stops the event loop.
    void aSlowFileOfSecretsNeverStopsTheEventLoop()
    {
        QTemporaryDir state;
        const QByteArray path = QFile::encodeName(state.filePath(QStringLiteral("secrets.json")));
        QCOMPARE(::mkfifo(path.constData(), 0600), 0);
        // Were the pipe opened on this thread, only this would let it go on, after 5 s.
        std::promise<void> finished;
        std::thread watchdog([path, done = finished.get_future()] {
            if (done.wait_for(std::chrono::seconds(5)) == std::future_status::ready)
                return;
            // Not blocking: with no reader left (the store read it already) it just ends.
            const int fd = ::open(path.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd >= 0) {
                (void)!::write(fd, "{}", 2);
                ::close(fd);
            }
        });
        const auto join = qScopeGuard([&] {
            finished.set_value();
            watchdog.join();
        });
        SecretStore store(state.path(), false);
        std::optional<QString> read;
        QElapsedTimer clock;
        clock.start();
        store.read(QStringLiteral("k")).then([&read](const QString &s) { read = s; });
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!read.has_value());
        // The store's thread waits in open(): a writer may now come.
        int fd = -1;
        QVERIFY(QTest::qWaitFor([&] {
            fd = ::open(path.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            return fd >= 0;
        }));
        const QByteArray secrets = "{\"k\": \"v\"}";
        QCOMPARE(::write(fd, secrets.constData(), size_t(secrets.size())), secrets.size());
        ::close(fd);
        QTRY_VERIFY(read.has_value());
        QCOMPARE(*read, QStringLiteral("v"));
    }

    // Removing a secret that is nowhere writes nothing: no file appears (a keyring user's
    // first secret removes its copy from the file, which they never had).
    void removingWhatIsNotThereWritesNothing()
    {
        QTemporaryDir state;
        SecretStore store(state.path(), false);
        store.remove(QStringLiteral("task-1"));
        QTRY_VERIFY(!store.isBusy());
        std::optional<QString> read;
        store.read(QStringLiteral("task-1")).then([&read](const QString &s) { read = s; });
        QTRY_VERIFY(read.has_value());
        QVERIFY(read->isEmpty());
        QVERIFY(!QFile::exists(store.filePath()));
    }

    // A file that cannot be read as secrets (damaged by a disk, or edited by hand) is not
    // overwritten by the next secret: it stays beside the new file for the user to look at.
    void anUnreadableFileOfSecretsIsKeptAside()
    {
        QTemporaryDir state;
        const QString path = QDir(state.path()).filePath(QStringLiteral("secrets.json"));
        const QByteArray damaged = "{\"task-1\": \"s3cret\", \"task-2\": \"oth";
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(damaged);
        }
        {
            SecretStore store(state.path(), false);
            std::optional<QString> read;
            store.read(QStringLiteral("task-1")).then([&read](const QString &s) { read = s; });
            QTRY_VERIFY(read.has_value());
            QVERIFY(read->isEmpty()); // nothing to trust in it
            store.write(QStringLiteral("new"), QStringLiteral("pw"));
            QTRY_VERIFY(!store.isBusy());
        }
        QStringList kept;
        for (const QString &name : QDir(state.path()).entryList(QDir::Files)) {
            QFile file(QDir(state.path()).filePath(name));
            if (name != QLatin1String("secrets.json") && file.open(QIODevice::ReadOnly) &&
                file.readAll() == damaged)
                kept.append(name);
        }
        QCOMPARE(kept.size(), 1);
        QVERIFY2(kept.first().startsWith(QLatin1String("secrets.json")), qPrintable(kept.first()));
        SecretStore again(state.path(), false);
        std::optional<QString> read;
        again.read(QStringLiteral("new")).then([&read](const QString &s) { read = s; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(*read, QStringLiteral("pw"));
    }

    void secretsAreKeptOutOfSightWithoutAKeyring()
    {
        QTemporaryDir state;
        SecretStore store(state.path(), false);
        std::optional<SecretStore::Where> where;
        store.write(QStringLiteral("nas"), QStringLiteral("s3cret"))
            .then([&where](SecretStore::Where w) { where = w; });
        QTRY_VERIFY(where.has_value());
        QCOMPARE(*where, SecretStore::Where::File);
        QTRY_VERIFY(!store.isBusy()); // written once the turn ends
        QVERIFY(QFile::exists(store.filePath()));
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
