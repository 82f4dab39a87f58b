// The verdict panel's second review on a real workspace through a DatabaseWorker (offscreen):
// a possible match set by another analyst offers Confirm / Dispute with a required reason, the
// review is recorded and listed; the analyst who set the verdict only sees the reviews; other
// verdicts hide the box; a verdict replaced meanwhile is refused, not reviewed unseen.
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include "case_test_support.h"
#include "compare/second_review_box.h"
#include "compare/verdict_panel.h"
#include "jobs/database_worker.h"
#include "services/casework/case_work.h"
#include "store/verdict_repository.h"

using namespace facecase;
using namespace facecase::ui;
using namespace facecase::test;

class TestSecondReviewBox : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<CaseFixture> m_f;
    std::vector<qint64> m_candidates;

    Result<VerdictRecord> setVerdict(std::size_t index, VerdictRecord::Verdict v, const QString& analyst) const {
        CaseWork::VerdictDraft d;
        d.candidateId = m_candidates[index];
        d.verdict = v;
        d.reason = QStringLiteral("ears and scar");
        d.analyst = analyst;
        return CaseWork(*m_f->db, Actor(analyst)).setVerdict(d);
    }

private slots:
    void initTestCase() {
        m_f = CaseFixture::create(m_dir.filePath(QStringLiteral("ws")));
        auto recorded = SearchRecorder(*m_f->db).record(m_f->searchDraft(3), QStringLiteral("ana"));
        QVERIFY2(recorded.ok(), qPrintable(recorded.errorMessage()));
        m_candidates = recorded->candidateIds;
        QVERIFY(setVerdict(0, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ana")).ok());
        QVERIFY(setVerdict(1, VerdictRecord::Verdict::NoMatch, QStringLiteral("ana")).ok());
    }

    void anotherAnalystConfirms() {
        DatabaseWorker worker(*m_f->workspace);
        VerdictPanel panel;
        SecondReviewBox* box = panel.secondReview();
        box->setActor(QStringLiteral("ben"));
        panel.setDatabase(&worker);
        panel.show();
        QSignalSpy loaded(box, &SecondReviewBox::loaded);
        panel.setCandidate(m_candidates[0]);
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(box->isVisible());
        QCOMPARE(box->reviewsList()->count(), 1);
        QCOMPARE(box->reviewsList()->item(0)->text(), QStringLiteral("Not reviewed by a second analyst yet"));
        QVERIFY(box->confirmButton()->isVisible());
        QVERIFY(!box->confirmButton()->isEnabled());  // a reason first
        QVERIFY(!box->disputeButton()->isEnabled());

        QTest::keyClicks(box->reasonEdit(), QStringLiteral("same scar above the left eyebrow"));
        QVERIFY(box->confirmButton()->isEnabled());
        QSignalSpy recorded(box, &SecondReviewBox::reviewRecorded);
        QTest::mouseClick(box->confirmButton(), Qt::LeftButton);
        QTRY_COMPARE(recorded.size(), 1);
        QCOMPARE(recorded[0][0].toLongLong(), m_candidates[0]);
        QTRY_COMPARE(loaded.size(), 2);  // read again after recording
        QCOMPARE(box->reviewsList()->count(), 1);
        QVERIFY2(box->reviewsList()->item(0)->text().startsWith(QStringLiteral("Confirmed by ben on ")),
                 qPrintable(box->reviewsList()->item(0)->text()));
        QVERIFY(box->reviewsList()->item(0)->text().endsWith(QStringLiteral(": same scar above the left eyebrow")));
        QVERIFY(box->reasonEdit()->text().isEmpty());
        QCOMPARE(count(*m_f->db, QStringLiteral("verdict_reviews")), qint64(1));
        QCOMPARE(m_f->lastAudit().action, QStringLiteral("verdict_reviewed"));
        QVERIFY(m_f->chainIntact());
    }

    void firstAnalystOnlySeesTheReviews() {
        DatabaseWorker worker(*m_f->workspace);
        VerdictPanel panel;
        SecondReviewBox* box = panel.secondReview();
        box->setActor(QStringLiteral("ANA"));
        panel.setDatabase(&worker);
        panel.show();
        QSignalSpy loaded(box, &SecondReviewBox::loaded);
        panel.setCandidate(m_candidates[0]);
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(box->isVisible());
        QVERIFY(!box->confirmButton()->isVisible());
        QVERIFY(!box->disputeButton()->isVisible());
        QVERIFY(!box->reasonEdit()->isVisible());
        QCOMPARE(box->hintLabel()->text(), QStringLiteral("You set this verdict; another analyst reviews it."));

        // Not a possible match, or no candidate: no box.
        panel.setCandidate(m_candidates[1]);
        QTRY_COMPARE(loaded.size(), 2);
        QVERIFY(!box->isVisible());
        panel.reset();
        QVERIFY(!box->isVisible());
    }

    void replacedVerdictIsNotReviewedUnseen() {
        DatabaseWorker worker(*m_f->workspace);
        VerdictPanel panel;
        SecondReviewBox* box = panel.secondReview();
        box->setActor(QStringLiteral("carl"));
        panel.setDatabase(&worker);
        panel.show();
        QSignalSpy loaded(box, &SecondReviewBox::loaded);
        panel.setCandidate(m_candidates[0]);
        QTRY_COMPARE(loaded.size(), 1);
        // Meanwhile ana records the verdict again: carl's screen shows the old one.
        QVERIFY(setVerdict(0, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ana")).ok());
        QTest::keyClicks(box->reasonEdit(), QStringLiteral("ear lobes differ"));
        QSignalSpy failed(box, &SecondReviewBox::failed);
        QTest::mouseClick(box->disputeButton(), Qt::LeftButton);
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed[0][0].toString().contains(QStringLiteral("was replaced by a newer one")),
                 qPrintable(failed[0][0].toString()));
        QVERIFY(box->hintLabel()->text().startsWith(QStringLiteral("The review was not recorded: ")));
        QCOMPARE(count(*m_f->db, QStringLiteral("verdict_reviews")), qint64(1));  // ben's only

        // The box reads again by itself: the new verdict stands unreviewed, the refusal is still
        // said and carl's reason is kept for a review of the verdict now on screen.
        QTRY_COMPARE(loaded.size(), 2);
        QCOMPARE(box->reviewsList()->item(0)->text(), QStringLiteral("Not reviewed by a second analyst yet"));
        QVERIFY(box->hintLabel()->text().startsWith(QStringLiteral("The review was not recorded: ")));
        QCOMPARE(box->reasonEdit()->text(), QStringLiteral("ear lobes differ"));
    }

    // Another analyst reviews the verdict while this one has it open: the latest review decides,
    // so this one's, given on a screen without theirs, is refused naming them, and the box then
    // lists their review.
    void reviewGivenMeanwhileIsNotOverturnedUnseen() {
        auto set = setVerdict(2, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ana"));
        QVERIFY(set.ok());
        DatabaseWorker worker(*m_f->workspace);
        VerdictPanel panel;
        SecondReviewBox* box = panel.secondReview();
        box->setActor(QStringLiteral("carl"));
        panel.setDatabase(&worker);
        panel.show();
        QSignalSpy loaded(box, &SecondReviewBox::loaded);
        panel.setCandidate(m_candidates[2]);
        QTRY_COMPARE(loaded.size(), 1);
        CaseWork::ReviewDraft bens;
        bens.candidateId = m_candidates[2];
        bens.outcome = VerdictReview::Outcome::Disputed;
        bens.reason = QStringLiteral("the ear lobes differ");
        bens.analyst = QStringLiteral("ben");
        QVERIFY(CaseWork(*m_f->db, Actor(QStringLiteral("ben"))).reviewVerdict(bens).ok());

        QTest::keyClicks(box->reasonEdit(), QStringLiteral("same scar"));
        QSignalSpy failed(box, &SecondReviewBox::failed);
        QTest::mouseClick(box->confirmButton(), Qt::LeftButton);
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed[0][0].toString().contains(QStringLiteral(": ben disputed the verdict at ")),
                 qPrintable(failed[0][0].toString()));
        QTRY_COMPARE(loaded.size(), 2);
        QVERIFY2(box->reviewsList()->item(0)->text().startsWith(QStringLiteral("Disputed by ben on ")),
                 qPrintable(box->reviewsList()->item(0)->text()));
        QCOMPARE(box->reasonEdit()->text(), QStringLiteral("same scar"));

        // With ben's review on screen, carl's confirmation goes through and decides.
        QSignalSpy recorded(box, &SecondReviewBox::reviewRecorded);
        QTest::mouseClick(box->confirmButton(), Qt::LeftButton);
        QTRY_COMPARE(recorded.size(), 1);
        auto history = VerdictRepository(*m_f->db).history(m_candidates[2]);
        QVERIFY(history.ok());
        QCOMPARE(history->back().reviews.size(), std::size_t(2));
        QCOMPARE(history->back().decisiveReview()->analyst, QStringLiteral("carl"));
    }
};

QTEST_MAIN(TestSecondReviewBox)
#include "test_second_review_box.moc"
