// The table's sort and filter proxy on its own: sorted by one text column and then another,
// with rows hidden by a search and brought back, and rows added meanwhile, the order is always
// that of the column sorted by (each sort looks every row's text up once, and keeps it no
// longer than that sort or filter).
#include "models/taskmodel.h"
#include "services/engine/taskregistry.h"
#include "ui/icons.h"
#include "ui/taskfilterproxy.h"

#include <QIcon>
#include <QPixmap>
#include <QTest>

class TestTaskFilterProxy : public QObject {
    Q_OBJECT
private:
    static QStringList shownNames(const TaskFilterProxy &proxy)
    {
        QStringList names;
        for (int row = 0; row < proxy.rowCount(); ++row)
            names.append(proxy.index(row, TaskModel::NameColumn).data().toString());
        return names;
    }

private Q_SLOTS:
    void eachSortFollowsItsOwnColumn()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        TaskFilterProxy proxy;
        proxy.setSourceModel(&model);
        const auto add = [&tasks](const char *name, const char *folder) {
            tasks.addTasks({QUrl(QStringLiteral("http://h/") + QLatin1String(name))},
                           QLatin1String(folder));
        };
        add("a.bin", "/dl/m");
        add("B.bin", "/dl/z"); // case does not count
        add("c.bin", "/dl/a");
        proxy.sort(TaskModel::NameColumn, Qt::AscendingOrder);
        QCOMPARE(shownNames(proxy), QStringList({"a.bin", "B.bin", "c.bin"}));
        proxy.sort(TaskModel::FolderColumn, Qt::AscendingOrder);
        QCOMPARE(shownNames(proxy), QStringList({"c.bin", "a.bin", "B.bin"}));
        proxy.setSearchText(QStringLiteral("zzz"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setSearchText({});
        QCOMPARE(shownNames(proxy), QStringList({"c.bin", "a.bin", "B.bin"}));
        add("d.bin", "/dl/b"); // a row of the source comes before the others
        QCOMPARE(shownNames(proxy), QStringList({"c.bin", "d.bin", "a.bin", "B.bin"}));
        proxy.setSearchText(QStringLiteral(".bin"));
        proxy.sort(TaskModel::NameColumn, Qt::DescendingOrder);
        QCOMPARE(shownNames(proxy), QStringList({"d.bin", "c.bin", "B.bin", "a.bin"}));
        tasks.removeTasks({model.idAt(0)}); // a.bin, the first added
        proxy.setSearchText({});
        proxy.sort(TaskModel::HostColumn, Qt::AscendingOrder); // all equal: order of addition
        QCOMPARE(shownNames(proxy), QStringList({"B.bin", "c.bin", "d.bin"}));
    }

    // The proxy keeps what it searched while the search is on; a task whose name or address
    // changes meanwhile is matched on what it has now.
    void aSearchFollowsANameOrAddressThatChanges()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        TaskFilterProxy proxy;
        proxy.setSourceModel(&model);
        tasks.addTasks(
            {QUrl(QStringLiteral("http://h/get?id=1")), QUrl(QStringLiteral("http://h/b.bin"))},
            QStringLiteral("/dl"));
        proxy.setSearchText(QStringLiteral("report"));
        QCOMPARE(proxy.rowCount(), 0);
        tasks.setFileName(model.idAt(0), QStringLiteral("Report.pdf")); // the server's name
        tasks.flush();
        QCOMPARE(shownNames(proxy), QStringList({"Report.pdf"}));
        tasks.setUrl(model.idAt(1), QUrl(QStringLiteral("http://h/reports/b.bin")));
        tasks.flush();
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setSearchText(QStringLiteral("REPORTS/B")); // case does not count, in URLs either
        QCOMPARE(shownNames(proxy), QStringList({"b.bin"}));
        tasks.setFileName(model.idAt(0), QStringLiteral("reports-b.pdf"));
        tasks.flush();
        QCOMPARE(shownNames(proxy), QStringList({"b.bin"})); // "reports-b", not "reports/b"
        proxy.setSearchText({});
        QCOMPARE(proxy.rowCount(), 2);
    }

    // Numbers sort by value (not as text), an unknown size first, and rows that change while
    // sorted move to their place.
    // A task waiting to retry wore the Queued clock: it looked like one that never ran.
    void aTaskWaitingToRetryLooksUnlikeAQueuedOne()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        TaskFilterProxy proxy;
        proxy.setSourceModel(&model);
        const QList<TaskId> ids = tasks.addTasks({QUrl(QStringLiteral("http://h/queued.bin")),
                                                  QUrl(QStringLiteral("http://h/retry.bin"))},
                                                 QStringLiteral("/dl"));
        tasks.setRetry(ids[1], QDateTime::currentDateTime().addSecs(30), 2, 5);
        model.flush();
        const auto iconOf = [&](int row) {
            return proxy.index(row, TaskModel::StateColumn)
                .data(Qt::DecorationRole)
                .value<QIcon>()
                .pixmap(16, 16)
                .toImage();
        };
        QCOMPARE(proxy.index(1, TaskModel::NameColumn).data().toString(),
                 QStringLiteral("retry.bin"));
        QCOMPARE(iconOf(0), Icons::forState(TaskState::Queued).pixmap(16, 16).toImage());
        QVERIFY(iconOf(1) != iconOf(0));
        QCOMPARE(iconOf(1), Icons::retrying().pixmap(16, 16).toImage());
    }

    void numbersSortByValue()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        TaskFilterProxy proxy;
        proxy.setSourceModel(&model);
        tasks.addTasks({QUrl(QStringLiteral("http://h/a")), QUrl(QStringLiteral("http://h/b")),
                        QUrl(QStringLiteral("http://h/c")), QUrl(QStringLiteral("http://h/d"))},
                       QStringLiteral("/dl"));
        tasks.setProgress(model.idAt(0), 0, 300);
        tasks.setProgress(model.idAt(1), 0, 20);
        tasks.setProgress(model.idAt(2), 0, 1000);
        tasks.flush();
        proxy.sort(TaskModel::SizeColumn, Qt::AscendingOrder);
        QCOMPARE(shownNames(proxy), QStringList({"d", "b", "a", "c"}));
        tasks.setProgress(model.idAt(3), 0, 500);
        tasks.flush();
        QCOMPARE(shownNames(proxy), QStringList({"b", "a", "d", "c"}));
        proxy.setSearchText(QStringLiteral("zzz"));
        proxy.setSearchText({}); // all rows back, in their place
        QCOMPARE(shownNames(proxy), QStringList({"b", "a", "d", "c"}));
        proxy.sort(TaskModel::SizeColumn, Qt::DescendingOrder);
        QCOMPARE(shownNames(proxy), QStringList({"c", "d", "a", "b"}));
    }
};

QTEST_MAIN(TestTaskFilterProxy)
#include "tst_taskfilterproxy.moc"
