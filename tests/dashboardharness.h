// The dashboard as a user drives it, for the widget suites: one window over a fresh registry,
// engine and settings file (as app/ wires them), the loopback fixture server, and helpers that
// click real buttons, rows and tabs on the offscreen platform.
#pragma once

#include "fixtureserver.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/settings.h"
#include "testsupport.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QLineEdit>
#include <QTabBar>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <memory>

// One window over a fresh registry, engine and settings file, as app/ wires them.
struct Dashboard {
    Dashboard(const QString &downloads, const QString &settingsFile)
        : engine(&tasks), settings(settingsFile), window(&engine, &settings)
    {
        engine.setDefaultDirectory(downloads);
    }

    TaskRegistry tasks;
    DownloadEngine engine;
    Settings settings;
    MainWindow window; // declared last: destroyed before what it shows
};

// A test suite derives from this and calls setUp...() / tearDown() from its Qt Test slots.
class DashboardHarness : public QObject {
protected:
    FixtureServer *m_server = nullptr;
    std::unique_ptr<QTemporaryDir> m_downloads;
    std::unique_ptr<QTemporaryDir> m_config;
    std::unique_ptr<Dashboard> m_ui;

    TaskModel &model() { return *m_ui->window.model(); }
    DownloadEngine &engine() { return m_ui->engine; }
    MainWindow &window() { return m_ui->window; }
    QString downloads() const { return m_downloads->path(); }
    QTableView *table() { return window().findChild<QTableView *>(QStringLiteral("taskTable")); }

    template <typename T> T *child(const char *objectName)
    {
        return window().findChild<T *>(QString::fromLatin1(objectName));
    }
    QAction *action(const char *objectName) { return child<QAction>(objectName); }

    // A URL on a loopback port nobody listens on: every attempt is refused at once.
    static QUrl refusedUrl()
    {
        QTcpServer closed;
        if (!closed.listen(QHostAddress::LocalHost))
            return {};
        const quint16 port = closed.serverPort();
        closed.close();
        return QUrl(QStringLiteral("http://127.0.0.1:%1/refused.bin").arg(port));
    }

    // The toolbar button that shows `actionName`, or nullptr when there is none on screen (an
    // overflowing toolbar hides the buttons that do not fit).
    QToolButton *toolButton(const char *actionName)
    {
        auto *bar = child<QToolBar>("mainToolBar");
        QAction *a = action(actionName);
        if (!bar || !a)
            return nullptr;
        auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(a));
        return button && button->isVisible() ? button : nullptr;
    }
    [[nodiscard]] bool clickToolButton(const char *actionName)
    {
        QToolButton *button = toolButton(actionName);
        if (!button)
            return false;
        QTest::mouseClick(button, Qt::LeftButton);
        return true;
    }
    bool buttonEnabled(const char *actionName)
    {
        QToolButton *button = toolButton(actionName);
        return button && button->isEnabled();
    }

    // The row showing task `id` in the table (through the sort and filter proxy).
    QModelIndex indexOf(TaskId id)
    {
        const QAbstractItemModel *shown = table()->model();
        for (int row = 0; row < shown->rowCount(); ++row) {
            const QModelIndex index = shown->index(row, TaskModel::NameColumn);
            if (index.data(TaskModel::TaskIdRole).value<TaskId>() == id)
                return index;
        }
        return {};
    }
    [[nodiscard]] bool clickRow(TaskId id, Qt::KeyboardModifiers modifiers = {})
    {
        const QModelIndex index = indexOf(id);
        if (!index.isValid())
            return false;
        table()->scrollTo(index);
        QTest::mouseClick(table()->viewport(), Qt::LeftButton, modifiers,
                          table()->visualRect(index).center());
        return true;
    }
    TaskId idOfShownRow(int row)
    {
        return table()->model()->index(row, 0).data(TaskModel::TaskIdRole).value<TaskId>();
    }

    void typeUrl(const QUrl &url)
    {
        auto *field = child<QLineEdit>("urlField");
        QVERIFY(field);
        QTest::keyClicks(field, url.toString());
        QTest::keyClick(field, Qt::Key_Enter);
    }

    // The tab of the state filter whose text starts with `group` ("Failed").
    int tabOf(const QString &group)
    {
        auto *tabs = child<QTabBar>("stateFilter");
        for (int i = 0; tabs && i < tabs->count(); ++i) {
            if (tabs->tabText(i).startsWith(group + QLatin1String(" (")))
                return i;
        }
        return -1;
    }
    QString tabText(const QString &group)
    {
        const int tab = tabOf(group);
        return tab < 0 ? QString() : child<QTabBar>("stateFilter")->tabText(tab);
    }

    void setUpServer()
    {
        m_server = new FixtureServer(0, this);
        QVERIFY2(m_server->isListening(), qPrintable(m_server->errorString()));
    }

    void setUpWindow()
    {
        m_server->resetStats();
        m_downloads = std::make_unique<QTemporaryDir>();
        m_config = std::make_unique<QTemporaryDir>();
        QVERIFY(m_downloads->isValid() && m_config->isValid());
        m_ui = std::make_unique<Dashboard>(downloads(),
                                           m_config->filePath(QStringLiteral("settings.ini")));
        // Wide enough for every toolbar button to be on the bar, not in its overflow menu.
        window().resize(1400, 800);
        window().show();
        window().activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window()));
        QVERIFY(table());
    }

    // `closed`: wait until the server saw every connection close (the engine's own transfers).
    void tearDownWindow(bool closed = true)
    {
        m_ui.reset(); // the engine stops its transfers, closing their connections
        if (closed)
            QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 5000);
        m_downloads.reset();
        m_config.reset();
    }
};
