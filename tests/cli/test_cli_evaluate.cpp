// End-to-end `facecase-cli evaluate` on a small labeled set of real LFW photos (30 people with
// 2-3 photos, 10 with one): the JSON report's shape and plausibility, the SVG plots parsed as
// XML, the HTML that shows them, the subgroup breakdown, and the inputs it refuses with exit
// codes (docs/evaluation.md).
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "cli_runner.h"
#include "support/test_data.h"

using namespace facecase;

namespace {
using Run = test::CliRun;
Run cli(const QStringList& args) {
    return test::runCli(args, 120'000);
}

// The first `multi` LFW dev-test people with two photos or more (at most three of them linked)
// and the first `single` with one, linked into `target`. Returns photos linked per person.
QMap<QString, int> linkPeople(const QString& target, int multi, int single) {
    QMap<QString, int> linked;
    const QDir images(test::testDataPath(QStringLiteral("lfw-devtest/images")));
    for (const QString& person : images.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QStringList photos =
            QDir(images.filePath(person)).entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name);
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

QString xmlError(const QString& path, int* polylines) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return path + QStringLiteral(": cannot open");
    QXmlStreamReader xml(&f);
    bool svgRoot = false;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        if (xml.name() == QLatin1String("svg")) svgRoot = true;
        if (xml.name() == QLatin1String("polyline")) ++*polylines;
    }
    if (xml.hasError()) return path + QStringLiteral(": ") + xml.errorString();
    return svgRoot ? QString() : path + QStringLiteral(": no <svg> element");
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
}  // namespace

class TestCliEvaluate : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_set;
    QMap<QString, int> m_people;

    QString writeFile(const QString& name, const QByteArray& text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) return {};
        return path;
    }

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        m_set = m_dir.filePath(QStringLiteral("labeled"));
        m_people = linkPeople(m_set, 30, 10);
        QCOMPARE(m_people.size(), 40);
    }

    void jsonRunWritesTheReport() {
        // Two groups, alternating by name; one identity left without a group, one unknown listed.
        QByteArray csv = "identity,group\n";
        int i = 0;
        for (const QString& person : m_people.keys().mid(1))
            csv += person.toUtf8() + (i++ % 2 ? ",g2\n" : ",g1\n");
        csv += "Nobody_In_The_Set,g1\n";
        const QString groups = writeFile(QStringLiteral("groups.csv"), csv);
        const QString out = m_dir.filePath(QStringLiteral("report"));
        QElapsedTimer clock;
        clock.start();
        const Run run = cli({QStringLiteral("evaluate"), QStringLiteral("--labeled"), m_set,
                             QStringLiteral("--out"), out, QStringLiteral("--groups"), groups,
                             QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--json")});
        qInfo("evaluate on %d people: %lld ms", int(m_people.size()), clock.elapsed());
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto lines = test::jsonLines(run.out);
        QCOMPARE(lines.size(), 1);
        const QJsonObject r = lines[0];

        // The file holds the same report as stdout (less the list of files).
        QJsonObject file = QJsonDocument::fromJson(readAll(out + QStringLiteral("/evaluation.json"))).object();
        QCOMPARE(file.value(QStringLiteral("schema")).toString(), QStringLiteral("facecase.evaluation"));
        QCOMPARE(file.value(QStringLiteral("schema_version")).toInt(), 1);
        for (const char* key : {"facecase_version", "created_utc", "command", "dataset", "model",
                                "descriptor_mode", "protocol", "acquisition", "verification",
                                "identification", "subgroups", "threshold"})
            QVERIFY2(file.contains(QLatin1String(key)), key);
        QCOMPARE(file.value(QStringLiteral("verification")), r.value(QStringLiteral("verification")));
        QCOMPARE(file.value(QStringLiteral("dataset")).toString(), QDir(m_set).absolutePath());
        QVERIFY(file.value(QStringLiteral("model")).toString().endsWith(QStringLiteral("/flip-averaged")));
        QCOMPARE(file.value(QStringLiteral("threshold")).toDouble(), 0.6);
        QVERIFY(file.value(QStringLiteral("command")).toString().startsWith(QStringLiteral("facecase-cli evaluate --labeled ")));

        int photos = 0;
        for (int n : m_people) photos += n;
        const QJsonObject acq = file.value(QStringLiteral("acquisition")).toObject();
        QCOMPARE(acq.value(QStringLiteral("identities")).toInt(), 40);
        QCOMPARE(acq.value(QStringLiteral("photos")).toInt(), photos);
        const int used = acq.value(QStringLiteral("photos_used")).toInt();
        QCOMPARE(acq.value(QStringLiteral("failure_to_acquire")).toInt(), photos - used);
        int levels = 0;
        for (const QJsonValue& v : acq.value(QStringLiteral("quality_levels")).toObject()) levels += v.toInt();
        QCOMPARE(levels, used);

        const QJsonObject v = file.value(QStringLiteral("verification")).toObject();
        const double genuine = v.value(QStringLiteral("genuine_pairs")).toDouble();
        QCOMPARE(genuine + v.value(QStringLiteral("impostor_pairs")).toDouble(), double(used) * (used - 1) / 2);
        QVERIFY(v.value(QStringLiteral("auc")).toDouble() > 0.95);
        QVERIFY(v.value(QStringLiteral("curve")).toArray().size() > 20);
        // ~5,000 impostor pairs resolve FMR 1e-2 and 1e-3, not 1e-4.
        const QJsonArray atFmr = v.value(QStringLiteral("at_fmr")).toArray();
        QCOMPARE(atFmr.size(), 2);
        QCOMPARE(atFmr[1].toObject().value(QStringLiteral("target_fmr")).toDouble(), 1e-3);
        QVERIFY(atFmr[1].toObject().value(QStringLiteral("fmr")).toDouble() <= 1e-3);
        const QJsonObject at = v.value(QStringLiteral("at_threshold")).toObject();
        QVERIFY(at.value(QStringLiteral("fmr")).toDouble() < 0.05);
        QVERIFY(at.value(QStringLiteral("fnmr")).toDouble() < 0.3);

        // 30 people with several photos: 15 held out, so N = 15 + 10 singles.
        const QJsonObject id = file.value(QStringLiteral("identification")).toObject();
        QCOMPARE(id.value(QStringLiteral("held_out_identities")).toInt(), 15);
        QCOMPARE(id.value(QStringLiteral("gallery_size")).toInt(), 25);
        QVERIFY(id.value(QStringLiteral("mated_searches")).toInt() >= 15);
        QVERIFY(id.value(QStringLiteral("non_mated_searches")).toInt() >= 30);
        const double rank1 = id.value(QStringLiteral("rank1")).toDouble();
        QVERIFY2(rank1 > 0.8, qPrintable(QString::number(rank1)));
        QVERIFY(id.value(QStringLiteral("rank10")).toDouble() >= rank1);
        const QJsonArray cmc = id.value(QStringLiteral("cmc")).toArray();
        QCOMPARE(cmc.size(), 20);
        QCOMPARE(cmc[0].toObject().value(QStringLiteral("hit_rate")).toDouble(), rank1);
        const QJsonArray fnir = id.value(QStringLiteral("fnir_at_fpir")).toArray();
        QCOMPARE(fnir.size(), 2);
        QCOMPARE(fnir[0].toObject().value(QStringLiteral("target_fpir")).toDouble(), 0.01);
        QCOMPARE(fnir[1].toObject().value(QStringLiteral("target_fpir")).toDouble(), 0.003);
        QVERIFY(!fnir[1].toObject().value(QStringLiteral("resolvable")).toBool());  // < 334 searches

        const QJsonObject sub = file.value(QStringLiteral("subgroups")).toObject();
        QCOMPARE(sub.value(QStringLiteral("identities_without_group")).toInt(), 1);
        QCOMPARE(sub.value(QStringLiteral("identities_not_in_set")).toArray(),
                 QJsonArray{QStringLiteral("Nobody_In_The_Set")});
        const QJsonArray groupList = sub.value(QStringLiteral("groups")).toArray();
        QCOMPARE(groupList.size(), 2);
        QCOMPARE(groupList[0].toObject().value(QStringLiteral("group")).toString(), QStringLiteral("g1"));
        QCOMPARE(groupList[0].toObject().value(QStringLiteral("identities")).toInt() +
                     groupList[1].toObject().value(QStringLiteral("identities")).toInt(),
                 39);
        QVERIFY(sub.contains(QStringLiteral("fmr_ratio")));
        QVERIFY(!sub.value(QStringLiteral("fmr_ratio_note")).toString().isEmpty());

        // Plots: well-formed SVG with a curve per group plus the whole set; the HTML shows them.
        for (const QString& svg : {QStringLiteral("roc.svg"), QStringLiteral("det.svg"), QStringLiteral("cmc.svg")}) {
            int polylines = 0;
            const QString error = xmlError(out + QLatin1Char('/') + svg, &polylines);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(polylines, 3);
        }
        const QString html = QString::fromUtf8(readAll(out + QStringLiteral("/evaluation.html")));
        for (const char* ref : {"src=\"roc.svg\"", "src=\"det.svg\"", "src=\"cmc.svg\"", "href=\"evaluation.json\""})
            QVERIFY2(html.contains(QLatin1String(ref)), ref);
        QVERIFY(html.contains(QStringLiteral("FNIR at FPIR 0.01")));
        QVERIFY(html.contains(QStringLiteral("<h2>Subgroups</h2>")));
        QCOMPARE(r.value(QStringLiteral("files")).toArray().size(), 5);
    }

    void textRunWithoutGroups() {
        const QString out = m_dir.filePath(QStringLiteral("plain-report"));
        const Run run = cli({QStringLiteral("evaluate"), QStringLiteral("--labeled"), m_set,
                             QStringLiteral("--out"), out, QStringLiteral("--descriptor-mode"),
                             QStringLiteral("plain"), QStringLiteral("--threshold"), QStringLiteral("0.5")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString text = QString::fromUtf8(run.out);
        QVERIFY2(text.contains(QStringLiteral("/plain on ")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("at threshold 0.5: FMR ")));
        QVERIFY(text.contains(QStringLiteral("Identification: N = 25,")));
        QVERIFY(text.contains(QStringLiteral("FNIR at FPIR 0.003: not resolvable")));
        QVERIFY(text.contains(QStringLiteral("Wrote ") + QDir(out).absoluteFilePath(QStringLiteral("evaluation.html"))));
        const QJsonObject file = QJsonDocument::fromJson(readAll(out + QStringLiteral("/evaluation.json"))).object();
        QVERIFY(file.value(QStringLiteral("subgroups")).isNull());
        QCOMPARE(file.value(QStringLiteral("threshold")).toDouble(), 0.5);
        int polylines = 0;
        QVERIFY(xmlError(out + QStringLiteral("/det.svg"), &polylines).isEmpty());
        QCOMPARE(polylines, 1);
    }

    void badInputsExitWithCodes() {
        const QString out = m_dir.filePath(QStringLiteral("never"));
        const auto evaluate = [&](QStringList extra) {
            return cli(QStringList{QStringLiteral("evaluate"), QStringLiteral("--out"), out} + extra);
        };
        const Run usage = cli({QStringLiteral("evaluate"), QStringLiteral("--labeled"), m_set});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains("evaluate needs --labeled DIR and --out DIR"));
        const Run threshold = evaluate({QStringLiteral("--labeled"), m_set, QStringLiteral("--threshold"), QStringLiteral("near")});
        QCOMPARE(threshold.exitCode, 2);
        QVERIFY(threshold.err.contains("--threshold must be a positive distance, not \"near\""));

        const QString missing = m_dir.filePath(QStringLiteral("no-such-folder"));
        const Run noFolder = evaluate({QStringLiteral("--labeled"), missing});
        QCOMPARE(noFolder.exitCode, 1);
        QVERIFY2(noFolder.err.contains((missing + QStringLiteral(": no such folder")).toUtf8()), noFolder.err.constData());

        const QString badCsv = writeFile(QStringLiteral("bad-groups.csv"), "identity,group\nA,g1\nB,g2,extra\n");
        const Run badGroups = evaluate({QStringLiteral("--labeled"), m_set, QStringLiteral("--groups"), badCsv});
        QCOMPARE(badGroups.exitCode, 1);
        QVERIFY2(badGroups.err.contains((badCsv + QStringLiteral(":3: expected 2 fields")).toUtf8()),
                 badGroups.err.constData());
        const Run noCsv = evaluate({QStringLiteral("--labeled"), m_set, QStringLiteral("--groups"),
                                    m_dir.filePath(QStringLiteral("none.csv"))});
        QCOMPARE(noCsv.exitCode, 1);

        const QString aFile = writeFile(QStringLiteral("a-file"), "x");
        const Run outIsFile = cli({QStringLiteral("evaluate"), QStringLiteral("--labeled"), m_set,
                                   QStringLiteral("--out"), aFile});
        QCOMPARE(outIsFile.exitCode, 1);
        QVERIFY(outIsFile.err.contains("is a file, not a folder"));
        QVERIFY(!QFile::exists(out));  // nothing created for refused runs
    }
};

QTEST_GUILESS_MAIN(TestCliEvaluate)
#include "test_cli_evaluate.moc"
