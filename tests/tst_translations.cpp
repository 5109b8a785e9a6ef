// The translations: translations/fetchdeck_*.ts complete (no unfinished entry, placeholders and
// mnemonics kept), the German .qm translating over EnglishPlurals when the system's language is
// German, English staying English, and the binary carrying the .qm in its resources.
#include "app/englishplurals.h"
#include "app/translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

QString removeDialog(int n)
{
    return QCoreApplication::translate("RemoveDialog", "Remove %n task(s) from the list?", nullptr,
                                       n);
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(n|\\d+)"));
    QSet<QString> found;
    for (const QRegularExpressionMatch &m : re.globalMatch(text))
        found.insert(m.captured());
    return found;
}

bool hasMnemonic(QString text)
{
    static const QRegularExpression re(QStringLiteral("&[^&\\s]"));
    return text.remove(QStringLiteral("&&")).contains(re);
}

struct Message {
    QString context, source, type;
    bool numerus = false;
    QStringList forms;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            Message m;
            m.context = context;
            m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            messages.append(m);
        } else if (messages.isEmpty()) {
            continue;
        } else if (xml.name() == QLatin1String("source")) {
            messages.last().source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            Message &m = messages.last();
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!m.numerus)
                m.forms.append(xml.readElementText());
        } else if (xml.name() == QLatin1String("numerusform")) {
            messages.last().forms.append(xml.readElementText());
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

} // namespace

class TranslationsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void tsFilesAreComplete();
    void germanQmTranslates();
    void germanSystemGetsGermanOverEnglishPlurals();
    void englishFirstKeepsEnglish();
    void binaryCarriesGerman();

private:
    EnglishPlurals m_plurals;
};

void TranslationsTest::cleanup()
{
    QCoreApplication::removeTranslator(&m_plurals);
    const QList<QTranslator *> installed = qApp->findChildren<QTranslator *>();
    qDeleteAll(installed); // removes them from the application too
}

// lrelease leaves unfinished entries out of the .qm: the user would see English. Every entry of
// every .ts is translated, vanished ones are gone, and no translation drops a %1 or a mnemonic.
void TranslationsTest::tsFilesAreComplete()
{
    const QStringList tsFiles = QStringLiteral(FETCHDECK_TS_FILES).split(QLatin1Char(';'));
    QVERIFY(!tsFiles.isEmpty());
    for (const QString &path : tsFiles) {
        QString error;
        const QList<Message> messages = readTs(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(path + QStringLiteral(": ") + error));
        QVERIFY2(messages.size() > 100, qPrintable(path));
        QStringList problems;
        QSet<QString> contexts;
        for (const Message &m : messages) {
            contexts.insert(m.context);
            const QString where =
                m.context + QStringLiteral(": \"") + m.source + QStringLiteral("\": ");
            if (!m.type.isEmpty()) {
                problems << where + m.type;
                continue;
            }
            if (m.forms.isEmpty()) // lupdate writes as many plural forms as the language has
                problems << where + QStringLiteral("no translation");
            for (const QString &form : m.forms) {
                if (form.isEmpty())
                    problems << where + QStringLiteral("empty translation");
                else if (placeholders(form) != placeholders(m.source))
                    problems << where + QStringLiteral("placeholders differ in \"") + form +
                                    QLatin1Char('"');
                else if (hasMnemonic(form) != hasMnemonic(m.source))
                    problems << where + QStringLiteral("mnemonic missing or added in \"") + form +
                                    QLatin1Char('"');
            }
        }
        QVERIFY2(problems.isEmpty(),
                 qPrintable(path + QStringLiteral(":\n") + problems.join(QLatin1Char('\n'))));
        // lupdate scanned the libraries too, and the file-local tr() wrappers.
        for (const char *context : {"MainWindow", "RemoveDialog", "TaskStatus", "Urls", "Options",
                                    "Transfer", "HashJob", "AriaInput"})
            QVERIFY2(contexts.contains(QLatin1String(context)), context);
    }
}

void TranslationsTest::germanQmTranslates()
{
    auto *german = new QTranslator(qApp);
    QVERIFY(german->load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("fetchdeck"),
                         QStringLiteral("_"), QStringLiteral(FETCHDECK_QM_DIR)));
    QVERIFY(QCoreApplication::installTranslator(german));
    QCOMPARE(removeDialog(3), QStringLiteral("3 Aufgaben aus der Liste entfernen?"));
    QCOMPARE(removeDialog(1), QStringLiteral("1 Aufgabe aus der Liste entfernen?"));
    QCOMPARE(QCoreApplication::translate("Task", "Paused"), QStringLiteral("Pausiert"));
    QCOMPARE(QCoreApplication::translate("TaskActions", "R&esume"), QStringLiteral("&Fortsetzen"));
    QCOMPARE(QCoreApplication::translate("Options", "Show this help."),
             QStringLiteral("Diese Hilfe anzeigen."));
}

void TranslationsTest::germanSystemGetsGermanOverEnglishPlurals()
{
    QCoreApplication::installTranslator(&m_plurals);
    QCOMPARE(removeDialog(3), QStringLiteral("Remove 3 tasks from the list?"));
    const QString loaded = installTranslations(
        {QStringLiteral("fr-FR"), QStringLiteral("de-AT"), QStringLiteral("en-US")},
        QStringLiteral(FETCHDECK_QM_DIR));
    QVERIFY2(loaded.endsWith(QStringLiteral("fetchdeck_de.qm")), qPrintable(loaded));
    QCOMPARE(removeDialog(3), QStringLiteral("3 Aufgaben aus der Liste entfernen?"));
    QCOMPARE(QCoreApplication::translate("Task", "Paused"), QStringLiteral("Pausiert"));
    // Qt's own strings (standard buttons) follow when Qt's translations are installed.
    if (QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) +
                      QStringLiteral("/qtbase_de.qm")))
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"),
                 QStringLiteral("Abbrechen"));
}

void TranslationsTest::englishFirstKeepsEnglish()
{
    QCoreApplication::installTranslator(&m_plurals);
    QVERIFY(installTranslations({QStringLiteral("en-GB"), QStringLiteral("de-DE")},
                                QStringLiteral(FETCHDECK_QM_DIR))
                .isEmpty());
    QVERIFY(installTranslations({QStringLiteral("C")}, QStringLiteral(FETCHDECK_QM_DIR)).isEmpty());
    QCOMPARE(removeDialog(1), QStringLiteral("Remove 1 task from the list?"));
    QCOMPARE(QCoreApplication::translate("Task", "Paused"), QStringLiteral("Paused"));
}

// The binary loads the German .qm from its own resources (:/i18n) when the system is German.
void TranslationsTest::binaryCarriesGerman()
{
    const auto help = [](const QString &language, const QString &lang) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LC_ALL"));
        env.remove(QStringLiteral("LC_MESSAGES"));
        env.insert(QStringLiteral("LANGUAGE"), language);
        env.insert(QStringLiteral("LANG"), lang);
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(FETCHDECK_BINARY), {QStringLiteral("--help")});
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            return QString();
        return QString::fromUtf8(process.readAllStandardOutput());
    };
    const QString german = help(QStringLiteral("de"), QStringLiteral("de_DE.UTF-8"));
    QVERIFY2(german.contains(QStringLiteral("Diese Hilfe anzeigen.")), qPrintable(german));
    QVERIFY2(german.contains(QStringLiteral("Herunterzuladende URLs")), qPrintable(german));
    const QString english = help(QStringLiteral("en_US"), QStringLiteral("en_US.UTF-8"));
    QVERIFY2(english.contains(QStringLiteral("Show this help.")), qPrintable(english));
}

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_translations.moc"
