// A one-line label that never asks for more width than it has: a long value (a URL, a path)
// is elided in the middle, and the whole text is in its tooltip and selectable by copy.
// Used by the details panel so that no value can widen the window.
#pragma once

#include <QLabel>

class ElidedLabel final : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    QString fullText() const { return m_full; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void elide();

    QString m_full;
};
