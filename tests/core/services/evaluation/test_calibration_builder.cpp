// The calibration builder on real photos: a labeled set of 40 LFW dev-test people (30 with 2-4
// photos, 10 with one), linked into a temporary folder. The counts must be exact, the table
// monotone, the thresholds where dlib's network puts them, and every number must agree with an
// independent double-precision recount of the same descriptors.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <map>

#include "services/search/built_in_calibration.h"
#include "services/evaluation/calibration_builder.h"
#include "services/pipeline/descriptor_model_key.h"
#include "support/test_data.h"

using namespace facecase;

namespace {

std::shared_ptr<const FaceModels> models() {
    static const std::shared_ptr<const FaceModels> shared = [] {
        auto loaded = FaceModels::loadDefault();
        if (!loaded) qWarning("%s", qPrintable(loaded.errorMessage()));
        return loaded ? *loaded : nullptr;
    }();
    return shared;
}

#define REQUIRE_MODELS()                                                                      \
    do {                                                                                      \
        FACECASE_REQUIRE_TESTDATA();                                                          \
        if (!models())                                                                        \
            QSKIP("face models not found: run installer/setup.sh or set FACECASE_MODEL_DIR"); \
    } while (false)

// Links the first `multi` people (by name) with at least two photos (up to `cap` of them) and the
// first `single` people with exactly one into `target`. Returns identity -> photo count.
std::map<QString, int> linkSubset(const QString& target, int multi, int single, int cap) {
    std::map<QString, int> linked;
    const QDir images(test::testDataPath(QStringLiteral("lfw-devtest/images")));
    int multis = 0, singles = 0;
    for (const QString& person : images.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QStringList photos =
            QDir(images.filePath(person))
                .entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name);
        const bool isMulti = photos.size() >= 2;
        if ((isMulti && multis == multi) || (!isMulti && singles == single)) continue;
        QDir(target).mkpath(person);
        const int take = int(std::min<qsizetype>(photos.size(), cap));
        for (int i = 0; i < take; ++i)
            if (!QFile::link(images.filePath(person + QLatin1Char('/') + photos[i]),
                             QDir(target).filePath(person + QLatin1Char('/') + photos[i])))
                return {};
        linked[person] = take;
        (isMulti ? multis : singles) += 1;
        if (multis == multi && singles == single) break;
    }
    return linked;
}

qint64 pairsOf(qint64 n) {
    return n * (n - 1) / 2;
}

}  // namespace

class TestCalibrationBuilder : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_set;
    std::map<QString, int> m_people;
    std::optional<LabeledDescriptors> m_descriptors;  // flip-averaged, shared by the tests

    CalibrationBuildOptions options() const {
        CalibrationBuildOptions o;
        o.labeledRoot = m_set;
        o.threads = 2;
        o.dataset = QStringLiteral("40 LFW dev-test people");
        o.command = QStringLiteral("test_calibration_builder");
        return o;
    }

private slots:
    void initTestCase() {
        REQUIRE_MODELS();
        m_set = m_dir.filePath(QStringLiteral("labeled"));
        m_people = linkSubset(m_set, 30, 10, 4);
        QCOMPARE(int(m_people.size()), 40);
        auto extracted = LabeledDescriptorExtractor::run(models(), m_set, options().pipeline, 2);
        QVERIFY2(extracted.ok(), qPrintable(extracted.errorMessage()));
        m_descriptors = std::move(extracted).value();
    }

    // Every pair counted once, split by identity, checked against the folder contents minus
    // the photos the builder says had no face.
    void pairCountsAreExact() {
        auto report = CalibrationBuilder::fromDescriptors(
            *m_descriptors, QStringLiteral("test-model/flip-averaged"), options());
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        std::map<QString, int> used = m_people;
        int photos = 0;
        for (const auto& [person, count] : m_people) photos += count;
        for (const QString& problem : report->photosWithoutDescriptor) {
            // "<identity>/<photo>: why", relative to the labeled folder.
            const QString person = problem.section(QLatin1Char('/'), 0, 0);
            QVERIFY2(used.count(person) == 1, qPrintable(problem));
            used[person] -= 1;
        }
        qint64 genuine = 0, n = 0;
        for (const auto& [person, count] : used) {
            genuine += pairsOf(count);
            n += count;
        }
        QCOMPARE(report->photos, photos);
        QCOMPARE(report->photosUsed, int(n));
        QCOMPARE(report->identities, 40);
        QCOMPARE(report->calibration.genuinePairs(), genuine);
        QCOMPARE(report->calibration.impostorPairs(), pairsOf(n) - genuine);
        QVERIFY(genuine >= 30);  // 30 people with two photos or more
        qInfo("%d of %d photos used: %lld impostor, %lld genuine pairs", report->photosUsed,
              report->photos, report->calibration.impostorPairs(), genuine);
    }

    // FMR never falls as the distance grows, nor does the genuine match rate; thresholds where
    // dlib's ResNet puts them (~0.5 at FMR 1e-3), and most same-person pairs under 0.6.
    void tableIsMonotoneAndPlausible() {
        auto report = CalibrationBuilder::fromDescriptors(
            *m_descriptors, QStringLiteral("test-model/flip-averaged"), options());
        QVERIFY(report.ok());
        const ScoreCalibration& c = report->calibration;
        for (std::size_t i = 1; i < c.table().size(); ++i) {
            QVERIFY(c.table()[i].first > c.table()[i - 1].first);
            QVERIFY(c.table()[i].second >= c.table()[i - 1].second);
        }
        double previous = -1;
        for (double d = 0.3; d <= 1.2; d += 0.01) {
            const double fmr = c.fmrAt(d).fmr;
            QVERIFY(fmr >= previous);
            previous = fmr;
        }
        const auto& t = c.thresholds();
        QVERIFY(t.size() >= 3);  // ~4,000 impostor pairs reach FMR 1e-3
        for (std::size_t i = 1; i < t.size(); ++i) {
            QVERIFY(t[i].fmr < t[i - 1].fmr);
            QVERIFY(t[i].distance <= t[i - 1].distance);
            QVERIFY(t[i].genuineMatchRate <= t[i - 1].genuineMatchRate);
        }
        const auto at1e3 = c.thresholdFor(1e-3);
        QVERIFY(at1e3);
        qInfo("FMR 1e-3 at distance %.4f, genuine match rate %.3f", at1e3->distance,
              at1e3->genuineMatchRate);
        QVERIFY2(at1e3->distance > 0.45 && at1e3->distance < 0.65,
                 qPrintable(QString::number(at1e3->distance)));
        QVERIFY(at1e3->genuineMatchRate > 0.8);
    }

    // The numbers agree with a recount in double precision from the descriptors themselves.
    void agreesWithIndependentRecount() {
        auto report = CalibrationBuilder::fromDescriptors(
            *m_descriptors, QStringLiteral("test-model/flip-averaged"), options());
        QVERIFY(report.ok());
        std::vector<double> impostor, genuine;
        const auto& photos = m_descriptors->photos;
        for (std::size_t i = 0; i < photos.size(); ++i)
            for (std::size_t j = i + 1; j < photos.size(); ++j)
                if (photos[i].descriptor && photos[j].descriptor)
                    (photos[i].identity == photos[j].identity ? genuine : impostor)
                        .push_back(photos[i].descriptor->distanceTo(*photos[j].descriptor));
        QCOMPARE(qint64(impostor.size()), report->calibration.impostorPairs());
        const auto below = [](const std::vector<double>& v, double d) {
            return double(std::count_if(v.begin(), v.end(), [d](double x) { return x < d; }));
        };
        constexpr double eps = 1e-5;  // float (as searched) against double arithmetic
        for (const CalibrationThreshold& t : report->calibration.thresholds()) {
            const double allowed = std::floor(t.fmr * double(impostor.size()) + 1e-9);
            QVERIFY(below(impostor, t.distance - eps) <= allowed);
            QVERIFY(below(impostor, t.distance + eps) >= allowed + 1);  // t is the next one
            const double share = below(genuine, t.distance) / double(genuine.size());
            QVERIFY(std::abs(share - t.genuineMatchRate) <= 1.0 / double(genuine.size()));
        }
        const double at06 = below(genuine, 0.6) / double(genuine.size());
        qInfo("genuine match rate at distance 0.6: %.3f of %zu pairs", at06, genuine.size());
        QVERIFY(at06 >= 0.93);
    }

    void sameTableOnAnyThreadCount() {
        CalibrationBuildOptions one = options(), three = options();
        one.threads = 1;
        three.threads = 3;
        auto a = CalibrationBuilder::fromDescriptors(*m_descriptors, QStringLiteral("m"), one);
        auto b = CalibrationBuilder::fromDescriptors(*m_descriptors, QStringLiteral("m"), three);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->calibration.table() == b->calibration.table());
        QCOMPARE(a->calibration.thresholds().size(), b->calibration.thresholds().size());
    }

    // run() end to end on a few people: the model key and provenance the file will carry.
    void runRecordsModelAndProvenance() {
        const QString small = m_dir.filePath(QStringLiteral("small"));
        QVERIFY(!linkSubset(small, 3, 2, 2).empty());
        CalibrationBuildOptions o = options();
        o.labeledRoot = small;
        o.pipeline.descriptorMode = DescriptorMode::Plain;
        int analysed = 0;
        qint64 lastPairs = 0;
        auto report = CalibrationBuilder::run(
            models(), o, [&](CalibrationBuilder::Stage stage, qint64 done, qint64) {
                if (stage == CalibrationBuilder::Stage::AnalysingPhotos)
                    analysed = int(done);
                else
                    lastPairs = done;
            });
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(analysed, 8);
        QCOMPARE(lastPairs, pairsOf(report->photosUsed));
        const CalibrationSource& source = report->calibration.source();
        QCOMPARE(source.modelId, DescriptorModelKey::of(*models(), DescriptorMode::Plain));
        QVERIFY(source.modelId.endsWith(QStringLiteral("/plain")));
        QCOMPARE(source.dataset, o.dataset);
        QVERIFY2(source.provenance.contains(
                     QStringLiteral("Every pair of the %1 photos").arg(report->photosUsed)),
                 qPrintable(source.provenance));
        QVERIFY(source.provenance.contains(QStringLiteral("test_calibration_builder")));
        QVERIFY(!report->facecaseVersion.isEmpty());
        QVERIFY(source.provenance.contains(
            QStringLiteral("(FaceCase %1)").arg(report->facecaseVersion)));
        QCOMPARE(report->descriptorMode, QStringLiteral("plain"));

        // What save() writes is a calibration file ScoreCalibration reads, details and all.
        const QString path = m_dir.filePath(QStringLiteral("small.json"));
        QVERIFY(report->save(path).ok());
        auto loaded = BuiltInCalibration::fromFile(path, source.modelId);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->impostorPairs(), report->calibration.impostorPairs());
        QCOMPARE(loaded->source().provenance, source.provenance);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray field = "\"photos_used\": " + QByteArray::number(report->photosUsed);
        QVERIFY(file.readAll().contains(field));
    }

    void refusesSetsItCannotCalibrate() {
        auto missing = CalibrationBuilder::run(models(), [&] {
            auto o = options();
            o.labeledRoot = m_dir.filePath(QStringLiteral("missing"));
            return o;
        }());
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);

        const QString one = m_dir.filePath(QStringLiteral("one-person"));
        QVERIFY(!linkSubset(one, 1, 0, 3).empty());
        auto onePerson = CalibrationBuilder::run(models(), [&] {
            auto o = options();
            o.labeledRoot = one;
            return o;
        }());
        QVERIFY(!onePerson.ok());
        QCOMPARE(onePerson.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(onePerson.errorMessage().contains(QStringLiteral("at least two people")),
                 qPrintable(onePerson.errorMessage()));

        const std::atomic_bool cancel{true};
        auto cancelled = CalibrationBuilder::run(models(), options(), {}, &cancel);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().kind, Error::Kind::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestCalibrationBuilder)
#include "test_calibration_builder.moc"
