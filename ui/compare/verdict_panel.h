#pragma once

#include <QWidget>

#include "candidates/candidate_verdict.h"

class QButtonGroup;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

namespace facecase::ui {

// The analyst's verdict on the candidate in the compare view: possible match (lead), not a
// match or inconclusive, a required reason and optional notes. "Record verdict" stays disabled
// until a verdict is chosen and the reason is not blank, because a verdict without its reason
// cannot be reviewed later. Emits verdictSubmitted(); recording it is the owner's job.
class VerdictPanel : public QWidget {
    Q_OBJECT

public:
    explicit VerdictPanel(QWidget* parent = nullptr);

    CandidateVerdict verdict() const;
    void setVerdict(CandidateVerdict verdict);
    QString reason() const;  // trimmed
    QString notes() const;   // trimmed
    bool canSubmit() const;
    void reset();  // a new candidate: nothing chosen, nothing typed

    // After the owner recorded it: "Recorded: Not a match (reason …)".
    void showRecorded(const QString& text);

    QPushButton* submitButton() const { return m_submit; }
    QLineEdit* reasonEdit() const { return m_reason; }
    QPlainTextEdit* notesEdit() const { return m_notes; }
    QRadioButton* button(CandidateVerdict verdict) const;

public slots:
    void submit();

signals:
    void verdictSubmitted(facecase::ui::CandidateVerdict verdict, const QString& reason,
                          const QString& notes);

private:
    void updateState();

    QButtonGroup* m_group = nullptr;
    QRadioButton* m_possible = nullptr;
    QRadioButton* m_notAMatch = nullptr;
    QRadioButton* m_inconclusive = nullptr;
    QLineEdit* m_reason = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    QPushButton* m_submit = nullptr;
    QLabel* m_hint = nullptr;
};

}  // namespace facecase::ui
