// The dashboard from the keyboard: Tab leaves the table, every menu's mnemonics are its own,
// every shortcut is shown in its menu and listed under Help, and the per-download menus agree
// on which tasks they apply to. Real widgets on the offscreen platform.
#include "dashboardharness.h"
#include "ui/detailspanel.h"
#include "ui/settingsdialog.h"
#include "ui/speedlimitbutton.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QTimer>

class TestDashboardKeys : public DashboardHarness {
    Q_OBJECT
private:
    // The letter Alt+letter chooses in `text` ("Re&move": 'm'), or a null QChar.
    static QChar mnemonic(QString text)
    {
        text.remove(QStringLiteral("&&"));
        const qsizetype at = text.indexOf(QLatin1Char('&'));
        return at >= 0 && at + 1 < text.size() ? text.at(at + 1).toLower() : QChar();
    }
    // Two actions of one menu that share a mnemonic, "Tasks: u: Res&ume, Copy &URL", for
    // `menu` and its submenus (enabled or not: a greyed-out entry still takes its letter).
    static void collectClashes(const QString &name, const QList<QAction *> &actions,
                               QStringList *clashes)
    {
        QHash<QChar, QStringList> byLetter;
        for (QAction *a : actions) {
            if (a->isSeparator() || !a->isVisible())
                continue;
            if (const QChar letter = mnemonic(a->text()); !letter.isNull())
                byLetter[letter].append(a->text());
            if (a->menu())
                collectClashes(a->text(), a->menu()->actions(), clashes);
        }
        for (auto it = byLetter.cbegin(); it != byLetter.cend(); ++it)
            if (it.value().size() > 1)
                clashes->append(QStringLiteral("%1: %2: %3")
                                    .arg(name, QString(it.key()), it.value().join(u", ")));
    }
    // Every action the user can reach: the menus' (with their submenus') and the table's keys.
    QList<QAction *> reachableActions()
    {
        QList<QAction *> all;
        std::function<void(const QList<QAction *> &)> walk = [&](const QList<QAction *> &list) {
            for (QAction *a : list) {
                if (a->menu())
                    walk(a->menu()->actions());
                else if (!a->isSeparator() && !all.contains(a))
                    all.append(a);
            }
        };
        walk(window().menuBar()->actions());
        walk(table()->actions());
        return all;
    }
    // What the modal window `trigger` opens shows, read while it is open, then closed.
    template <typename Trigger> QString modalText(Trigger trigger)
    {
        QString text;
        QTimer::singleShot(0, this, [&text] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                text = box->text();
                box->reject();
            }
        });
        trigger();
        return text;
    }

private Q_SLOTS:
    void initTestCase() { setUpServer(); }
    void init() { setUpWindow(); }
    void cleanup() { tearDownWindow(); }

    // Tab moved from cell to cell, and from the last cell to the next row, changing the
    // selected download: focus never left the table. Tab now goes to the details panel, and
    // Shift+Tab back, the selection as it was.
    void tabLeavesTheTableAndKeepsTheSelection()
    {
        const QList<TaskId> ids =
            engine().addUrls({m_server->url(QStringLiteral("/file/10/a.bin")),
                              m_server->url(QStringLiteral("/file/10/b.bin"))});
        for (TaskId id : ids)
            WAIT_FOR_STATE(model(), id, TaskState::Completed, 5000);
        QVERIFY(clickRow(ids[0]));
        QCOMPARE(QApplication::focusWidget(), table());
        const auto selected = [this] {
            QList<TaskId> shown;
            for (const QModelIndex &row : table()->selectionModel()->selectedRows())
                shown.append(row.data(TaskModel::TaskIdRole).value<TaskId>());
            return shown;
        };
        QCOMPARE(selected(), QList<TaskId>{ids[0]});

        QTest::keyClick(table(), Qt::Key_Tab);
        QWidget *focus = QApplication::focusWidget();
        QVERIFY2(focus && focus != table(), focus ? focus->metaObject()->className() : "none");
        QVERIFY2(window().detailsPanel()->isAncestorOf(focus), focus->metaObject()->className());
        QCOMPARE(selected(), QList<TaskId>{ids[0]});
        QCOMPARE(window().detailsPanel()->taskId(), ids[0]);

        QTest::keyClick(focus, Qt::Key_Backtab);
        QCOMPARE(QApplication::focusWidget(), table());
        QCOMPARE(selected(), QList<TaskId>{ids[0]});
    }

    // "Res&ume" and "Copy &URL" in one menu: Alt+U picked one of them by turns. Every menu of
    // the window, its submenus and the table's context menu give each entry a letter of its own.
    void everyMenuHasMnemonicsOfItsOwn()
    {
        QStringList clashes;
        collectClashes(QStringLiteral("menu bar"), window().menuBar()->actions(), &clashes);

        // The context menu as a right click opens it, read while it is open.
        const TaskId id = engine().addUrl(m_server->url(QStringLiteral("/file/10/c.bin")));
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 5000);
        QVERIFY(clickRow(id));
        bool shown = false;
        QTimer::singleShot(0, this, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            shown = true;
            collectClashes(QStringLiteral("context menu"), menu->actions(), &clashes);
            menu->close();
        });
        const QPoint at = table()->visualRect(indexOf(id)).center();
        QContextMenuEvent event(QContextMenuEvent::Mouse, at, table()->viewport()->mapToGlobal(at));
        QApplication::sendEvent(table()->viewport(), &event);
        QVERIFY(shown);
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u'\n')));
    }

    // File › Settings… showed no shortcut: its first one was QKeySequence::Preferences, which
    // has no keys on Linux, while Ctrl+, opened it. Help › Keyboard Shortcuts left it out, with
    // Copy URL and the queue's moves. Now the menu shows the keys that work, and the list has
    // every action that has keys, named as its menu names it.
    void everyShortcutIsShownAndListed()
    {
        QAction *settings = action("actionSettings");
        QVERIFY(settings);
        QCOMPARE(settings->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
        QTest::keyClick(&window(), Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window().findChild<SettingsDialog *>()) && dialog->isVisible());
        dialog->close();

        QAction *help = action("actionShortcuts");
        QVERIFY(help);
        const QString list = modalText([help] { help->trigger(); });
        QVERIFY(!list.isEmpty());
        QList<std::pair<QString, QString>> rows; // keys, what
        static const QRegularExpression row(
            QStringLiteral("<tr><td><b>(.*?)</b></td><td>(.*?)</td></tr>"));
        for (const QRegularExpressionMatch &m : row.globalMatch(list))
            rows.append({m.captured(1), m.captured(2)});
        QStringList missing;
        QSet<QString> names;
        for (QAction *a : reachableActions()) {
            const QString name = a->text().remove(u'&').remove(u'…').toHtmlEscaped();
            names.insert(name);
            if (a->shortcut().isEmpty())
                continue;
            const std::pair<QString, QString> wanted{
                a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(), name};
            if (!rows.contains(wanted))
                missing.append(wanted.first + QLatin1Char(' ') + wanted.second);
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", ")));
        for (const QString &key : {QStringLiteral("Ctrl+,"), QStringLiteral("Ctrl+Shift+C"),
                                   QStringLiteral("Ctrl+Home"), QStringLiteral("Ctrl+End")})
            QVERIFY2(std::any_of(rows.cbegin(), rows.cend(),
                                 [&key](const auto &r) { return r.first == key; }),
                     qPrintable(key));
        // No row of its own words: each names an action as its menu does ("Select All").
        for (const auto &[keys, what] : std::as_const(rows))
            QVERIFY2(names.contains(what), qPrintable(what));
    }

    // A failed download offered Connections for its next attempt but greyed out Speed Limit,
    // though the engine keeps either for the retry. Both apply to it, and a limit chosen takes.
    void aFailedDownloadTakesALimitAndConnectionsAlike()
    {
        const TaskId id =
            engine().addUrl(m_server->url(QStringLiteral("/file/10/gone.bin?status=404")));
        WAIT_FOR_STATE(model(), id, TaskState::Failed, 5000);
        QVERIFY(clickRow(id));
        QAction *limit = action("actionTaskSpeedLimit");
        QAction *connections = action("actionTaskConnections");
        QVERIFY(limit && connections);
        QTRY_VERIFY(connections->isEnabled());
        QVERIFY(limit->isEnabled());

        const qint64 rate = SpeedLimitButton::presets().constLast();
        auto *choice =
            limit->menu()->findChild<QAction *>(QStringLiteral("taskSpeedLimit%1").arg(rate));
        QVERIFY(choice);
        choice->trigger();
        QCOMPARE(engine().taskLimitRate(id), rate);
        QCOMPARE(model().task(id)->ownLimitRate, rate); // stored for its retry
    }

    // Move Up and Down with rows apart selected move each one place, as the tooltip says: the
    // one below was gathered next to the first, passing three rows.
    void moveUpAndDownMoveRowsApartOnePlaceEach()
    {
        QList<TaskId> r;
        for (int i = 0; i < 7; ++i) {
            r.append(engine().addUrl(
                m_server->url(QStringLiteral("/file/1m/r%1.bin?rate=50000").arg(i))));
            engine().pause(r.back());
        }
        QTRY_COMPARE(table()->model()->rowCount(), 7);
        QVERIFY(clickRow(r[2]));
        QVERIFY(clickRow(r[5], Qt::ControlModifier));
        table()->setFocus();
        QTest::keyClick(table(), Qt::Key_Up, Qt::ControlModifier);
        QTRY_COMPARE(model().ids(), (QList<TaskId>{r[0], r[2], r[1], r[3], r[5], r[4], r[6]}));
        QTest::keyClick(table(), Qt::Key_Down, Qt::ControlModifier);
        QTRY_COMPARE(model().ids(), r);
    }
};

QTEST_MAIN(TestDashboardKeys)
#include "tst_dashboardkeys.moc"
