// Why the dashboard cannot start, in a window: one started from a desktop has nobody reading
// its stderr, so the reason stderr gets is shown too, under a heading that says what happened.
#pragma once

#include <QString>
#include <memory>

class QMessageBox;

namespace StartFailure {
// The box, not yet shown: "Fetchdeck cannot start." above the reason, written as a sentence.
std::unique_ptr<QMessageBox> box(const QString &why);
// Shows the box and returns once it is closed.
void show(const QString &why);
} // namespace StartFailure
