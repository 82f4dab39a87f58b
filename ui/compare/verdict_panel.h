#pragma once

#include <QWidget>
#include <optional>
#include <vector>

#include "candidates/candidate_verdict.h"
#include "store/verdict_record.h"

class QButtonGroup;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

namespace facecase::ui {

class DatabaseWorker;
class SecondReviewBox;

// The analyst's verdict on the candidate in the compare view: possible match (lead), not a
// match or inconclusive, a required reason and optional notes. "Record verdict" stays disabled
// until a verdict is chosen and the reason is not blank, because a verdict without its reason
// cannot be reviewed later. Emits verdictSubmitted(); recording it is the owner's job.
// Marks (points with a label on either photo, placed in the compare view) are listed here,
// numbered as drawn, and can be removed until the verdict is recorded; marks() goes on record
// with the verdict.
// Below the form, the second review (SecondReviewBox): the reviews of the candidate's current
// verdict and, for a possible match set by another analyst, "Confirm as second reviewer" /
// "Dispute"; it reads and records through the DatabaseWorker given by setDatabase().
class VerdictPanel : public QWidget {
    Q_OBJECT

public:
    explicit VerdictPanel(QWidget* parent = nullptr);

    CandidateVerdict verdict() const;
    void setVerdict(CandidateVerdict verdict);
    QString reason() const;  // trimmed
    QString notes() const;   // trimmed
    bool canSubmit() const;
    void reset();  // a new candidate: nothing chosen, nothing typed, no marks

    using Mark = VerdictRecord::Mark;
    const std::vector<Mark>& marks() const { return m_markList; }
    void setMarks(std::vector<Mark> marks);
    void addMark(const Mark& mark);
    void removeMark(int index);

    // After the owner recorded it: "Recorded: Not a match (reason …)".
    void showRecorded(const QString& text);

    // The workspace's worker for the second review (null: none open). Not owned.
    void setDatabase(DatabaseWorker* database);
    // The recorded candidate on screen (none for one not on record): its reviews are read.
    void setCandidate(std::optional<qint64> recordedCandidateId);
    SecondReviewBox* secondReview() const { return m_review; }

    QPushButton* submitButton() const { return m_submit; }
    QLineEdit* reasonEdit() const { return m_reason; }
    QPlainTextEdit* notesEdit() const { return m_notes; }
    QListWidget* marksList() const { return m_marks; }
    QPushButton* removeMarkButton() const { return m_removeMark; }
    QRadioButton* button(CandidateVerdict verdict) const;

public slots:
    void submit();

signals:
    void verdictSubmitted(facecase::ui::CandidateVerdict verdict, const QString& reason,
                          const QString& notes);
    void marksChanged();

private:
    void updateState();
    void refreshMarks();

    QButtonGroup* m_group = nullptr;
    QRadioButton* m_possible = nullptr;
    QRadioButton* m_notAMatch = nullptr;
    QRadioButton* m_inconclusive = nullptr;
    QLineEdit* m_reason = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    QPushButton* m_submit = nullptr;
    QLabel* m_hint = nullptr;
    QListWidget* m_marks = nullptr;
    QPushButton* m_removeMark = nullptr;
    SecondReviewBox* m_review = nullptr;
    std::vector<Mark> m_markList;
};

}  // namespace facecase::ui
