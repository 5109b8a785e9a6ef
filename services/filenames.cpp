// Safe, unique file names.
#include "filenames.h"

#include <QDir>
#include <QFileInfo>

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
    return dot > 0 ? dot : name.size();
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

QString sanitize(const QString &name)
{
    QString out;
    out.reserve(name.size());
    for (QChar c : name) {
        if (c == QLatin1Char('/') || c == QLatin1Char('\\'))
            out += QLatin1Char('_');
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            continue;
        else
            out += c;
    }
    out = out.trimmed();
    // No hidden files, no option-looking names, no "." or "..".
    while (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char('-')))
        out.remove(0, 1);
    out = out.trimmed();
    if (out.isEmpty())
        return {};

    // At most 255 bytes in UTF-8, keeping the extension (with room for " (9999).part").
    constexpr int MaxBytes = 255 - 16;
    if (out.toUtf8().size() > MaxBytes) {
        const qsizetype extAt = extensionStart(out);
        QString ext = out.mid(extAt);
        if (ext.toUtf8().size() > 32)
            ext.clear();
        QString base = out.left(extAt);
        while (!base.isEmpty() && (base + ext).toUtf8().size() > MaxBytes) {
            base.chop(1);
            if (!base.isEmpty() && base.back().isHighSurrogate())
                base.chop(1);
        }
        out = base + ext;
    }
    return out;
}

QString numbered(const QString &name, int n)
{
    const qsizetype extAt = extensionStart(name);
    return QStringLiteral("%1 (%2)%3").arg(name.left(extAt)).arg(n).arg(name.mid(extAt));
}

QString unique(const QString &directory, const QString &name, const QSet<QString> &reserved)
{
    const QDir dir(directory);
    auto taken = [&](const QString &candidate) {
        return reserved.contains(candidate) || QFileInfo::exists(dir.filePath(candidate)) ||
               QFileInfo::exists(dir.filePath(candidate + QStringLiteral(".part")));
    };
    if (!taken(name))
        return name;
    for (int n = 1;; ++n) {
        const QString candidate = numbered(name, n);
        if (!taken(candidate))
            return candidate;
    }
}

} // namespace FileNames
