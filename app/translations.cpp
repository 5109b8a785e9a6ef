// Loads the compiled-in translation for the system's language, and Qt's own for it.
#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

QString installTranslations(const QStringList &languages, const QString &directory)
{
    for (const QString &language : languages) {
        const QLocale locale(language);
        if (locale.language() == QLocale::English || locale.language() == QLocale::C)
            return {};
        auto *app = new QTranslator(QCoreApplication::instance());
        if (!app->load(locale, QStringLiteral("fetchdeck"), QStringLiteral("_"), directory)) {
            delete app;
            continue;
        }
        // Qt's first, ours last: ours wins should a context ever be in both.
        auto *qt = new QTranslator(QCoreApplication::instance());
        if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(qt);
        else
            delete qt;
        QCoreApplication::installTranslator(app);
        return app->filePath();
    }
    return {};
}
