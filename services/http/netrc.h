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

// The entry for `host` in the text of a .netrc file (tokens separated by blanks; "macdef"
// bodies skipped up to an empty line); none when the host is not named.
std::optional<NetrcLogin> netrcLookup(const QByteArray &text, const QString &host);
// The entry for `host` in $HOME/.netrc (read at most once every few seconds).
std::optional<NetrcLogin> netrcLogin(const QString &host);
