// The table's sort and filter proxy on its own: sorted by one text column and then another,
// with rows hidden by a search and brought back, and rows added meanwhile, the order is always
// that of the column sorted by (each sort looks every row's text up once, and keeps it no
// longer than that sort or filter).
#include "models/taskmodel.h"
#include "services/engine/taskregistry.h"
#include "ui/taskfilterproxy.h"

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
};

QTEST_MAIN(TestTaskFilterProxy)
#include "tst_taskfilterproxy.moc"
