// A small .netrc reader: machine, login, password, default, macdef, account.
#include "netrc.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QList>

namespace {

enum class Token { Word, LineEnd, Bad };

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// The next token of `line` from `pos`, read as curl reads it: blanks separate tokens, a '#'
// starting one comments out the rest of the line (a password may hold a '#' of its own), and
// double quotes keep blanks within a token, with \" \\ \n \r \t escaped.
Token nextToken(const QByteArray &line, qsizetype &pos, QByteArray &token)
{
    while (pos < line.size() && isBlank(line[pos]))
        ++pos;
    if (pos == line.size() || line[pos] == '#')
        return Token::LineEnd;
    token.clear();
    if (line[pos] != '"') {
        while (pos < line.size() && !isBlank(line[pos]))
            token += line[pos++];
        return Token::Word;
    }
    for (++pos; pos < line.size(); ++pos) {
        char c = line[pos];
        if (c == '"') {
            ++pos;
            return Token::Word;
        }
        if (c == '\\') {
            if (++pos == line.size())
                break;
            c = line[pos];
            c = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
        }
        token += c;
    }
    return Token::Bad; // no closing quote on the line
}

} // namespace

std::optional<NetrcLogin> netrcLookup(const QByteArray &text, const QString &host,
                                      const QString &user)
{
    QList<NetrcLogin> entries; // those for `host`, in the file's order
    bool ours = false;         // inside an entry for `host`
    bool inMacro = false;
    QByteArray keyword; // one waiting for its value, which may be on the next line
    for (const QByteArray &line : text.split('\n')) {
        // A macdef body runs to an empty line.
        if (inMacro) {
            inMacro = !line.trimmed().isEmpty();
            continue;
        }
        qsizetype pos = 0;
        QByteArray token;
        for (Token kind; (kind = nextToken(line, pos, token)) != Token::LineEnd;) {
            if (kind == Token::Bad)
                return std::nullopt; // curl -n gives up on the whole file
            if (!keyword.isEmpty()) {
                const QString value = QString::fromUtf8(token);
                if (keyword == "machine") {
                    ours = value.compare(host, Qt::CaseInsensitive) == 0;
                    if (ours)
                        entries.append(NetrcLogin{});
                } else if (ours && keyword == "login") {
                    entries.last().login = value;
                } else if (ours && keyword == "password") {
                    entries.last().password = value;
                }
                keyword.clear();
                continue;
            }
            const QByteArray word = token.toLower(); // keywords in any case, as for curl
            if (word == "machine" || word == "login" || word == "password" || word == "account") {
                keyword = word;
            } else if (word == "default") {
                ours = false; // never used: see the header
            } else if (word == "macdef") {
                inMacro = true; // the rest of the line names the macro
                break;
            }
        }
    }
    // The first entry for the host, as for curl; with a user name in the URL, the first one
    // with that login (another user's password is never sent).
    if (user.isEmpty()) {
        if (entries.isEmpty() ||
            (entries.first().login.isEmpty() && entries.first().password.isEmpty()))
            return std::nullopt;
        return entries.first();
    }
    for (const NetrcLogin &entry : entries) {
        if (entry.login == user)
            return entry;
    }
    return std::nullopt;
}

std::optional<NetrcLogin> netrcLogin(const QString &host, const QString &user)
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
    return text.isEmpty() ? std::nullopt : netrcLookup(text, host, user);
}
