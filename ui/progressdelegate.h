// Paints the Progress column as a bar from the raw 0..1 value (no widget per row), coloured by
// state, with a striped busy look while a running task's size is unknown.
#pragma once

#include "models/task.h"

#include <QCache>
#include <QPixmap>
#include <QStyledItemDelegate>

class ProgressDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // A bar's colours in `state`: its fill (the state's colour, a running bar the palette's
    // highlight) and its label's on it, which reads at 4.5:1 or more.
    struct BarColors {
        QColor fill;
        QColor text;
    };
    static BarColors barColors(TaskState state, const QPalette &palette);

private:
    void paintBar(QPainter *painter, const QRect &rect, double progress, const BarColors &colors,
                  const QWidget *widget, QStyle *style) const;
    void paintBusy(QPainter *painter, const QRect &rect, const QStyleOptionViewItem &option) const;
    void paintSegments(QPainter *painter, const QRect &rect, const QString &map,
                       const QColor &color) const;

    // Bars drawn before, by look (paintBar), up to BarCacheBytes of pixels: 4 MiB hold about
    // 300 bars of 160 x 22 pixels. Its own cache, so that bars never push the style's and the
    // icons' pixmaps out of QPixmapCache.
    static constexpr qsizetype BarCacheBytes = 4 * 1024 * 1024;
    mutable QCache<QString, QPixmap> m_bars{BarCacheBytes};
};
