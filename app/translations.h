// The user's language: Fetchdeck's own translation and Qt's, compiled in under :/i18n
// (translations/fetchdeck_<lang>.ts, see app/CMakeLists.txt).
#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

// Installs the translation of the first of `languages` (most preferred first, as
// QLocale::uiLanguages() lists them) that `directory` holds a fetchdeck_<lang>.qm for, and Qt's
// own qtbase_<lang>.qm for that language when Qt ships it (standard buttons, file dialogs).
// Installed after the translators already there, so they take precedence over EnglishPlurals.
// English is the source language: an English (or C) entry before any translated one keeps the
// strings as written. Returns the path of the .qm loaded, or an empty string.
QString installTranslations(const QStringList &languages = QLocale::system().uiLanguages(),
                            const QString &directory = QStringLiteral(":/i18n"));
