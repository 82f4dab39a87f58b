// CaseWork's verdicts over VerdictRepository's rows: a reason is required, a change of mind is
// appended (history kept, audit says old -> new), marks are stored, nothing is edited, and a
// closed case takes no verdicts. Second reviews: only of a possible match, only by another
// analyst, with a reason, audited in the same transaction, and a new verdict starts unreviewed.
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include "case_test_support.h"
#include "services/casework/case_catalog.h"
#include "services/casework/case_work.h"
#include "store/verdict_repository.h"

using namespace facecase;
using namespace facecase::test;

namespace {
// The analysts of these tests each act on the same database: each call is CaseWork for the
// analyst named, as each one's own workstation would run it.
struct Desk {
    const DatabaseConnection& db;
    Result<VerdictRecord> set(const CaseWork::VerdictDraft& d, const QString& analyst) const {
        return CaseWork(db, Actor(analyst)).setVerdict(d);
    }
    Result<VerdictReview> review(const CaseWork::ReviewDraft& d, const QString& analyst) const {
        return CaseWork(db, Actor(analyst)).reviewVerdict(d);
    }
    Result<std::vector<VerdictRecord>> history(qint64 candidateId) const {
        return VerdictRepository(db).history(candidateId);
    }
    Result<std::vector<VerdictRecord>> currentVerdicts(qint64 searchId) const {
        return VerdictRepository(db).currentVerdicts(searchId);
    }
};
}  // namespace

class TestCaseWork : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;

    using Recorded = RecordedCase;
    Recorded recordedSearch() { return RecordedCase::create(m_workspaces); }

    static CaseWork::VerdictDraft verdict(qint64 candidateId, VerdictRecord::Verdict v,
                                            const QString& reason) {
        CaseWork::VerdictDraft d;
        d.candidateId = candidateId;
        d.verdict = v;
        d.reason = reason;
        return d;
    }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void reasonIsRequired_data() {
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QString();
        QTest::newRow("blank") << QStringLiteral("  \n\t ");
    }
    void reasonIsRequired() {
        QFETCH(QString, reason);
        Recorded r = recordedSearch();
        const qint64 auditBefore = r.f.auditCount();
        auto set = CaseWork(*r.f.db, Actor(QStringLiteral("zoe"))).setVerdict(verdict(r.search.candidateIds[0], VerdictRecord::Verdict::PossibleMatch, reason));
        QVERIFY(!set.ok());
        QVERIFY2(set.errorMessage().startsWith(QStringLiteral("a verdict needs a reason")), qPrintable(set.errorMessage()));
        QCOMPARE(count(*r.f.db, QStringLiteral("annotations")), qint64(0));
        QCOMPARE(r.f.auditCount(), auditBefore);
        // The database refuses it too, whatever writes.
        auto raw = r.f.db->exec(
            QStringLiteral("INSERT INTO annotations (case_id, candidate_id, kind, verdict, analyst, "
                           "created_at, reason) VALUES (%1, %2, 'verdict', 'no_match', 'x', 'now', ' ')")
                .arg(r.f.theCase.id)
                .arg(r.search.candidateIds[0]),
            QStringLiteral("insert a verdict without reason"));
        QVERIFY(!raw.ok());
        QVERIFY2(raw.errorMessage().contains(QStringLiteral("a verdict needs a reason")), qPrintable(raw.errorMessage()));
    }

    void changeOfMindIsAppendedWithOldAndNew() {
        Recorded r = recordedSearch();
        const Desk verdicts{*r.f.db};
        const qint64 second = r.search.candidateIds[1];
        auto first = verdicts.set(verdict(second, VerdictRecord::Verdict::PossibleMatch,
                                          QStringLiteral("ear shape and scar agree")),
                                  QStringLiteral("zoe"));
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        QCOMPARE(first->rank, 2);
        QCOMPARE(first->searchId, r.search.searchId);
        QCOMPARE(first->analyst, QStringLiteral("zoe"));
        AuditRecord audit = r.f.lastAudit();
        QCOMPARE(audit.action, QStringLiteral("verdict_set"));
        QJsonObject d = audit.detailsObject();
        QVERIFY(d.value(QStringLiteral("old_verdict")).isNull());
        QCOMPARE(d.value(QStringLiteral("verdict")).toString(), QStringLiteral("possible_match"));
        QCOMPARE(d.value(QStringLiteral("rank")).toInt(), 2);
        QCOMPARE(d.value(QStringLiteral("candidate_id")).toInteger(), second);
        QCOMPARE(d.value(QStringLiteral("search_id")).toInteger(), r.search.searchId);
        QCOMPARE(d.value(QStringLiteral("reason")).toString(), QStringLiteral("ear shape and scar agree"));

        CaseWork::VerdictDraft changed = verdict(second, VerdictRecord::Verdict::NoMatch,
                                                   QStringLiteral("  mole on left cheek absent  "));
        changed.notes = QStringLiteral("second look at full resolution");
        changed.analyst = QStringLiteral("Sgt. Vega");
        auto again = verdicts.set(changed, QStringLiteral("vega"));
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QCOMPARE(again->reason, QStringLiteral("mole on left cheek absent"));
        QCOMPARE(again->analyst, QStringLiteral("Sgt. Vega"));
        audit = r.f.lastAudit();
        d = audit.detailsObject();
        QCOMPARE(audit.actor, QStringLiteral("vega"));
        QCOMPARE(d.value(QStringLiteral("old_verdict")).toString(), QStringLiteral("possible_match"));
        QCOMPARE(d.value(QStringLiteral("verdict")).toString(), QStringLiteral("no_match"));
        QCOMPARE(d.value(QStringLiteral("notes")).toString(), QStringLiteral("second look at full resolution"));

        auto history = verdicts.history(second);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), std::size_t(2));
        QCOMPARE((*history)[0].verdict, VerdictRecord::Verdict::PossibleMatch);
        QCOMPARE((*history)[1].verdict, VerdictRecord::Verdict::NoMatch);

        // A verdict on another candidate; current = the latest of each, in rank order.
        QVERIFY(verdicts.set(verdict(r.search.candidateIds[0], VerdictRecord::Verdict::Inconclusive,
                                     QStringLiteral("probe too blurred")),
                             QStringLiteral("zoe"))
                    .ok());
        auto current = verdicts.currentVerdicts(r.search.searchId);
        QVERIFY(current.ok());
        QCOMPARE(current->size(), std::size_t(2));
        QCOMPARE((*current)[0].rank, 1);
        QCOMPARE((*current)[0].verdict, VerdictRecord::Verdict::Inconclusive);
        QCOMPARE((*current)[1].rank, 2);
        QCOMPARE((*current)[1].verdict, VerdictRecord::Verdict::NoMatch);
        QCOMPARE(count(*r.f.db, QStringLiteral("annotations")), qint64(3));

        // Appended, never edited.
        auto edit = r.f.db->exec(QStringLiteral("UPDATE annotations SET verdict = 'possible_match'"),
                                 QStringLiteral("edit a verdict"));
        QVERIFY(!edit.ok());
        QVERIFY2(edit.errorMessage().contains(QStringLiteral("annotations cannot be changed")), qPrintable(edit.errorMessage()));
        QVERIFY(r.f.chainIntact());
    }

    void marksAreStored() {
        Recorded r = recordedSearch();
        CaseWork::VerdictDraft d = verdict(r.search.candidateIds[0], VerdictRecord::Verdict::PossibleMatch,
                                             QStringLiteral("scar and ear lobe agree"));
        d.marks.push_back({VerdictRecord::Mark::Side::Probe, QPointF(120.5, 88), QStringLiteral(" scar ")});
        d.marks.push_back({VerdictRecord::Mark::Side::Candidate, QPointF(131, 92.3), QStringLiteral("scar")});
        d.marks.push_back({VerdictRecord::Mark::Side::Candidate, QPointF(40, 160), QString()});
        auto set = CaseWork(*r.f.db, Actor(QStringLiteral("zoe"))).setVerdict(d);
        QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
        QCOMPARE(set->marks.size(), std::size_t(3));
        QCOMPARE(set->marks[0].side, VerdictRecord::Mark::Side::Probe);
        QCOMPARE(set->marks[0].position, QPointF(120.5, 88));
        QCOMPARE(set->marks[0].label, QStringLiteral("scar"));
        QCOMPARE(set->marks[1].side, VerdictRecord::Mark::Side::Candidate);
        QCOMPARE(set->marks[1].position, QPointF(131, 92.3));
        QCOMPARE(count(*r.f.db, QStringLiteral("annotation_marks")), qint64(3));
        const QJsonArray marks = r.f.lastAudit().detailsObject().value(QStringLiteral("marks")).toArray();
        QCOMPARE(marks.size(), 3);
        QCOMPARE(marks[1].toObject().value(QStringLiteral("y")).toString(), QStringLiteral("92.3"));
        QCOMPARE(marks[1].toObject().value(QStringLiteral("side")).toString(), QStringLiteral("candidate"));

        auto current = VerdictRepository(*r.f.db).currentVerdicts(r.search.searchId);
        QVERIFY(current.ok());
        QCOMPARE(current->front().marks.size(), std::size_t(3));
        QVERIFY(!r.f.db->exec(QStringLiteral("UPDATE annotation_marks SET x = 0"), QStringLiteral("move a mark")).ok());

        // A mark outside the image is refused with nothing written.
        d.marks = {{VerdictRecord::Mark::Side::Probe, QPointF(-1, 5), QStringLiteral("chin")}};
        auto bad = CaseWork(*r.f.db, Actor(QStringLiteral("zoe"))).setVerdict(d);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.errorMessage().contains(QStringLiteral("outside the image")), qPrintable(bad.errorMessage()));
        QCOMPARE(count(*r.f.db, QStringLiteral("annotations")), qint64(1));
    }

    void closedCaseAndUnknownCandidateAreRefused() {
        Recorded r = recordedSearch();
        auto unknown = CaseWork(*r.f.db, Actor(QStringLiteral("zoe"))).setVerdict(verdict(9999, VerdictRecord::Verdict::NoMatch, QStringLiteral("x")));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
        QVERIFY(CaseCatalog(*r.f.db, Actor(QStringLiteral("zoe"))).close(r.f.theCase.id).ok());
        const qint64 auditBefore = r.f.auditCount();
        auto closed = CaseWork(*r.f.db, Actor(QStringLiteral("zoe"))).setVerdict(verdict(r.search.candidateIds[0], VerdictRecord::Verdict::NoMatch, QStringLiteral("x")));
        QVERIFY(!closed.ok());
        QVERIFY2(closed.errorMessage().contains(QStringLiteral("case \"2024-CR-17\" is closed: reopen it")),
                 qPrintable(closed.errorMessage()));
        QCOMPARE(count(*r.f.db, QStringLiteral("annotations")), qint64(0));
        // The refused attempt is on the case's record.
        QCOMPARE(r.f.auditCount(), auditBefore + 1);
        QCOMPARE(scalar(*r.f.db, QStringLiteral("SELECT action || ' ' || case_id || ' ' || %1 FROM audit_log "
                                                "ORDER BY seq DESC LIMIT 1")
                                     .arg(jsonField(*r.f.db, QStringLiteral("details"), QStringLiteral("verdict"))))
                     .toString(),
                 QStringLiteral("verdict_refused %1 no_match").arg(r.f.theCase.id));
        QVERIFY(r.f.chainIntact());
    }

    static CaseWork::ReviewDraft reviewOf(qint64 candidateId, VerdictReview::Outcome outcome,
                                                   const QString& reason) {
        CaseWork::ReviewDraft d;
        d.candidateId = candidateId;
        d.outcome = outcome;
        d.reason = reason;
        return d;
    }

    void secondReviewIsByAnotherAnalystAndAudited() {
        Recorded r = recordedSearch();
        const Desk verdicts{*r.f.db};
        const qint64 candidate = r.search.candidateIds[1];
        auto set = verdicts.set(verdict(candidate, VerdictRecord::Verdict::PossibleMatch,
                                        QStringLiteral("ear shape and scar agree")),
                                QStringLiteral("zoe"));
        QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
        const qint64 auditBefore = r.f.auditCount();

        // The analyst who set it cannot confirm it, whatever the letter case.
        for (const QString& self : {QStringLiteral("zoe"), QStringLiteral(" ZOE ")}) {
            auto d = reviewOf(candidate, VerdictReview::Outcome::Confirmed, QStringLiteral("agree"));
            d.analyst = self;
            auto refused = verdicts.review(d, QStringLiteral("zoe"));
            QVERIFY(!refused.ok());
            QCOMPARE(refused.errorMessage(),
                     QStringLiteral("search %1 rank 2: the second review must be by another analyst than zoe, "
                                    "who set the verdict").arg(r.search.searchId));
        }
        // A reason is required.
        auto blank = verdicts.review(reviewOf(candidate, VerdictReview::Outcome::Confirmed, QStringLiteral("  ")),
                                     QStringLiteral("ben"));
        QVERIFY(!blank.ok());
        QVERIFY2(blank.errorMessage().startsWith(QStringLiteral("a review needs a reason")), qPrintable(blank.errorMessage()));
        QCOMPARE(count(*r.f.db, QStringLiteral("verdict_reviews")), qint64(0));
        QCOMPARE(r.f.auditCount(), auditBefore);

        auto confirmed = verdicts.review(
            reviewOf(candidate, VerdictReview::Outcome::Confirmed, QStringLiteral("same scar, same ear lobe")),
            QStringLiteral("ben"));
        QVERIFY2(confirmed.ok(), qPrintable(confirmed.errorMessage()));
        QCOMPARE(confirmed->annotationId, set->annotationId);
        QCOMPARE(confirmed->analyst, QStringLiteral("ben"));
        QCOMPARE(r.f.auditCount(), auditBefore + 1);
        const AuditRecord record = r.f.lastAudit();
        QCOMPARE(record.action, QStringLiteral("verdict_reviewed"));
        QCOMPARE(record.actor, QStringLiteral("ben"));
        QCOMPARE(record.caseId, std::optional<qint64>(r.f.theCase.id));
        const QJsonObject d = record.detailsObject();
        QCOMPARE(d.value(QStringLiteral("search_id")).toInteger(), r.search.searchId);
        QCOMPARE(d.value(QStringLiteral("rank")).toInteger(), 2);
        QCOMPARE(d.value(QStringLiteral("candidate_id")).toInteger(), candidate);
        QCOMPARE(d.value(QStringLiteral("annotation_id")).toInteger(), set->annotationId);
        QCOMPARE(d.value(QStringLiteral("review_id")).toInteger(), confirmed->id);
        QCOMPARE(d.value(QStringLiteral("outcome")).toString(), QStringLiteral("confirmed"));
        QCOMPARE(d.value(QStringLiteral("reason")).toString(), QStringLiteral("same scar, same ear lobe"));
        QCOMPARE(d.value(QStringLiteral("first_analyst")).toString(), QStringLiteral("zoe"));
        QCOMPARE(d.value(QStringLiteral("analyst")).toString(), QStringLiteral("ben"));
        QCOMPARE(d.value(QStringLiteral("case_number")).toString(), QStringLiteral("2024-CR-17"));
        QVERIFY(r.f.chainIntact());

        // A dispute by a third analyst is appended; reading returns both, oldest first.
        auto disputed = verdicts.review(
            reviewOf(candidate, VerdictReview::Outcome::Disputed, QStringLiteral("the ear lobes differ")),
            QStringLiteral("carl"));
        QVERIFY2(disputed.ok(), qPrintable(disputed.errorMessage()));
        auto current = verdicts.currentVerdicts(r.search.searchId);
        QVERIFY(current.ok());
        QCOMPARE(current->size(), std::size_t(1));
        QCOMPARE(current->front().reviews.size(), std::size_t(2));
        QCOMPARE(current->front().reviews[0].outcome, VerdictReview::Outcome::Confirmed);
        QCOMPARE(current->front().reviews[1].analyst, QStringLiteral("carl"));
        QCOMPARE(current->front().decisiveReview()->outcome, VerdictReview::Outcome::Disputed);

        // Reviews are never edited, whatever writes.
        QVERIFY(!r.f.db->exec(QStringLiteral("UPDATE verdict_reviews SET outcome = 'confirmed'"),
                              QStringLiteral("edit a review")).ok());

        // A new verdict starts unreviewed; a review naming the replaced verdict is refused.
        auto again = verdicts.set(verdict(candidate, VerdictRecord::Verdict::PossibleMatch,
                                          QStringLiteral("looked again: the ears agree")),
                                  QStringLiteral("zoe"));
        QVERIFY(again.ok());
        QVERIFY(again->reviews.empty());
        auto history = verdicts.history(candidate);
        QVERIFY(history.ok());
        QCOMPARE(history->front().reviews.size(), std::size_t(2));
        QVERIFY(history->back().reviews.empty());
        auto stale = reviewOf(0, VerdictReview::Outcome::Confirmed, QStringLiteral("agree"));
        stale.annotationId = set->annotationId;
        auto refused = verdicts.review(stale, QStringLiteral("ben"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::Conflict);
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("was replaced by a newer one")), qPrintable(refused.errorMessage()));
        stale.annotationId = again->annotationId;
        QVERIFY(verdicts.review(stale, QStringLiteral("ben")).ok());
        QVERIFY(r.f.chainIntact());
    }

    // Two analysts at two workstations (two connections) on one candidate. A verdict carries
    // the verdict the analyst's screen showed: decided on a screen that still said "no
    // verdict" after a colleague set one, it is refused with who set what and when, nothing
    // written; decided again with the colleague's verdict in view, it goes through and its
    // audit record says what it replaced.
    void aVerdictOnAStaleScreenIsRefusedNamingTheColleaguesVerdict() {
        Recorded r = recordedSearch();
        auto second = r.f.workspace->openConnection();
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        const Desk zoeDesk{*r.f.db};
        const Desk anaDesk{*second};
        const qint64 candidate = r.search.candidateIds[2];

        // Both open the candidate: no verdict yet (0). Ana records hers first.
        CaseWork::VerdictDraft anas = verdict(candidate, VerdictRecord::Verdict::PossibleMatch,
                                              QStringLiteral("same scar above the left eyebrow"));
        anas.seenVerdictId = 0;
        auto ana = anaDesk.set(anas, QStringLiteral("ana"));
        QVERIFY2(ana.ok(), qPrintable(ana.errorMessage()));
        const qint64 auditBefore = r.f.auditCount();

        CaseWork::VerdictDraft zoes = verdict(candidate, VerdictRecord::Verdict::NoMatch,
                                              QStringLiteral("ear lobes differ"));
        zoes.seenVerdictId = 0;
        auto stale = zoeDesk.set(zoes, QStringLiteral("zoe"));
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().kind, Error::Kind::Conflict);
        const QRegularExpression said(
            QStringLiteral("^candidate 3 of search %1 got the verdict possible_match from ana at "
                           "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC since you opened it; look at "
                           "it and set yours again$")
                .arg(r.search.searchId));
        QVERIFY2(said.match(stale.errorMessage()).hasMatch(), qPrintable(stale.errorMessage()));
        // Nothing written: ana's verdict stands, no audit record, on either connection.
        QCOMPARE(r.f.auditCount(), auditBefore);
        for (const Desk* desk : {&zoeDesk, &anaDesk}) {
            auto current = desk->currentVerdicts(r.search.searchId);
            QVERIFY(current.ok());
            QCOMPARE(current->size(), std::size_t(1));
            QCOMPARE(current->front().annotationId, ana->annotationId);
            QCOMPARE(current->front().analyst, QStringLiteral("ana"));
        }

        // A screen that showed an older verdict is as stale: here one that never was ana's.
        zoes.seenVerdictId = ana->annotationId + 1000;
        QCOMPARE(zoeDesk.set(zoes, QStringLiteral("zoe")).error().kind, Error::Kind::Conflict);

        // With ana's verdict on screen, zoe's goes through, replacing it on record.
        zoes.seenVerdictId = ana->annotationId;
        auto fresh = zoeDesk.set(zoes, QStringLiteral("zoe"));
        QVERIFY2(fresh.ok(), qPrintable(fresh.errorMessage()));
        QCOMPARE(r.f.auditCount(), auditBefore + 1);
        const AuditRecord record = r.f.lastAudit();
        QCOMPARE(record.action, QStringLiteral("verdict_set"));
        QCOMPARE(record.actor, QStringLiteral("zoe"));
        QCOMPARE(record.detailsObject().value(QStringLiteral("old_verdict")).toString(), QStringLiteral("possible_match"));
        QCOMPARE(record.detailsObject().value(QStringLiteral("verdict")).toString(), QStringLiteral("no_match"));
        auto history = anaDesk.history(candidate);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), std::size_t(2));  // appended: ana's is kept
        QCOMPARE(history->front().analyst, QStringLiteral("ana"));

        // Now ana's screen is the stale one, counting what came since; without a seen verdict
        // (`facecase-cli verdict set`) the current one is replaced knowingly.
        anas.seenVerdictId = 0;
        auto anaStale = anaDesk.set(anas, QStringLiteral("ana"));
        QCOMPARE(anaStale.error().kind, Error::Kind::Conflict);
        QVERIFY2(anaStale.errorMessage().contains(QStringLiteral("got the verdict no_match from zoe at ")) &&
                     anaStale.errorMessage().contains(QStringLiteral("since you opened it (2 verdicts since);")),
                 qPrintable(anaStale.errorMessage()));
        anas.seenVerdictId.reset();
        QVERIFY(anaDesk.set(anas, QStringLiteral("ana")).ok());
        QCOMPARE(r.f.auditCount(), auditBefore + 2);
        QVERIFY(r.f.chainIntact());
    }

    // The latest review decides: a review given on a screen that did not show a colleague's
    // review since is refused rather than silently overturning it.
    void aReviewOnAStaleScreenIsRefusedNamingTheColleaguesReview() {
        Recorded r = recordedSearch();
        auto second = r.f.workspace->openConnection();
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        const Desk zoeDesk{*r.f.db};
        const Desk benDesk{*second};
        const qint64 candidate = r.search.candidateIds[0];
        auto set = zoeDesk.set(verdict(candidate, VerdictRecord::Verdict::PossibleMatch,
                                       QStringLiteral("same scar")),
                               QStringLiteral("zoe"));
        QVERIFY(set.ok());
        auto carls = reviewOf(candidate, VerdictReview::Outcome::Disputed, QStringLiteral("ear lobes differ"));
        carls.annotationId = set->annotationId;
        carls.seenReviewId = 0;
        auto carl = zoeDesk.review(carls, QStringLiteral("carl"));
        QVERIFY2(carl.ok(), qPrintable(carl.errorMessage()));
        const qint64 auditBefore = r.f.auditCount();

        auto bens = reviewOf(candidate, VerdictReview::Outcome::Confirmed, QStringLiteral("same scar"));
        bens.annotationId = set->annotationId;
        bens.seenReviewId = 0;  // ben's screen: not reviewed yet
        auto stale = benDesk.review(bens, QStringLiteral("ben"));
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().kind, Error::Kind::Conflict);
        QVERIFY2(stale.errorMessage().startsWith(
                     QStringLiteral("search %1 rank 1: carl disputed the verdict at ").arg(r.search.searchId)) &&
                     stale.errorMessage().endsWith(
                         QStringLiteral(" since you opened it; look at their review and give yours again")),
                 qPrintable(stale.errorMessage()));
        QCOMPARE(count(*second, QStringLiteral("verdict_reviews")), qint64(1));
        QCOMPARE(r.f.auditCount(), auditBefore);

        bens.seenReviewId = carl->id;
        auto fresh = benDesk.review(bens, QStringLiteral("ben"));
        QVERIFY2(fresh.ok(), qPrintable(fresh.errorMessage()));
        QCOMPARE(r.f.lastAudit().action, QStringLiteral("verdict_reviewed"));
        QCOMPARE(r.f.lastAudit().actor, QStringLiteral("ben"));
        QVERIFY(r.f.chainIntact());
    }

    void onlyPossibleMatchesOfOpenCasesAreReviewed() {
        Recorded r = recordedSearch();
        const Desk verdicts{*r.f.db};
        const auto confirm = [&](qint64 candidate) {
            return verdicts.review(reviewOf(candidate, VerdictReview::Outcome::Confirmed, QStringLiteral("agree")),
                                   QStringLiteral("ben"));
        };
        auto none = confirm(r.search.candidateIds[0]);
        QVERIFY(!none.ok());
        QCOMPARE(none.errorMessage(), QStringLiteral("search %1 rank 1 has no verdict to review yet").arg(r.search.searchId));
        QVERIFY(verdicts.set(verdict(r.search.candidateIds[0], VerdictRecord::Verdict::NoMatch,
                                     QStringLiteral("different nose")), QStringLiteral("zoe")).ok());
        auto noMatch = confirm(r.search.candidateIds[0]);
        QVERIFY(!noMatch.ok());
        QVERIFY2(noMatch.errorMessage().contains(QStringLiteral("only a possible-match verdict is reviewed by a second "
                                                                "analyst; the current verdict is no_match (by zoe)")),
                 qPrintable(noMatch.errorMessage()));
        QCOMPARE(confirm(9999).error().kind, Error::Kind::NotFound);

        QVERIFY(verdicts.set(verdict(r.search.candidateIds[2], VerdictRecord::Verdict::PossibleMatch,
                                     QStringLiteral("same scar")), QStringLiteral("zoe")).ok());
        QVERIFY(CaseCatalog(*r.f.db, Actor(QStringLiteral("zoe"))).close(r.f.theCase.id).ok());
        const qint64 auditBefore = r.f.auditCount();
        auto closed = confirm(r.search.candidateIds[2]);
        QVERIFY(!closed.ok());
        QVERIFY2(closed.errorMessage().contains(QStringLiteral("case \"2024-CR-17\" is closed: reopen it")),
                 qPrintable(closed.errorMessage()));
        QCOMPARE(count(*r.f.db, QStringLiteral("verdict_reviews")), qint64(0));
        QCOMPARE(r.f.auditCount(), auditBefore + 1);
        QCOMPARE(scalar(*r.f.db, QStringLiteral("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1"))
                     .toString(),
                 QStringLiteral("verdict_review_refused"));
    }
};

QTEST_GUILESS_MAIN(TestCaseWork)
#include "test_case_work.moc"
