// Safe, unique file names.
#include "filenames.h"

#include <QDir>
#include <QFile>
#include <sys/stat.h>

namespace FileNames {

static const QStringList DoubleExtensions = {QStringLiteral(".tar.gz"), QStringLiteral(".tar.xz"),
                                             QStringLiteral(".tar.bz2"),
                                             QStringLiteral(".tar.zst")};

static qsizetype extensionStart(const QString &name)
{
    for (const QString &ext : DoubleExtensions) {
        if (name.size() > ext.size() && name.endsWith(ext, Qt::CaseInsensitive))
            return name.size() - ext.size();
    }
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    // An "extension" with a space in it, or that long, is part of the name ("Vol.1 - The
    // Title"): numbered and cut as a whole.
    if (dot <= 0 || name.indexOf(QLatin1Char(' '), dot) >= 0 || name.mid(dot).toUtf8().size() > 32)
        return name.size();
    return dot;
}

QString fromUrl(const QUrl &url)
{
    QString path = url.path(QUrl::FullyDecoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const QString last = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
    const QString safe = sanitize(last);
    return safe.isEmpty() ? QStringLiteral("index.html") : safe;
}

// The longest prefix of `s` that fits `budget` UTF-8 bytes, never splitting a surrogate pair.
static QString prefixWithin(const QString &s, qsizetype budget)
{
    qsizetype bytes = 0;
    qsizetype i = 0;
    while (i < s.size()) {
        const char16_t c = s[i].unicode();
        const bool pair =
            QChar::isHighSurrogate(c) && i + 1 < s.size() && s[i + 1].isLowSurrogate();
        const int length = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        if (bytes + length > budget)
            break;
        bytes += length;
        i += pair ? 2 : 1;
    }
    return s.left(i);
}

QString sanitize(const QString &name)
{
    // Linear in the input, and capped first: no name that long survives anyway (a 1 MB name
    // from a hostile header must not cost seconds on the GUI thread). The end is kept for the
    // extension.
    constexpr qsizetype Cap = 4096;
    const QString input = name.size() > 2 * Cap ? name.left(Cap) + name.right(Cap) : name;
    QString out;
    out.reserve(input.size());
    for (QChar c : input) {
        if (c == QLatin1Char('/') || c == QLatin1Char('\\'))
            out += QLatin1Char('_');
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ||
                 c.category() == QChar::Separator_Line ||
                 c.category() == QChar::Separator_Paragraph)
            continue; // also what would start a new line where the name is shown
        else
            out += c;
    }
    // No hidden files, no option-looking names, no "." or "..": skip every leading dot, dash
    // and space at once (". .x" must not become ".x").
    qsizetype first = 0;
    while (first < out.size() && (out[first] == QLatin1Char('.') ||
                                  out[first] == QLatin1Char('-') || out[first].isSpace()))
        ++first;
    out = out.mid(first).trimmed();
    if (out.isEmpty())
        return {};

    // At most 255 bytes in UTF-8, keeping the extension (with room for " (9999).part").
    constexpr int MaxBytes = 255 - 16;
    if (out.toUtf8().size() > MaxBytes) {
        const qsizetype extAt = extensionStart(out);
        const QString ext = out.mid(extAt); // none when it is part of the name
        out = ext.isEmpty() ? prefixWithin(out, MaxBytes).trimmed()
                            : prefixWithin(out.left(extAt), MaxBytes - ext.toUtf8().size()) + ext;
    }
    // Never a name another task's partial file has ("foo.part" is foo's), in any case (a FAT
    // stick ignores it): the dot goes.
    if (out.endsWith(QLatin1String(".part"), Qt::CaseInsensitive))
        out[out.size() - 5] = QLatin1Char('_');
    return out;
}

QString numbered(const QString &name, int n)
{
    const qsizetype extAt = extensionStart(name);
    return QStringLiteral("%1 (%2)%3").arg(name.left(extAt), QString::number(n), name.mid(extAt));
}

QString unnumbered(const QString &name, int *n)
{
    *n = 0;
    const qsizetype extAt = extensionStart(name);
    const QString stem = name.left(extAt);
    const qsizetype open = stem.lastIndexOf(QLatin1String(" ("));
    if (open <= 0 || !stem.endsWith(QLatin1Char(')')))
        return name;
    const QStringView digits = QStringView(stem).mid(open + 2, stem.size() - open - 3);
    bool ok = false;
    const int number = digits.toInt(&ok);
    if (!ok || number <= 0 || digits.startsWith(QLatin1Char('0')) ||
        digits.startsWith(QLatin1Char('+')))
        return name;
    const QString base = stem.left(open) + name.mid(extAt);
    if (numbered(base, number) != name)
        return name; // not a name numbered() makes (its extension would be another)
    *n = number;
    return base;
}

QString candidate(const QString &name, int n)
{
    return n == 0 ? name : numbered(name, n);
}

int firstFreeOnDisk(const QString &directory, const QString &name, int from, int skipTo)
{
    const QDir dir(directory);
    auto there = [](const QString &path) {
        struct stat st {};
        return ::lstat(QFile::encodeName(path).constData(), &st) == 0;
    };
    for (int n = from;; n = n == from ? std::max(n + 1, skipTo) : n + 1) {
        const QString path = dir.filePath(candidate(name, n));
        if (!there(path) && !there(path + QStringLiteral(".part")))
            return n;
    }
}

} // namespace FileNames
