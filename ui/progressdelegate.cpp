// The Progress column's painter.
#include "progressdelegate.h"

#include "models/taskmodel.h"
#include "services/http/segmentplan.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionProgressBar>
#include <QtMath>
#include <cmath>

static QColor barColor(TaskState state, const QPalette &palette)
{
    switch (state) {
    case TaskState::Completed:
        return QColor(0x2e, 0x7d, 0x32);
    case TaskState::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case TaskState::Paused:
        return QColor(0xf9, 0xa8, 0x25);
    case TaskState::Canceled:
    case TaskState::Queued:
        return QColor(0x90, 0xa4, 0xae);
    case TaskState::Running:
        break;
    }
    return palette.color(QPalette::Highlight);
}

// WCAG 2's relative luminance and contrast ratio (1:1 to 21:1).
static double luminance(const QColor &c)
{
    const auto channel = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

static double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

ProgressDelegate::BarColors ProgressDelegate::barColors(TaskState state, const QPalette &palette)
{
    const QColor fill = barColor(state, palette);
    // The palette's pairing for its own highlight, white on the other states' colours, as long
    // as it reads (4.5:1, WCAG's minimum for text); else black or white, whichever reads better
    // (one of them always does). White on the paused orange was 2:1.
    const QColor wanted =
        state == TaskState::Running ? palette.color(QPalette::HighlightedText) : QColor(Qt::white);
    if (contrast(fill, wanted) >= 4.5)
        return {fill, wanted};
    const QColor black(Qt::black), white(Qt::white);
    return {fill, contrast(fill, black) >= contrast(fill, white) ? black : white};
}

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    // The cell background and selection first, without the text.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);

    const double progress = index.data(TaskModel::RawValueRole).toDouble();
    const auto state = static_cast<TaskState>(index.data(TaskModel::StateRole).toInt());
    const QRect rect = option.rect.adjusted(3, 3, -3, -3);
    if (progress < 0) {
        if (state == TaskState::Running)
            paintBusy(painter, rect, option);
        return;
    }

    const BarColors colors = barColors(state, option.palette);
    const QColor &color = colors.fill;
    paintBar(painter, rect, progress, colors, widget, style);
    if (state == TaskState::Running || state == TaskState::Paused)
        paintSegments(painter, rect, index.data(TaskModel::SegmentsRole).toString(), color);
}

// The style's bar, drawn once into a pixmap per look and copied from then on: Fusion's rounded,
// antialiased frame and the shaped "42%" were 40% of a repaint of the table, and a running
// row's bar looks the same for many repaints. The key holds all a bar's look depends on: size,
// pixel ratio, fill, label, colours, the palette and its colour group (an inactive window, a
// disabled table), direction, style and the painter's font.
void ProgressDelegate::paintBar(QPainter *painter, const QRect &rect, double progress,
                                const BarColors &colors, const QWidget *widget, QStyle *style) const
{
    const QColor &color = colors.fill;
    QStyleOptionProgressBar bar;
    bar.initFrom(widget);
    bar.rect = QRect(QPoint(0, 0), rect.size());
    // In steps of a pixel of the bar rather than of 0.1%: the same picture, in fewer pixmaps.
    bar.minimum = 0;
    bar.maximum = qMax(1, rect.width());
    bar.progress = qBound(0, qRound(progress * bar.maximum), bar.maximum);
    bar.text = QStringLiteral("%1%").arg(qFloor(progress * 100));
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    bar.state = QStyle::State_Enabled | QStyle::State_Horizontal;
    const QPalette palette = bar.palette; // the widget's, before the bar's colours
    bar.palette.setColor(QPalette::Highlight, color);
    bar.palette.setColor(QPalette::HighlightedText, colors.text);

    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QChar sep(QLatin1Char(' '));
    const QString key = QString::number(rect.width()) + sep + QString::number(rect.height()) + sep +
                        QString::number(dpr) + sep + QString::number(bar.progress) + sep +
                        bar.text + sep + QString::number(color.rgba(), 16) + sep +
                        QString::number(colors.text.rgba(), 16) + sep +
                        QString::number(palette.cacheKey()) + sep +
                        QString::number(int(palette.currentColorGroup())) + sep +
                        QString::number(int(bar.direction)) + sep +
                        QString::number(quintptr(style), 16) + sep + painter->font().key();
    if (const QPixmap *cached = m_bars.object(key)) {
        painter->drawPixmap(rect.topLeft(), *cached);
        return;
    }
    // Whole device pixels, rounded up: a fractional ratio must not clip the frame's last row.
    auto *pixmap = new QPixmap(qCeil(rect.width() * dpr), qCeil(rect.height() * dpr));
    pixmap->setDevicePixelRatio(dpr);
    pixmap->fill(Qt::transparent);
    QPainter p(pixmap);
    p.setFont(painter->font()); // a pixmap's painter starts with the application's font
    style->drawControl(QStyle::CE_ProgressBar, &bar, &p, widget);
    p.end();
    painter->drawPixmap(rect.topLeft(), *pixmap);
    const qsizetype bytes = qsizetype(pixmap->width()) * pixmap->height() * 4;
    m_bars.insert(key, pixmap, bytes);
}

// A download in pieces: a thin strip under the bar marks the byte ranges already on disk, so
// the pieces and the gaps between them show.
void ProgressDelegate::paintSegments(QPainter *painter, const QRect &rect, const QString &map,
                                     const QColor &color) const
{
    const auto plan = SegmentPlan::parse(map, 1);
    if (!plan || plan->total() <= 0 || rect.width() < 8)
        return;
    const QRect strip(rect.left() + 1, rect.bottom() - 2, rect.width() - 2, 3);
    painter->fillRect(strip, color.lighter(175));
    const double scale = double(strip.width()) / double(plan->total());
    for (const ByteRange &r : plan->doneRanges()) {
        const int x0 = strip.left() + int(double(r.begin) * scale);
        const int x1 = strip.left() + int(std::ceil(double(r.end) * scale));
        painter->fillRect(QRect(x0, strip.top(), qMax(1, x1 - x0), strip.height()),
                          color.darker(140));
    }
}

// Diagonal stripes that move with the clock; running rows are repainted every model tick.
void ProgressDelegate::paintBusy(QPainter *painter, const QRect &rect,
                                 const QStyleOptionViewItem &option) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath frame;
    frame.addRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2);
    painter->setClipPath(frame);
    const QColor color = option.palette.color(QPalette::Highlight);
    painter->fillRect(rect, color.lighter(170));
    const int stripe = 8;
    const int offset = static_cast<int>(QDateTime::currentMSecsSinceEpoch() / 60 % (2 * stripe));
    painter->setPen(Qt::NoPen);
    painter->setBrush(color.lighter(130));
    for (int x = rect.left() - rect.height() - 2 * stripe + offset; x < rect.right();
         x += 2 * stripe) {
        const QPolygon band({QPoint(x, rect.bottom() + 1), QPoint(x + stripe, rect.bottom() + 1),
                             QPoint(x + stripe + rect.height(), rect.top()),
                             QPoint(x + rect.height(), rect.top())});
        painter->drawPolygon(band);
    }
    painter->setClipping(false);
    painter->setPen(color);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(frame);
    painter->restore();
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(qMax(size.width(), 120));
    return size;
}
