// What the browser suites share: a user's environment of their own for the fetchdeck they run
// (a home folder, offscreen, no keyring), running it, and reading a JSON file.
#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>

inline QJsonObject readJson(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

// The environment of a user whose home folder is `home` (the XDG folders inside it).
inline QProcessEnvironment userEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    env.remove(QStringLiteral("XDG_RUNTIME_DIR")); // the socket goes to the state folder
    env.remove(QStringLiteral("XDG_DOWNLOAD_DIR"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("FETCHDECK_NO_KEYRING"), QStringLiteral("1"));
    // The dashboard and the host are separate processes here; leaks are other suites' job.
    env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0"));
    return env;
}

// Runs the fetchdeck under test in `env`: its exit status (-1 if it did not end in 30 s).
inline int runFetchdeckIn(const QProcessEnvironment &env, const QStringList &args,
                          QByteArray *out = nullptr)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FETCHDECK_BINARY), args);
    if (!p.waitForFinished(30000))
        return -1;
    if (out)
        *out = p.readAllStandardOutput();
    return p.exitCode();
}
