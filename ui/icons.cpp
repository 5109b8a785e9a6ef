// Theme icons with bundled fallbacks.
#include "icons.h"

#include <QImageReader>
#include <QString>

static void initResources()
{
    // The .qrc lives in a static library: without this reference the linker may drop it.
    static const bool done = [] {
        Q_INIT_RESOURCE(resources);
        return true;
    }();
    Q_UNUSED(done);
}

// The PNG renders at `sizes`, plus the SVG source when an SVG image plugin is installed.
static QIcon bundled(const QString &base, std::initializer_list<int> sizes)
{
    initResources();
    QIcon icon;
    static const bool svg = QImageReader::supportedImageFormats().contains("svg");
    if (svg)
        icon.addFile(QStringLiteral(":/fetchdeck/icons/%1.svg").arg(base));
    for (int size : sizes)
        icon.addFile(QStringLiteral(":/fetchdeck/icons/png/%1-%2.png").arg(base).arg(size),
                     QSize(size, size));
    return icon;
}

namespace Icons {

QIcon get(Id id)
{
    struct Entry {
        const char *theme;
        const char *file;
    };
    static const Entry entries[] = {
        {"list-add", "add"},
        {"process-stop", "cancel"},
        {"view-refresh", "retry"},
        {"edit-delete", "remove"},
        {"document-open", "open"},
        {"folder-open", "folder"},
        {"preferences-system", "settings"},
        {"media-playback-pause", "pause"},
        {"media-playback-start", "resume"},
    };
    const Entry &e = entries[static_cast<int>(id)];
    return QIcon::fromTheme(QLatin1String(e.theme),
                            bundled(QLatin1String(e.file), {16, 24, 32, 48}));
}

QIcon forState(TaskState state)
{
    static const QIcon icons[] = {
        bundled(QStringLiteral("state-queued"), {16, 32}),
        bundled(QStringLiteral("state-running"), {16, 32}),
        bundled(QStringLiteral("state-completed"), {16, 32}),
        bundled(QStringLiteral("state-failed"), {16, 32}),
        bundled(QStringLiteral("state-canceled"), {16, 32}),
        bundled(QStringLiteral("state-paused"), {16, 32}),
    };
    static_assert(std::size(icons) == TaskStateCount);
    return icons[static_cast<int>(state)];
}

QIcon retrying()
{
    static const QIcon icon = bundled(QStringLiteral("retry"), {16, 24, 32, 48});
    return icon;
}

QIcon forKind(TaskKind kind)
{
    static const QIcon hash = bundled(QStringLiteral("hash"), {16, 24, 32, 48});
    static const QIcon extract = bundled(QStringLiteral("extract"), {16, 24, 32, 48});
    switch (kind) {
    case TaskKind::Hash:
        return hash;
    case TaskKind::Extract:
        return extract;
    case TaskKind::Download:
        break;
    }
    // Downloads: a blank of the same size, so that every name starts at the same place.
    static const QIcon blank = [] {
        QPixmap pixmap(16, 16);
        pixmap.fill(Qt::transparent);
        return QIcon(pixmap);
    }();
    return blank;
}

QIcon app()
{
    return QIcon::fromTheme(QStringLiteral("io.github.fetchdeck.Fetchdeck"), // as installed

                            bundled(QStringLiteral("fetchdeck"), {16, 32, 48, 64, 128, 256}));
}

} // namespace Icons

namespace Icons {

QString errorStyle(const QPalette &palette, bool bold)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    return QStringLiteral("color: %1;%2")
        .arg(dark ? QStringLiteral("#ef9a9a") : QStringLiteral("#c62828"),
             bold ? QStringLiteral(" font-weight: bold;") : QString());
}

} // namespace Icons
