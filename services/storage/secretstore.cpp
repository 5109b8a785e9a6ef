// The keyring through QtKeychain, and the 0600 file where no keyring service runs.
#include "secretstore.h"

#include <QCoroSignal>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QPointer>
#include <QSaveFile>
#include <QSemaphore>
#include <QStandardPaths>
#include <QTimer>
#include <memory>
#include <qt6keychain/keychain.h>
#include <sys/stat.h>

namespace {
constexpr auto FileName = "secrets.json";

// Runs one keychain job to its end; its error, or NoError.
QCoro::Task<QKeychain::Error> runJob(QKeychain::Job *job)
{
    job->setAutoDelete(false);
    job->start();
    co_await qCoro(job, &QKeychain::Job::finished);
    const QKeychain::Error error = job->error();
    co_return error;
}

// What the file held, read on the store's thread.
struct Loaded {
    QJsonObject secrets;
    bool kept = false; // there, but not ours to write over
};

// A link in the file's place (to another program's file, say): QFile and QSaveFile would go
// through it. It is neither read nor written over.
bool isLink(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISLNK(st.st_mode);
}

Loaded loadFile(const QString &path)
{
    Loaded loaded;
    if (isLink(path)) {
        qWarning("fetchdeck: %s is a link; this run keeps its secrets in memory only",
                 qPrintable(path));
        loaded.kept = true;
        return loaded;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        // There but not readable now (no descriptor left, its permissions): this run keeps its
        // secrets in memory only, and never writes over the file's.
        if (file.exists()) {
            qWarning("fetchdeck: cannot read %s: %s; new secrets are not written to it",
                     qPrintable(path), qPrintable(file.errorString()));
            loaded.kept = true;
        }
        return loaded;
    }
    // All of it: cookies of a few hundred browser downloads take megabytes.
    const QByteArray bytes = file.readAll();
    file.close();
    QJsonParseError parsed;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parsed);
    if (parsed.error == QJsonParseError::NoError && document.isObject()) {
        loaded.secrets = document.object();
        return loaded;
    }
    if (bytes.trimmed().isEmpty())
        return loaded;
    // Not secrets we can read (a damaged disk, an edit by hand): the next write must not
    // replace it. It is kept under a name of its own, or, where it cannot be moved, nothing is
    // written over it.
    for (int n = 1; n < 100; ++n) {
        const QString aside = path + QStringLiteral(".unreadable") +
                              (n == 1 ? QString() : QLatin1Char('-') + QString::number(n));
        if (QFile::rename(path, aside)) {
            qWarning("fetchdeck: %s could not be read; kept as %s", qPrintable(path),
                     qPrintable(aside));
            return loaded;
        }
        if (!QFile::exists(aside))
            break; // not a name taken: the folder refuses
    }
    qWarning("fetchdeck: %s could not be read, nor moved aside; it is left as it is",
             qPrintable(path));
    loaded.kept = true;
    return loaded;
}

bool saveFile(const QString &path, const QJsonObject &secrets)
{
    if (isLink(path)) {
        qWarning("fetchdeck: %s is a link; secrets are not written through it", qPrintable(path));
        return false;
    }
    QSaveFile file(path);
    bool written = file.open(QIODevice::WriteOnly);
    if (written) {
        // Only the user may read it, before a byte of it is written.
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write(QJsonDocument(secrets).toJson());
        written = file.commit();
    }
    if (!written)
        qWarning("fetchdeck: cannot write %s: %s", qPrintable(path),
                 qPrintable(file.errorString()));
    return written;
}
} // namespace

struct SecretStore::LoadWait {
    SecretStore *store;
    bool await_ready() const noexcept { return store->m_file.has_value(); }
    void await_suspend(std::coroutine_handle<> waiter)
    {
        store->m_loadWaiters.push_back(waiter);
        store->startLoad();
    }
    void await_resume() const noexcept {}
};

// Counts a write or a removal as under way (isBusy()) until it ends.
class SecretStore::Busy {
public:
    explicit Busy(SecretStore *store) : m_store(store) { ++store->m_busy; }
    ~Busy()
    {
        if (m_store)
            m_store->done();
    }
    Busy(const Busy &) = delete;
    Busy &operator=(const Busy &) = delete;

private:
    QPointer<SecretStore> m_store;
};

SecretStore::SecretStore(const QString &folder, bool useKeyring, QObject *parent)
    : QObject(parent), m_folder(folder), m_useKeyring(useKeyring)
{
    // The folder as the file system names it: a link to it, a relative or a trailing-slash
    // spelling is the same folder.
    const auto named = [](const QString &path) {
        const QString real = QDir(path).canonicalPath();
        return real.isEmpty() ? QDir(path).absolutePath() : real;
    };
    const QString own = named(folder);
    if (own != named(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)))
        m_keyringScope =
            QLatin1Char('@') +
            QString::fromLatin1(QCryptographicHash::hash(own.toUtf8(), QCryptographicHash::Sha256)
                                    .toHex()
                                    .left(16));
    // One thread, started now and kept: a thread started later, when every descriptor is in
    // use, would abort the process (its event dispatcher needs one). It is waited for here (a
    // thread's start, once per run, not a disk's answer).
    m_io.setMaxThreadCount(1);
    m_io.setExpiryTimeout(-1);
    auto running = std::make_shared<QSemaphore>();
    m_io.start([running] { running->release(); });
    if (!running->tryAcquire(1, 10000))
        qWarning("fetchdeck: the thread for %s did not start", qPrintable(filePath()));
}

QString SecretStore::keyringKey(const QString &key) const
{
    return key + m_keyringScope;
}

SecretStore::~SecretStore()
{
    // A read or a write under way ends; its answer, posted to this object, is dropped with it.
    m_io.waitForDone();
    if (!m_changed)
        return;
    // Changes not written yet (quitting waits for idle(), so this is rare): written now.
    if (!m_file) {
        Loaded file = loadFile(filePath());
        m_fileKept = file.kept;
        if (!applyChanges(std::move(file.secrets)))
            return;
    }
    if (!m_fileKept)
        saveFile(filePath(), *m_file);
}

void SecretStore::done()
{
    if (--m_busy == 0)
        Q_EMIT idle();
}

QString SecretStore::filePath() const
{
    return QDir(m_folder).filePath(QLatin1String(FileName));
}

void SecretStore::startLoad()
{
    if (m_loadStarted)
        return;
    m_loadStarted = true;
    m_io.start([this, path = filePath()] {
        Loaded file = loadFile(path);
        // The destructor waits for this job, so the object is still there to post to.
        QMetaObject::invokeMethod(
            this,
            [this, file = std::move(file)]() mutable {
                loadedFile(std::move(file.secrets), file.kept);
            },
            Qt::QueuedConnection);
    });
}

void SecretStore::loadedFile(QJsonObject secrets, bool kept)
{
    m_fileKept = kept;
    if (!applyChanges(std::move(secrets)) && m_changed && !m_saving) {
        m_changed = false; // what changed before the read was there already: nothing to write
        done();
    }
    // Those who waited, in the order they came, each from the event loop.
    for (std::coroutine_handle<> waiter : std::exchange(m_loadWaiters, {}))
        QMetaObject::invokeMethod(
            this, [waiter] { waiter.resume(); }, Qt::QueuedConnection);
    if (m_changed && !m_saving)
        saveChanges();
}

bool SecretStore::applyChanges(QJsonObject read)
{
    bool differs = false;
    for (auto it = m_early.cbegin(); it != m_early.cend(); ++it) {
        const QJsonValue was = read.value(it.key());
        if (it.value().isEmpty()) {
            differs = differs || !was.isUndefined();
            read.remove(it.key());
        } else {
            differs = differs || was.toString() != it.value();
            read.insert(it.key(), it.value());
        }
    }
    m_early.clear();
    m_file = std::move(read);
    return differs;
}

void SecretStore::change(const QString &key, const QString &secret)
{
    if (!m_file) {
        m_early.insert(key, secret); // applied to the file once it is read
    } else {
        QJsonObject &all = *m_file;
        if (secret.isEmpty() ? !all.contains(key) : all.value(key).toString() == secret)
            return;
        if (secret.isEmpty())
            all.remove(key);
        else
            all.insert(key, secret);
    }
    if (m_changed)
        return;
    m_changed = true;
    ++m_busy; // until a write has it
    if (!m_saving && !m_saveQueued) {
        m_saveQueued = true;
        // The rest of this turn's changes go with it.
        QTimer::singleShot(0, this, [this] {
            m_saveQueued = false;
            saveChanges();
        });
    }
}

void SecretStore::saveChanges()
{
    if (m_saving || !m_changed)
        return;
    if (!m_file) {
        startLoad(); // saves once read
        return;
    }
    m_changed = false;
    if (m_fileKept) {
        m_fileWritable = false;
        done();
        return;
    }
    m_saving = true;
    // A copy of the secrets as they are now (shared until the next change).
    m_io.start([this, path = filePath(), all = *m_file] {
        const bool written = saveFile(path, all);
        QMetaObject::invokeMethod(
            this,
            [this, written] {
                m_saving = false;
                m_fileWritable = written;
                done();
                saveChanges(); // what changed meanwhile
            },
            Qt::QueuedConnection);
    });
}

QCoro::Task<QString> SecretStore::read(QString key)
{
    QPointer<SecretStore> self(this);
    if (m_useKeyring) {
        auto *job = new QKeychain::ReadPasswordJob(QLatin1String(Service));
        job->setKey(keyringKey(key));
        QKeychain::Error error = co_await runJob(job);
        QString secret = job->textData();
        job->deleteLater();
        if (!self)
            co_return QString();
        if (error == QKeychain::EntryNotFound && !m_keyringScope.isEmpty()) {
            // Written by a version before the folder's own names: read under the plain one, and
            // kept under the folder's from now on (the plain one may be the default folder's).
            auto *legacy = new QKeychain::ReadPasswordJob(QLatin1String(Service));
            legacy->setKey(key);
            error = co_await runJob(legacy);
            secret = legacy->textData();
            legacy->deleteLater();
            if (!self)
                co_return QString();
            if (error == QKeychain::NoError && !secret.isEmpty())
                (void)write(key, secret);
        }
        if (error == QKeychain::NoError) {
            m_lastWhere = Where::Keyring;
            co_return secret;
        }
    }
    if (!m_file && m_early.contains(key)) {
        const QString secret = m_early.value(key); // written (or removed) in this run
        if (!secret.isEmpty())
            m_lastWhere = Where::File;
        co_return secret;
    }
    co_await LoadWait{this};
    if (!self)
        co_return QString();
    const QString secret = m_file->value(key).toString();
    if (!secret.isEmpty())
        m_lastWhere = Where::File;
    co_return secret;
}

QCoro::Task<SecretStore::Where> SecretStore::write(QString key, QString secret)
{
    QPointer<SecretStore> self(this);
    const Busy busy(this);
    bool inKeyring = false;
    if (m_useKeyring && !secret.isEmpty()) {
        auto *job = new QKeychain::WritePasswordJob(QLatin1String(Service));
        job->setKey(keyringKey(key));
        job->setTextData(secret);
        const QKeychain::Error error = co_await runJob(job);
        job->deleteLater();
        if (!self)
            co_return Where::Nowhere;
        inKeyring = error == QKeychain::NoError;
    }
    change(key, inKeyring ? QString() : secret); // a copy in the file goes when in the keyring
    // Where it went is known once the file was read (it may not be ours to write over).
    co_await LoadWait{this};
    if (!self)
        co_return Where::Nowhere;
    m_lastWhere = inKeyring                       ? Where::Keyring
                  : m_fileWritable && !m_fileKept ? Where::File
                                                  : Where::Nowhere;
    co_return m_lastWhere;
}

QCoro::Task<> SecretStore::remove(QString key)
{
    QPointer<SecretStore> self(this);
    const Busy busy(this);
    if (m_useKeyring) {
        auto *job = new QKeychain::DeletePasswordJob(QLatin1String(Service));
        job->setKey(keyringKey(key));
        (void)co_await runJob(job);
        job->deleteLater();
        if (!self)
            co_return;
    }
    change(key, {});
}
