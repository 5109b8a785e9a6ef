// aria2 input files: mirrors, per-download options, warnings and errors with line numbers, and
// the plain one-URL-per-line lists Fetchdeck always read.
#include "services/jobs/ariainput.h"

#include <QTest>

// One entry as a line of text, so a whole parse compares as a list of strings.
static QString describe(const InputEntry &e)
{
    QStringList mirrors;
    for (const QUrl &url : e.mirrors)
        mirrors.append(url.toString());
    const QString checksum =
        e.checksum ? hashAlgoName(e.checksum->algo) + QLatin1Char('=') + e.checksum->hex
                   : QString();
    return QStringLiteral("%1|%2|out=%3|dir=%4|checksum=%5|extract=%6")
        .arg(e.line)
        .arg(mirrors.join(QLatin1Char(' ')), e.outName, e.directory, checksum,
             e.extract ? QStringLiteral("true") : QStringLiteral("false"));
}

static const QString Sha256Hex = QStringLiteral("9f86d081884c7d659a2feaa0c55ad015"
                                                "a3bf4f1b2b0b822cd15d6c15b0f00a08");

class TestAriaInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesEntriesOptionsAndProblems_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("entries");
        QTest::addColumn<QStringList>("errors");
        QTest::addColumn<QStringList>("warnings");

        QTest::newRow("plain URL list")
            << "http://h/a.iso\nhttps://h/b.iso\n"
            << QStringList{"1|http://h/a.iso|out=|dir=|checksum=|extract=false",
                           "2|https://h/b.iso|out=|dir=|checksum=|extract=false"}
            << QStringList{} << QStringList{};
        QTest::newRow("plain list: comments, blank lines, spaces, CRLF")
            << "# my downloads\n\n   \nhttp://h/a.iso  \r\n  # indented comment\n"
               "  http://h/indented.iso\r\n"
            << QStringList{"4|http://h/a.iso|out=|dir=|checksum=|extract=false",
                           "6|http://h/indented.iso|out=|dir=|checksum=|extract=false"}
            << QStringList{} << QStringList{};
        QTest::newRow("plain list: bad line keeps its number, others stay")
            << "# a comment\n\nhttp://h/ok.bin\nnot a url at all\nhttp://h/next.bin\n"
            << QStringList{"3|http://h/ok.bin|out=|dir=|checksum=|extract=false",
                           "5|http://h/next.bin|out=|dir=|checksum=|extract=false"}
            << QStringList{"line 4: not a valid URL: not a url at all"} << QStringList{};
        QTest::newRow("TAB-separated mirrors")
            << "http://a/f.iso\thttps://b/f.iso\t http://c/f.iso\n"
            << QStringList{"1|http://a/f.iso https://b/f.iso http://c/f.iso|out=|dir=|checksum=|"
                           "extract=false"}
            << QStringList{} << QStringList{};
        QTest::newRow("out and dir")
            << "http://h/x?id=3\n  out=report.pdf\n\tdir=/srv/in box\n"
            << QStringList{"1|http://h/x?id=3|out=report.pdf|dir=/srv/in box|checksum=|"
                           "extract=false"}
            << QStringList{} << QStringList{};
        QTest::newRow("checksum, upper-case digest")
            << "http://h/f\n checksum=SHA-256=" + Sha256Hex.toUpper() + "\n"
            << QStringList{"1|http://h/f|out=|dir=|checksum=sha-256=" + Sha256Hex +
                           "|extract=false"}
            << QStringList{} << QStringList{};
        QTest::newRow("checksum md5 and extract")
            << "http://h/a.zip\n  checksum=md5=d41d8cd98f00b204e9800998ecf8427e\n  extract=true\n"
               "http://h/b.zip\n  extract=false\n"
            << QStringList{"1|http://h/a.zip|out=|dir=|checksum=md5="
                           "d41d8cd98f00b204e9800998ecf8427e|extract=true",
                           "4|http://h/b.zip|out=|dir=|checksum=|extract=false"}
            << QStringList{} << QStringList{};
        QTest::newRow("unknown option warns with its line, parsing goes on")
            << "http://h/a\n  out=a.bin\n\n  max-tries=5\n  foo=bar\nhttp://h/b\n"
            << QStringList{"1|http://h/a|out=a.bin|dir=|checksum=|extract=false",
                           "6|http://h/b|out=|dir=|checksum=|extract=false"}
            << QStringList{}
            << QStringList{"line 4: unknown option 'max-tries'", "line 5: unknown option 'foo'"};
        QTest::newRow("bad URL line: error with line, entry and its options skipped")
            << "http://h/1\nhttp://h/2\n# c\n\nhttp://h/3\n\nftp://h/4\n  out=x\nhttp://h/5\n"
            << QStringList{"1|http://h/1|out=|dir=|checksum=|extract=false",
                           "2|http://h/2|out=|dir=|checksum=|extract=false",
                           "5|http://h/3|out=|dir=|checksum=|extract=false",
                           "9|http://h/5|out=|dir=|checksum=|extract=false"}
            << QStringList{"line 7: ftp:// is not supported (only http and https): ftp://h/4"}
            << QStringList{};
        QTest::newRow("a bad mirror is dropped, the good ones count")
            << "http://a/f\tnope\thttps://b/f\n  out=f.bin\n"
            << QStringList{"1|http://a/f https://b/f|out=f.bin|dir=|checksum=|extract=false"}
            << QStringList{"line 1: not a valid URL: nope"} << QStringList{};
        QTest::newRow("wrong checksum length: error, entry skipped")
            << "http://h/a\n  checksum=sha-256=abc123\nhttp://h/b\n"
            << QStringList{"3|http://h/b|out=|dir=|checksum=|extract=false"}
            << QStringList{"line 2: a sha-256 checksum has 64 hex digits, not 6"} << QStringList{};
        QTest::newRow("unknown checksum algorithm")
            << "http://h/a\n  checksum=crc32=deadbeef\n"
            << QStringList{}
            << QStringList{"line 2: unknown checksum algorithm 'crc32' (use md5, sha-1, sha-256 "
                           "or sha-512)"}
            << QStringList{};
        QTest::newRow("bad extract value")
            << "http://h/a\n  extract=maybe\n"
            << QStringList{} << QStringList{"line 2: extract expects true or false, not 'maybe'"}
            << QStringList{};
        // Bytes that are not UTF-8 reach the parser as U+FFFD: a folder or name of other bytes
        // than the file's (made and filled), so the entry is refused.
        QTest::newRow("dir= not UTF-8")
            << QStringLiteral("http://h/a\n  dir=caf\uFFFD\n") << QStringList{}
            << QStringList{"line 2: dir= is not valid UTF-8: caf\uFFFD"} << QStringList{};
        QTest::newRow("out= not UTF-8")
            << QStringLiteral("http://h/a\n  out=r\uFFFDsum\uFFFD.pdf\n") << QStringList{}
            << QStringList{"line 2: out= is not valid UTF-8: r\uFFFDsum\uFFFD.pdf"}
            << QStringList{};
        QTest::newRow("option before any URL")
            << "  out=x.bin\nhttp://h/a\n"
            << QStringList{"2|http://h/a|out=|dir=|checksum=|"
                           "extract=false"}
            << QStringList{} << QStringList{"line 1: option without a URL line above it: out"};
        // Its name only: the value may be a password (it reached a CI log).
        QTest::newRow("password before any URL")
            << "  http-passwd=S3CRET\nhttp://h/a\n"
            << QStringList{"2|http://h/a|out=|dir=|checksum=|extract=false"} << QStringList{}
            << QStringList{"line 1: option without a URL line above it: http-passwd"};
        QTest::newRow("empty file") << "" << QStringList{} << QStringList{} << QStringList{};
        // A line longer than any URL a server takes is refused without being kept whole (a file
        // of one 50 MB line took 452 MB): the options below it go with it, the next entry counts.
        const QString longPath = QString(200'000, QLatin1Char('a'));
        QTest::newRow("a URL line too long")
            << "http://h/a\nhttp://h/" + longPath + "\n  out=x.bin\nhttp://h/c\n"
            << QStringList{"1|http://h/a|out=|dir=|checksum=|extract=false",
                           "4|http://h/c|out=|dir=|checksum=|extract=false"}
            << QStringList{"line 2: longer than 65536 characters"} << QStringList{};
        QTest::newRow("an option line too long")
            << "http://h/a\n  out=" + longPath + "\nhttp://h/c\n"
            << QStringList{"3|http://h/c|out=|dir=|checksum=|extract=false"}
            << QStringList{"line 2: longer than 65536 characters"} << QStringList{};
        QTest::newRow("a line of exactly the longest length")
            << "http://h/" + QString(65536 - 9, QLatin1Char('b')) + "\nhttp://h/c\n"
            << QStringList{"1|http://h/" + QString(65536 - 9, QLatin1Char('b')) +
                               "|out=|dir=|checksum=|extract=false",
                           "2|http://h/c|out=|dir=|checksum=|extract=false"}
            << QStringList{} << QStringList{};
    }

    void parsesEntriesOptionsAndProblems()
    {
        QFETCH(QString, input);
        QFETCH(QStringList, entries);
        QFETCH(QStringList, errors);
        QFETCH(QStringList, warnings);

        const AriaInput parsed = AriaInputParser::parse(input);
        QStringList described;
        for (const InputEntry &e : parsed.entries)
            described.append(describe(e));
        QCOMPARE(described, entries);
        QCOMPARE(parsed.errors, errors);
        QCOMPARE(parsed.warnings, warnings);
    }

    void checksumStringsAreValidatedPerAlgorithm_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("error");
        QTest::newRow("sha256 spelling") << "sha256=" + Sha256Hex << true << QString();
        QTest::newRow("sha-1") << "Sha-1=da39a3ee5e6b4b0d3255bfef95601890afd80709" << true
                               << QString();
        QTest::newRow("sha-512 too short")
            << "sha-512=" + Sha256Hex << false << "a sha-512 checksum has 128 hex digits, not 64";
        QTest::newRow("not hex") << "md5=zz1d8cd98f00b204e9800998ecf8427e" << false
                                 << "the md5 checksum is not hexadecimal: "
                                    "'zz1d8cd98f00b204e9800998ecf8427e'";
        // A bare digest names its algorithm by its length (what download pages print).
        QTest::newRow("bare sha-256") << Sha256Hex << true << QString();
        QTest::newRow("bare md5") << "D41D8CD98F00B204E9800998ECF8427E" << true << QString();
        QTest::newRow("bare, no known length")
            << "abc123" << false
            << "expected ALGO=HEX or a bare md5, sha-1, sha-256 or sha-512 digest, got 'abc123'";
    }

    void checksumStringsAreValidatedPerAlgorithm()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, error);
        QString why;
        const std::optional<Checksum> checksum = parseChecksum(text, &why);
        QCOMPARE(checksum.has_value(), valid);
        QCOMPARE(why, error);
    }
};

QTEST_GUILESS_MAIN(TestAriaInput)
#include "tst_ariainput.moc"
