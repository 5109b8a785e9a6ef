// Header parsing for resume, retries and file names.
#include "httpheaders.h"

#include <QList>
#include <QLocale>
#include <QStringDecoder>
#include <QTimeZone>
#include <algorithm>
#include <limits>

namespace HttpHeaders {

std::optional<ContentRange> parseContentRange(const QByteArray &value)
{
    QByteArray v = value.trimmed();
    if (!v.toLower().startsWith("bytes "))
        return std::nullopt;
    v = v.mid(6).trimmed();
    const qsizetype slash = v.indexOf('/');
    if (slash < 0)
        return std::nullopt;
    ContentRange r;
    bool ok = true;
    const QByteArray total = v.mid(slash + 1).trimmed();
    if (total != "*") {
        r.total = total.toLongLong(&ok);
        if (!ok || r.total < 0)
            return std::nullopt;
    }
    const QByteArray range = v.left(slash).trimmed();
    if (range == "*")
        return r.total >= 0 ? std::optional(r) : std::nullopt;
    const qsizetype dash = range.indexOf('-');
    if (dash <= 0)
        return std::nullopt;
    bool ok1 = false;
    bool ok2 = false;
    r.first = range.left(dash).toLongLong(&ok1);
    r.last = range.mid(dash + 1).toLongLong(&ok2);
    if (!ok1 || !ok2 || r.first < 0 || r.last < r.first || (r.total >= 0 && r.last >= r.total))
        return std::nullopt;
    return r;
}

// Splits "a; b=c; d=\"e;f\"" on semicolons outside quotes.
static QList<QByteArray> splitParameters(const QByteArray &value)
{
    QList<QByteArray> parts;
    QByteArray current;
    bool quoted = false;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\\' && quoted && i + 1 < value.size()) {
            current += c;
            current += value[++i];
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        if (c == ';' && !quoted) {
            parts.append(current.trimmed());
            current.clear();
            continue;
        }
        current += c;
    }
    parts.append(current.trimmed());
    return parts;
}

// UTF-8 where the bytes are UTF-8, else Latin-1 (as browsers read a plain filename=).
static QString utf8OrLatin1(const QByteArray &bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8(bytes);
    return utf8.hasError() ? QString::fromLatin1(bytes) : text;
}

// RFC 2047's encoded word, the whole value: =?charset?B|Q?text?= (UTF-8 or ISO-8859-1).
static std::optional<QString> decodeEncodedWord(const QByteArray &v)
{
    const QList<QByteArray> parts = v.split('?');
    if (parts.size() != 5 || parts[0] != "=" || parts[4] != "=" || parts[2].size() != 1)
        return std::nullopt;
    const QByteArray charset = parts[1].toLower();
    const char encoding = char(QChar::toUpper(uint(parts[2][0])));
    QByteArray bytes;
    if (encoding == 'B') {
        const auto decoded =
            QByteArray::fromBase64Encoding(parts[3], QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return std::nullopt;
        bytes = *decoded;
    } else if (encoding == 'Q') {
        QByteArray text = parts[3];
        text.replace('_', ' ');
        bytes = QByteArray::fromPercentEncoding(text, '=');
    } else {
        return std::nullopt;
    }
    if (charset == "utf-8")
        return QString::fromUtf8(bytes);
    if (charset == "iso-8859-1" || charset == "us-ascii")
        return QString::fromLatin1(bytes);
    QStringDecoder other(charset.constData()); // windows-1252 and the like, where Qt knows them
    if (!other.isValid())
        return std::nullopt;
    const QString text = other(bytes);
    return other.hasError() ? std::nullopt : std::optional<QString>(text);
}

// A value of encoded words only, long names being split over several ("=?UTF-8?B?...?=
// =?UTF-8?B?...?="): joined without the white space between them, as RFC 2047 says.
static std::optional<QString> decodeEncodedWords(const QByteArray &v)
{
    QString out;
    const QList<QByteArray> words = v.simplified().split(' ');
    for (const QByteArray &word : words) {
        const auto decoded = decodeEncodedWord(word);
        if (!decoded)
            return std::nullopt;
        out += *decoded;
    }
    return words.isEmpty() ? std::nullopt : std::optional<QString>(out);
}

static QString unquote(const QByteArray &v)
{
    QByteArray out = v;
    if (v.size() >= 2 && v.startsWith('"') && v.endsWith('"')) {
        out.clear();
        const QByteArray inner = v.mid(1, v.size() - 2);
        for (qsizetype i = 0; i < inner.size(); ++i) {
            if (inner[i] == '\\' && i + 1 < inner.size())
                ++i;
            out += inner[i];
        }
    }
    if (const auto words = decodeEncodedWords(out))
        return *words;
    return utf8OrLatin1(out);
}

// RFC 8187 ext-value: charset'language'percent-encoded
static QString decodeExtValue(const QByteArray &v)
{
    const qsizetype q1 = v.indexOf('\'');
    const qsizetype q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
    if (q2 < 0)
        return {};
    const QByteArray charset = v.left(q1).toLower();
    const QByteArray bytes = QByteArray::fromPercentEncoding(v.mid(q2 + 1));
    if (charset == "utf-8")
        return QString::fromUtf8(bytes);
    if (charset == "iso-8859-1")
        return QString::fromLatin1(bytes);
    return {};
}

QString fileNameFromContentDisposition(const QByteArray &value)
{
    const QStringList names = fileNamesFromContentDisposition(value);
    return names.isEmpty() ? QString() : names.first();
}

QStringList fileNamesFromContentDisposition(const QByteArray &value)
{
    QString plain;
    QString extended;
    const QList<QByteArray> parts = splitParameters(value);
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const qsizetype eq = parts[i].indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = parts[i].left(eq).trimmed().toLower();
        const QByteArray val = parts[i].mid(eq + 1).trimmed();
        if (key == "filename*")
            extended = decodeExtValue(val);
        else if (key == "filename")
            plain = unquote(val);
    }
    QStringList names;
    for (const QString &name : {extended, plain})
        if (!name.isEmpty())
            names.append(name);
    return names;
}

std::optional<qint64> parseRetryAfterMs(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    qint64 seconds = v.toLongLong(&ok);
    // Digits too many for a qint64 are a very long wait, not no Retry-After ("retry now").
    if (!ok && std::all_of(v.cbegin(), v.cend(), [](char c) { return c >= '0' && c <= '9'; })) {
        seconds = std::numeric_limits<qint64>::max();
        ok = true;
    }
    if (ok) // clamped before scaling: a hostile value must not overflow into "retry now"
        return seconds >= 0 ? std::optional(qMin<qint64>(seconds, 1'000'000'000) * 1000)
                            : std::nullopt;
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    QString text = QString::fromLatin1(v);
    if (text.endsWith(QLatin1String(" GMT")))
        text.chop(4);
    QDateTime when = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeZone(QTimeZone::utc());
    return qMax<qint64>(0, now.msecsTo(when));
}

bool isStrongEtag(const QByteArray &etag)
{
    return !etag.isEmpty() && !etag.startsWith("W/");
}

QByteArray ifRangeValidator(const QByteArray &etag, const QByteArray &lastModified)
{
    return isStrongEtag(etag) ? etag : lastModified;
}

QUrl locationUrl(QByteArrayView location)
{
    QByteArray sent;
    bool query = false;
    for (const char c : location) {
        query = query || c == '?';
        if (c == ' ')
            sent += query ? "+" : "%20";
        else if (uchar(c) > 0x7f)
            sent += '%' + QByteArray::number(uchar(c), 16).toUpper();
        else
            sent += c;
    }
    return QUrl::fromEncoded(sent);
}

} // namespace HttpHeaders
