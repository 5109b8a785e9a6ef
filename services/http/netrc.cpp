// A small .netrc reader: machine, login, password, default, macdef, account.
#include "netrc.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QList>

std::optional<NetrcLogin> netrcLookup(const QByteArray &text, const QString &host)
{
    // macdef bodies run to an empty line: drop them before splitting into tokens.
    QByteArray plain;
    bool inMacro = false;
    for (const QByteArray &line : text.split('\n')) {
        if (inMacro) {
            inMacro = !line.trimmed().isEmpty();
            continue;
        }
        if (line.trimmed().startsWith("macdef"))
            inMacro = true;
        else
            plain += line + ' ';
    }
    const QList<QByteArray> tokens = plain.simplified().split(' ');
    std::optional<NetrcLogin> found;
    bool ours = false; // inside the entry for `host`
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const QByteArray &t = tokens[i];
        const QByteArray next = i + 1 < tokens.size() ? tokens[i + 1] : QByteArray();
        if (t == "machine") {
            if (found)
                return found; // the first entry for the host wins, as for curl
            ours = QString::fromUtf8(next).compare(host, Qt::CaseInsensitive) == 0;
            if (ours)
                found = NetrcLogin{};
            ++i;
        } else if (t == "default") {
            if (found)
                return found;
            ours = false; // never used: see the header
        } else if (t == "login" || t == "password" || t == "account") {
            if (ours && t == "login")
                found->login = QString::fromUtf8(next);
            else if (ours && t == "password")
                found->password = QString::fromUtf8(next);
            ++i;
        }
    }
    if (found && found->login.isEmpty() && found->password.isEmpty())
        return std::nullopt;
    return found;
}

std::optional<NetrcLogin> netrcLogin(const QString &host)
{
    // A tiny file, read again at most every 5 s: thousands of small downloads a second must
    // not read it each time.
    static QElapsedTimer age;
    static QByteArray text;
    static QByteArray home; // $HOME as it was when the file was read
    const QByteArray homeNow = qgetenv("HOME");
    if (!age.isValid() || age.elapsed() > 5000 || homeNow != home) {
        const QString dir = homeNow.isEmpty() ? QDir::homePath() : QString::fromLocal8Bit(homeNow);
        QFile file(QDir(dir).filePath(QStringLiteral(".netrc")));
        text = file.open(QIODevice::ReadOnly) ? file.read(1024 * 1024) : QByteArray();
        home = homeNow;
        age.start();
    }
    return text.isEmpty() ? std::nullopt : netrcLookup(text, host);
}
