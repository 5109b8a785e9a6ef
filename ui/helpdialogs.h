// The Help menu's windows: the keyboard shortcuts (read from the actions themselves, so the
// list is never stale) and About (version, licence, what it is built with).
#pragma once

#include <QList>

class QAction;
class QMenuBar;
class QWidget;

namespace HelpDialogs {
// The actions of `bar`'s menus (and their submenus) in their order, then `widget`'s own.
QList<QAction *> actionsOf(const QMenuBar *bar, const QWidget *widget);
// A row for each of `actions` that has keys: its keys and its name as the menu names it.
void showShortcuts(QWidget *parent, const QList<QAction *> &actions);
void showAbout(QWidget *parent);
} // namespace HelpDialogs
