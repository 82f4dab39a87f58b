#pragma once

#include <QDialog>

#include "store/case_record.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace facecase::ui {

class MessageBanner;

// Asks for a new case: number (required, unique), title, purpose / legal basis (required,
// several lines) and the analyst responsible (the OS user unless changed). OK stays disabled
// until the required fields are filled. OK does not close the dialog: it emits submitted() and
// waits for the store's answer, because only the store knows whether the number is taken; the
// owner then calls accept() or showError(), which shows the store's message inside the dialog
// so the analyst can correct the field and try again.
class NewCaseDialog : public QDialog {
    Q_OBJECT

public:
    // `analyst`: the default responsible analyst, the workspace's actor (Workspace::actor()).
    explicit NewCaseDialog(const QString& analyst, QWidget* parent = nullptr);

    // The fields as typed (the store trims them).
    CaseRecord draft() const;

    void showError(const QString& message);
    bool isSubmitting() const { return m_submitting; }
    QString errorText() const;

    QLineEdit* numberEdit() const { return m_number; }
    QLineEdit* titleEdit() const { return m_title; }
    QPlainTextEdit* purposeEdit() const { return m_purpose; }
    QLineEdit* analystEdit() const { return m_analyst; }
    QPushButton* okButton() const;

signals:
    void submitted(const facecase::CaseRecord& draft);

private:
    void submit();
    void updateOk();

    QLineEdit* m_number = nullptr;
    QLineEdit* m_title = nullptr;
    QPlainTextEdit* m_purpose = nullptr;
    QLineEdit* m_analyst = nullptr;
    MessageBanner* m_banner = nullptr;
    QLabel* m_hint = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_submitting = false;
};

}  // namespace facecase::ui
