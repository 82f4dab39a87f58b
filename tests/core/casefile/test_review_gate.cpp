// The review gate: every candidate shown is listed (held against the search_run record), a
// possible match leaves only with a verdict that gives a reason, candidates without a verdict
// are still listed, and a refused export writes nothing (no bundle, no audit record).
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "casefile/case_exporter.h"
#include "casefile/case_snapshot_reader.h"
#include "casefile/review_gate.h"
#include "casefile_test_support.h"
#include "store/transaction.h"

using namespace facecase;
using namespace facecase::test;

class TestReviewGate : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_serial = 0;

    QString freshFolder() { return m_dir.filePath(QString::number(++m_serial)); }

    static ReviewGate::Review review(const ExportFixture& e) {
        auto snapshot = CaseSnapshotReader(*e.f.db).read(e.f.theCase.id);
        if (!snapshot) qFatal("%s", qPrintable(snapshot.errorMessage()));
        return ReviewGate::check(*snapshot);
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
};

QTEST_GUILESS_MAIN(TestReviewGate)
#include "test_review_gate.moc"
