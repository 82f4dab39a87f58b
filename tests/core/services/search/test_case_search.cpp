// CaseSearch over a real workspace: the search is run and recorded (search row, candidates,
// search_run) with ids that match the database; closed cases, foreign probes and drawings are
// refused before searching; manual faces and opened candidates leave their audit records.
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include "case_test_support.h"
#include "policy/policy_store.h"
#include "services/casework/case_catalog.h"
#include "services/search/case_search.h"
#include "store/search_reader.h"

using namespace facecase;
using namespace facecase::test;

namespace {
// A descriptor at a known distance from `base`: only the first value moves.
Descriptor shifted(const Descriptor& base, float by) {
    Descriptor d = base;
    d.values[0] += by;
    return d;
}
}  // namespace

class TestCaseSearch : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;
    QTemporaryDir m_dir;  // the gallery index caches, one folder per fixture
    int m_serial = 0;

    CaseFixture fixture() {
        ++m_serial;
        return CaseFixture::create(m_workspaces, 12);
    }

    // Impostor distances spread evenly over 0.45..1.05: FMR(d) = (d - 0.45) / 0.6.
    static std::shared_ptr<const ScoreCalibration> calibration() {
        std::vector<double> impostor;
        for (int i = 0; i < 100000; ++i) impostor.push_back(0.45 + 0.6 * (i + 0.5) / 100000.0);
        auto made = ScoreCalibration::fromImpostorDistances(std::move(impostor));
        return std::make_shared<const ScoreCalibration>(std::move(made).value());
    }

    CaseSearch caseSearch() const {
        auto cache = std::make_shared<GalleryIndexCache>(m_dir.filePath(QStringLiteral("indexes-%1").arg(m_serial)));
        return CaseSearch(GallerySearch(cache, calibration()), QString(64, QLatin1Char('e')));
    }

    static CaseSearch::Request request(const CaseFixture& f, const Descriptor& probe, int k = 5) {
        CaseSearch::Request r;
        r.caseId = f.theCase.id;
        r.probeId = f.probe.id;
        r.face.index = 2;
        r.face.box = QRectF(300, 120, 88, 88);
        r.face.descriptor = probe;
        r.face.quality.warnings = {QStringLiteral("blurred: details may be lost")};
        r.face.quality.eyeDistancePx = 62.5;
        r.galleryName = QStringLiteral("Bookings");
        r.modelKey = kCaseModel;
        r.k = k;
        return r;
    }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void searchIsRunAndRecorded() {
        CaseFixture f = fixture();
        // Photo 5's face, moved by 0.2: it must come first.
        const Descriptor probe = shifted(syntheticDescriptor(5 * 16 + 1), 0.2f);
        auto outcome = caseSearch().run(*f.db, request(f, probe), QStringLiteral("zoe"));
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->search.gallerySize, std::size_t(12));
        QCOMPARE(outcome->search.candidates.size(), std::size_t(5));
        QCOMPARE(outcome->search.candidates.front().provenance.faceId, f.faceIds[4]);
        QCOMPARE(outcome->candidateIds.size(), std::size_t(5));

        auto stored = SearchReader(*f.db).candidatesOf(outcome->searchId);
        QVERIFY(stored.ok());
        QCOMPARE(stored->size(), std::size_t(5));
        for (std::size_t i = 0; i < stored->size(); ++i) {
            QCOMPARE((*stored)[i].id, outcome->candidateIds[i]);
            QCOMPARE((*stored)[i].faceId, std::optional<qint64>(outcome->search.candidates[i].provenance.faceId));
            QCOMPARE((*stored)[i].distance, outcome->search.candidates[i].distance);
        }
        auto search = SearchReader(*f.db).findSearch(outcome->searchId);
        QVERIFY(search.ok());
        QCOMPARE(search->faceIndex, 2);
        QCOMPARE(search->gallerySize(), qint64(12));
        QCOMPARE(search->parameters.value(QStringLiteral("weights_sha256")).toString(), QString(64, QLatin1Char('e')));

        QCOMPARE(outcome->audit.action, QStringLiteral("search_run"));
        const QJsonObject d = outcome->audit.detailsObject();
        QCOMPARE(d.value(QStringLiteral("gallery_size")).toInt(), 12);
        QCOMPARE(d.value(QStringLiteral("list_length")).toInt(), 5);
        QVERIFY(d.value(QStringLiteral("threshold")).isNull());
        QCOMPARE(d.value(QStringLiteral("candidates")).toArray().first().toObject().value(QStringLiteral("distance")).toString(),
                 QString::number(outcome->search.candidates.front().distance, 'f', 4));
        QCOMPARE(d.value(QStringLiteral("quality_warnings")).toArray().first().toString(),
                 QStringLiteral("blurred: details may be lost"));
        QVERIFY(f.chainIntact());
    }

    void thresholdCutsTheListAndIsRecorded() {
        CaseFixture f = fixture();
        const Descriptor probe = shifted(syntheticDescriptor(3 * 16 + 1), 0.25f);
        CaseSearch::Request r = request(f, probe, 10);
        r.threshold = 0.3;
        auto outcome = caseSearch().run(*f.db, r, QStringLiteral("zoe"));
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->search.candidates.size(), std::size_t(1));
        QCOMPARE(count(*f.db, QStringLiteral("candidates")), qint64(1));
        QCOMPARE(outcome->audit.detailsObject().value(QStringLiteral("threshold")).toString(), QStringLiteral("0.3000"));
    }

    // The agency's policy refuses, before searching, what it does not allow, and the refusal
    // is on record (search_refused, with the reason) while nothing is searched or stored.
    void policyRefusalsAreAudited_data() {
        QTest::addColumn<int>("k");
        QTest::addColumn<double>("eyes");
        QTest::addColumn<double>("threshold");  // < 0: none
        QTest::addColumn<QString>("expected");
        QTest::newRow("list too short") << 3 << 62.5 << -1.0 << QStringLiteral("a candidate list of 3 is outside the policy's 5 to 100");
        QTest::newRow("list too long") << 101 << 62.5 << -1.0 << QStringLiteral("a candidate list of 101");
        QTest::newRow("face too small") << 20 << 17.0 << -1.0 << QStringLiteral("17 px between the eyes, the policy needs at least 20 px");
        QTest::newRow("threshold too lax") << 20 << 62.5 << 0.6 << QStringLiteral("false-match rate 0.25); the policy allows at most 1 in 10,000");
    }
    void policyRefusalsAreAudited() {
        QFETCH(int, k);
        QFETCH(double, eyes);
        QFETCH(double, threshold);
        QFETCH(QString, expected);
        CaseFixture f = fixture();
        CaseSearch::Request r = request(f, syntheticDescriptor(1), k);
        r.face.quality.eyeDistancePx = eyes;
        if (threshold >= 0) r.threshold = threshold;
        auto refused = caseSearch().run(*f.db, r, QStringLiteral("zoe"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(refused.errorMessage().contains(expected), qPrintable(refused.errorMessage()));
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(0));
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'search_refused' "
                                              "AND %1 = '%2'")
                                   .arg(jsonField(*f.db, QStringLiteral("details"), QStringLiteral("reason")),
                                        refused.errorMessage().replace(QLatin1Char('\''), QStringLiteral("''"))))
                     .toLongLong(),
                 qint64(1));
        QVERIFY(f.chainIntact());
    }

    // The policy stored in the workspace (set by a supervisor) applies to the next search; a
    // policy row edited around FaceCase stops searches instead of being guessed around.
    void storedPolicyApplies() {
        CaseFixture f = fixture();
        PolicyStore policy(*f.db);
        const QString pass = QStringLiteral("supervisor passphrase 1");
        // (An agency database has no passphrase: its supervisor role decides, and the test's
        // superuser holds it.)
        if (!f.workspace->isPostgres())
            QVERIFY(policy.setSupervisorPassphrase({}, pass, QStringLiteral("sgt")).ok());
        QVERIFY(caseSearch().run(*f.db, request(f, syntheticDescriptor(1), 5), QStringLiteral("zoe")).ok());
        auto changed = policy.change({{QStringLiteral("search.min_candidates"), QStringLiteral("10")},
                                      {QStringLiteral("probe.min_eye_distance_px"), QStringLiteral("70")}},
                                     pass, QStringLiteral("board order"), QStringLiteral("sgt"));
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));
        auto shortList = caseSearch().run(*f.db, request(f, syntheticDescriptor(1), 5), QStringLiteral("zoe"));
        QVERIFY(!shortList.ok());
        QVERIFY2(shortList.errorMessage().contains(QStringLiteral("outside the policy's 10 to 100")),
                 qPrintable(shortList.errorMessage()));
        auto smallFace = caseSearch().run(*f.db, request(f, syntheticDescriptor(1), 10), QStringLiteral("zoe"));
        QVERIFY(!smallFace.ok());
        QVERIFY2(smallFace.errorMessage().contains(QStringLiteral("needs at least 70 px")),
                 qPrintable(smallFace.errorMessage()));

        QVERIFY(f.db->exec(QStringLiteral("UPDATE policy_settings SET value = '1' "
                                          "WHERE key = 'search.min_candidates'"),
                           QStringLiteral("tamper")).ok());
        auto tampered = caseSearch().run(*f.db, request(f, syntheticDescriptor(1), 20), QStringLiteral("zoe"));
        QVERIFY(!tampered.ok());
        QVERIFY2(tampered.errorMessage().contains(QStringLiteral("agency policy stored in the workspace is not valid")),
                 qPrintable(tampered.errorMessage()));
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(1));
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'search_refused'"))
                     .toLongLong(),
                 qint64(3));
        QVERIFY(f.chainIntact());
    }

    void refusedBeforeSearching_data() {
        QTest::addColumn<int>("why");
        QTest::addColumn<QString>("expected");
        QTest::newRow("closed case") << 0 << QStringLiteral("is closed: reopen it");
        QTest::newRow("probe of another case") << 1 << QStringLiteral("is not a probe of case");
        QTest::newRow("composite sketch") << 2 << QStringLiteral("declared a composite sketch; sketches and drawings");
        QTest::newRow("unknown gallery") << 3 << QStringLiteral("Nowhere");
        // `gallery synth` galleries are benchmark fixtures (bench gallery-search --record records
        // searches of them through CaseSearch::record, never through run()).
        QTest::newRow("synthetic gallery") << 4 << QStringLiteral("is a synthetic benchmark gallery");
    }
    void refusedBeforeSearching() {
        QFETCH(int, why);
        QFETCH(QString, expected);
        CaseFixture f = fixture();
        CaseSearch::Request r = request(f, syntheticDescriptor(1));
        if (why == 0)
            QVERIFY(CaseCatalog(*f.db, Actor(QStringLiteral("zoe"))).close(f.theCase.id).ok());
        if (why == 1) {
            CaseRecord other;
            other.caseNumber = QStringLiteral("2024-CR-18");
            other.purpose = QStringLiteral("Burglary");
            auto created = CaseCatalog(*f.db, Actor(QStringLiteral("zoe"))).create(other);
            QVERIFY(created.ok());
            r.caseId = created->id;
        }
        if (why == 2) {
            ProbeRecord sketch;
            sketch.caseId = f.theCase.id;
            sketch.sha256 = sha256Of("sketch");
            sketch.evidencePath = QStringLiteral("evidence/sketch.png");
            sketch.originalPath = QStringLiteral("/scans/sketch.png");
            sketch.width = sketch.height = 400;
            sketch.format = QStringLiteral("PNG");
            sketch.declaredKind = ProbeRecord::DeclaredKind::CompositeSketch;
            auto added = ProbeRepository(*f.db).add(sketch, QStringLiteral("zoe"));
            QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
            r.probeId = added->probe.id;
        }
        if (why == 3) r.galleryName = QStringLiteral("Nowhere");
        if (why == 4) {
            auto synthetic = GalleryRepository(*f.db).create(QStringLiteral("Bench"), {}, Gallery::Kind::Synthetic);
            QVERIFY2(synthetic.ok(), qPrintable(synthetic.errorMessage()));
            r.galleryName = synthetic->name;
        }
        const qint64 auditBefore = f.auditCount();
        auto outcome = caseSearch().run(*f.db, r, QStringLiteral("zoe"));
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.errorMessage().contains(expected), qPrintable(outcome.errorMessage()));
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(0));
        // A drawing is refused by policy and a closed case by the no-search-without-open-case
        // rule, and those refusals are on record; the others are requests that cannot name a
        // searchable probe or gallery at all.
        QCOMPARE(f.auditCount(), auditBefore + (why == 2 || why == 0 || why == 4 ? 1 : 0));
        if (why == 0 || why == 4) {
            QCOMPARE(scalar(*f.db, QStringLiteral("SELECT action || ' ' || case_id || ' ' || %1 FROM audit_log "
                                                  "ORDER BY seq DESC LIMIT 1")
                                       .arg(jsonField(*f.db, QStringLiteral("details"), QStringLiteral("probe_id"))))
                         .toString(),
                     QStringLiteral("search_refused %1 %2").arg(f.theCase.id).arg(f.probe.id));
        }
    }

    void manualFaceAndOpenedCandidateAreAudited() {
        CaseFixture f = fixture();
        auto marked = CaseSearch::recordManualFace(*f.db, f.theCase.id, f.probe.id,
                                                   QRectF(100, 50.5, 80, 90), QStringLiteral("zoe"));
        QVERIFY2(marked.ok(), qPrintable(marked.errorMessage()));
        QCOMPARE(marked->action, QStringLiteral("face_marked_by_hand"));
        const QJsonObject box = marked->detailsObject().value(QStringLiteral("face_box")).toObject();
        QCOMPARE(box.value(QStringLiteral("y")).toString(), QStringLiteral("50.5"));
        QCOMPARE(box.value(QStringLiteral("height")).toString(), QStringLiteral("90.0"));
        QCOMPARE(marked->detailsObject().value(QStringLiteral("probe_sha256")).toString(), f.probe.sha256);
        // A box outside the 1280x720 probe is refused.
        QVERIFY(!CaseSearch::recordManualFace(*f.db, f.theCase.id, f.probe.id, QRectF(1250, 10, 80, 80),
                                              QStringLiteral("zoe"))
                     .ok());

        CaseSearch::Request r = request(f, syntheticDescriptor(2 * 16 + 1));
        r.face.manual = true;
        auto outcome = caseSearch().run(*f.db, r, QStringLiteral("zoe"));
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->audit.detailsObject().value(QStringLiteral("manual_face")).toBool(), true);
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT manual_face FROM searches")).toInt(), 1);

        // Opening a candidate is recorded, also once the case is closed.
        QVERIFY(CaseCatalog(*f.db, Actor(QStringLiteral("zoe"))).close(f.theCase.id).ok());
        auto opened = CaseSearch::recordCandidateOpened(*f.db, outcome->candidateIds[1], QStringLiteral("vega"));
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        QCOMPARE(opened->action, QStringLiteral("candidate_opened"));
        QCOMPARE(opened->actor, QStringLiteral("vega"));
        QCOMPARE(opened->caseId, std::optional<qint64>(f.theCase.id));
        QCOMPARE(opened->detailsObject().value(QStringLiteral("rank")).toInt(), 2);
        QCOMPARE(opened->detailsObject().value(QStringLiteral("search_id")).toInteger(), outcome->searchId);
        QCOMPARE(CaseSearch::recordCandidateOpened(*f.db, 424242, QStringLiteral("vega")).error().kind,
                 Error::Kind::NotFound);
        QVERIFY(f.chainIntact());
    }
};

QTEST_GUILESS_MAIN(TestCaseSearch)
#include "test_case_search.moc"
