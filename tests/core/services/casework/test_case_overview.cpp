// CaseOverview: a case read back as `case show` prints it (its probes, each search with every
// candidate and that candidate's current verdict), and a candidate named by case, search and
// rank as `verdict set|review|history` take it, refused when the three do not belong together.
#include <QRegularExpression>
#include <QTest>

#include "services/casework/case_catalog.h"
#include "services/casework/case_overview.h"
#include "services/casework/case_work.h"
#include "store_test_support.h"
#include "case_test_support.h"

using namespace facecase;
using namespace facecase::test;

class TestCaseOverview : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;

    using Recorded = RecordedCase;
    Recorded recordedSearch() { return RecordedCase::create(m_workspaces); }

    static Result<VerdictRecord> setVerdict(const Recorded& r, int rank, VerdictRecord::Verdict verdict,
                                            const QString& reason) {
        CaseWork::VerdictDraft d;
        d.candidateId = r.search.candidateIds[std::size_t(rank - 1)];
        d.verdict = verdict;
        d.reason = reason;
        return CaseWork(*r.f.db, Actor(QStringLiteral("zoe"))).setVerdict(d);
    }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void readsEveryCandidateWithItsCurrentVerdict() {
        Recorded r = recordedSearch();
        QVERIFY(setVerdict(r, 2, VerdictRecord::Verdict::Inconclusive, QStringLiteral("low resolution")).ok());
        QVERIFY(setVerdict(r, 2, VerdictRecord::Verdict::NoMatch, QStringLiteral("ear shape differs")).ok());

        auto overview = CaseOverview(*r.f.db).read(QStringLiteral("2024-cr-17"));
        QVERIFY2(overview.ok(), qPrintable(overview.errorMessage()));
        QCOMPARE(overview->theCase.id, r.f.theCase.id);
        QCOMPARE(overview->probes.size(), std::size_t(1));
        QCOMPARE(overview->probes.front().id, r.f.probe.id);
        QCOMPARE(overview->searches.size(), std::size_t(1));
        const CaseOverview::SearchRows& rows = overview->searches.front();
        QCOMPARE(rows.search.id, r.search.searchId);
        QCOMPARE(rows.candidates.size(), std::size_t(3));
        for (int rank = 1; rank <= 3; ++rank) {
            const CaseOverview::CandidateRow& row = rows.candidates[std::size_t(rank - 1)];
            QCOMPARE(row.candidate.rank, rank);
            QCOMPARE(row.candidate.id, r.search.candidateIds[std::size_t(rank - 1)]);
            QCOMPARE(row.verdict.has_value(), rank == 2);  // only rank 2 was assessed
        }
        // The latest of its two verdicts.
        QCOMPARE(rows.candidates[1].verdict->verdict, VerdictRecord::Verdict::NoMatch);
        QCOMPARE(rows.candidates[1].verdict->reason, QStringLiteral("ear shape differs"));
    }

    // What an open case page reads to follow other analysts: the change sequence moves with
    // every record in the case (and only the case's), and current() is the case with the
    // search's current verdicts.
    void followsTheCaseThroughItsChangeSequence() {
        Recorded r = recordedSearch();
        const CaseOverview overview(*r.f.db);
        auto before = overview.changeSequence(r.f.theCase.id);
        QVERIFY2(before.ok(), qPrintable(before.errorMessage()));
        QCOMPARE(*before, r.f.lastAudit().seq);  // search_run, the newest record

        CaseRecord other;
        other.caseNumber = QStringLiteral("2024-CR-18");
        other.purpose = QStringLiteral("another case");
        QVERIFY(CaseCatalog(*r.f.db, Actor(QStringLiteral("zoe"))).create(other).ok());
        QCOMPARE(*overview.changeSequence(r.f.theCase.id), *before);  // another case's record

        auto set = setVerdict(r, 3, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("same scar"));
        QVERIFY(set.ok());
        auto after = overview.changeSequence(r.f.theCase.id);
        QVERIFY(after.ok());
        QVERIFY(*after > *before);
        QCOMPARE(*after, r.f.lastAudit().seq);
        QCOMPARE(*overview.changeSequence(99999), qint64(0));

        auto current = overview.current(r.f.theCase.id, r.search.searchId);
        QVERIFY2(current.ok(), qPrintable(current.errorMessage()));
        QCOMPARE(current->theCase.status, CaseRecord::Status::Open);
        QCOMPARE(current->theCase.changeSeq, r.f.theCase.changeSeq);  // a verdict is no case change
        QCOMPARE(current->verdicts.size(), std::size_t(1));
        QCOMPARE(current->verdicts.front().annotationId, set->annotationId);
        QCOMPARE(current->verdicts.front().rank, 3);
        auto noSearch = overview.current(r.f.theCase.id, 0);
        QVERIFY(noSearch.ok());
        QVERIFY(noSearch->verdicts.empty());
        QCOMPARE(overview.current(99999, 0).error().kind, Error::Kind::NotFound);
    }

    void anUnknownCaseIsNamed() {
        Recorded r = recordedSearch();
        auto overview = CaseOverview(*r.f.db).read(QStringLiteral("2024-CR-99"));
        QVERIFY(!overview.ok());
        QCOMPARE(overview.error().kind, Error::Kind::NotFound);
        QVERIFY2(overview.errorMessage().contains(QStringLiteral("\"2024-CR-99\"")), qPrintable(overview.errorMessage()));
    }

    void findsACandidateByCaseSearchAndRank() {
        Recorded r = recordedSearch();
        auto target = CaseOverview(*r.f.db).findCandidate(QStringLiteral("2024-CR-17"), r.search.searchId, 3);
        QVERIFY2(target.ok(), qPrintable(target.errorMessage()));
        QCOMPARE(target->theCase.id, r.f.theCase.id);
        QCOMPARE(target->candidateId, r.search.candidateIds[2]);

        auto noRank = CaseOverview(*r.f.db).findCandidate(QStringLiteral("2024-CR-17"), r.search.searchId, 4);
        QVERIFY(!noRank.ok());
        QCOMPARE(noRank.errorMessage(), QStringLiteral("search %1 of case \"2024-CR-17\" has 3 candidate(s), no rank 4")
                                            .arg(r.search.searchId));
    }

    void refusesASearchOfAnotherCase() {
        Recorded r = recordedSearch();
        CaseRecord other;
        other.caseNumber = QStringLiteral("2024-CR-18");
        other.purpose = QStringLiteral("Burglary; warrant 90/24");
        auto created = CaseCatalog(*r.f.db, Actor(QStringLiteral("zoe"))).create(other);
        QVERIFY(created.ok());

        auto target = CaseOverview(*r.f.db).findCandidate(QStringLiteral("2024-CR-18"), r.search.searchId, 1);
        QVERIFY(!target.ok());
        QCOMPARE(target.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(target.errorMessage().startsWith(
                     QStringLiteral("search %1 is not a search of case \"2024-CR-18\"").arg(r.search.searchId)),
                 qPrintable(target.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestCaseOverview)
#include "test_case_overview.moc"
