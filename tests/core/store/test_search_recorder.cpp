// SearchRecorder: the searches row, its candidates and the search_run audit record are written
// in one transaction — all of them, or (when any part fails) none, with the chain intact.
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include "case_test_support.h"
#include "services/casework/case_catalog.h"
#include "store/search_reader.h"

using namespace facecase;
using namespace facecase::test;

class TestSearchRecorder : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;  // SQLite or PostgreSQL: FACECASE_TEST_BACKEND

    CaseFixture fixture() { return CaseFixture::create(m_workspaces); }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void recordsSearchCandidatesAndAuditTogether() {
        CaseFixture f = fixture();
        const qint64 auditBefore = f.auditCount();
        auto recorded = SearchRecorder(*f.db).record(f.searchDraft(3), QStringLiteral("zoe"));
        QVERIFY2(recorded.ok(), qPrintable(recorded.errorMessage()));
        QCOMPARE(recorded->candidateIds.size(), std::size_t(3));
        QCOMPARE(f.auditCount(), auditBefore + 1);

        // The searches row: probe, face, model, parameters.
        auto search = SearchReader(*f.db).findSearch(recorded->searchId);
        QVERIFY2(search.ok(), qPrintable(search.errorMessage()));
        QCOMPARE(search->caseId, f.theCase.id);
        QCOMPARE(search->probeId, std::optional<qint64>(f.probe.id));
        QCOMPARE(search->probeSha256, f.probe.sha256);
        QCOMPARE(search->probeEvidencePath, f.probe.evidencePath);
        QCOMPARE(search->box, QRectF(412.5, 130.3, 96, 96));
        QCOMPARE(search->manualFace, false);
        QCOMPARE(search->modelKey, kCaseModel);
        QCOMPARE(search->gallerySize(), qint64(6));
        QCOMPARE(search->k(), 20);
        QCOMPARE(search->candidateCount, 3);
        QCOMPARE(search->parameters.value(QStringLiteral("weights_sha256")).toString(), QString(64, QLatin1Char('a')));
        QCOMPARE(search->parameters.value(QStringLiteral("threshold")).toDouble(), 0.6);
        QCOMPARE(search->parameters.value(QStringLiteral("quality_warnings")).toArray().size(), 1);
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT length(probe_descriptor) FROM searches")).toInt(), 512);

        // One candidates row per candidate, in rank order, ids as returned.
        auto candidates = SearchReader(*f.db).candidatesOf(recorded->searchId);
        QVERIFY(candidates.ok());
        QCOMPARE(candidates->size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i) {
            const SearchReader::Candidate& c = (*candidates)[i];
            QCOMPARE(c.id, recorded->candidateIds[i]);
            QCOMPARE(c.rank, int(i) + 1);
            QCOMPARE(c.faceId, std::optional<qint64>(f.faceIds[i]));
            QVERIFY(qAbs(c.distance - (0.3 + 0.1 * double(i))) < 1e-12);
            QVERIFY(c.score.has_value());
            QCOMPARE(c.subjectExternalId, QStringLiteral("B-%1").arg(i + 1));
        }

        // The audit record carries what issue 5 lists, numbers as the analyst saw them.
        const AuditRecord audit = f.lastAudit();
        QCOMPARE(audit.seq, recorded->audit.seq);
        QCOMPARE(audit.action, QStringLiteral("search_run"));
        QCOMPARE(audit.caseId, std::optional<qint64>(f.theCase.id));
        const QJsonObject d = audit.detailsObject();
        QCOMPARE(d.value(QStringLiteral("case_number")).toString(), QStringLiteral("2024-CR-17"));
        QCOMPARE(d.value(QStringLiteral("search_id")).toInteger(), recorded->searchId);
        QCOMPARE(d.value(QStringLiteral("probe_sha256")).toString(), f.probe.sha256);
        QCOMPARE(d.value(QStringLiteral("face_box")).toObject().value(QStringLiteral("x")).toString(), QStringLiteral("412.5"));
        QCOMPARE(d.value(QStringLiteral("face_box")).toObject().value(QStringLiteral("y")).toString(), QStringLiteral("130.3"));
        QCOMPARE(d.value(QStringLiteral("model_key")).toString(), kCaseModel);
        QCOMPARE(d.value(QStringLiteral("weights_sha256")).toString(), QString(64, QLatin1Char('a')));
        QCOMPARE(d.value(QStringLiteral("gallery_id")).toInteger(), f.galleryId);
        QCOMPARE(d.value(QStringLiteral("gallery_size")).toInteger(), 6);
        QCOMPARE(d.value(QStringLiteral("threshold")).toString(), QStringLiteral("0.6000"));
        QCOMPARE(d.value(QStringLiteral("k")).toInt(), 20);
        QCOMPARE(d.value(QStringLiteral("list_length")).toInt(), 3);
        QCOMPARE(d.value(QStringLiteral("quality_warnings")).toArray().size(), 1);
        const QJsonArray list = d.value(QStringLiteral("candidates")).toArray();
        QCOMPARE(list.size(), 3);
        QCOMPARE(list[1].toObject().value(QStringLiteral("distance")).toString(), QStringLiteral("0.4000"));
        QCOMPARE(list[1].toObject().value(QStringLiteral("fmr")).toString(), QStringLiteral("2e-05"));
        QCOMPARE(list[1].toObject().value(QStringLiteral("candidate_id")).toInteger(), recorded->candidateIds[1]);
        QCOMPARE(list[2].toObject().value(QStringLiteral("subject_external_id")).toString(), QStringLiteral("B-3"));
        QVERIFY(f.chainIntact());
    }

    // A trigger aborts the insert of the second candidate: the searches row, the first candidate
    // and the audit record must all be gone, and the chain must still verify. (The candidates
    // go in as one statement, so the message names the ranks of that statement.)
    void failureHalfwayLeavesNothing() {
        CaseFixture f = fixture();
        QVERIFY(injectInsertFailure(*f.db, QStringLiteral("candidates"), QStringLiteral("NEW.rank = 2"),
                                    QStringLiteral("injected failure"))
                    .ok());
        const qint64 auditBefore = f.auditCount();
        auto recorded = SearchRecorder(*f.db).record(f.searchDraft(3), QStringLiteral("zoe"));
        QVERIFY(!recorded.ok());
        QVERIFY2(recorded.errorMessage().contains(QStringLiteral("injected failure")), qPrintable(recorded.errorMessage()));
        QVERIFY2(recorded.errorMessage().contains(QStringLiteral("candidates 1-3")), qPrintable(recorded.errorMessage()));
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(0));
        QCOMPARE(count(*f.db, QStringLiteral("candidates")), qint64(0));
        QCOMPARE(f.auditCount(), auditBefore);
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'search_run'")).toInt(), 0);
        QVERIFY(f.chainIntact());

        // Not sticky: without the trigger the same search is recorded, as the next audit record.
        QVERIFY(removeInsertFailure(*f.db, QStringLiteral("candidates")).ok());
        auto again = SearchRecorder(*f.db).record(f.searchDraft(3), QStringLiteral("zoe"));
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QCOMPARE(again->audit.seq, auditBefore + 1);
        QCOMPARE(count(*f.db, QStringLiteral("candidates")), qint64(3));
        QVERIFY(f.chainIntact());
    }

    // The audit append itself fails (here: an action name too long for the log is impossible
    // from SearchRecorder, so a trigger on audit_log refuses the insert): nothing is left either.
    void auditFailureLeavesNoSearch() {
        CaseFixture f = fixture();
        QVERIFY(injectInsertFailure(*f.db, QStringLiteral("audit_log"),
                                    QStringLiteral("NEW.action = 'search_run'"),
                                    QStringLiteral("audit refused"))
                    .ok());
        auto recorded = SearchRecorder(*f.db).record(f.searchDraft(2), QStringLiteral("zoe"));
        QVERIFY(!recorded.ok());
        QVERIFY2(recorded.errorMessage().contains(QStringLiteral("audit refused")), qPrintable(recorded.errorMessage()));
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(0));
        QCOMPARE(count(*f.db, QStringLiteral("candidates")), qint64(0));
        QVERIFY(f.chainIntact());
    }

    void closedCaseIsRefused() {
        CaseFixture f = fixture();
        QVERIFY(CaseCatalog(*f.db, Actor(QStringLiteral("zoe"))).close(f.theCase.id).ok());
        const qint64 auditBefore = f.auditCount();
        auto recorded = SearchRecorder(*f.db).record(f.searchDraft(), QStringLiteral("zoe"));
        QVERIFY(!recorded.ok());
        QCOMPARE(recorded.errorMessage(),
                 QStringLiteral("case \"2024-CR-17\" is closed: reopen it (facecase-cli case reopen "
                                "2024-CR-17, or Case ▸ Reopen) to record a search"));
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(0));
        QCOMPARE(f.auditCount(), auditBefore);
    }

    void probeOfAnotherCaseIsRefused() {
        CaseFixture f = fixture();
        CaseRecord other;
        other.caseNumber = QStringLiteral("2024-CR-18");
        other.purpose = QStringLiteral("Burglary");
        auto created = CaseCatalog(*f.db, Actor(QStringLiteral("zoe"))).create(other);
        QVERIFY(created.ok());
        SearchRecorder::Draft draft = f.searchDraft();
        draft.caseId = created->id;
        auto recorded = SearchRecorder(*f.db).record(draft, QStringLiteral("zoe"));
        QVERIFY(!recorded.ok());
        QVERIFY2(recorded.errorMessage().contains(QStringLiteral("belongs to another case")), qPrintable(recorded.errorMessage()));
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(0));
    }

    void malformedDraftsAreRefused_data() {
        QTest::addColumn<int>("defect");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ranks out of order") << 0 << QStringLiteral("ranks run 1, 2, 3");
        QTest::newRow("negative distance") << 1 << QStringLiteral("has distance -0.1");
        QTest::newRow("unknown model") << 2 << QStringLiteral("no faces were ever described with model");
        QTest::newRow("empty box") << 3 << QStringLiteral("face box is empty");
    }
    void malformedDraftsAreRefused() {
        QFETCH(int, defect);
        QFETCH(QString, expected);
        CaseFixture f = fixture();
        SearchRecorder::Draft draft = f.searchDraft(3);
        switch (defect) {
            case 0: std::swap(draft.candidates[0].rank, draft.candidates[1].rank); break;
            case 1: draft.candidates[2].distance = -0.1; break;
            case 2: draft.modelKey = QStringLiteral("other-network/plain"); break;
            case 3: draft.box = QRectF(10, 10, 0, 40); break;
        }
        auto recorded = SearchRecorder(*f.db).record(draft, QStringLiteral("zoe"));
        QVERIFY(!recorded.ok());
        QVERIFY2(recorded.errorMessage().contains(expected), qPrintable(recorded.errorMessage()));
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestSearchRecorder)
#include "test_search_recorder.moc"
