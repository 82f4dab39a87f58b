// End-to-end `facecase-cli calibrate` on a small labeled set of real LFW photos (12 people): the
// file it writes, its --json and text output, the built-in table it compares with (which proves
// the tables compiled into core reach the CLI), and the inputs it must refuse, with exit codes
// and messages (docs/cli.md).
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"
#include "matching/score_calibration.h"
#include "support/test_data.h"

using namespace facecase;

namespace {
using Run = test::CliRun;
Run cli(const QStringList& args) {
    return test::runCli(args, 120'000);
}

qint64 pairsOf(qint64 n) {
    return n * (n - 1) / 2;
}

// The first `multi` LFW dev-test people with two photos or more (at most three of them linked)
// and the first `single` with one, linked into `target`. Returns photos linked per person.
QMap<QString, int> linkPeople(const QString& target, int multi, int single) {
    QMap<QString, int> linked;
    const QDir images(test::testDataPath(QStringLiteral("lfw-devtest/images")));
    for (const QString& person : images.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QStringList photos =
            QDir(images.filePath(person))
                .entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name);
        int& quota = photos.size() >= 2 ? multi : single;
        if (quota == 0) continue;
        --quota;
        QDir(target).mkpath(person);
        for (const QString& p : photos.mid(0, 3))
            QFile::link(images.filePath(person + QLatin1Char('/') + p),
                        QDir(target).filePath(person + QLatin1Char('/') + p));
        linked[person] = int(std::min<qsizetype>(photos.size(), 3));
        if (multi == 0 && single == 0) break;
    }
    return linked;
}
}  // namespace

class TestCliCalibrate : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_set;
    QMap<QString, int> m_people;

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        m_set = m_dir.filePath(QStringLiteral("labeled"));
        m_people = linkPeople(m_set, 8, 4);
        QCOMPARE(m_people.size(), 12);
    }

    void jsonRunWritesACalibrationFile() {
        const QString out = m_dir.filePath(QStringLiteral("flip.json"));
        const Run run = cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"), m_set,
                             QStringLiteral("--out"), out, QStringLiteral("--threads"),
                             QStringLiteral("2"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto lines = test::jsonLines(run.out);
        QCOMPARE(lines.size(), 1);
        const QJsonObject r = lines[0];

        int photos = 0;
        for (int n : m_people) photos += n;
        QCOMPARE(r.value(QStringLiteral("photos")).toInt(), photos);
        QCOMPARE(r.value(QStringLiteral("identities")).toInt(), 12);
        const int used = r.value(QStringLiteral("photos_used")).toInt();
        const QJsonArray without = r.value(QStringLiteral("photos_without_descriptor")).toArray();
        QCOMPARE(used + int(without.size()), photos);
        // Genuine pairs recounted from the folders, less the photos named as without a face.
        QMap<QString, int> usedPerPerson = m_people;
        for (const QJsonValue& p : without)
            usedPerPerson[p.toString().section(QLatin1Char('/'), 0, 0)] -= 1;
        qint64 genuine = 0;
        for (int n : usedPerPerson) genuine += pairsOf(n);
        QCOMPARE(r.value(QStringLiteral("genuine_pairs")).toInteger(), genuine);
        QCOMPARE(r.value(QStringLiteral("impostor_pairs")).toInteger(), pairsOf(used) - genuine);
        QVERIFY(
            r.value(QStringLiteral("model")).toString().endsWith(QStringLiteral("/flip-averaged")));
        QCOMPARE(r.value(QStringLiteral("descriptor_mode")).toString(),
                 QStringLiteral("flip-averaged"));
        QCOMPARE(r.value(QStringLiteral("out")).toString(), out);
        QVERIFY(r.value(QStringLiteral("seconds")).toDouble() > 0);
        // ~500 impostor pairs: FMR 1e-1 and 1e-2 only.
        const QJsonArray thresholds = r.value(QStringLiteral("thresholds")).toArray();
        QCOMPARE(thresholds.size(), 2);
        QCOMPARE(thresholds[0].toObject().value(QStringLiteral("fmr")).toDouble(), 0.1);
        QVERIFY(thresholds[1].toObject().value(QStringLiteral("distance")).toDouble() <
                thresholds[0].toObject().value(QStringLiteral("distance")).toDouble());

        // The built-in table of the same model reached the CLI through core's Qt resources.
        const QJsonObject builtIn = r.value(QStringLiteral("built_in")).toObject();
        QVERIFY2(
            builtIn.value(QStringLiteral("dataset")).toString().contains(QStringLiteral("LFW")),
            qPrintable(QString::fromUtf8(QJsonDocument(r).toJson())));
        QCOMPARE(builtIn.value(QStringLiteral("thresholds")).toArray().size(), 6);

        // The file: a calibration ScoreCalibration reads, with the same numbers and provenance.
        auto file = ScoreCalibration::load(out);
        QVERIFY2(file.ok(), qPrintable(file.errorMessage()));
        QCOMPARE(file->impostorPairs(), pairsOf(used) - genuine);
        QCOMPARE(file->genuinePairs(), genuine);
        QCOMPARE(file->source().modelId, r.value(QStringLiteral("model")).toString());
        QCOMPARE(file->source().dataset, m_set);  // no --dataset: the folder as given
        QVERIFY(file->source().provenance.contains(
            QStringLiteral("`facecase-cli calibrate --labeled ") + m_set));
        QCOMPARE(file->thresholds().size(), std::size_t(2));
    }

    void textRunPrintsTheTable() {
        const QString out = m_dir.filePath(QStringLiteral("plain.json"));
        const Run run = cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"), m_set,
                             QStringLiteral("--out"), out, QStringLiteral("--descriptor-mode"),
                             QStringLiteral("plain"), QStringLiteral("--dataset"),
                             QStringLiteral("twelve LFW people")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString text = QString::fromUtf8(run.out);
        QVERIFY2(text.contains(QStringLiteral("/plain on twelve LFW people")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Photos used: ")));
        QVERIFY(text.contains(QStringLiteral(" different-person (impostor), ")));
        QVERIFY(text.contains(QStringLiteral("  1e-1   0.")));
        QVERIFY(text.contains(
            QStringLiteral("  1e-3   -         (needs at least 1,000 impostor pairs)")));
        QVERIFY(text.contains(QStringLiteral("Built-in table of this model (LFW")));
        QVERIFY(text.contains(QStringLiteral("Wrote ") + out));
        QVERIFY(text.contains(QStringLiteral("Elapsed: ")));
        auto file = ScoreCalibration::load(out);
        QVERIFY(file.ok());
        QVERIFY(file->source().modelId.endsWith(QStringLiteral("/plain")));
        QCOMPARE(file->source().dataset, QStringLiteral("twelve LFW people"));
    }

    void usageErrorsExitTwo() {
        const Run none = cli({QStringLiteral("calibrate")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains("calibrate needs --labeled DIR and --out FILE"));
        const Run noOut = cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"), m_set});
        QCOMPARE(noOut.exitCode, 2);
        const Run mode = cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"), m_set,
                              QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x.json")),
                              QStringLiteral("--descriptor-mode"), QStringLiteral("mirror")});
        QCOMPARE(mode.exitCode, 2);
        QVERIFY(mode.err.contains("--descriptor-mode is plain or flip, not \"mirror\""));
        const Run threads = cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"), m_set,
                                 QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x.json")),
                                 QStringLiteral("--threads"), QStringLiteral("0")});
        QCOMPARE(threads.exitCode, 2);
        const Run help = cli({QStringLiteral("calibrate"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--labeled <dir>"));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.json"))));
    }

    void badInputExitsOneAndWritesNothing() {
        const QString out = m_dir.filePath(QStringLiteral("never.json"));
        const auto calibrate = [&](const QString& labeled, const QString& to) {
            return cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"), labeled,
                        QStringLiteral("--out"), to});
        };
        const QString missing = m_dir.filePath(QStringLiteral("no-such-folder"));
        const Run noFolder = calibrate(missing, out);
        QCOMPARE(noFolder.exitCode, 1);
        QVERIFY2(noFolder.err.contains(
                     (missing + QStringLiteral(": labeled photo folder not found")).toUtf8()),
                 noFolder.err.constData());

        // A folder with a stray file and an empty sub-folder, but no <identity>/<photo>.
        const QString empty = m_dir.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty + QStringLiteral("/nobody")));
        QFile stray(empty + QStringLiteral("/notes.txt"));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.write("not a photo");
        stray.close();
        const Run noIdentities = calibrate(empty, out);
        QCOMPARE(noIdentities.exitCode, 1);
        QVERIFY2(noIdentities.err.contains("no identity folders with photos"),
                 noIdentities.err.constData());

        // One person: photos, but no different-person pair.
        const QString one = m_dir.filePath(QStringLiteral("one"));
        QVERIFY(QDir().mkpath(one));
        const QString person = m_people.firstKey();
        QVERIFY(QFile::link(QDir(m_set).filePath(person), QDir(one).filePath(person)));
        const Run onePerson = calibrate(one, out);
        QCOMPARE(onePerson.exitCode, 1);
        QVERIFY2(onePerson.err.contains("needs photos of at least two people"),
                 onePerson.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    // --out is checked before the photos are analysed, so a typo costs seconds, not a run:
    // here with all 3,708 LFW photos, minutes of analysis if the check came after it. Proved by
    // order, not time: with face models that cannot load (a run would stop there, exit code 3,
    // before its first photo), the --out refusal still comes, so it came before both.
    void unwritableOutputIsRefusedUpFront() {
        const QByteArray savedModel = qgetenv("FACECASE_LANDMARK_MODEL");
        qputenv("FACECASE_LANDMARK_MODEL", "/nonexistent/landmarks.dat");
        const Run noFolder =
            cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"),
                 test::testDataPath(QStringLiteral("lfw-devtest/images")), QStringLiteral("--out"),
                 m_dir.filePath(QStringLiteral("missing/calibration.json"))});
        const Run noModels =
            cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"), m_set, QStringLiteral("--out"),
                 m_dir.filePath(QStringLiteral("never-written.json"))});
        if (savedModel.isNull())
            qunsetenv("FACECASE_LANDMARK_MODEL");
        else
            qputenv("FACECASE_LANDMARK_MODEL", savedModel);
        QCOMPARE(noFolder.exitCode, 1);
        QVERIFY2(noFolder.err.contains("does not exist"), noFolder.err.constData());
        QVERIFY2(!noFolder.err.contains("/nonexistent/landmarks.dat"), noFolder.err.constData());
        // The control: a writable --out gets as far as the models, and no further.
        QCOMPARE(noModels.exitCode, 3);
        QVERIFY2(noModels.err.contains("/nonexistent/landmarks.dat"), noModels.err.constData());
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never-written.json"))));

        const Run isFolder = cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"), m_set,
                                  QStringLiteral("--out"), m_dir.path()});
        QCOMPARE(isFolder.exitCode, 1);
        QVERIFY(isFolder.err.contains("is a folder, not a file"));

        // sysfs refuses new files even to root; a mode-0555 folder refuses them to anyone else.
        QStringList readOnly{QStringLiteral("/sys/facecase-calibration.json")};
        if (::geteuid() != 0) {
            const QString locked = m_dir.filePath(QStringLiteral("locked"));
            QVERIFY(QDir().mkpath(locked));
            QVERIFY(QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
            readOnly << locked + QStringLiteral("/calibration.json");
        }
        for (const QString& path : readOnly) {
            const Run run = cli({QStringLiteral("calibrate"), QStringLiteral("--labeled"), m_set,
                                 QStringLiteral("--out"), path});
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.err.contains(
                         (QStringLiteral("--out ") + path + QStringLiteral(": cannot write in"))
                             .toUtf8()),
                     run.err.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestCliCalibrate)
#include "test_cli_calibrate.moc"
