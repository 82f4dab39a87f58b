// EvaluationBuilder on hand-made descriptors (points on a line, so every distance is known):
// acquisition counts, verification rates, the held-out identification protocol, CMC, the
// subgroup breakdown and its FMR ratio; then the files EvaluationReportWriter makes of it.
#include "services/evaluation/evaluation_builder.h"
#include "services/evaluation/evaluation_report_writer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace facecase;

namespace {

Descriptor at(double x) {
    Descriptor d;
    d.values[0] = float(x);
    return d;
}

// a1: 0.0, 0.1, 9.0   a2: 0.45, 0.75          (group X)
// b1: 10.0, 10.1      b2: 10.45, 10.75   b3: 30.0 + an unreadable photo + one without a face
// (group Y). Within X and within Y two impostor pairs lie below 0.6 (0.45 and 0.35 apart);
// every cross-group pair is >= 1.0 apart.
LabeledDescriptors makeSet() {
    LabeledDescriptors set;
    const std::vector<std::pair<QString, std::vector<double>>> people{
        {QStringLiteral("a1"), {0.0, 0.1, 9.0}}, {QStringLiteral("a2"), {0.45, 0.75}},
        {QStringLiteral("b1"), {10.0, 10.1}},    {QStringLiteral("b2"), {10.45, 10.75}},
        {QStringLiteral("b3"), {30.0}}};
    for (std::size_t id = 0; id < people.size(); ++id) {
        LabeledIdentity identity{people[id].first, {}};
        for (std::size_t k = 0; k < people[id].second.size(); ++k) {
            const QString path = QStringLiteral("/set/%1/%2.jpg").arg(people[id].first).arg(k);
            identity.photos << path;
            set.photos.push_back({int(id), path, at(people[id].second[k]), true,
                                  k == 0 ? FaceQuality::Level::Poor : FaceQuality::Level::Good});
        }
        set.identities.push_back(identity);
    }
    set.photos.push_back({4, QStringLiteral("/set/b3/broken.jpg"), std::nullopt, false, std::nullopt});
    set.photos.push_back({4, QStringLiteral("/set/b3/empty.jpg"), std::nullopt, true, std::nullopt});
    set.problems << QStringLiteral("/set/b3/broken.jpg: truncated") << QStringLiteral("/set/b3/empty.jpg: no face found");
    return set;
}

EvaluationOptions options() {
    EvaluationOptions o;
    o.labeledRoot = QStringLiteral("/set");
    o.threads = 2;
    o.threshold = 0.6;
    return o;
}

}  // namespace

class TestEvaluationBuilder : public QObject {
    Q_OBJECT
private slots:
    void acquisitionAndVerification() {
        auto r = EvaluationBuilder::fromDescriptors(makeSet(), QStringLiteral("model/plain"), options());
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->photos, 12);
        QCOMPARE(r->photosUsed, 10);
        QCOMPARE(r->unreadablePhotos, 1);
        QCOMPARE(r->photosWithoutFace, 1);
        QCOMPARE(r->problems, (QStringList{QStringLiteral("b3/broken.jpg: truncated"),
                                           QStringLiteral("b3/empty.jpg: no face found")}));
        QCOMPARE(r->qualityLevels.at(QStringLiteral("poor")), 5);
        QCOMPARE(r->qualityLevels.at(QStringLiteral("good")), 5);
        // 45 pairs: 3 + 1 + 1 + 1 genuine; 4 of 39 impostor pairs below 0.6; a1's 9.0 is 8.9 and
        // 9.0 from its mates.
        QCOMPARE(r->verification.genuinePairs, 6);
        QCOMPARE(r->verification.impostorPairs, 39);
        QCOMPARE(r->verification.atThreshold.fmr, 4.0 / 39);
        QCOMPARE(r->verification.atThreshold.fnmr, 2.0 / 6);
        QVERIFY(r->verification.atFmr.empty());  // 39 impostor pairs cannot resolve FMR 1e-2
        QVERIFY(!r->verification.curve.empty());
        QVERIFY(r->groups.empty());
    }

    void identificationProtocol() {
        auto r = EvaluationBuilder::fromDescriptors(makeSet(), QStringLiteral("model/plain"), options());
        QVERIFY(r.ok());
        // Identities with >= 2 usable photos: a1, a2, b1, b2 -> a2 and b2 held out. Gallery:
        // a1 (0.0), b1 (10.0), b3 (30.0).
        QCOMPARE(r->heldOutIdentities, 2);
        QCOMPARE(r->galleryIdentities, 3);
        const IdentificationReport& id = r->identification;
        QCOMPARE(id.gallerySize, 3);
        QCOMPARE(id.maxRank, 3);
        // Mated: a1 0.1 (rank 1), a1 9.0 (b1 at 1.0 is nearer: rank 2), b1 10.1 (rank 1).
        QCOMPARE(id.matedSearches, 3);
        QCOMPARE(id.cmc, (std::vector<double>{2.0 / 3, 1.0, 1.0}));
        // Non-mated: a2's and b2's four photos, nearest 0.45 / 0.75 away.
        QCOMPARE(id.nonMatedSearches, 4);
        QCOMPARE(id.fnirAtFpir.size(), std::size_t(2));
        QVERIFY(!id.fnirAtFpir[0].resolvable);  // 4 non-mated searches cannot resolve 1%
        QCOMPARE(id.fnirAtFpir[0].fpir, 0.0);
        QVERIFY(std::abs(id.fnirAtFpir[0].threshold - 0.45) < 1e-6);
        QCOMPARE(id.fnirAtFpir[0].fnir, 1.0 / 3);  // the rank-2 mate
    }

    void subgroupsAndFmrRatio() {
        EvaluationOptions o = options();
        o.groups = {{QStringLiteral("a1"), QStringLiteral("X")}, {QStringLiteral("a2"), QStringLiteral("X")},
                    {QStringLiteral("b1"), QStringLiteral("Y")}, {QStringLiteral("b2"), QStringLiteral("Y")},
                    {QStringLiteral("b3"), QStringLiteral("Y")}, {QStringLiteral("zz"), QStringLiteral("Y")}};
        o.groupsFile = QStringLiteral("groups.csv");
        auto r = EvaluationBuilder::fromDescriptors(makeSet(), QStringLiteral("model/plain"), o);
        QVERIFY2(r.ok(), qPrintable(r->fmrRatioNote));
        QCOMPARE(r->groups.size(), std::size_t(2));
        QCOMPARE(r->groupIdentitiesNotInSet, QStringList{QStringLiteral("zz")});
        QCOMPARE(r->identitiesWithoutGroup, 0);
        const SubgroupSummary& x = r->groups[0];
        const SubgroupSummary& y = r->groups[1];
        QCOMPARE(x.group, QStringLiteral("X"));
        QCOMPARE(x.identities, 2);
        QCOMPARE(x.photosUsed, 5);
        QVERIFY(x.verification && y.verification);
        QCOMPARE(x.verification->impostorPairs, 6);
        QCOMPARE(x.verification->atThreshold.fmr, 2.0 / 6);
        QCOMPARE(y.verification->impostorPairs, 8);
        QCOMPARE(y.verification->atThreshold.fmr, 2.0 / 8);
        QVERIFY(r->fmrRatio.has_value());
        QCOMPARE(*r->fmrRatio, (2.0 / 6) / (2.0 / 8));
        QVERIFY(r->fmrRatioNote.contains(QStringLiteral("group X / group Y")));
        QVERIFY(x.identification && y.identification);
        QCOMPARE(x.identification->matedSearches, 2);
        QCOMPARE(x.identification->rank1, 0.5);
        QCOMPARE(y.identification->rank1, 1.0);
        QCOMPARE(y.identification->nonMatedSearches, 2);
    }

    void ratioUndefinedWhenAGroupHasNoFalseMatch() {
        EvaluationOptions o = options();
        o.threshold = 0.3;  // below every within-group impostor distance of Y (0.35 and up)...
        o.groups = {{QStringLiteral("a1"), QStringLiteral("X")}, {QStringLiteral("a2"), QStringLiteral("X")},
                    {QStringLiteral("b1"), QStringLiteral("Y")}};
        auto r = EvaluationBuilder::fromDescriptors(makeSet(), QStringLiteral("m"), o);
        QVERIFY(r.ok());
        QCOMPARE(r->identitiesWithoutGroup, 2);
        QVERIFY(!r->fmrRatio);  // Y has no impostor pair at all; X none below 0.3
        QVERIFY(!r->fmrRatioNote.isEmpty());
    }

    void refusesASetWithoutGenuinePairs() {
        LabeledDescriptors set;
        set.identities = {{QStringLiteral("a"), {}}, {QStringLiteral("b"), {}}};
        set.photos = {{0, QStringLiteral("a.jpg"), at(0), true, std::nullopt},
                      {1, QStringLiteral("b.jpg"), at(1), true, std::nullopt}};
        auto r = EvaluationBuilder::fromDescriptors(set, QStringLiteral("m"), options());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::InvalidInput);
    }

    void writerMakesWellFormedFiles() {
        auto r = EvaluationBuilder::fromDescriptors(makeSet(), QStringLiteral("model/plain"), options());
        QVERIFY(r.ok());
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("report/nested"));
        auto files = EvaluationReportWriter::write(*r, folder);
        QVERIFY2(files.ok(), qPrintable(files.errorMessage()));
        QCOMPARE(files->size(), 5);
        for (const QString& svg : {QStringLiteral("roc.svg"), QStringLiteral("det.svg"), QStringLiteral("cmc.svg")}) {
            QFile f(QDir(folder).filePath(svg));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QXmlStreamReader xml(&f);
            int polylines = 0;
            while (!xml.atEnd())
                if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("polyline"))
                    ++polylines;
            QVERIFY2(!xml.hasError(), qPrintable(svg + QStringLiteral(": ") + xml.errorString()));
            QCOMPARE(polylines, 1);
        }
        QFile json(QDir(folder).filePath(QStringLiteral("evaluation.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(o.value(QStringLiteral("schema_version")).toInt(), EvaluationReport::kSchemaVersion);
        QCOMPARE(o.value(QStringLiteral("model")).toString(), QStringLiteral("model/plain"));
        QCOMPARE(o.value(QStringLiteral("identification")).toObject().value(QStringLiteral("cmc")).toArray().size(), 3);
        QCOMPARE(o.value(QStringLiteral("acquisition")).toObject().value(QStringLiteral("failure_to_acquire")).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestEvaluationBuilder)
#include "test_evaluation_builder.moc"
