// End-to-end `facecase-cli search` on real photos: a gallery of eight people (four photos each)
// enrolled from a folder, searched with their fifth photo and a group photo. The JSON contract of
// docs/cli.md, face choice, probe lists, text output and every usage error.
#include "support/test_data.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"

using namespace facecase;
using test::CliRun;
using test::jsonLines;
using test::runCli;

namespace {
const QStringList kPeople{QStringLiteral("amy"),     QStringLiteral("bernadette"),
                          QStringLiteral("howard"),  QStringLiteral("leonard"),
                          QStringLiteral("penny"),   QStringLiteral("raj"),
                          QStringLiteral("sheldon"), QStringLiteral("stuart")};

QString samples(const QString& relative) {
    return test::testDataPath(QStringLiteral("detection/face-api-samples/images/") + relative);
}
}  // namespace

class TestCliSearch : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_workspace;

    QStringList searchArgs(const QStringList& extra) const {
        return QStringList{QStringLiteral("search"), QStringLiteral("--workspace"), m_workspace,
                           QStringLiteral("--gallery"), QStringLiteral("bbt"), QStringLiteral("--case"),
                           QStringLiteral("S-1"), QStringLiteral("--probe-kind"), QStringLiteral("camera_photo")} +
               extra;
    }

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        // Photos 1-4 of each person form the gallery; photo 5 is the probe.
        const QDir root(m_dir.path());
        for (const QString& person : kPeople) {
            QVERIFY(root.mkpath(QStringLiteral("gallery/") + person));
            for (int i = 1; i <= 4; ++i) {
                const QString name = QStringLiteral("%1%2.png").arg(person).arg(i);
                QVERIFY(QFile::link(samples(person + QLatin1Char('/') + name),
                                    root.filePath(QStringLiteral("gallery/%1/%2").arg(person, name))));
            }
        }
        m_workspace = root.filePath(QStringLiteral("ws"));
        const CliRun enroll = runCli({QStringLiteral("enroll"), QStringLiteral("--workspace"), m_workspace,
                                      QStringLiteral("--gallery"), QStringLiteral("bbt"), QStringLiteral("--folder"),
                                      root.filePath(QStringLiteral("gallery"))}, 300'000);
        QVERIFY2(enroll.exitCode == 0, enroll.err.constData());
        // No search without an open case (issue 6): every search here is for this one.
        const CliRun created = runCli({QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--workspace"),
                                       m_workspace, QStringLiteral("--number"), QStringLiteral("S-1"),
                                       QStringLiteral("--purpose"), QStringLiteral("Search tests")});
        QVERIFY2(created.exitCode == 0, created.err.constData());
    }

    void jsonLineCarriesTheDocumentedFields() {
        const CliRun run = runCli(searchArgs({QStringLiteral("--json"), QStringLiteral("--k"), QStringLiteral("5"),
                                              samples(QStringLiteral("sheldon/sheldon5.png"))}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto lines = jsonLines(run.out);
        QCOMPARE(lines.size(), 1);
        const QJsonObject& line = lines.front();
        QCOMPARE(line.value(QStringLiteral("probe")).toString(), samples(QStringLiteral("sheldon/sheldon5.png")));
        QCOMPARE(line.value(QStringLiteral("face")).toInt(), 1);
        QCOMPARE(line.value(QStringLiteral("gallery")).toString(), QStringLiteral("bbt"));
        QCOMPARE(line.value(QStringLiteral("gallery_size")).toInt(), 32);
        QCOMPARE(line.value(QStringLiteral("probe_sha256")).toString().size(), 64);
        QVERIFY(line.value(QStringLiteral("model")).toString().endsWith(QStringLiteral("/flip-averaged")));
        QCOMPARE(line.value(QStringLiteral("method")).toString(), QStringLiteral("exact"));
        const QJsonArray candidates = line.value(QStringLiteral("candidates")).toArray();
        QCOMPARE(candidates.size(), 5);  // the policy's shortest list
        double previous = 0;
        for (int i = 0; i < candidates.size(); ++i) {
            const QJsonObject c = candidates[i].toObject();
            QCOMPARE(c.value(QStringLiteral("rank")).toInt(), i + 1);
            const double distance = c.value(QStringLiteral("distance")).toDouble();
            QVERIFY(distance >= previous);
            previous = distance;
            for (const char* key : {"fmr", "subject_id", "image_path", "image_sha256", "imported_at", "job_id"})
                QVERIFY2(c.contains(QLatin1String(key)), key);
            QCOMPARE(c.value(QStringLiteral("image_sha256")).toString().size(), 64);
            // The shipped LFW table gives every distance a rate; FMR x N false candidates.
            const double fmr = c.value(QStringLiteral("fmr")).toDouble(-1);
            QVERIFY2(fmr > 0 && fmr <= 1, qPrintable(QString::number(fmr)));
            QVERIFY(qAbs(c.value(QStringLiteral("expected_false_candidates")).toDouble() - fmr * 32) < 1e-9);
            QVERIFY(QFile::exists(c.value(QStringLiteral("image_path")).toString()));
        }
        // Sheldon's four gallery photos are his nearest faces.
        QCOMPARE(candidates[0].toObject().value(QStringLiteral("subject_id")).toString(), QStringLiteral("sheldon"));
        QVERIFY(candidates[0].toObject().value(QStringLiteral("distance")).toDouble() < 0.5);
    }

    // Every face of a group photo is searched unless one is chosen.
    void groupPhotoFaces() {
        const QString group = samples(QStringLiteral("bbt1.jpg"));
        const CliRun detect = runCli({QStringLiteral("detect"), QStringLiteral("--json"), group});
        QVERIFY2(detect.exitCode == 0, detect.err.constData());
        const int faces = int(jsonLines(detect.out).front().value(QStringLiteral("faces")).toArray().size());
        QVERIFY(faces >= 3);

        const CliRun all = runCli(searchArgs({QStringLiteral("--json"), group}));
        QVERIFY2(all.exitCode == 0, all.err.constData());
        const auto lines = jsonLines(all.out);
        QCOMPARE(lines.size(), faces);
        for (int i = 0; i < faces; ++i) {
            QCOMPARE(lines[i].value(QStringLiteral("face")).toInt(), i + 1);
            QCOMPARE(lines[i].value(QStringLiteral("faces_in_probe")).toInt(), faces);
            QCOMPARE(lines[i].value(QStringLiteral("candidates")).toArray().size(), 20);
        }

        const CliRun second = runCli(searchArgs({QStringLiteral("--json"), QStringLiteral("--face"), QStringLiteral("2"), group}));
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QCOMPARE(jsonLines(second.out).size(), 1);
        QCOMPARE(jsonLines(second.out).front().value(QStringLiteral("face")).toInt(), 2);

        const CliRun missing = runCli(searchArgs({QStringLiteral("--json"), QStringLiteral("--face"), QString::number(faces + 1), group}));
        QCOMPARE(missing.exitCode, 1);
        const QJsonObject error = jsonLines(missing.out).front();
        QVERIFY2(error.value(QStringLiteral("error")).toString().contains(QStringLiteral("no face %1").arg(faces + 1)),
                 qPrintable(error.value(QStringLiteral("error")).toString()));
    }

    // A probe list: relative paths, comments and blank lines; results in list order; a bad
    // probe is reported (when it is taken in as evidence, before any search) and the others
    // are still searched.
    void probeListKeepsOrderAndGoesOnPastBadProbes() {
        const QDir root(m_dir.path());
        QVERIFY(root.mkpath(QStringLiteral("probes")));
        for (const QString& person : {QStringLiteral("raj"), QStringLiteral("amy")})
            QVERIFY(QFile::link(samples(person + QLatin1Char('/') + person + QStringLiteral("5.png")),
                                root.filePath(QStringLiteral("probes/%1.png").arg(person))));
        QFile broken(root.filePath(QStringLiteral("probes/broken.jpg")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("\xFF\xD8\xFF\xE0 not really a JPEG");
        broken.close();
        QFile list(root.filePath(QStringLiteral("probes/list.txt")));
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write("# probes for case 42\nraj.png\n\nbroken.jpg\n  amy.png  \n");
        list.close();

        const CliRun run = runCli(searchArgs({QStringLiteral("--json"), QStringLiteral("--probes-from"),
                                              list.fileName()}));
        QCOMPARE(run.exitCode, 1);  // one probe could not be used
        const auto lines = jsonLines(run.out);
        QCOMPARE(lines.size(), 3);
        // Error lines name the probe under the same key as result lines.
        QVERIFY(lines[0].value(QStringLiteral("probe")).toString().endsWith(QStringLiteral("broken.jpg")));
        QVERIFY(!lines[0].contains(QStringLiteral("path")));
        QVERIFY(lines[0].contains(QStringLiteral("error")));
        QVERIFY(lines[1].value(QStringLiteral("probe")).toString().endsWith(QStringLiteral("raj.png")));
        QCOMPARE(lines[1].value(QStringLiteral("candidates")).toArray()[0].toObject().value(QStringLiteral("subject_id")).toString(), QStringLiteral("raj"));
        QCOMPARE(lines[2].value(QStringLiteral("candidates")).toArray()[0].toObject().value(QStringLiteral("subject_id")).toString(), QStringLiteral("amy"));

        const CliRun noList = runCli(searchArgs({QStringLiteral("--probes-from"), root.filePath(QStringLiteral("nope.txt"))}));
        QCOMPARE(noList.exitCode, 6);  // nothing searched
        QVERIFY2(noList.err.contains("nope.txt"), noList.err.constData());
    }

    // A face the policy refuses (a background face 18.6 px between the eyes, below the default
    // 20 px) in the middle of a batch is that face's result: an error line naming the probe and
    // the face, a search_refused audit record, and the batch goes on with the probe's other face
    // and the next probes. Exit code 1: done, some items not.
    void refusedFaceInTheMiddleDoesNotStopTheBatch() {
        const QDir root(m_dir.path());
        QVERIFY(root.mkpath(QStringLiteral("batch")));
        const QString crowd = test::testDataPath(QStringLiteral(
            "detection/wider-val/images/13--Interview/13_Interview_Interview_2_People_Visible_13_254.jpg"));
        QVERIFY2(QFile::exists(crowd), qPrintable(crowd));
        QFile list(root.filePath(QStringLiteral("batch/list.txt")));
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write((samples(QStringLiteral("raj/raj5.png")) + QLatin1Char('\n') + crowd + QLatin1Char('\n') +
                    samples(QStringLiteral("amy/amy5.png")) + QLatin1Char('\n')).toUtf8());
        list.close();

        const CliRun run = runCli(searchArgs({QStringLiteral("--json"), QStringLiteral("--probes-from"), list.fileName()}));
        QVERIFY2(run.exitCode == 1, run.err.constData());
        const auto lines = jsonLines(run.out);
        QCOMPARE(lines.size(), 4);  // raj, the crowd's two faces (one searched, one refused), amy
        QVERIFY(lines[0].value(QStringLiteral("probe")).toString().endsWith(QStringLiteral("raj5.png")));
        QVERIFY(lines[0].contains(QStringLiteral("candidates")));
        int refusedFace = 0;
        int searched = 0;
        for (int i : {1, 2}) {
            QCOMPARE(lines[i].value(QStringLiteral("probe")).toString(), crowd);
            if (lines[i].contains(QStringLiteral("error"))) {
                refusedFace = lines[i].value(QStringLiteral("face")).toInt();
                QVERIFY2(lines[i].value(QStringLiteral("error")).toString().contains(QStringLiteral("too small to search")),
                         qPrintable(lines[i].value(QStringLiteral("error")).toString()));
            } else {
                ++searched;
                QCOMPARE(lines[i].value(QStringLiteral("candidates")).toArray().size(), 20);
            }
        }
        QCOMPARE(searched, 1);
        QVERIFY(refusedFace >= 1);
        QVERIFY(lines[3].value(QStringLiteral("probe")).toString().endsWith(QStringLiteral("amy5.png")));
        QCOMPARE(lines[3].value(QStringLiteral("candidates")).toArray()[0].toObject().value(QStringLiteral("subject_id")).toString(),
                 QStringLiteral("amy"));

        // The refusal is on record, naming the probe's evidence and the face.
        const QString crowdSha = lines[1].value(QStringLiteral("probe_sha256")).toString() +
                                 lines[2].value(QStringLiteral("probe_sha256")).toString();
        const CliRun audit = runCli({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--workspace"),
                                     m_workspace, QStringLiteral("--case"), QStringLiteral("S-1"),
                                     QStringLiteral("--format"), QStringLiteral("jsonl")});
        QVERIFY2(audit.exitCode == 0, audit.err.constData());
        bool recorded = false;
        for (const QJsonObject& record : jsonLines(audit.out)) {
            const QJsonObject details = record.value(QStringLiteral("details")).toObject();
            if (record.value(QStringLiteral("action")).toString() == QLatin1String("search_refused") &&
                details.value(QStringLiteral("face_index")).toInt() == refusedFace &&
                !details.value(QStringLiteral("probe_sha256")).toString().isEmpty() &&
                crowdSha.contains(details.value(QStringLiteral("probe_sha256")).toString()))
                recorded = true;
        }
        QVERIFY2(recorded, audit.out.right(2000).constData());
    }

    void textOutputStatesNAndLeadsOnly() {
        const CliRun run = runCli(searchArgs({QStringLiteral("--k"), QStringLiteral("5"), samples(QStringLiteral("penny/penny5.png"))}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.contains(QStringLiteral("N = 32 faces")), run.out.constData());
        QVERIFY(out.contains(QStringLiteral("investigative leads only")));
        QVERIFY(out.contains(QStringLiteral("penny")));
        // Her four gallery photos are among the five candidates.
        QCOMPARE(out.count(QRegularExpression(QStringLiteral("penny/penny[1-4]\\.png"))), 4);
    }

    void usageAndInputErrors() {
        const QString probe = samples(QStringLiteral("amy/amy5.png"));
        struct Case {
            QStringList args;
            int exitCode;
            QString message;
        };
        const QList<Case> cases{
            {{QStringLiteral("search"), QStringLiteral("--workspace"), m_workspace, probe}, 2, QStringLiteral("--gallery")},
            {searchArgs({}), 2, QStringLiteral("PROBE")},
            {searchArgs({QStringLiteral("--k"), QStringLiteral("0"), probe}), 2, QStringLiteral("--k")},
            // Refused as a whole batch before anything is copied: exit 6, nothing done.
            {searchArgs({QStringLiteral("--k"), QStringLiteral("5000"), probe}), 6,
             QStringLiteral("a candidate list of 5000 is outside the policy's 5 to 100")},
            {searchArgs({QStringLiteral("--k"), QStringLiteral("1"), probe}), 6,
             QStringLiteral("never a single match")},
            {{QStringLiteral("search"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--gallery"),
              QStringLiteral("bbt"), probe},
             2, QStringLiteral("search needs --case NUMBER")},
            {{QStringLiteral("search"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--gallery"),
              QStringLiteral("bbt"), QStringLiteral("--case"), QStringLiteral("S-404"), probe},
             6, QStringLiteral("S-404")},
            {searchArgs({QStringLiteral("--face"), QStringLiteral("left"), probe}), 2, QStringLiteral("\"left\"")},
            {{QStringLiteral("search"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--gallery"),
              QStringLiteral("Parolees"), QStringLiteral("--case"), QStringLiteral("S-1"), probe},
             6, QStringLiteral("\"Parolees\"")},
            {searchArgs({QStringLiteral("--descriptor-mode"), QStringLiteral("plain"), probe}), 6, QStringLiteral("/plain")},
            {searchArgs({QStringLiteral("--calibration"), m_dir.filePath(QStringLiteral("none.json")), probe}), 6, QStringLiteral("none.json")},
        };
        for (const Case& c : cases) {
            const CliRun run = runCli(c.args);
            QVERIFY2(run.exitCode == c.exitCode,
                     qPrintable(c.args.join(QLatin1Char(' ')) + QStringLiteral(" -> %1: ").arg(run.exitCode) + QString::fromUtf8(run.err)));
            QVERIFY2(QString::fromUtf8(run.err).contains(c.message),
                     qPrintable(c.args.join(QLatin1Char(' ')) + QStringLiteral(": ") + QString::fromUtf8(run.err)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliSearch)
#include "test_cli_search.moc"
