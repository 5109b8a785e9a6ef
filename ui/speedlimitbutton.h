// The speed limit, one click away in the status bar: shows the limit in force and offers a
// few rates and "No limit" in a menu. The engine applies a choice at once.
#pragma once

#include <QToolButton>

class DownloadEngine;

class SpeedLimitButton final : public QToolButton {
    Q_OBJECT
public:
    explicit SpeedLimitButton(DownloadEngine *engine, QWidget *parent = nullptr);

    static QList<qint64> presets(); // bytes per second, 0 first ("No limit")

private:
    void showLimit(qint64 bytesPerSecond);

    DownloadEngine *m_engine;
};
