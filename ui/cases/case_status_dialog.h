#pragma once

#include <QDialog>

#include "store/case_record.h"

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace facecase::ui {

class MessageBanner;

// Asks why a case is being closed or reopened. The reason is required here (the store allows
// none) because it goes into the audit record, and "why was this case reopened?" is the first
// question a reviewer asks. Like NewCaseDialog, OK emits submitted() and the dialog stays open
// until the owner calls accept() or showError() with the store's answer.
class CaseStatusDialog : public QDialog {
    Q_OBJECT

public:
    enum class Change { Close, Reopen };

    CaseStatusDialog(Change change, const CaseRecord& record, QWidget* parent = nullptr);

    Change change() const { return m_change; }
    // The case as the dialog was opened on, or as setCaseRecord() showed it since: the version
    // (changeSeq) the change expects, so a change made elsewhere meanwhile is not undone unseen.
    const CaseRecord& caseRecord() const { return m_record; }
    // The case as it is now, after a change was refused because it had changed: said in the
    // dialog; OK then acts on this version (or is refused by the case's state, in words).
    void setCaseRecord(const CaseRecord& record);
    QString reason() const;
    void showError(const QString& message);
    QString errorText() const;

    QPlainTextEdit* reasonEdit() const { return m_reason; }
    QPushButton* okButton() const;

signals:
    void submitted(const QString& reason);

private:
    void submit();
    void updateOk();

    Change m_change;
    CaseRecord m_record;
    MessageBanner* m_banner = nullptr;
    QPlainTextEdit* m_reason = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_submitting = false;
};

}  // namespace facecase::ui
