#pragma once

#include <QDialog>
#include <map>

#include "store/probe_record.h"

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace facecase::ui {

// Asks the analyst what a batch of probe photos is before they become evidence (issue 6,
// probe provenance). A choice is required — "unknown" is not offered, because the declaration
// is what the record needs; an edited image requires a note of the edit; a composite sketch or
// artist drawing is accepted as evidence but a warning says it will not be searched (the core
// refuses to search drawings, so the analyst learns it here rather than at search time).
class ProbeKindDialog : public QDialog {
    Q_OBJECT

public:
    // `fileNames` are shown so the analyst knows which photos the answer covers.
    explicit ProbeKindDialog(const QStringList& fileNames, QWidget* parent = nullptr);

    ProbeRecord::DeclaredKind declaredKind() const;  // Unknown until a kind is chosen
    // A likely answer checked in advance (a pasted image is most often a screenshot); the
    // analyst still sees it and can change it before anything is recorded.
    void preselect(ProbeRecord::DeclaredKind kind);
    QString editNote() const;                        // trimmed; empty unless an edited image

    QRadioButton* button(ProbeRecord::DeclaredKind kind) const;
    QLineEdit* noteEdit() const { return m_note; }
    QLabel* warningLabel() const { return m_warning; }
    QPushButton* okButton() const;

private:
    void updateState();

    QButtonGroup* m_group = nullptr;
    std::map<ProbeRecord::DeclaredKind, QRadioButton*> m_buttons;
    QLineEdit* m_note = nullptr;
    QLabel* m_warning = nullptr;
    QDialogButtonBox* m_box = nullptr;
};

}  // namespace facecase::ui
