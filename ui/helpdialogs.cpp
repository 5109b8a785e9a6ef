// The Help menu's windows.
#include "helpdialogs.h"

#include <QAction>
#include <QCoreApplication>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

namespace HelpDialogs {

static QString tr(const char *text)
{
    return QCoreApplication::translate("HelpDialogs", text);
}

static void collect(const QList<QAction *> &actions, QList<QAction *> *into)
{
    for (QAction *action : actions) {
        if (QMenu *menu = action->menu())
            collect(menu->actions(), into);
        else if (!action->isSeparator() && !into->contains(action))
            into->append(action);
    }
}

QList<QAction *> actionsOf(const QMenuBar *bar, const QWidget *widget)
{
    QList<QAction *> actions;
    collect(bar->actions(), &actions);
    collect(widget->actions(), &actions);
    return actions;
}

void showShortcuts(QWidget *parent, const QList<QAction *> &actions)
{
    QStringList rows;
    const auto row = [&rows](const QKeySequence &keys, const QString &what) {
        rows << QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(keys.toString(QKeySequence::NativeText).toHtmlEscaped(),
                         what.toHtmlEscaped());
    };
    for (QAction *action : actions)
        if (action && !action->shortcut().isEmpty())
            row(action->shortcut(), action->text().remove(QLatin1Char('&')).remove(u'…'));
    QMessageBox box(QMessageBox::NoIcon, tr("Keyboard Shortcuts"),
                    QStringLiteral("<table cellspacing=6>%1</table>").arg(rows.join(QString())),
                    QMessageBox::Close, parent);
    box.setTextFormat(Qt::RichText);
    box.exec();
}

void showAbout(QWidget *parent)
{
    QMessageBox::about(
        parent, tr("About Fetchdeck"),
        tr("<h3>Fetchdeck %1</h3><p>Downloads, file saves and long jobs at once: watched live, "
           "canceled or retried with one click.</p><p>Released under the MIT licence. Built "
           "with Qt %2 and libcurl.</p>")
            .arg(QCoreApplication::applicationVersion().toHtmlEscaped(),
                 QString::fromLatin1(qVersion())));
}

} // namespace HelpDialogs
