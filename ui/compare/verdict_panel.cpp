#include "compare/verdict_panel.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QShortcut>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "compare/second_review_box.h"

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

    m_marks = new QListWidget(box);
    m_marks->setObjectName(QStringLiteral("verdictMarks"));
    m_marks->setToolTip(
        tr("Marks on the probe and candidate photos, numbered as drawn; they are recorded "
           "with the verdict. Place them with \u201CAdd mark\u201D (M) over the photos."));
    m_marks->setAccessibleName(tr("Marks"));
    m_marks->setFixedHeight(m_marks->fontMetrics().lineSpacing() * 4 + 10);
    m_marks->setSelectionMode(QAbstractItemView::SingleSelection);
    m_marks->setWordWrap(true);  // a label reads whole, never behind a scroll bar
    m_marks->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_removeMark = new QPushButton(QIcon(QStringLiteral(":/icons/window-close.svg")),
                                   tr("Remo&ve mark"), box);
    m_removeMark->setObjectName(QStringLiteral("removeMark"));
    m_removeMark->setToolTip(tr("Remove the selected mark (Delete) before recording"));
    connect(m_removeMark, &QPushButton::clicked, this,
            [this] { removeMark(m_marks->currentRow()); });
    auto* removeKey = new QShortcut(QKeySequence(QKeySequence::Delete), m_marks);
    removeKey->setContext(Qt::WidgetShortcut);
    connect(removeKey, &QShortcut::activated, this,
            [this] { removeMark(m_marks->currentRow()); });
    connect(m_marks, &QListWidget::currentRowChanged, this,
            [this](int row) { m_removeMark->setEnabled(row >= 0 && !m_markList.empty()); });

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
    auto* marksLabel = new QLabel(tr("Mar&ks:"), box);
    marksLabel->setBuddy(m_marks);
    auto* marksColumn = new QVBoxLayout;
    marksColumn->setSpacing(2);
    marksColumn->addWidget(m_marks);
    marksColumn->addWidget(m_removeMark, 0, Qt::AlignRight);
    form->addRow(marksLabel, marksColumn);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_hint, 1);
    buttons->addWidget(m_submit, 0, Qt::AlignTop);

    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->addLayout(choices);
    boxLayout->addLayout(form);
    boxLayout->addLayout(buttons);

    m_review = new SecondReviewBox(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
    layout->addWidget(m_review);

    connect(m_group, &QButtonGroup::idToggled, this, [this](int, bool) { updateState(); });
    connect(m_reason, &QLineEdit::textChanged, this, &VerdictPanel::updateState);
    connect(m_reason, &QLineEdit::returnPressed, this, &VerdictPanel::submit);
    connect(m_submit, &QPushButton::clicked, this, &VerdictPanel::submit);
    refreshMarks();
    updateState();
}

void VerdictPanel::setMarks(std::vector<Mark> marks) {
    m_markList = std::move(marks);
    refreshMarks();
    emit marksChanged();
}

void VerdictPanel::addMark(const Mark& mark) {
    m_markList.push_back(mark);
    refreshMarks();
    m_marks->setCurrentRow(int(m_markList.size()) - 1);
    emit marksChanged();
}

void VerdictPanel::removeMark(int index) {
    if (index < 0 || index >= int(m_markList.size())) return;
    m_markList.erase(m_markList.begin() + index);
    refreshMarks();
    if (!m_markList.empty()) m_marks->setCurrentRow(std::min(index, int(m_markList.size()) - 1));
    emit marksChanged();
}

void VerdictPanel::refreshMarks() {
    m_marks->clear();
    for (std::size_t i = 0; i < m_markList.size(); ++i) {
        const Mark& m = m_markList[i];
        const QString side = m.side == Mark::Side::Probe ? tr("probe") : tr("candidate");
        auto* item = new QListWidgetItem(tr("%1 \u00B7 %2 (%3, %4): %5")
                                             .arg(i + 1)
                                             .arg(side)
                                             .arg(m.position.x(), 0, 'f', 0)
                                             .arg(m.position.y(), 0, 'f', 0)
                                             .arg(m.label),
                                         m_marks);
        item->setToolTip(tr("Mark %1 on the %2 photo at %3, %4 (photo pixels): %5")
                             .arg(i + 1)
                             .arg(side)
                             .arg(m.position.x(), 0, 'f', 1)
                             .arg(m.position.y(), 0, 'f', 1)
                             .arg(m.label));
    }
    if (m_markList.empty()) {
        auto* none = new QListWidgetItem(tr("No marks (optional): use Add mark (M) and click a "
                                            "feature on either photo"),
                                         m_marks);
        none->setFlags(Qt::NoItemFlags);
        none->setForeground(palette().color(QPalette::PlaceholderText));
    }
    m_removeMark->setEnabled(!m_markList.empty() && m_marks->currentRow() >= 0);
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

void VerdictPanel::setDatabase(DatabaseWorker* database) {
    m_review->setDatabase(database);
}

void VerdictPanel::setCandidate(std::optional<qint64> recordedCandidateId) {
    m_review->setCandidate(recordedCandidateId);
}

void VerdictPanel::reset() {
    m_review->setCandidate(std::nullopt);
    setVerdict(CandidateVerdict::None);
    m_reason->clear();
    m_notes->clear();
    setMarks({});
    updateState();
}

void VerdictPanel::showRecorded(const QString& text) {
    m_hint->setText(text);
}

void VerdictPanel::submit() {
    if (!canSubmit()) return;
    emit verdictSubmitted(verdict(), reason(), notes());
    m_hint->setText(tr("Submitted: %1.").arg(VerdictStyle::word(verdict())));
    // A new verdict starts unreviewed. The owner queued its write on the same worker during
    // the emit above, and the worker runs tasks in order, so this read sees the new verdict.
    m_review->refresh();
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
