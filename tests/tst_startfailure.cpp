// A dashboard that cannot start says so in a window (nobody reads a desktop launch's stderr):
// a heading that says what happened, the reason as a sentence, text that can be copied.
#include "ui/startfailure.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QTimer>

class TestStartFailure : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theReasonReadsAsASentenceUnderAHeading()
    {
        const auto box = StartFailure::box(
            QStringLiteral("cannot create destination folder /media/gone/Downloads"));
        QCOMPARE(box->text(), QStringLiteral("Fetchdeck cannot start."));
        QCOMPARE(box->informativeText(),
                 QStringLiteral("Cannot create destination folder /media/gone/Downloads."));
        QCOMPARE(box->icon(), QMessageBox::Critical);
        QVERIFY(box->textInteractionFlags() & Qt::TextSelectableByMouse);

        // A reason that ends a sentence already keeps its own end.
        QCOMPARE(StartFailure::box(QStringLiteral("the folder is in use. Close it first."))
                     ->informativeText(),
                 QStringLiteral("The folder is in use. Close it first."));
    }

    // show() waits for the user: it returns once OK is pressed, not before.
    void showReturnsOnceOkIsPressed()
    {
        bool pressed = false;
        QTimer::singleShot(0, this, [&pressed] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            QVERIFY(box->informativeText().startsWith(QStringLiteral("Cannot open")));
            pressed = true;
            QTest::mouseClick(box->button(QMessageBox::Ok), Qt::LeftButton);
        });
        StartFailure::show(QStringLiteral("cannot open the task database"));
        QVERIFY(pressed);
    }
};

QTEST_MAIN(TestStartFailure)
#include "tst_startfailure.moc"
