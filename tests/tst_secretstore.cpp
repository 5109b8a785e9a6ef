// The secret store's own file, where no keyring runs: 0600, written once per turn and off the
// GUI thread, read whole, and never written over when it could not be read.
#include "nodescriptors.h"
#include "services/storage/secretstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <future>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

// What the store reads back for `key`, once its read ended; nullopt if it did not within 5 s.
static std::optional<QString> readBack(SecretStore &store, const QString &key)
{
    std::optional<QString> read;
    store.read(key).then([&read](const QString &s) { read = s; });
    if (!QTest::qWaitFor([&read] { return read.has_value(); }))
        return std::nullopt;
    return read;
}

class TestSecretStore : public QObject {
    Q_OBJECT
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
        const std::optional<QString> read = readBack(again, QStringLiteral("task-999"));
        QVERIFY(read.has_value());
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
            const std::optional<QString> read = readBack(again, QStringLiteral("task-599"));
            QVERIFY(read.has_value());
            QCOMPARE(*read, cookie + QStringLiteral("599"));
            again.write(QStringLiteral("new"), QStringLiteral("pw"));
            QTRY_VERIFY(!again.isBusy());
        }
        SecretStore third(state.path(), false);
        for (const QString &key : {QStringLiteral("task-0"), QStringLiteral("new")}) {
            const std::optional<QString> read = readBack(third, key);
            QVERIFY(read.has_value());
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
        const std::optional<QString> read = readBack(again, QStringLiteral("old"));
        QVERIFY(read.has_value());
        QCOMPARE(*read, QStringLiteral("pw"));
    }

    // secrets.json as a link (to another program's file): QSaveFile wrote through it, putting
    // passwords into that file and making it 0600. A link is neither read nor written over.
    void aLinkInPlaceOfTheFileIsNeitherReadNorWrittenThrough()
    {
        QTemporaryDir state;
        QTemporaryDir elsewhere;
        const QString target = elsewhere.filePath(QStringLiteral("other.json"));
        {
            QFile other(target);
            QVERIFY(other.open(QIODevice::WriteOnly));
            other.write("{\"theirs\": \"kept\"}");
        }
        QVERIFY(QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ReadGroup | QFileDevice::ReadOther));
        QVERIFY(QFile::link(target, state.filePath(QStringLiteral("secrets.json"))));
        {
            SecretStore store(state.path(), false);
            QCOMPARE(readBack(store, QStringLiteral("theirs")), std::optional<QString>(QString()));
            store.write(QStringLiteral("task-1"), QStringLiteral("pw-9137"));
            QTRY_VERIFY(!store.isBusy());
        }
        QFile other(target);
        QVERIFY(other.open(QIODevice::ReadOnly));
        QCOMPARE(other.readAll(), QByteArray("{\"theirs\": \"kept\"}"));
        QVERIFY(QFileInfo(target).permissions() & QFileDevice::ReadOther);
        QVERIFY(QFileInfo(state.filePath(QStringLiteral("secrets.json"))).isSymLink());
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
        const std::optional<QString> read = readBack(store, QStringLiteral("task-1"));
        QVERIFY(read.has_value());
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
            const std::optional<QString> read = readBack(store, QStringLiteral("task-1"));
            QVERIFY(read.has_value());
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
        const std::optional<QString> read = readBack(again, QStringLiteral("new"));
        QVERIFY(read.has_value());
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
        const std::optional<QString> read = readBack(store, QStringLiteral("nas"));
        QVERIFY(read.has_value());
        QCOMPARE(*read, QStringLiteral("s3cret"));
        bool removed = false;
        store.remove(QStringLiteral("nas")).then([&removed] { removed = true; });
        QTRY_VERIFY(removed);
        const std::optional<QString> gone = readBack(store, QStringLiteral("nas"));
        QVERIFY(gone.has_value());
        QVERIFY(gone->isEmpty());
    }

    // The keyring is one for all state folders: two folders' "task-1" were one secret, so a
    // dashboard on another --state-dir sent this one's password (or deleted it as stale).
    // The default folder keeps the names it always had.
    void eachStateFolderHasSecretsOfItsOwnInTheKeyring()
    {
        QTemporaryDir a, b;
        const SecretStore first(a.path(), false), second(b.path(), false);
        const SecretStore usual(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation),
                                false);
        const QString key = QStringLiteral("task-1");
        QVERIFY(first.keyringKey(key) != second.keyringKey(key));
        QVERIFY(first.keyringKey(key).startsWith(key));
        QCOMPARE(SecretStore(a.path() + QStringLiteral("/"), false).keyringKey(key),
                 first.keyringKey(key));
        const QString link = b.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(a.path(), link));
        QCOMPARE(SecretStore(link, false).keyringKey(key), first.keyringKey(key));
        QCOMPARE(usual.keyringKey(key), key);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
