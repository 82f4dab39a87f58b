#include "casework/probe_kind_dialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "casework/probe_kind_wording.h"

namespace facecase::ui {

ProbeKindDialog::ProbeKindDialog(const QStringList& fileNames, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("probeKindDialog"));
    setWindowTitle(tr("What is this probe?"));

    const QString shown = fileNames.size() <= 3
                              ? fileNames.join(QStringLiteral(", "))
                              : tr("%1 and %n more", nullptr, int(fileNames.size() - 2))
                                    .arg(fileNames.mid(0, 2).join(QStringLiteral(", ")));
    auto* intro = new QLabel(
        tr("Declare what %1 %2. The declaration is recorded with the evidence and printed in "
           "exports.").arg(shown, fileNames.size() == 1 ? tr("is") : tr("are")),
        this);
    intro->setWordWrap(true);

    m_group = new QButtonGroup(this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    using K = ProbeRecord::DeclaredKind;
    for (K kind : {K::CameraPhoto, K::Screenshot, K::CctvStill, K::EditedImage,
                   K::CompositeSketch, K::ArtistDrawing}) {
        auto* radio = new QRadioButton(ProbeKindWording::label(kind), this);
        radio->setObjectName(ProbeRecord::kindName(kind));
        m_group->addButton(radio, int(kind));
        m_buttons[kind] = radio;
        layout->addWidget(radio);
        if (kind == K::EditedImage) {
            m_note = new QLineEdit(this);
            m_note->setObjectName(QStringLiteral("editNote"));
            m_note->setPlaceholderText(tr("What was edited (required), e.g. \"cropped and brightened by the submitting officer\""));
            layout->addWidget(m_note);
        }
    }
    m_warning = new QLabel(this);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #a33"));
    layout->addWidget(m_warning);
    m_box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_box->button(QDialogButtonBox::Ok)->setText(tr("Add to case"));
    layout->addWidget(m_box);

    connect(m_box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_group, &QButtonGroup::idToggled, this, [this] { updateState(); });
    connect(m_note, &QLineEdit::textChanged, this, [this] { updateState(); });
    updateState();
}

ProbeRecord::DeclaredKind ProbeKindDialog::declaredKind() const {
    const int id = m_group->checkedId();
    return id < 0 ? ProbeRecord::DeclaredKind::Unknown : ProbeRecord::DeclaredKind(id);
}

void ProbeKindDialog::preselect(ProbeRecord::DeclaredKind kind) {
    if (QRadioButton* radio = button(kind)) radio->setChecked(true);  // idToggled updates the state
}

QString ProbeKindDialog::editNote() const {
    return declaredKind() == ProbeRecord::DeclaredKind::EditedImage ? m_note->text().trimmed() : QString();
}

QRadioButton* ProbeKindDialog::button(ProbeRecord::DeclaredKind kind) const {
    const auto found = m_buttons.find(kind);
    return found == m_buttons.end() ? nullptr : found->second;
}

QPushButton* ProbeKindDialog::okButton() const { return m_box->button(QDialogButtonBox::Ok); }

void ProbeKindDialog::updateState() {
    const ProbeRecord::DeclaredKind kind = declaredKind();
    const bool edited = kind == ProbeRecord::DeclaredKind::EditedImage;
    m_note->setEnabled(edited);
    bool acceptable = kind != ProbeRecord::DeclaredKind::Unknown;
    QString warning;
    if (edited && m_note->text().trimmed().isEmpty()) {
        acceptable = false;
        warning = tr("An edited image needs a note of what was edited.");
    } else if (kind == ProbeRecord::DeclaredKind::CompositeSketch ||
               kind == ProbeRecord::DeclaredKind::ArtistDrawing) {
        // Still accepted: the drawing is part of the case file, it is only never searched.
        warning = tr("A %1 is not a photograph of the person: it is kept as evidence but will "
                     "not be searched.").arg(ProbeKindWording::tag(kind));
    }
    m_warning->setText(warning);
    m_warning->setVisible(!warning.isEmpty());
    okButton()->setEnabled(acceptable);
}

}  // namespace facecase::ui
