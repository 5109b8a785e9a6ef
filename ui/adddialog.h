// The Add dialog (Ctrl+N): a box for one URL per line (hundreds or thousands pasted at once), a
// live count of what is valid, the bad and repeated lines marked in place and listed, and the
// destination: this computer's folder, or a remote engine and a folder on its machine.
#pragma once

#include <QDialog>
#include <QList>
#include <QSet>
#include <QTimer>
#include <QUrl>

class QCheckBox;
class QComboBox;
class QPushButton;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class UrlListEdit;
class UrlListValidator;

class AddDialog final : public QDialog {
    Q_OBJECT
public:
    static constexpr int MaxMarkedLines = 2000;   // highlighted in the text box
    static constexpr int MaxListedProblems = 500; // listed under it

    // `existingKeys`: the URLs already in the list (UrlIntake::key form), flagged as duplicates.
    AddDialog(const QSet<QUrl> &existingKeys, const QString &directory, QWidget *parent = nullptr);

    void setText(const QString &text);
    // Remote engines (id, name) the downloads can go to instead of this computer; `current`
    // ("" = this computer) is chosen. `remoteFolders` gives each engine's last folder there.
    void setTargets(const QList<std::pair<QString, QString>> &engines, const QString &current,
                    const QHash<QString, QString> &remoteFolders);
    QString target() const; // "" = this computer
    QString directory() const;
    QString checksum() const; // "sha-256=HEX" normalised, empty when none was given
    bool extract() const;

    // Results of the last validation (call validateNow() first if it may still run).
    void validateNow();
    bool isValidating() const;
    QList<QUrl> urls() const;
    int validCount() const;
    int invalidCount() const;
    int duplicateCount() const;

    void accept() override;

Q_SIGNALS:
    void validated(); // a validation pass finished and the dialog shows its result

private:
    void chooseDirectory();
    void onProgress(int done, int total);
    void showResult();
    void jumpToLine(QListWidgetItem *item);

    UrlListValidator *m_validator;
    QTimer m_debounce;
    UrlListEdit *m_text;
    QLabel *m_summary;
    QListWidget *m_problems;
    void onTargetChanged();

    QComboBox *m_target;
    QPushButton *m_browse;
    QString m_localDirectory;
    QString m_knownDirectory; // given or chosen with Browse, not typed: taken as it is
    QString m_shownTarget;    // the place the folder field is for
    QHash<QString, QString> m_remoteFolders;
    QLineEdit *m_directory;
    QLineEdit *m_checksum;
    QCheckBox *m_extract;
    QLabel *m_checksumError;
    QDialogButtonBox *m_buttons;
};
