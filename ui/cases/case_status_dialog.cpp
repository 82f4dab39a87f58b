#include "cases/case_status_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "widgets/message_banner.h"

namespace facecase::ui {

CaseStatusDialog::CaseStatusDialog(Change change, const CaseRecord& record, QWidget* parent)
    : QDialog(parent), m_change(change), m_record(record) {
    setObjectName(QStringLiteral("caseStatusDialog"));
    const bool closing = change == Change::Close;
    setWindowTitle(closing ? tr("Close Case %1").arg(record.caseNumber)
                           : tr("Reopen Case %1").arg(record.caseNumber));

    m_banner = new MessageBanner(this);
    auto* question = new QLabel(this);
    question->setWordWrap(true);
    question->setTextFormat(Qt::PlainText);
    const QString name = record.title.isEmpty()
                             ? record.caseNumber
                             : tr("%1 (%2)").arg(record.caseNumber, record.title);
    question->setText(closing ? tr("Why is case %1 being closed? The reason is recorded in the "
                                   "audit log. A closed case can be reopened.")
                                    .arg(name)
                              : tr("Why is case %1 being reopened? The reason is recorded in the "
                                   "audit log.")
                                    .arg(name));

    m_reason = new QPlainTextEdit(this);
    m_reason->setObjectName(QStringLiteral("caseStatusReason"));
    m_reason->setTabChangesFocus(true);
    m_reason->setPlaceholderText(closing ? tr("e.g. Investigation concluded; suspect charged")
                                         : tr("e.g. New evidence received from the prosecutor"));
    m_reason->setToolTip(tr("The reason (required), recorded in the audit log"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setMinimumHeight(4 * m_reason->fontMetrics().lineSpacing() + 12);
    question->setBuddy(m_reason);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    okButton()->setText(closing ? tr("&Close Case") : tr("&Reopen Case"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CaseStatusDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QPlainTextEdit::textChanged, this, &CaseStatusDialog::updateOk);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(question);
    layout->addWidget(m_reason, 1);
    layout->addWidget(m_buttons);
    resize(460, sizeHint().height());
    updateOk();
}

QPushButton* CaseStatusDialog::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString CaseStatusDialog::reason() const {
    return m_reason->toPlainText().trimmed();
}

QString CaseStatusDialog::errorText() const {
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void CaseStatusDialog::updateOk() {
    const bool ready = !reason().isEmpty() && !m_submitting;
    okButton()->setEnabled(ready);
    okButton()->setToolTip(reason().isEmpty() ? tr("Enter the reason first")
                                              : (m_change == Change::Close
                                                     ? tr("Close the case and record why")
                                                     : tr("Reopen the case and record why")));
}

void CaseStatusDialog::submit() {
    if (!okButton()->isEnabled()) return;
    m_submitting = true;
    m_banner->dismiss();
    updateOk();
    emit submitted(reason());
}

void CaseStatusDialog::setCaseRecord(const CaseRecord& record) {
    m_record = record;
}

void CaseStatusDialog::showError(const QString& message) {
    m_submitting = false;
    m_banner->showError(message);
    updateOk();
}

}  // namespace facecase::ui
