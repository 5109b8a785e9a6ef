// The status bar summary.
#include "statussummary.h"

#include "models/format.h"
#include "models/taskmodel.h"

#include <QLocale>

StatusSummary::StatusSummary(TaskModel *model, QWidget *parent) : QLabel(parent), m_model(model)
{
    setObjectName(QStringLiteral("statusSummary"));
    setAccessibleName(tr("Download summary"));
    setTextFormat(Qt::PlainText);
    setContentsMargins(6, 0, 6, 0);
    connect(m_model, &TaskModel::statsChanged, this, &StatusSummary::refresh);
    refresh();
}

void StatusSummary::refresh()
{
    const QLocale locale;
    const int waiting = m_model->waitingCount();
    QString text =
        tr("%1 running · %2 waiting · %3 queued · %4 paused · %5 failed")
            .arg(locale.toString(m_model->countIn(TaskState::Running)), locale.toString(waiting),
                 locale.toString(m_model->countIn(TaskState::Queued) - waiting),
                 locale.toString(m_model->countIn(TaskState::Paused)),
                 locale.toString(m_model->countIn(TaskState::Failed)));
    const QString speed = Format::speed(m_model->totalSpeed());
    if (!speed.isEmpty())
        text += QStringLiteral("   ") + tr("↓ %1").arg(speed);
    if (text != this->text())
        setText(text);
}
