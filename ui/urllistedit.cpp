// The URL list box.
#include "urllistedit.h"

#include <QKeyEvent>
#include <QLocale>
#include <QMimeData>

UrlListEdit::UrlListEdit(QWidget *parent) : QPlainTextEdit(parent) {}

QString UrlListEdit::urls() const
{
    return m_bulk ? m_bulkText : toPlainText();
}

void UrlListEdit::setUrls(const QString &text)
{
    if (text.count(QLatin1Char('\n')) < MaxShownLines) {
        m_bulk = false;
        m_bulkText.clear();
        setReadOnly(false);
        setPlainText(text);
        return;
    }
    m_bulk = true;
    m_bulkText = text;
    setReadOnly(true);
    // One short paragraph instead of 100,000 lines; textChanged tells the dialog to validate.
    setPlainText(tr("%1 lines pasted: too many to show here. They are checked and added as "
                    "they are; press Delete to empty the box.")
                     .arg(QLocale().toString(text.count(QLatin1Char('\n')) + 1)));
}

void UrlListEdit::clearUrls()
{
    setUrls(QString());
}

void UrlListEdit::insertFromMimeData(const QMimeData *source)
{
    const QString text = source->hasText() ? source->text() : QString();
    if (m_bulk) { // added to the lines kept aside
        QString all = m_bulkText;
        if (!all.isEmpty() && !all.endsWith(QLatin1Char('\n')))
            all += QLatin1Char('\n');
        setUrls(all + text);
        return;
    }
    // What the box would hold: the paste in place of the selection, as a paste does. Counted
    // as a whole, so that many pastes of 9,999 lines do not lay out 50,000.
    const QTextCursor cursor = textCursor();
    const QString now = toPlainText();
    const QString after = now.left(cursor.selectionStart()) + text + now.mid(cursor.selectionEnd());
    if (after.count(QLatin1Char('\n')) < MaxShownLines) {
        QPlainTextEdit::insertFromMimeData(source);
        return;
    }
    setUrls(after);
}

void UrlListEdit::keyPressEvent(QKeyEvent *event)
{
    if (m_bulk && (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace)) {
        clearUrls();
        return;
    }
    if (m_bulk && event->matches(QKeySequence::Paste)) {
        paste(); // read-only boxes do not paste by themselves
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}
