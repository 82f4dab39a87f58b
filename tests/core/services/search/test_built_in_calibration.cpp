// The calibration tables compiled into core: present in this executable (Qt resources from a
// static library), one per descriptor model key, loaded exactly as their files say, with the
// provenance and counts of the full LFW dev-test run that made them.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "services/search/built_in_calibration.h"
#include "services/pipeline/descriptor_model_key.h"

using namespace facecase;

namespace {

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QStringList resourceFiles() {
    const QDir dir(BuiltInCalibration::resourceDirectory());
    QStringList paths;
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    return paths;
}

qint64 pairsOf(qint64 n) {
    return n * (n - 1) / 2;
}

}  // namespace

class TestBuiltInCalibration : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void oneTablePerDescriptorMode() {
        const QStringList files = resourceFiles();
        QCOMPARE(files.size(), 2);
        const QStringList keys = BuiltInCalibration::models();
        QCOMPARE(keys.size(), 2);
        QVERIFY2(keys[0].endsWith(QStringLiteral("/flip-averaged")), qPrintable(keys[0]));
        QVERIFY2(keys[1].endsWith(QStringLiteral("/plain")), qPrintable(keys[1]));
        // Same network, two modes.
        QCOMPARE(keys[0].section(QLatin1Char('/'), 0, -2),
                 keys[1].section(QLatin1Char('/'), 0, -2));
    }

    // The keys the running models produce are the keys the tables are for: a new network (or
    // new weights) must come with new tables, and this fails until it does.
    void tablesForTheInstalledModels() {
        auto models = FaceModels::loadDefault();
        if (!models)
            QSKIP("face models not found: run installer/setup.sh or set FACECASE_MODEL_DIR");
        for (DescriptorMode mode : {DescriptorMode::FlipAveraged, DescriptorMode::Plain}) {
            const QString key = DescriptorModelKey::of(**models, mode);
            auto table = BuiltInCalibration::forModel(key);
            QVERIFY2(table.ok(), qPrintable(table.errorMessage()));
            QCOMPARE(table->source().modelId, key);
        }
    }

    void loadsWhatTheFileSays_data() {
        QTest::addColumn<QString>("path");
        for (const QString& path : resourceFiles())
            QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
    }
    void loadsWhatTheFileSays() {
        QFETCH(QString, path);
        const QJsonObject json = readJson(path);
        QCOMPARE(json.value(QStringLiteral("format")).toString(),
                 QStringLiteral("facecase-score-calibration"));
        auto table = BuiltInCalibration::forModel(json.value(QStringLiteral("model")).toString());
        QVERIFY2(table.ok(), qPrintable(table.errorMessage()));
        const CalibrationSource& source = table->source();
        QCOMPARE(source.provenance, json.value(QStringLiteral("provenance")).toString());
        QCOMPARE(source.dataset, json.value(QStringLiteral("dataset")).toString());
        QCOMPARE(source.created.toString(Qt::ISODate),
                 json.value(QStringLiteral("created")).toString());
        QCOMPARE(table->impostorPairs(), json.value(QStringLiteral("impostor_pairs")).toInteger());
        QCOMPARE(table->genuinePairs(), json.value(QStringLiteral("genuine_pairs")).toInteger());
        QCOMPARE(qsizetype(table->table().size()),
                 json.value(QStringLiteral("table")).toArray().size());
        const QJsonArray thresholds = json.value(QStringLiteral("thresholds")).toArray();
        QCOMPARE(qsizetype(table->thresholds().size()), thresholds.size());
        for (qsizetype i = 0; i < thresholds.size(); ++i) {
            const QJsonObject t = thresholds[i].toObject();
            QCOMPARE(table->thresholds()[std::size_t(i)].distance,
                     t.value(QStringLiteral("distance")).toDouble());
            QCOMPARE(table->thresholds()[std::size_t(i)].genuineMatchRate,
                     t.value(QStringLiteral("genuine_match_rate")).toDouble());
        }
    }

    // The provenance the file states is that of the whole LFW dev-test set, every pair.
    void provenanceIsTheFullLfwRun_data() { loadsWhatTheFileSays_data(); }
    void provenanceIsTheFullLfwRun() {
        QFETCH(QString, path);
        const QJsonObject json = readJson(path);
        const QJsonObject details = json.value(QStringLiteral("details")).toObject();
        const int photos = details.value(QStringLiteral("photos")).toInt();
        const int used = details.value(QStringLiteral("photos_used")).toInt();
        const QJsonArray left =
            details.value(QStringLiteral("photos_without_descriptor")).toArray();
        QCOMPARE(photos, 3708);
        QCOMPARE(details.value(QStringLiteral("identities")).toInt(), 1711);
        QCOMPARE(used + int(left.size()), photos);
        QVERIFY(left.size() <= photos / 100);  // dlib's HOG misses ~0.6% of LFW faces, not more
        QCOMPARE(json.value(QStringLiteral("impostor_pairs")).toInteger() +
                     json.value(QStringLiteral("genuine_pairs")).toInteger(),
                 pairsOf(used));
        QCOMPARE(details.value(QStringLiteral("pair_selection"))
                     .toString()
                     .section(QLatin1Char(':'), 0, 0),
                 QStringLiteral("all"));
        const QString command = details.value(QStringLiteral("command")).toString();
        QVERIFY2(command.startsWith(QStringLiteral("facecase-cli calibrate --labeled ")) &&
                     command.contains(QStringLiteral("lfw-devtest/images")),
                 qPrintable(command));
        const QString mode = details.value(QStringLiteral("descriptor_mode")).toString();
        QVERIFY(json.value(QStringLiteral("model")).toString().endsWith(QLatin1Char('/') + mode));
        QVERIFY(!details.value(QStringLiteral("facecase_version")).toString().isEmpty());
        const QString provenance = json.value(QStringLiteral("provenance")).toString();
        QVERIFY(provenance.contains(command));
        QVERIFY(provenance.contains(QLocale(QLocale::English).toString(used)));
        QVERIFY(json.value(QStringLiteral("dataset")).toString().contains(QStringLiteral("LFW")));
    }

    // 6.8 million different-person pairs reach FMR 1e-6; the thresholds are where dlib's ResNet
    // puts them, and the genuine match rate falls with the distance.
    void thresholdsArePlausible_data() { loadsWhatTheFileSays_data(); }
    void thresholdsArePlausible() {
        QFETCH(QString, path);
        auto table =
            BuiltInCalibration::forModel(readJson(path).value(QStringLiteral("model")).toString());
        QVERIFY(table.ok());
        QCOMPARE(table->thresholds().size(), std::size_t(6));
        const auto at1e3 = table->thresholdFor(1e-3);
        QVERIFY(at1e3);
        QVERIFY2(at1e3->distance > 0.45 && at1e3->distance < 0.65,
                 qPrintable(QString::number(at1e3->distance)));
        QVERIFY(at1e3->genuineMatchRate > 0.7);
        for (std::size_t i = 1; i < table->thresholds().size(); ++i) {
            QVERIFY(table->thresholds()[i].distance <= table->thresholds()[i - 1].distance);
            QVERIFY(table->thresholds()[i].genuineMatchRate <=
                    table->thresholds()[i - 1].genuineMatchRate);
        }
        // The table reproduces its own thresholds: FMR at the 1e-3 distance is ~1e-3.
        const double fmr = table->fmrAt(at1e3->distance).fmr;
        QVERIFY2(fmr > 0.5e-3 && fmr < 2e-3, qPrintable(QString::number(fmr)));
    }

    void unknownModelIsNotFound() {
        auto table =
            BuiltInCalibration::forModel(QStringLiteral("some-other-net/v2/flip-averaged"));
        QVERIFY(!table.ok());
        QCOMPARE(table.error().kind, Error::Kind::NotFound);
        QVERIFY(
            table.errorMessage().contains(QStringLiteral("\"some-other-net/v2/flip-averaged\"")));
        // Names what there is, and what to do.
        QVERIFY(table.errorMessage().contains(BuiltInCalibration::models().first()));
        QVERIFY(table.errorMessage().contains(QStringLiteral("facecase-cli calibrate")));
    }

    void userFileMustMatchTheModel() {
        const QString shipped = resourceFiles().first();
        const QString key = readJson(shipped).value(QStringLiteral("model")).toString();
        const QString copy = m_dir.filePath(QStringLiteral("mine.json"));
        QVERIFY(QFile::copy(shipped, copy));
        auto mine = BuiltInCalibration::fromFile(copy, key);
        QVERIFY2(mine.ok(), qPrintable(mine.errorMessage()));
        auto viaSelect = BuiltInCalibration::select(key, copy);
        QVERIFY(viaSelect.ok());
        QCOMPARE(viaSelect->impostorPairs(), mine->impostorPairs());
        auto builtIn = BuiltInCalibration::select(key);
        QVERIFY(builtIn.ok());
        QCOMPARE(builtIn->source().provenance, mine->source().provenance);

        auto wrong = BuiltInCalibration::fromFile(copy, QStringLiteral("other-model/plain"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().kind, Error::Kind::InvalidInput);
        QVERIFY(wrong.errorMessage().contains(key));
        auto missing = BuiltInCalibration::select(key, m_dir.filePath(QStringLiteral("none.json")));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestBuiltInCalibration)
#include "test_built_in_calibration.moc"
