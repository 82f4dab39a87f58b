#include "cases/new_case_dialog.h"

#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

#include "services/casework/case_catalog.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

NewCaseDialog::NewCaseDialog(const QString& analyst, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("newCaseDialog"));
    setWindowTitle(tr("New Case"));

    m_banner = new MessageBanner(this);

    m_number = new QLineEdit(this);
    m_number->setObjectName(QStringLiteral("caseNumberEdit"));
    m_number->setMaxLength(CaseCatalog::kMaxNumberLength);
    m_number->setPlaceholderText(tr("e.g. 2024-CR-0117"));
    m_number->setToolTip(
        tr("The agency's case number (required). It must be new in this workspace; capitals "
           "do not make a number different."));

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("caseTitleEdit"));
    m_title->setMaxLength(CaseCatalog::kMaxTitleLength);
    m_title->setPlaceholderText(tr("Optional short title"));
    m_title->setToolTip(tr("A short title that tells the case apart in the list (optional)."));

    m_purpose = new QPlainTextEdit(this);
    m_purpose->setObjectName(QStringLiteral("casePurposeEdit"));
    m_purpose->setTabChangesFocus(true);
    m_purpose->setPlaceholderText(
        tr("Why faces are searched in this case and on what legal basis (required)"));
    m_purpose->setToolTip(
        tr("Purpose / legal basis of the searches (required). It is recorded in the audit log "
           "with the case and printed on every report."));
    m_purpose->setMinimumHeight(4 * m_purpose->fontMetrics().lineSpacing() + 12);

    m_analyst = new QLineEdit(this);
    m_analyst->setObjectName(QStringLiteral("caseAnalystEdit"));
    m_analyst->setMaxLength(CaseCatalog::kMaxNameLength);
    m_analyst->setText(analyst);
    m_analyst->setToolTip(
        tr("The analyst responsible for the case. Defaults to you (the user logged in); the "
           "audit log records who opened the case either way."));

    auto* form = new QFormLayout;
    form->addRow(tr("Case &number:"), m_number);
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Purpose / legal basis:"), m_purpose);
    form->addRow(tr("&Analyst:"), m_analyst);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("newCaseHint"));
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    okButton()->setText(tr("&Open Case"));
    m_buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Close without opening a case"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewCaseDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(form, 1);
    layout->addWidget(m_hint);
    layout->addWidget(m_buttons);

    for (QLineEdit* edit : {m_number, m_title, m_analyst})
        connect(edit, &QLineEdit::textChanged, this, &NewCaseDialog::updateOk);
    connect(m_purpose, &QPlainTextEdit::textChanged, this, &NewCaseDialog::updateOk);
    resize(std::max(sizeHint().width(), 520), sizeHint().height());
    updateOk();
}

QPushButton* NewCaseDialog::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

CaseRecord NewCaseDialog::draft() const {
    CaseRecord draft;
    draft.caseNumber = m_number->text();
    draft.title = m_title->text();
    draft.purpose = m_purpose->toPlainText();
    draft.analyst = m_analyst->text();
    return draft;
}

QString NewCaseDialog::errorText() const {
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void NewCaseDialog::updateOk() {
    QString missing;
    if (m_number->text().trimmed().isEmpty())
        missing = tr("Enter the case number.");
    else if (m_purpose->toPlainText().trimmed().isEmpty())
        missing = tr("Enter the purpose / legal basis.");
    else if (m_analyst->text().trimmed().isEmpty())
        missing = tr("Enter the analyst responsible.");
    m_hint->setText(m_submitting ? tr("Opening the case\u2026") : missing);
    okButton()->setEnabled(missing.isEmpty() && !m_submitting);
    okButton()->setToolTip(missing.isEmpty() ? tr("Open the case and record it in the audit log")
                                             : missing);
}

void NewCaseDialog::submit() {
    if (!okButton()->isEnabled()) return;  // Enter in a field while the fields are incomplete
    m_submitting = true;
    m_banner->dismiss();
    updateOk();
    emit submitted(draft());
}

void NewCaseDialog::showError(const QString& message) {
    m_submitting = false;
    m_banner->showError(message);
    updateOk();
    // The store names the field at fault; put the cursor there.
    QWidget* field = m_number;
    if (message.startsWith(QStringLiteral("purpose")))
        field = m_purpose;
    else if (message.startsWith(QStringLiteral("case title")))
        field = m_title;
    else if (message.startsWith(QStringLiteral("analyst")))
        field = m_analyst;
    field->setFocus();
    if (field == m_number) m_number->selectAll();
}

}  // namespace facecase::ui
