#include "startfailure.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("StartFailure", text);
}

// stderr's reasons read as "fetchdeck: cannot open ...": here they begin a sentence and end one.
QString asSentence(QString why)
{
    why = why.trimmed();
    if (why.isEmpty())
        return why;
    why[0] = why.at(0).toUpper();
    if (!why.endsWith(QLatin1Char('.')) && !why.endsWith(QLatin1Char('!')) &&
        !why.endsWith(QLatin1Char('?')))
        why += QLatin1Char('.');
    return why;
}

} // namespace

std::unique_ptr<QMessageBox> StartFailure::box(const QString &why)
{
    auto box = std::make_unique<QMessageBox>(QMessageBox::Critical, tr("Fetchdeck"),
                                             tr("Fetchdeck cannot start."), QMessageBox::Ok);
    box->setInformativeText(asSentence(why));
    box->setTextInteractionFlags(Qt::TextSelectableByMouse); // a path or an error to copy
    return box;
}

void StartFailure::show(const QString &why)
{
    box(why)->exec();
}
