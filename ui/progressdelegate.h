// Paints the Progress column as a bar from the raw 0..1 value (no widget per row), coloured by
// state, with a striped busy look while a running task's size is unknown.
#pragma once

#include <QStyledItemDelegate>

class ProgressDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    void paintBar(QPainter *painter, const QRect &rect, double progress, const QColor &color,
                  const QWidget *widget, QStyle *style) const;
    void paintBusy(QPainter *painter, const QRect &rect, const QStyleOptionViewItem &option) const;
    void paintSegments(QPainter *painter, const QRect &rect, const QString &map,
                       const QColor &color) const;
};
