// The Add dialog's text box. A paste of more lines than a text box can lay out without
// freezing the window (100,000 URLs took 278 ms inside setPlainText) is kept aside as it is:
// the box then says how many lines it holds instead of showing them, and turns editable again
// when emptied (Clear). Everything else is a plain QPlainTextEdit.
#pragma once

#include <QPlainTextEdit>

class UrlListEdit final : public QPlainTextEdit {
    Q_OBJECT
public:
    static constexpr int MaxShownLines = 10000;

    explicit UrlListEdit(QWidget *parent = nullptr);

    QString urls() const;                  // the text to validate: the box's or the bulk
    void setUrls(const QString &text);     // shown, or kept aside when too long
    bool isBulk() const { return m_bulk; } // the lines are kept aside, not shown
    void clearUrls();

protected:
    void insertFromMimeData(const QMimeData *source) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    bool m_bulk = false;
    QString m_bulkText;
};
