// The Help menu's windows: the keyboard shortcuts (read from the actions themselves, so the
// list is never stale) and About (version, licence, what it is built with).
#pragma once

#include <QList>

class QAction;
class QWidget;

namespace HelpDialogs {
void showShortcuts(QWidget *parent, const QList<QAction *> &actions);
void showAbout(QWidget *parent);
} // namespace HelpDialogs
