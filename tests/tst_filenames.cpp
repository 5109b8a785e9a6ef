// File names from URLs, sanitizing hostile names, "name (1).ext" numbering, URL validation.
#include "services/storage/filenames.h"
#include "services/storage/namereservations.h"
#include "services/urls.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestFileNames : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nameFromUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << "http://h/a/b/file.iso"
                               << "file.iso";
        QTest::newRow("query ignored") << "http://h/file.tar.gz?token=1&x=2"
                                       << "file.tar.gz";
        QTest::newRow("percent-decoded")
            << "http://h/my%20file%C3%A9.txt" << QStringLiteral("my fileé.txt");
        QTest::newRow("empty path") << "http://h"
                                    << "index.html";
        QTest::newRow("trailing slash") << "http://h/dir/"
                                        << "dir";
        QTest::newRow("root slash") << "https://h/"
                                    << "index.html";
        QTest::newRow("encoded slash") << "http://h/a%2F..%2Fetc"
                                       << "etc";
        QTest::newRow("encoded backslash") << "http://h/a%5C..%5Cetc"
                                           << "a_.._etc";
        QTest::newRow("dot dot") << "http://h/.."
                                 << "index.html";
        QTest::newRow("hidden") << "http://h/.bashrc"
                                << "bashrc";
        QTest::newRow("dash") << "http://h/-rf"
                              << "rf";
    }
    void nameFromUrl()
    {
        QFETCH(QString, url);
        QFETCH(QString, name);
        QCOMPARE(FileNames::fromUrl(QUrl(url)), name);
    }

    void sanitizeRemovesControlCharactersAndSeparators()
    {
        QCOMPARE(FileNames::sanitize(QStringLiteral("a\nb\tc/d\\e")), QStringLiteral("abc_d_e"));
        QCOMPARE(FileNames::sanitize(QStringLiteral("...")), QString());
    }

    // A server could name its file "foo.part": another task's partial file when that task
    // is named "foo". Its .part gone (deleted, a stick pulled out), one completed as the
    // other's .part, and Remove of the first deleted it, a resume wrote into it. No final name
    // ends in ".part" (in any case: a FAT stick ignores it), numbered ones neither.
    void noFinalNameEndsLikeAPartialFile()
    {
        QCOMPARE(FileNames::sanitize(QStringLiteral("foo.part")), QStringLiteral("foo_part"));
        QCOMPARE(FileNames::sanitize(QStringLiteral("foo.PART")), QStringLiteral("foo_PART"));
        QCOMPARE(FileNames::sanitize(QStringLiteral("a.part.part")), QStringLiteral("a.part_part"));
        QCOMPARE(FileNames::fromUrl(QUrl(QStringLiteral("http://h/x/foo.part?a=b"))),
                 QStringLiteral("foo_part"));
        QCOMPARE(FileNames::candidate(FileNames::sanitize(QStringLiteral("foo.part")), 1),
                 QStringLiteral("foo_part (1)"));
        QCOMPARE(FileNames::sanitize(QStringLiteral("foo.partial")), QStringLiteral("foo.partial"));
    }

    // Line and paragraph separators pushed ".desktop" onto a line of its own in the details:
    // "invoice.pdf" on the first. They go as control characters do.
    void sanitizeDropsLineAndParagraphSeparators()
    {
        QCOMPARE(FileNames::sanitize(QStringLiteral("invoice.pdf") + QChar(0x2028) + QChar(0x2029) +
                                     QStringLiteral(".desktop")),
                 QStringLiteral("invoice.pdf.desktop"));
    }

    // A long name with a dot early on ("Vol.1 - a long title"): its "extension" is too long to
    // keep, and the name was cut to what came before the dot ("Vol").
    void aLongNameWithAnEarlyDotKeepsItsBeginning()
    {
        const QString title = QStringLiteral("Vol.1 - ") + QString(300, QLatin1Char('t'));
        const QString safe = FileNames::sanitize(title);
        QVERIFY2(safe.startsWith(QStringLiteral("Vol.1 - ttt")), qPrintable(safe));
        QVERIFY(safe.toUtf8().size() <= 255 - 16);
        QVERIFY(safe.toUtf8().size() >= 200);
    }

    // Spaces between leading dots used to leave a hidden file (". .x" gave ".x").
    void sanitizeNeverLeavesALeadingDotOrDash()
    {
        QCOMPARE(FileNames::sanitize(QStringLiteral(". .profile")), QStringLiteral("profile"));
        QCOMPARE(FileNames::sanitize(QStringLiteral("- -rf x")), QStringLiteral("rf x"));
        QCOMPARE(FileNames::sanitize(QStringLiteral(" . - . ")), QString());
    }

    // A 1 MB name (from a hostile URL or header) is cut to 255 bytes, keeping its extension;
    // quadratic work made this take half a minute of CPU on the GUI thread.
    void sanitizeCutsAHugeNameAtOnce()
    {
        const QString huge = QString(1'000'000, QLatin1Char('a')) + QStringLiteral(".iso");
        const QString safe = FileNames::sanitize(huge);
        QVERIFY(safe.endsWith(QStringLiteral(".iso")));
        QVERIFY(safe.toUtf8().size() <= 255 - 16);
        QVERIFY(safe.toUtf8().size() >= 200);
        const QString dots = QString(500'000, QLatin1Char('.')) + QStringLiteral("x.bin");
        QCOMPARE(FileNames::sanitize(dots), QStringLiteral("x.bin"));
    }

    void sanitizeKeepsExtensionWhenTruncating()
    {
        const QString longName = QString(400, QLatin1Char('x')) + QStringLiteral(".tar.gz");
        const QString safe = FileNames::sanitize(longName);
        QVERIFY(safe.toUtf8().size() <= 255);
        QVERIFY(safe.endsWith(QStringLiteral(".tar.gz")));
        // Multi-byte characters are never cut in half.
        const QString wide = QString(300, QChar(0x00e9)) + QStringLiteral(".bin");
        const QString safeWide = FileNames::sanitize(wide);
        QVERIFY(safeWide.toUtf8().size() <= 255);
        QVERIFY(safeWide.endsWith(QStringLiteral(".bin")));
        QCOMPARE(QString::fromUtf8(safeWide.toUtf8()), safeWide);
    }

    void existingFilesAreNeverOverwritten()
    {
        QTemporaryDir dir;
        auto touch = [&](const QString &n) {
            QFile f(dir.filePath(n));
            QVERIFY(f.open(QIODevice::WriteOnly));
        };
        auto firstFree = [&](const QString &name, int from = 0) {
            return FileNames::candidate(name, FileNames::firstFreeOnDisk(dir.path(), name, from));
        };
        QCOMPARE(firstFree(QStringLiteral("a.txt")), QStringLiteral("a.txt"));
        touch(QStringLiteral("a.txt"));
        QCOMPARE(firstFree(QStringLiteral("a.txt")), QStringLiteral("a (1).txt"));
        touch(QStringLiteral("a (1).txt.part")); // another transfer's partial file counts as taken
        QCOMPARE(firstFree(QStringLiteral("a.txt")), QStringLiteral("a (2).txt"));
        QCOMPARE(firstFree(QStringLiteral("a.txt"), 3), QStringLiteral("a (3).txt"));
        // A link, even one pointing nowhere, has the name too.
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("nowhere")),
                            dir.filePath(QStringLiteral("a (2).txt"))));
        QCOMPARE(firstFree(QStringLiteral("a.txt")), QStringLiteral("a (3).txt"));
        touch(QStringLiteral("x.tar.gz"));
        QCOMPARE(firstFree(QStringLiteral("x.tar.gz")), QStringLiteral("x (1).tar.gz"));
        touch(QStringLiteral("README"));
        QCOMPARE(firstFree(QStringLiteral("README")), QStringLiteral("README (1)"));
        // A name with "%1" in it keeps it (the number went into it: "x1y (.bin)%3").
        touch(QStringLiteral("x%1y.bin"));
        QCOMPARE(firstFree(QStringLiteral("x%1y.bin")), QStringLiteral("x%1y (1).bin"));
        // numbered()'s inverse, for a name taken at the commit: "n (1).bin" goes on as n (2).
        int n = -1;
        QCOMPARE(FileNames::unnumbered(QStringLiteral("n (1).bin"), &n), QStringLiteral("n.bin"));
        QCOMPARE(n, 1);
        QCOMPARE(FileNames::unnumbered(QStringLiteral("x (12).tar.gz"), &n),
                 QStringLiteral("x.tar.gz"));
        QCOMPARE(n, 12);
        QCOMPARE(FileNames::unnumbered(QStringLiteral("README (3)"), &n), QStringLiteral("README"));
        QCOMPARE(n, 3);
        for (const char *plain :
             {"n.bin", "n (a).bin", "n (0).bin", "n (01).bin", "(1).bin", "n (1)x.bin"}) {
            QCOMPARE(FileNames::unnumbered(QLatin1String(plain), &n), QLatin1String(plain));
            QCOMPARE(n, 0);
        }
        // A dot in a title is no extension: "Vol (1).1 - The Title" split it.
        touch(QStringLiteral("Vol.1 - The Title"));
        QCOMPARE(firstFree(QStringLiteral("Vol.1 - The Title")),
                 QStringLiteral("Vol.1 - The Title (1)"));
        touch(QStringLiteral("a%2b"));
        QCOMPARE(firstFree(QStringLiteral("a%2b")), QStringLiteral("a%2b (1)"));
    }

    void namesOtherTasksHoldAreSkipped()
    {
        NameReservations names;
        const QString dir = QStringLiteral("/downloads");
        const QString a = QStringLiteral("a.txt");
        QCOMPARE(names.reserveFrom(1, dir, a), 0);
        QCOMPARE(names.reserveFrom(2, dir, a), 1); // task 1 holds "a.txt"
        QCOMPARE(names.reserveFrom(3, dir, a, 1), 2);
        QVERIFY(names.holds(3, dir, QStringLiteral("a (2).txt")));
        QCOMPARE(names.reserveFrom(1, dir, a), 0);    // a task's own name is no obstacle
        QCOMPARE(names.reserveFrom(1, dir, a, 4), 4); // and moving on releases it
        QVERIFY(!names.isHeld(dir, a));
        QCOMPARE(names.reserveFrom(4, QStringLiteral("/elsewhere"), a), 0);
    }

    // Many downloads of one name (URLs that all end in "download"): each looked at every
    // number handed out before it, on the disk and among the reservations, so 8000 of them took
    // 29 s against 3 s for distinct names. Once the name itself is taken, the search goes on
    // after the highest number given; the name itself is taken again when free.
    void manyDownloadsOfOneNameGoOnFromTheLastNumber()
    {
        NameReservations names;
        const QString dir = QStringLiteral("/downloads");
        const QString a = QStringLiteral("a.txt");
        for (TaskId id = 1; id <= 5; ++id)
            QCOMPARE(names.reserveFrom(id, dir, a), int(id) - 1);
        QCOMPARE(names.nextNumber(dir, a), 5);
        names.release(1); // "a.txt" is free again: taken again
        QCOMPARE(names.reserveFrom(6, dir, a), 0);
        names.release(3); // "a (2).txt" is left as a gap
        QCOMPARE(names.reserveFrom(7, dir, a), 5);
        QCOMPARE(names.nextNumber(dir, a), 6);
        QCOMPARE(names.nextNumber(QStringLiteral("/elsewhere"), a), 0);

        QTemporaryDir disk;
        for (const char *taken : {"b.txt", "b (1).txt", "b (2).txt.part"})
            QVERIFY(QFile(disk.filePath(QLatin1String(taken))).open(QIODevice::WriteOnly));
        QCOMPARE(FileNames::firstFreeOnDisk(disk.path(), QStringLiteral("b.txt"), 0, 0), 3);
        QCOMPARE(FileNames::firstFreeOnDisk(disk.path(), QStringLiteral("b.txt"), 0, 7), 7);
        QCOMPARE(FileNames::firstFreeOnDisk(disk.path(), QStringLiteral("c.txt"), 0, 7), 0);
        QVERIFY(QFile(disk.filePath(QStringLiteral("b (7).txt"))).open(QIODevice::WriteOnly));
        QCOMPARE(FileNames::firstFreeOnDisk(disk.path(), QStringLiteral("b.txt"), 0, 7), 8);
    }

    void urlValidation_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("http") << "http://example.com/a" << true;
        QTest::newRow("https with spaces around") << "  https://example.com/a  " << true;
        QTest::newRow("ftp") << "ftp://example.com/a" << false;
        QTest::newRow("no scheme") << "example.com/a" << false;
        QTest::newRow("no host") << "http:///a" << false;
        QTest::newRow("garbage") << "not a url" << false;
        QTest::newRow("file") << "file:///etc/passwd" << false;
        QTest::newRow("empty") << "" << false;
    }
    void urlValidation()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QString why;
        const QUrl url = Urls::parse(text, &why);
        QCOMPARE(url.isValid(), valid);
        // Another scheme is named as such; anything else is not a URL.
        if (!valid && text.startsWith(QStringLiteral("ftp:")))
            QCOMPARE(why, QStringLiteral("ftp:// is not supported (only http and https): ") + text);
        else if (!valid)
            QVERIFY(why.startsWith(QStringLiteral("not a valid URL: ")));
    }
};

QTEST_GUILESS_MAIN(TestFileNames)
#include "tst_filenames.moc"
