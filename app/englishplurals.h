// English plural forms for the "%n file(s)" strings without shipping a .qm: "1 file",
// "2 files". A real translation, once there is one, takes precedence (installed later).
#pragma once

#include <QTranslator>

class EnglishPlurals final : public QTranslator {
public:
    using QTranslator::QTranslator;
    bool isEmpty() const override { return false; }
    QString translate(const char *context, const char *sourceText,
                      const char *disambiguation = nullptr, int n = -1) const override;
};
