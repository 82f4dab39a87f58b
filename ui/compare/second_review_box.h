#pragma once

#include <QGroupBox>
#include <QPointer>
#include <QString>
#include <optional>

#include "store/verdict_record.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace facecase::ui {

class DatabaseWorker;

// The second reviewer's part of the verdict panel (agency policy review.second_reviewer): lists
// the reviews of the candidate's current verdict and, when that verdict is a possible match set
// by another analyst than the one at this desk, offers "Confirm as second reviewer" and
// "Dispute" with a required reason. Reads and records through the DatabaseWorker
// (CaseWork::history / reviewVerdict), never on the GUI thread; a review names the verdict
// and the latest review it saw, so a verdict replaced or reviewed meanwhile is refused rather
// than reviewed unseen, and the box then shows what came in.
// Hidden while the current verdict is not a possible match.
class SecondReviewBox : public QGroupBox {
    Q_OBJECT

public:
    explicit SecondReviewBox(QWidget* parent = nullptr);

    // `database` may be null (no workspace open): nothing is read or recorded. Not owned.
    void setDatabase(DatabaseWorker* database);
    // Who sits at this desk: the workspace's actor once a database is set, unless set (tests).
    void setActor(const QString& actor);
    const QString& actor() const { return m_actor; }
    // The recorded candidate shown, or none; reads its current verdict and reviews.
    void setCandidate(std::optional<qint64> candidateId);
    // Reads the current verdict again (after a verdict was recorded, for one).
    void refresh();

    const std::optional<VerdictRecord>& currentVerdict() const { return m_verdict; }
    bool canReview() const;  // a possible match by another analyst, a database, a reason
    bool isBusy() const { return m_busy; }  // a review is being recorded

    QListWidget* reviewsList() const { return m_reviews; }
    QLineEdit* reasonEdit() const { return m_reason; }
    QPushButton* confirmButton() const { return m_confirm; }
    QPushButton* disputeButton() const { return m_dispute; }
    QLabel* hintLabel() const { return m_hint; }

signals:
    void loaded();  // the current verdict and its reviews are on screen
    void reviewRecorded(qint64 candidateId);
    void failed(const QString& message);

private:
    void submit(VerdictReview::Outcome outcome);
    void display(std::optional<VerdictRecord> verdict);
    void updateState();

    QPointer<DatabaseWorker> m_database;
    QString m_actor;
    std::optional<qint64> m_candidateId;
    std::optional<VerdictRecord> m_verdict;  // the candidate's current verdict, as last read
    quint64 m_generation = 0;                // drops answers for a candidate no longer shown
    bool m_busy = false;
    QString m_notice;  // said in the hint once the reviews are read again (a refused review)

    QListWidget* m_reviews = nullptr;
    QLineEdit* m_reason = nullptr;
    QPushButton* m_confirm = nullptr;
    QPushButton* m_dispute = nullptr;
    QLabel* m_hint = nullptr;
};

}  // namespace facecase::ui
