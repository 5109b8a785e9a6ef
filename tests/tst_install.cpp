// The .deb as a user gets it: built with `cpack -G DEB` from this build tree, its control fields
// read with dpkg-deb, unpacked with `dpkg-deb -x`, and its binary run: --version and a headless
// download from the loopback fixture. (The desktop entry and AppStream checks of a plain
// `cmake --install` are in install_check.sh.)
#include "fixtureserver.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

class TestInstall : public QObject {
    Q_OBJECT
private:
    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    QTemporaryDir m_work;
    QString m_deb;  // the package built by initTestCase
    QString m_root; // where it is unpacked
    FixtureServer *m_server = nullptr;

    static Run run(const QString &program, const QStringList &args, int timeoutMs = 60000,
                   const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(program, args);
        Run r;
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            r.err = "timed out: " + program.toLocal8Bit();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QString installedBinary() const { return m_root + QStringLiteral("/usr/bin/fetchdeck"); }

    // "a (>= 1), b | c" -> {a, b, c}
    static QStringList packageNames(const QByteArray &depends)
    {
        QStringList names;
        for (const QString &alternatives : QString::fromUtf8(depends).split(QLatin1Char(','))) {
            for (const QString &entry : alternatives.split(QLatin1Char('|')))
                names << entry.trimmed()
                             .section(QLatin1Char(' '), 0, 0)
                             .section(QLatin1Char(':'), 0, 0);
        }
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString cpack = QStringLiteral(FETCHDECK_CPACK);
        if (QStandardPaths::findExecutable(QStringLiteral("dpkg-deb")).isEmpty())
            QSKIP("dpkg-deb is not installed: not a Debian system");
        QVERIFY(m_work.isValid());

        // Packages go to a folder of the test's own, not into the build tree.
        const QString out = m_work.filePath(QStringLiteral("packages"));
        const Run built = run(
            cpack,
            {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
             QStringLiteral(FETCHDECK_BUILD_DIR "/CPackConfig.cmake"), QStringLiteral("-B"), out},
            120000);
        QVERIFY2(built.exitCode == 0, built.out + built.err);
        const QStringList debs = QDir(out).entryList({QStringLiteral("*.deb")}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        m_deb = QDir(out).filePath(debs.first());
        QVERIFY2(debs.first().startsWith(QStringLiteral("fetchdeck_" FETCHDECK_VERSION "_")),
                 qPrintable(debs.first()));

        m_root = m_work.filePath(QStringLiteral("root"));
        const Run unpacked = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), m_deb, m_root});
        QVERIFY2(unpacked.exitCode == 0, unpacked.err);

        m_server = new FixtureServer(0, this);
        QVERIFY(m_server->isListening());
    }

    void controlFieldsDeclareTheRuntimeDependencies()
    {
        const Run fields =
            run(QStringLiteral("dpkg-deb"),
                {QStringLiteral("-f"), m_deb, QStringLiteral("Package"), QStringLiteral("Version"),
                 QStringLiteral("Section"), QStringLiteral("Maintainer")});
        QCOMPARE(fields.exitCode, 0);
        QCOMPARE(fields.out, QByteArray("Package: fetchdeck\nVersion: " FETCHDECK_VERSION
                                        "\nSection: net\nMaintainer: Fetchdeck developers "
                                        "<dev@fetchdeck.invalid>\n"));

        const Run depends = run(QStringLiteral("dpkg-deb"),
                                {QStringLiteral("-f"), m_deb, QStringLiteral("Depends")});
        QCOMPARE(depends.exitCode, 0);
        qInfo("Depends: %s", depends.out.trimmed().constData());
        const QStringList names = packageNames(depends.out);
        // Libraries loaded as plugins (the SQLite driver) are invisible to dpkg-shlibdeps.
        for (const char *needed : {"libqt6core6", "libqt6gui6", "libqt6widgets6", "libqt6network6",
                                   "libqt6concurrent6", "libqt6sql6", "libqt6sql6-sqlite",
                                   "libqcoro6core0", "libqcoro6network0", "libarchive13"})
            QVERIFY2(names.contains(QLatin1String(needed)), needed);
#ifdef FETCHDECK_JEMALLOC_LINKED
        QVERIFY(names.contains(QLatin1String("libjemalloc2")));
#endif
    }

    // Without dpkg-shlibdeps (dpkg-dev) cpack declares only the list it is given: a library
    // the binary links but the list leaves out makes a package that installs and then does not
    // start ("error while loading shared libraries") where that library is not installed.
    void declaredDependsCoverEveryLinkedLibrary()
    {
        const QString objdump = QStandardPaths::findExecutable(QStringLiteral("objdump"));
        if (objdump.isEmpty())
            QSKIP("objdump (binutils) is not installed");
        QFile config(QStringLiteral(FETCHDECK_BUILD_DIR "/CPackConfig.cmake"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QByteArray declared;
        for (const QByteArray &line : config.readAll().split('\n'))
            if (line.startsWith("set(CPACK_DEBIAN_PACKAGE_DEPENDS \""))
                declared = line.mid(line.indexOf('"') + 1).chopped(2); // `..." )`
        const QStringList names = packageNames(declared);
        QVERIFY2(names.size() > 5, declared.constData());
        // A library a declared package depends on comes with it (libqt6gui6 brings OpenGL's).
        QStringList installed = names;
        for (const QString &name : names) {
            const Run depends =
                run(QStringLiteral("dpkg-query"),
                    {QStringLiteral("-W"), QStringLiteral("-f=${Depends}, ${Pre-Depends}"), name});
            QVERIFY2(depends.exitCode == 0, qPrintable(name + QLatin1String(" is not installed")));
            installed += packageNames(depends.out);
        }

        const Run dynamic = run(objdump, {QStringLiteral("-p"), installedBinary()});
        QCOMPARE(dynamic.exitCode, 0);
        int linked = 0;
        for (const QByteArray &line : dynamic.out.split('\n')) {
            const QList<QByteArray> words = line.simplified().split(' ');
            if (words.size() != 2 || words[0] != "NEEDED")
                continue;
            ++linked;
            const Run owner = run(QStringLiteral("dpkg"),
                                  {QStringLiteral("-S"), QStringLiteral("*/") + words[1]});
            QVERIFY2(owner.exitCode == 0, words[1] + ": " + owner.err);
            QStringList owners; // "libssl3:amd64: /usr/lib/.../libssl.so.3" per line
            for (const QByteArray &found : owner.out.split('\n'))
                if (!found.isEmpty())
                    owners << QString::fromUtf8(found.left(found.indexOf(": ")))
                                  .section(QLatin1Char(':'), 0, 0);
            // What every Debian system has (apt itself needs them), and the sanitizers'
            // runtimes a test build links.
            static const QStringList always{QStringLiteral("libc6"), QStringLiteral("libstdc++6"),
                                            QStringLiteral("libgcc-s1"), QStringLiteral("libasan8"),
                                            QStringLiteral("libubsan1")};
            const bool covered = std::any_of(owners.cbegin(), owners.cend(), [&](const QString &o) {
                return installed.contains(o) || always.contains(o);
            });
            QVERIFY2(covered,
                     qPrintable(QStringLiteral("%1 (from %2) is not declared in: %3")
                                    .arg(QString::fromUtf8(words[1]), owners.join(QLatin1Char(' ')),
                                         QString::fromUtf8(declared))));
        }
        QVERIFY(linked > 5);
    }

    // The browsers' host manifests under /etc are configuration: dpkg asks before an upgrade
    // writes over a file the administrator changed, and keeps it on `dpkg -r`.
    void filesUnderEtcAreConffiles()
    {
        const Run conffiles = run(QStringLiteral("dpkg-deb"),
                                  {QStringLiteral("-I"), m_deb, QStringLiteral("conffiles")});
        QVERIFY2(conffiles.exitCode == 0, conffiles.err);
        const QStringList listed =
            QString::fromUtf8(conffiles.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QStringList underEtc;
        QDirIterator it(m_root + QStringLiteral("/etc"), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            underEtc << it.next().mid(m_root.size());
        QCOMPARE(underEtc.size(), 2); // Chromium's and Chrome's
        for (const QString &file : underEtc)
            QVERIFY2(listed.contains(file),
                     qPrintable(file + QLatin1String(" not in: ") + listed.join(QLatin1Char(' '))));
    }

    void packageHoldsTheAppAndNoTestPrograms()
    {
        QStringList files;
        QDirIterator it(m_root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next().mid(m_root.size());
        files.sort();
        const QString id = QStringLiteral("io.github.fetchdeck.Fetchdeck");
        for (const QString &wanted :
             {QStringLiteral("/usr/bin/fetchdeck"),
              QStringLiteral("/usr/share/applications/%1.desktop").arg(id),
              QStringLiteral("/usr/share/metainfo/%1.metainfo.xml").arg(id),
              QStringLiteral("/usr/share/icons/hicolor/scalable/apps/%1.svg").arg(id),
              QStringLiteral("/usr/share/icons/hicolor/48x48/apps/%1.png").arg(id),
              QStringLiteral("/usr/share/doc/fetchdeck/copyright"),
              QStringLiteral("/usr/share/fetchdeck/browser/fetchdeck-chromium.zip"),
              QStringLiteral("/usr/share/fetchdeck/browser/fetchdeck-firefox.xpi"),
              QStringLiteral("/etc/chromium/native-messaging-hosts/io.github.fetchdeck.host.json"),
              QStringLiteral(
                  "/etc/opt/chrome/native-messaging-hosts/io.github.fetchdeck.host.json"),
              QStringLiteral(
                  "/usr/lib/mozilla/native-messaging-hosts/io.github.fetchdeck.host.json")})
            QVERIFY2(files.contains(wanted), qPrintable(wanted + QLatin1String(" missing from ") +
                                                        files.join(QLatin1Char(' '))));
        const QStringList binaries =
            QDir(m_root + QStringLiteral("/usr/bin")).entryList(QDir::Files);
        QCOMPARE(binaries, QStringList{QStringLiteral("fetchdeck")});
        for (const QString &file : files)
            QVERIFY2(file.startsWith(QLatin1String("/usr/bin/")) ||
                         file.startsWith(QLatin1String("/usr/share/")) ||
                         file.contains(QLatin1String("/native-messaging-hosts/")),
                     qPrintable(file));
        // The hosts name the installed binary.
        QFile host(
            m_root +
            QStringLiteral("/etc/chromium/native-messaging-hosts/io.github.fetchdeck.host.json"));
        QVERIFY(host.open(QIODevice::ReadOnly));
        QVERIFY(host.readAll().contains("\"path\": \"/usr/bin/fetchdeck\""));
    }

    void unpackedBinaryPrintsItsVersion()
    {
        const Run version = run(installedBinary(), {QStringLiteral("--version")});
        QVERIFY2(version.exitCode == 0, version.err);
        QCOMPARE(version.out, QByteArray("fetchdeck " FETCHDECK_VERSION "\n"));
    }

    // The dynamic linker says where every library's malloc and operator new went (all bound
    // at start): jemalloc's, never libc's. Loading jemalloc alone would not be enough.
    void unpackedBinaryAllocatesWithJemalloc()
    {
#ifndef FETCHDECK_JEMALLOC_LINKED
        QSKIP("this build keeps the system's allocator (the sanitizers bring their own)");
#endif
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("bindings"));
        env.insert(QStringLiteral("LD_BIND_NOW"), QStringLiteral("1"));
        const Run version = run(installedBinary(), {QStringLiteral("--version")}, 60000, env);
        QCOMPARE(version.exitCode, 0);
        const QList<QByteArray> lines = version.err.split('\n');
        int toJemalloc = 0;
        for (const QByteArray &line : lines) {
            if (!line.contains("normal symbol `malloc'") && !line.contains("normal symbol `_Znwm'"))
                continue;
            QVERIFY2(line.contains("libjemalloc.so"), line.constData());
            ++toJemalloc;
        }
        QVERIFY2(toJemalloc > 0, version.err.left(500));
    }

    void unpackedBinaryDownloadsHeadless()
    {
        QTemporaryDir dir;
        const Run r =
            run(installedBinary(),
                {QStringLiteral("--headless"), QStringLiteral("--state-dir"),
                 dir.filePath(QStringLiteral("state")), QStringLiteral("-d"),
                 dir.filePath(QStringLiteral("out")),
                 m_server->url(QStringLiteral("/file/256k/packaged.bin?seed=6")).toString()});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("out/packaged.bin"))),
                 FixtureServer::contentSha256(256 * 1024, 6));
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"
