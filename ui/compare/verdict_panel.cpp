#include "compare/verdict_panel.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace facecase::ui {

VerdictPanel::VerdictPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("verdictPanel"));
    auto* box = new QGroupBox(tr("Verdict"), this);

    m_possible = new QRadioButton(tr("&Possible match (lead)"), box);
    m_notAMatch = new QRadioButton(tr("&Not a match"), box);
    m_inconclusive = new QRadioButton(tr("&Inconclusive"), box);
    m_group = new QButtonGroup(this);
    m_group->addButton(m_possible, int(CandidateVerdict::PossibleMatch));
    m_group->addButton(m_notAMatch, int(CandidateVerdict::NotAMatch));
    m_group->addButton(m_inconclusive, int(CandidateVerdict::Inconclusive));
    for (QAbstractButton* b : m_group->buttons()) {
        const auto v = CandidateVerdict(m_group->id(b));
        b->setToolTip(VerdictStyle::toolTip(v));
        b->setObjectName(QStringLiteral("verdict_") + VerdictStyle::key(v));
    }

    m_reason = new QLineEdit(box);
    m_reason->setObjectName(QStringLiteral("verdictReason"));
    m_reason->setPlaceholderText(tr("Required: what you compared and what decided it"));
    m_reason->setToolTip(
        tr("Required. The features you compared and why they support this "
           "verdict; it goes on record with the verdict."));
    m_reason->setClearButtonEnabled(true);

    m_notes = new QPlainTextEdit(box);
    m_notes->setObjectName(QStringLiteral("verdictNotes"));
    m_notes->setPlaceholderText(tr("Optional notes"));
    m_notes->setToolTip(tr("Optional. Anything else a reviewer should know."));
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 4 + 12);

    m_submit = new QPushButton(tr("&Record verdict"), box);
    m_submit->setObjectName(QStringLiteral("verdictSubmit"));
    m_submit->setDefault(true);

    m_hint = new QLabel(box);
    m_hint->setObjectName(QStringLiteral("verdictHint"));
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto* choices = new QVBoxLayout;
    choices->setSpacing(2);
    choices->addWidget(m_possible);
    choices->addWidget(m_notAMatch);
    choices->addWidget(m_inconclusive);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* reasonLabel = new QLabel(tr("R&eason:"), box);
    reasonLabel->setBuddy(m_reason);
    auto* notesLabel = new QLabel(tr("N&otes:"), box);
    notesLabel->setBuddy(m_notes);
    form->addRow(reasonLabel, m_reason);
    form->addRow(notesLabel, m_notes);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_hint, 1);
    buttons->addWidget(m_submit, 0, Qt::AlignTop);

    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->addLayout(choices);
    boxLayout->addLayout(form);
    boxLayout->addLayout(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_group, &QButtonGroup::idToggled, this, [this](int, bool) { updateState(); });
    connect(m_reason, &QLineEdit::textChanged, this, &VerdictPanel::updateState);
    connect(m_reason, &QLineEdit::returnPressed, this, &VerdictPanel::submit);
    connect(m_submit, &QPushButton::clicked, this, &VerdictPanel::submit);
    updateState();
}

CandidateVerdict VerdictPanel::verdict() const {
    const int id = m_group->checkedId();
    return id < 0 ? CandidateVerdict::None : CandidateVerdict(id);
}

void VerdictPanel::setVerdict(CandidateVerdict verdict) {
    if (QRadioButton* b = button(verdict)) {
        b->setChecked(true);
    } else if (QAbstractButton* checked = m_group->checkedButton()) {
        m_group->setExclusive(false);  // an exclusive group cannot be unchecked otherwise
        checked->setChecked(false);
        m_group->setExclusive(true);
    }
    updateState();
}

QRadioButton* VerdictPanel::button(CandidateVerdict verdict) const {
    switch (verdict) {
        case CandidateVerdict::PossibleMatch:
            return m_possible;
        case CandidateVerdict::NotAMatch:
            return m_notAMatch;
        case CandidateVerdict::Inconclusive:
            return m_inconclusive;
        case CandidateVerdict::None:
            break;
    }
    return nullptr;
}

QString VerdictPanel::reason() const {
    return m_reason->text().trimmed();
}

QString VerdictPanel::notes() const {
    return m_notes->toPlainText().trimmed();
}

bool VerdictPanel::canSubmit() const {
    return verdict() != CandidateVerdict::None && !reason().isEmpty();
}

void VerdictPanel::reset() {
    setVerdict(CandidateVerdict::None);
    m_reason->clear();
    m_notes->clear();
    updateState();
}

void VerdictPanel::showRecorded(const QString& text) {
    m_hint->setText(text);
}

void VerdictPanel::submit() {
    if (!canSubmit()) return;
    emit verdictSubmitted(verdict(), reason(), notes());
    m_hint->setText(tr("Submitted: %1.").arg(VerdictStyle::word(verdict())));
}

void VerdictPanel::updateState() {
    const bool ready = canSubmit();
    m_submit->setEnabled(ready);
    if (verdict() == CandidateVerdict::None)
        m_hint->setText(tr("Choose a verdict and give a reason."));
    else if (reason().isEmpty())
        m_hint->setText(tr("A reason is required."));
    else
        m_hint->setText({});
    m_submit->setToolTip(
        ready ? tr("Record \u201C%1\u201D with this reason").arg(VerdictStyle::word(verdict()))
              : tr("Needs a verdict and a reason"));
}

}  // namespace facecase::ui
