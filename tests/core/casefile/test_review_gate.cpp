// The review gate: every candidate shown is listed (held against the search_run record), a
// possible match leaves only with a verdict that gives a reason, candidates without a verdict
// are still listed, and a refused export writes nothing (no bundle, no audit record). With the
// agency policy's second reviewer required, a possible match leaves only confirmed by another
// analyst and not disputed since; the exporter applies the policy stored in the workspace.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "casefile/case_exporter.h"
#include "casefile/case_snapshot_reader.h"
#include "casefile/review_gate.h"
#include "policy/policy_store.h"
#include "casefile_test_support.h"
#include "store/transaction.h"

using namespace facecase;
using namespace facecase::test;

class TestReviewGate : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_serial = 0;

    QString freshFolder() { return m_dir.filePath(QString::number(++m_serial)); }

    static ReviewGate::Review review(const ExportFixture& e, const AgencyPolicy& policy = {}) {
        auto snapshot = CaseSnapshotReader(*e.f.db).read(e.f.theCase.id);
        if (!snapshot) qFatal("%s", qPrintable(snapshot.errorMessage()));
        return ReviewGate::check(*snapshot, policy);
    }

    static AgencyPolicy secondReviewer() {
        AgencyPolicy policy;
        policy.secondReviewerRequired = true;
        return policy;
    }

    static Result<VerdictReview> reviewBy(const ExportFixture& e, std::size_t search, std::size_t rank,
                                          VerdictReview::Outcome outcome, const QString& analyst,
                                          const QString& reason) {
        CaseWork::ReviewDraft d;
        d.candidateId = e.searches[search].candidateIds[rank - 1];
        d.outcome = outcome;
        d.reason = reason;
        return CaseWork(*e.f.db, Actor(analyst)).reviewVerdict(d);
    }

    static QJsonObject manifestOf(const QString& bundle) {
        QFile file(bundle + QStringLiteral("/manifest.json"));
        if (!file.open(QIODevice::ReadOnly)) qFatal("no manifest in %s", qPrintable(bundle));
        return QJsonDocument::fromJson(file.readAll()).object();
    }

    static Result<CaseExporter::Summary> exportTo(const ExportFixture& e, const QString& out) {
        CaseExporter::Options options;
        options.output = out;
        options.actor = QStringLiteral("zoe");
        options.software = QStringLiteral("FaceCase test");
        return CaseExporter(*e.f.workspace, *e.f.db).exportCase(e.f.theCase.id, options);
    }

private slots:
    void possibleMatchWithoutReasonIsRefusedThenAllowed() {
        const QString folder = freshFolder();
        ExportFixture e = ExportFixture::create(folder);
        e.legacyPossibleMatchWithoutReason(0, 2);
        const qint64 searchId = e.searches[0].searchId;

        const ReviewGate::Review refused = review(e);
        QVERIFY(!refused.passed());
        QCOMPARE(refused.refusals.size(), std::size_t(1));
        QCOMPARE(refused.refusals[0].searchId, searchId);
        QCOMPARE(refused.refusals[0].rank, 2);

        const qint64 auditBefore = e.f.auditCount();
        const QString out = folder + QStringLiteral("/bundle");
        auto exported = exportTo(e, out);
        QVERIFY(!exported.ok());
        const QString expected = QStringLiteral("search %1 rank 2: the possible-match verdict by old-version gives no reason").arg(searchId);
        QVERIFY2(exported.errorMessage().contains(expected), qPrintable(exported.errorMessage()));
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(e.f.auditCount(), auditBefore);  // refused: nothing recorded, no bundle
        QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList({QStringLiteral("bookings"), QStringLiteral("ws")}));  // no staging left

        // The analyst records the verdict again, with a reason: now it may leave.
        auto again = e.verdict(0, 2, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("scar above the left eyebrow"));
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QVERIFY(review(e).passed());
        exported = exportTo(e, out);
        QVERIFY2(exported.ok(), qPrintable(exported.errorMessage()));
        QCOMPARE(exported->review.possibleMatches, 1);
    }

    void otherVerdictsNeedNoReasonToLeave() {
        // Only a possible match leaves as a lead; a legacy no_match without reason is listed.
        ExportFixture e = ExportFixture::create(freshFolder());
        e.legacyPossibleMatchWithoutReason(0, 1);
        QVERIFY(!review(e).passed());
        auto changed = e.verdict(0, 1, VerdictRecord::Verdict::NoMatch, QStringLiteral("different ear shape"));
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));
        const ReviewGate::Review r = review(e);
        QVERIFY(r.passed());
        QCOMPARE(r.possibleMatches, 0);
        QCOMPARE(r.noMatches, 1);
    }

    void candidatesWithoutVerdictAreListed() {
        const QString folder = freshFolder();
        ExportFixture e = ExportFixture::create(folder, 6, 1, 4);
        QVERIFY(e.verdict(0, 1, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ears and nose agree")).ok());
        const ReviewGate::Review r = review(e);
        QVERIFY(r.passed());
        QCOMPARE(r.possibleMatches, 1);
        QCOMPARE(r.notAssessed, 3);
        auto exported = exportTo(e, folder + QStringLiteral("/bundle"));
        QVERIFY2(exported.ok(), qPrintable(exported.errorMessage()));
        QFile file(folder + QStringLiteral("/bundle/manifest.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray candidates = QJsonDocument::fromJson(file.readAll())
                                          .object().value(QStringLiteral("searches")).toArray()[0]
                                          .toObject().value(QStringLiteral("candidates")).toArray();
        QCOMPARE(candidates.size(), 4);
        QCOMPARE(candidates[0].toObject().value(QStringLiteral("export_status")).toString(), QStringLiteral("possible_match"));
        for (int i = 1; i < 4; ++i) {
            QCOMPARE(candidates[i].toObject().value(QStringLiteral("export_status")).toString(), QStringLiteral("not_assessed"));
            QVERIFY(candidates[i].toObject().value(QStringLiteral("verdict")).isNull());
        }
    }

    void candidateMissingFromTheListShownIsRefused() {
        // A stored list that is not the list shown (a row removed behind FaceCase's back) must
        // not leave as if complete.
        ExportFixture e = ExportFixture::create(freshFolder(), 6, 1, 3);
        QVERIFY(e.f.db->exec(QStringLiteral("DELETE FROM candidates WHERE id = %1").arg(e.searches[0].candidateIds[2]),
                             QStringLiteral("remove a candidate")).ok());
        const ReviewGate::Review r = review(e);
        QVERIFY(!r.passed());
        QVERIFY2(r.refusalMessage().contains(QStringLiteral("search %1: 3 candidates were shown").arg(e.searches[0].searchId)),
                 qPrintable(r.refusalMessage()));
    }

    void secondReviewerRuleFollowsThePolicy() {
        ExportFixture e = ExportFixture::create(freshFolder(), 6, 1, 3);
        const qint64 searchId = e.searches[0].searchId;
        QVERIFY(e.verdict(0, 2, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ears and scar agree")).ok());
        QVERIFY(e.verdict(0, 3, VerdictRecord::Verdict::NoMatch, QStringLiteral("different nose")).ok());

        // Off (the default): an unconfirmed possible match leaves.
        QVERIFY(review(e).passed());
        QCOMPARE(review(e).confirmedBySecondAnalyst, 0);

        // Required: refused, naming search, rank and the first analyst; other verdicts need none.
        ReviewGate::Review r = review(e, secondReviewer());
        QVERIFY(!r.passed());
        QCOMPARE(r.refusals.size(), std::size_t(1));
        QCOMPARE(r.refusals[0].rank, 2);
        QVERIFY2(r.refusalMessage().contains(QStringLiteral("search %1 rank 2: the possible-match verdict by zoe is not "
                                                            "confirmed by a second analyst").arg(searchId)),
                 qPrintable(r.refusalMessage()));
        QVERIFY2(r.refusalMessage().contains(QStringLiteral("facecase-cli verdict review --case 2024-CR-17 --search %1 --rank 2")
                                                 .arg(searchId)),
                 qPrintable(r.refusalMessage()));

        // Confirmed by another analyst: leaves.
        QVERIFY(reviewBy(e, 0, 2, VerdictReview::Outcome::Confirmed, QStringLiteral("ben"), QStringLiteral("same scar")).ok());
        r = review(e, secondReviewer());
        QVERIFY2(r.passed(), qPrintable(r.refusalMessage()));
        QCOMPARE(r.confirmedBySecondAnalyst, 1);

        // A dispute after the confirmation refuses again, saying who disputed it and why.
        QVERIFY(reviewBy(e, 0, 2, VerdictReview::Outcome::Disputed, QStringLiteral("carl"), QStringLiteral("ear lobes differ")).ok());
        r = review(e, secondReviewer());
        QVERIFY(!r.passed());
        QVERIFY2(r.refusalMessage().contains(QStringLiteral("search %1 rank 2: the possible-match verdict by zoe was disputed "
                                                            "by carl on ").arg(searchId)),
                 qPrintable(r.refusalMessage()));
        QVERIFY2(r.refusalMessage().contains(QStringLiteral("(ear lobes differ)")), qPrintable(r.refusalMessage()));
        QVERIFY(review(e).passed());  // the policy off: a dispute does not hold the lead back

        // A later confirmation settles it; a new verdict needs a new review.
        QVERIFY(reviewBy(e, 0, 2, VerdictReview::Outcome::Confirmed, QStringLiteral("dana"), QStringLiteral("lobes: lighting")).ok());
        QVERIFY(review(e, secondReviewer()).passed());
        QVERIFY(e.verdict(0, 2, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("looked again")).ok());
        QVERIFY(!review(e, secondReviewer()).passed());
    }

    void reviewBySameAnalystWrittenAroundTheStoreIsRefused() {
        // Schema triggers refuse it; a database edited around them must still not pass.
        ExportFixture e = ExportFixture::create(freshFolder());
        auto v = e.verdict(0, 1, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ears agree"));
        QVERIFY(v.ok());
        for (const QString& sql : {QStringLiteral("DROP TRIGGER verdict_reviews_by_another_analyst"),
                                   QStringLiteral("INSERT INTO verdict_reviews (annotation_id, outcome, reason, analyst, "
                                                  "reviewed_at) VALUES (%1, 'confirmed', 'mine', 'Zoe', '2024-05-01T00:00:00.000Z')")
                                       .arg(v->annotationId)}) {
            QVERIFY(e.f.db->exec(sql, QStringLiteral("write around the store")).ok());
        }
        const ReviewGate::Review r = review(e, secondReviewer());
        QVERIFY(!r.passed());
        QVERIFY2(r.refusalMessage().contains(QStringLiteral("reviewed by the same analyst")), qPrintable(r.refusalMessage()));
    }

    void exporterAppliesTheStoredPolicy() {
        const QString folder = freshFolder();
        ExportFixture e = ExportFixture::create(folder, 6, 1, 3);
        QVERIFY(e.verdict(0, 1, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ears and scar agree")).ok());
        PolicyStore policies(*e.f.db);
        const QString pass = QStringLiteral("a long passphrase");
        auto set = policies.setSupervisorPassphrase({}, pass, QStringLiteral("sup"));
        QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
        auto changed = policies.change({{QStringLiteral("review.second_reviewer"), QStringLiteral("required")}}, pass,
                                       QStringLiteral("unit policy 7/24"), QStringLiteral("sup"));
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));

        const qint64 auditBefore = e.f.auditCount();
        const QString out = folder + QStringLiteral("/bundle");
        auto refused = exportTo(e, out);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("rank 1: the possible-match verdict by zoe is not confirmed")),
                 qPrintable(refused.errorMessage()));
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(e.f.auditCount(), auditBefore);

        // The first analyst cannot confirm her own verdict; another analyst can.
        QVERIFY(!reviewBy(e, 0, 1, VerdictReview::Outcome::Confirmed, QStringLiteral("zoe"), QStringLiteral("sure")).ok());
        auto confirmed = reviewBy(e, 0, 1, VerdictReview::Outcome::Confirmed, QStringLiteral("ben"),
                                  QStringLiteral("same scar above the left eyebrow"));
        QVERIFY2(confirmed.ok(), qPrintable(confirmed.errorMessage()));
        auto exported = exportTo(e, out);
        QVERIFY2(exported.ok(), qPrintable(exported.errorMessage()));
        QVERIFY(exported->policy.secondReviewerRequired);
        QCOMPARE(exported->review.confirmedBySecondAnalyst, 1);

        const QJsonObject manifest = manifestOf(out);
        QCOMPARE(manifest.value(QStringLiteral("policy")).toObject().value(QStringLiteral("review.second_reviewer")).toString(),
                 QStringLiteral("required"));
        const QJsonObject reviewMember = manifest.value(QStringLiteral("review")).toObject();
        QVERIFY(reviewMember.value(QStringLiteral("second_reviewer_required")).toBool());
        QCOMPARE(reviewMember.value(QStringLiteral("confirmed_by_second_analyst")).toInt(), 1);
        QVERIFY(reviewMember.value(QStringLiteral("rules")).toArray().contains(
            QStringLiteral("possible_match_confirmed_by_second_analyst")));
        const QJsonObject verdict = manifest.value(QStringLiteral("searches")).toArray()[0].toObject()
                                        .value(QStringLiteral("candidates")).toArray()[0].toObject()
                                        .value(QStringLiteral("verdict")).toObject();
        const QJsonArray reviews = verdict.value(QStringLiteral("reviews")).toArray();
        QCOMPARE(reviews.size(), 1);
        QCOMPARE(reviews[0].toObject().value(QStringLiteral("analyst")).toString(), QStringLiteral("ben"));
        QCOMPARE(reviews[0].toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("confirmed"));
        QCOMPARE(reviews[0].toObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("same scar above the left eyebrow"));
        QCOMPARE(reviews[0].toObject().value(QStringLiteral("review_id")).toInteger(), confirmed->id);
        QVERIFY(e.f.chainIntact());
    }
};

QTEST_GUILESS_MAIN(TestReviewGate)
#include "test_review_gate.moc"
#include "services/casework/case_work.h"
