// Logins from ~/.netrc for URLs without a password, as curl -n and wget read them, with one
// difference: only a machine named in the file gets its login; a "default" entry (often an
// anonymous FTP password) is never sent to every server downloaded from.
#pragma once

#include <QString>
#include <optional>

struct NetrcLogin {
    QString login;
    QString password;
};

// The entry for `host` in the text of a .netrc file, read as curl 7.88 reads it: tokens
// separated by blanks or "double quoted" (with \" \\ \n \r \t escapes), a '#' starting a token
// comments out the rest of its line, "macdef" bodies are skipped up to an empty line. The first
// entry for the host; when the URL names a user (`user` not empty), the first one with that
// login. None when there is no such entry or a quote is left open.
std::optional<NetrcLogin> netrcLookup(const QByteArray &text, const QString &host,
                                      const QString &user);
// The entry for `host` and `user` in $HOME/.netrc (read at most once every few seconds).
std::optional<NetrcLogin> netrcLogin(const QString &host, const QString &user);
