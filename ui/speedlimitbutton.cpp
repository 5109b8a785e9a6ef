// The status bar's speed limit menu.
#include "speedlimitbutton.h"

#include "models/format.h"
#include "services/engine/downloadengine.h"

#include <QActionGroup>
#include <QMenu>

SpeedLimitButton::SpeedLimitButton(DownloadEngine *engine, QWidget *parent)
    : QToolButton(parent), m_engine(engine)
{
    setObjectName(QStringLiteral("speedLimitButton"));
    setAutoRaise(true);
    setPopupMode(QToolButton::InstantPopup);
    setToolTip(tr("Speed limit for all downloads, shared among those running"));
    auto *menu = new QMenu(this);
    auto *group = new QActionGroup(menu);
    for (qint64 rate : presets()) {
        QAction *action = menu->addAction(rate == 0 ? tr("No limit") : Format::speed(double(rate)));
        action->setObjectName(QStringLiteral("speedLimit%1").arg(rate));
        action->setCheckable(true);
        action->setData(rate);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, rate] { m_engine->setLimitRate(rate); });
    }
    setMenu(menu);
    connect(engine, &DownloadEngine::limitRateChanged, this, &SpeedLimitButton::showLimit);
    showLimit(engine->limitRate());
}

QList<qint64> SpeedLimitButton::presets()
{
    constexpr qint64 KiB = 1024;
    return {0, 256 * KiB, 512 * KiB, 1024 * KiB, 2048 * KiB, 5120 * KiB, 10240 * KiB};
}

void SpeedLimitButton::showLimit(qint64 bytesPerSecond)
{
    setText(bytesPerSecond == 0 ? tr("No speed limit")
                                : tr("Limit: %1").arg(Format::speed(double(bytesPerSecond))));
    for (QAction *action : menu()->actions())
        action->setChecked(action->data().toLongLong() == bytesPerSecond);
}
