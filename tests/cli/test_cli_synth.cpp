// End-to-end `facecase-cli gallery synth`, `bench search` and `bench index-update` (docs/cli.md):
// a synthetic gallery is created, listed as synthetic, topped up and resumed after Ctrl-C
// without duplicates, kept apart from real photos in both directions; wrong arguments exit 2;
// the benchmarks' JSON has the documented shape.
#include "store/database_connection.h"
#include "support/test_data.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"

#include <csignal>

using namespace facecase;

namespace {
using Run = test::CliRun;
using test::jsonLines;

Run cli(const QStringList& args, int timeoutMs = 120'000) { return test::runCli(args, timeoutMs); }

QJsonObject lastJson(const Run& run) {
    const auto lines = jsonLines(run.out);
    return lines.isEmpty() ? QJsonObject() : lines.last();
}

QVariant scalar(const DatabaseConnection& db, const QString& sql) {
    QSqlQuery q(db.database());
    return q.exec(sql) && q.next() ? q.value(0) : QVariant();
}

QJsonObject galleryNamed(const QJsonObject& list, const QString& name) {
    for (const QJsonValue& g : list[QStringLiteral("galleries")].toArray())
        if (g[QStringLiteral("name")].toString() == name) return g.toObject();
    return {};
}
}  // namespace

class TestCliSynth : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_workspace;

    QStringList ws() const { return {QStringLiteral("--workspace"), m_workspace}; }
    QStringList synth(const QString& gallery, int count, const QStringList& more = {}) const {
        return QStringList{QStringLiteral("gallery"), QStringLiteral("synth"), QStringLiteral("--gallery"), gallery,
                           QStringLiteral("--count"), QString::number(count), QStringLiteral("--json")} +
               more + ws();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_workspace = m_dir.filePath(QStringLiteral("ws"));
    }

    void synthCreatesAMarkedGallery() {
        QElapsedTimer timer;
        timer.start();
        const Run run = cli(synth(QStringLiteral("Bench 20k"), 20'000));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject out = lastJson(run);
        qInfo("gallery synth --count 20000: %.1f s (%d faces/s while writing)", double(timer.elapsed()) / 1000,
              out[QStringLiteral("faces_per_second")].toInt());
        QCOMPARE(out[QStringLiteral("event")].toString(), QStringLiteral("finished"));
        QCOMPARE(out[QStringLiteral("created")].toBool(), true);
        QCOMPARE(out[QStringLiteral("added")].toInt(), 20'000);
        QCOMPARE(out[QStringLiteral("faces")].toInt(), 20'000);
        QCOMPARE(out[QStringLiteral("seed")].toInt(), 1);
        QCOMPARE(out[QStringLiteral("cancelled")].toBool(), false);
        QVERIFY(out[QStringLiteral("model")].toString().endsWith(QStringLiteral("/flip-averaged")));
        QVERIFY(out[QStringLiteral("database_bytes")].toDouble() > 20'000 * 1000.0);
        const QJsonObject gallery = out[QStringLiteral("gallery")].toObject();
        QCOMPARE(gallery[QStringLiteral("kind")].toString(), QStringLiteral("synthetic"));
        QCOMPARE(gallery[QStringLiteral("faces")].toInt(), 20'000);

        const Run list = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("list"), QStringLiteral("--json")} + ws());
        QCOMPARE(list.exitCode, 0);
        QCOMPARE(galleryNamed(lastJson(list), QStringLiteral("Bench 20k"))[QStringLiteral("kind")].toString(),
                 QStringLiteral("synthetic"));
        const Run text = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("list")} + ws());
        QVERIFY2(text.out.contains("Bench 20k  [synthetic, not people] 20,000 images, 20,000 faces"), text.out.constData());

        const Run stats = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("stats"), QStringLiteral("bench 20K"),
                                          QStringLiteral("--json")} + ws());
        QCOMPARE(stats.exitCode, 0);
        const QJsonObject s = lastJson(stats);
        QCOMPARE(s[QStringLiteral("kind")].toString(), QStringLiteral("synthetic"));
        QCOMPARE(s[QStringLiteral("subjects")].toInt(), 20'000);
        QCOMPARE(s[QStringLiteral("revision")].toInt(), 20'000);
        const QJsonArray models = s[QStringLiteral("models")].toArray();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models[0][QStringLiteral("model")].toString(), out[QStringLiteral("model")].toString());
        QCOMPARE(models[0][QStringLiteral("faces")].toInt(), 20'000);
        const Run statsText = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("stats"), QStringLiteral("Bench 20k")} + ws());
        QVERIFY2(statsText.out.contains("kind      synthetic: a benchmark fixture"), statsText.out.constData());
    }

    // `bench gallery-search` runs the workspace's search path on the fixture: every mate ranked
    // first, the whole gallery searched, an unknown gallery refused.
    void benchGallerySearchJson() {
        const Run run = cli(QStringList{QStringLiteral("bench"), QStringLiteral("gallery-search"), QStringLiteral("--gallery"),
                                        QStringLiteral("bench 20k"), QStringLiteral("--probes"), QStringLiteral("20"),
                                        QStringLiteral("--json")} + ws());
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject out = lastJson(run);
        QCOMPARE(out[QStringLiteral("gallery")].toString(), QStringLiteral("Bench 20k"));
        QCOMPARE(out[QStringLiteral("faces")].toInt(), 20'000);
        QCOMPARE(out[QStringLiteral("database")].toString(), QStringLiteral("sqlite"));
        QCOMPARE(out[QStringLiteral("probes")].toInt(), 20);
        QCOMPARE(out[QStringLiteral("mate_rank1")].toDouble(), 1.0);
        QVERIFY(out[QStringLiteral("open_to_first_search_seconds")].toDouble() >= out[QStringLiteral("index_load_seconds")].toDouble());
        const QJsonObject search = out[QStringLiteral("search")].toObject();
        QVERIFY(search[QStringLiteral("p50_ms")].toDouble() > 0);
        QVERIFY(search[QStringLiteral("p99_ms")].toDouble() >= search[QStringLiteral("p50_ms")].toDouble());
        QVERIFY(out[QStringLiteral("scan_and_provenance")].toObject()[QStringLiteral("p50_ms")].toDouble() > 0);

        const Run unknown = cli(QStringList{QStringLiteral("bench"), QStringLiteral("gallery-search"), QStringLiteral("--gallery"),
                                            QStringLiteral("nobody")} + ws());
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains("no gallery named \"nobody\""), unknown.err.constData());
        QCOMPARE(cli(QStringList{QStringLiteral("bench"), QStringLiteral("gallery-search")} + ws()).exitCode, 2);
    }

    void rerunsAddOnlyWhatIsMissing() {
        const Run same = cli(synth(QStringLiteral("bench 20k"), 20'000));
        QVERIFY2(same.exitCode == 0, same.err.constData());
        QCOMPARE(lastJson(same)[QStringLiteral("created")].toBool(), false);
        QCOMPARE(lastJson(same)[QStringLiteral("added")].toInt(), 0);
        QCOMPARE(lastJson(same)[QStringLiteral("faces")].toInt(), 20'000);

        const Run more = cli(synth(QStringLiteral("Bench 20k"), 21'500));
        QVERIFY2(more.exitCode == 0, more.err.constData());
        QCOMPARE(lastJson(more)[QStringLiteral("faces_before")].toInt(), 20'000);
        QCOMPARE(lastJson(more)[QStringLiteral("added")].toInt(), 1'500);
        QCOMPARE(lastJson(more)[QStringLiteral("faces")].toInt(), 21'500);

        // Another seed is another population: not in this gallery, fine in another one.
        const Run otherSeed = cli(synth(QStringLiteral("Bench 20k"), 22'000, {QStringLiteral("--seed"), QStringLiteral("2")}));
        QCOMPARE(otherSeed.exitCode, 1);
        QVERIFY2(otherSeed.err.contains("was made with seed 1; add to it with --seed 1"), otherSeed.err.constData());
        const Run other = cli(synth(QStringLiteral("Bench seed 2"), 1'000,
                                    {QStringLiteral("--seed"), QStringLiteral("2"), QStringLiteral("--descriptor-mode"),
                                     QStringLiteral("plain")}));
        QVERIFY2(other.exitCode == 0, other.err.constData());
        QVERIFY(lastJson(other)[QStringLiteral("model")].toString().endsWith(QStringLiteral("/plain")));
        const Run list = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("list"), QStringLiteral("--json")} + ws());
        QCOMPARE(galleryNamed(lastJson(list), QStringLiteral("Bench seed 2"))[QStringLiteral("faces")].toInt(), 1'000);
        QCOMPARE(galleryNamed(lastJson(list), QStringLiteral("Bench 20k"))[QStringLiteral("faces")].toInt(), 21'500);
        // The first faces of both galleries differ (different seeds), though numbered alike.
        auto db = DatabaseConnection::open(QDir(m_workspace).filePath(QStringLiteral("facecase.sqlite")));
        QVERIFY(db.ok());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(DISTINCT f.descriptor) FROM faces f JOIN subjects s "
                                            "ON s.id = (SELECT subject_id FROM images WHERE id = f.image_id) "
                                            "WHERE s.external_id = 'SYN-000001'"))
                     .toInt(),
                 2);
    }

    void ctrlCStopsAfterABatchAndTheRerunFinishes() {
        QProcess p;
        p.start(test::cliPath(), QStringList{QStringLiteral("gallery"), QStringLiteral("synth"), QStringLiteral("--gallery"),
                                             QStringLiteral("Interrupted"), QStringLiteral("--count"), QStringLiteral("60000"),
                                             QStringLiteral("--batch"), QStringLiteral("500"),
                                             QStringLiteral("--json-progress")} + ws());
        QVERIFY(p.waitForStarted());
        QByteArray out;
        QElapsedTimer clock;
        clock.start();
        while (!out.contains("\"progress\"") && p.state() != QProcess::NotRunning && clock.elapsed() < 60'000) {
            p.waitForReadyRead(20);
            out += p.readAllStandardOutput();
        }
        QVERIFY2(out.contains("\"progress\""), out.constData());
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60'000));
        out += p.readAllStandardOutput();
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitCode(), 5);
        QVERIFY2(err.contains("run the same command again to finish"), err.constData());
        const QJsonObject finished = jsonLines(out).last();
        QCOMPARE(finished[QStringLiteral("event")].toString(), QStringLiteral("finished"));
        QCOMPARE(finished[QStringLiteral("cancelled")].toBool(), true);
        const int stored = finished[QStringLiteral("faces")].toInt();
        QVERIFY2(stored > 0 && stored < 60'000 && stored % 500 == 0, qPrintable(QString::number(stored)));

        const Run rerun = cli(synth(QStringLiteral("Interrupted"), 60'000));
        QVERIFY2(rerun.exitCode == 0, rerun.err.constData());
        QCOMPARE(lastJson(rerun)[QStringLiteral("faces_before")].toInt(), stored);
        QCOMPARE(lastJson(rerun)[QStringLiteral("faces")].toInt(), 60'000);

        auto db = DatabaseConnection::open(QDir(m_workspace).filePath(QStringLiteral("facecase.sqlite")));
        QVERIFY(db.ok());
        const QString gallery = QStringLiteral("(SELECT id FROM galleries WHERE name = 'Interrupted')");
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(DISTINCT path) FROM images WHERE gallery_id = %1").arg(gallery)).toInt(),
                 60'000);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM subjects WHERE gallery_id = %1").arg(gallery)).toInt(),
                 60'000);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM images WHERE gallery_id = %1 AND path = "
                                            "'synthetic:1:60000'").arg(gallery)).toInt(),
                 1);
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }

    void realPhotosAndSyntheticFacesStayApart() {
        FACECASE_REQUIRE_TESTDATA();
        const QString lfw = test::testDataPath(QStringLiteral("lfw-devtest/images"));
        const QString person = QDir(lfw).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name).value(0);
        const QString photo = QDir(QDir(lfw).filePath(person)).entryList(QDir::Files, QDir::Name).value(0);
        const QString folder = m_dir.filePath(QStringLiteral("photos/") + person);
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(QDir(lfw).filePath(person + QLatin1Char('/') + photo), QDir(folder).filePath(photo)));
        const QString photos = m_dir.filePath(QStringLiteral("photos"));

        // Photos into the synthetic gallery: refused before anything is read.
        const Run intoSynthetic = cli(QStringList{QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("Bench 20k"),
                                                  QStringLiteral("--folder"), photos} + ws());
        QCOMPARE(intoSynthetic.exitCode, 6);  // the enrollment refused as a whole
        QVERIFY2(intoSynthetic.err.contains("gallery \"Bench 20k\" is synthetic"), intoSynthetic.err.constData());

        // Synthetic faces into a real gallery: refused, the gallery untouched.
        const Run enroll = cli(QStringList{QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("Bookings"),
                                           QStringLiteral("--folder"), photos} + ws());
        QVERIFY2(enroll.exitCode == 0, enroll.err.constData());
        const Run intoReal = cli(synth(QStringLiteral("bookings"), 10));
        QCOMPARE(intoReal.exitCode, 1);
        QVERIFY2(intoReal.err.contains("gallery \"Bookings\" holds real photos (1 faces); synthetic faces are never mixed"),
                 intoReal.err.constData());
        const Run list = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("list"), QStringLiteral("--json")} + ws());
        const QJsonObject bookings = galleryNamed(lastJson(list), QStringLiteral("Bookings"));
        QCOMPARE(bookings[QStringLiteral("kind")].toString(), QStringLiteral("real"));
        QCOMPARE(bookings[QStringLiteral("faces")].toInt(), 1);
        const Run text = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("list")} + ws());
        QVERIFY2(text.out.contains("  Bookings  1 images, 1 faces"), text.out.constData());
    }

    void wrongSynthArgumentsExit2_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        const QString s = QStringLiteral("synth");
        const QString g = QStringLiteral("--gallery");
        const QString c = QStringLiteral("--count");
        QTest::newRow("no gallery") << QStringList{s, c, QStringLiteral("10")} << QByteArray("needs --gallery NAME");
        QTest::newRow("no count") << QStringList{s, g, QStringLiteral("X")} << QByteArray("needs --count N");
        QTest::newRow("zero") << QStringList{s, g, QStringLiteral("X"), c, QStringLiteral("0")} << QByteArray("--count must be");
        QTest::newRow("not a number") << QStringList{s, g, QStringLiteral("X"), c, QStringLiteral("1e5")}
                                      << QByteArray("--count must be");
        QTest::newRow("too many") << QStringList{s, g, QStringLiteral("X"), c, QStringLiteral("100000001")}
                                  << QByteArray("--count must be");
        QTest::newRow("negative seed") << QStringList{s, g, QStringLiteral("X"), c, QStringLiteral("5"), QStringLiteral("--seed"),
                                                      QStringLiteral("-1")}
                                       << QByteArray("--seed must be");
        QTest::newRow("batch 0") << QStringList{s, g, QStringLiteral("X"), c, QStringLiteral("5"), QStringLiteral("--batch"),
                                                QStringLiteral("0")}
                                 << QByteArray("--batch");
        QTest::newRow("mode") << QStringList{s, g, QStringLiteral("X"), c, QStringLiteral("5"), QStringLiteral("--descriptor-mode"),
                                             QStringLiteral("mirror")}
                              << QByteArray("--descriptor-mode is plain or flip");
        QTest::newRow("positional") << QStringList{s, QStringLiteral("X"), c, QStringLiteral("5")}
                                    << QByteArray("no positional arguments");
        QTest::newRow("unknown option") << QStringList{s, g, QStringLiteral("X"), c, QStringLiteral("5"), QStringLiteral("--fast")}
                                        << QByteArray("fast");
    }
    void wrongSynthArgumentsExit2() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const Run run = cli(QStringList{QStringLiteral("gallery")} + args + ws());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), run.err.constData());
        const Run list = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("list"), QStringLiteral("--json")} + ws());
        QVERIFY(galleryNamed(lastJson(list), QStringLiteral("X")).isEmpty());
    }

    void benchSearchJson() {
        const Run run = cli({QStringLiteral("bench"), QStringLiteral("search"), QStringLiteral("--faces"), QStringLiteral("20000"),
                             QStringLiteral("--probes"), QStringLiteral("50"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject r = lastJson(run);
        QCOMPARE(r[QStringLiteral("faces")].toInt(), 20'000);
        QCOMPARE(r[QStringLiteral("probes")].toInt(), 50);
        QCOMPARE(r[QStringLiteral("k")].toInt(), 20);
        const QJsonObject exact = r[QStringLiteral("exact")].toObject();
        QVERIFY(exact[QStringLiteral("p50_ms")].toDouble() > 0);
        QVERIFY(exact[QStringLiteral("p99_ms")].toDouble() >= exact[QStringLiteral("p50_ms")].toDouble());
        const double bytes = r[QStringLiteral("exact_bytes_per_face")].toDouble();
        QVERIFY2(bytes >= 512 && bytes < 540, qPrintable(QString::number(bytes)));
        QVERIFY(r[QStringLiteral("rss_exact_bytes")].toDouble() > r[QStringLiteral("rss_start_bytes")].toDouble());
        const double open = r[QStringLiteral("open_to_first_search_seconds")].toDouble();
        QVERIFY(open > 0 && open >= r[QStringLiteral("exact_create_seconds")].toDouble());
        QCOMPARE(r[QStringLiteral("exact_mate_rank1")].toDouble(), 1.0);
        QVERIFY(!r[QStringLiteral("instruction_set")].toString().isEmpty());
        QVERIFY(!r.contains(QStringLiteral("hnsw")));
        qInfo("bench search --faces 20000: exact p50 %.2f ms, p99 %.2f ms", exact[QStringLiteral("p50_ms")].toDouble(),
              exact[QStringLiteral("p99_ms")].toDouble());
    }

    void benchSearchHnswJson() {
        const QString file = m_dir.filePath(QStringLiteral("bench.hnsw"));
        const Run run = cli({QStringLiteral("bench"), QStringLiteral("search"), QStringLiteral("--faces"), QStringLiteral("5000"),
                             QStringLiteral("--probes"), QStringLiteral("20"), QStringLiteral("--hnsw"),
                             QStringLiteral("--ef-construction"), QStringLiteral("64"), QStringLiteral("--ef-search-sweep"),
                             QStringLiteral("32,128"), QStringLiteral("--hnsw-file"), file, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject hnsw = lastJson(run)[QStringLiteral("hnsw")].toObject();
        QCOMPARE(hnsw[QStringLiteral("ef_construction")].toInt(), 64);
        QCOMPARE(hnsw[QStringLiteral("ef_search")].toInt(), 384);
        QVERIFY(hnsw[QStringLiteral("build_seconds")].toDouble() > 0);
        QVERIFY(hnsw[QStringLiteral("bytes_per_face")].toDouble() > 100);
        QVERIFY(hnsw[QStringLiteral("recall_at_k")].toDouble() >= 0.95);
        QVERIFY(hnsw[QStringLiteral("latency")].toObject()[QStringLiteral("p99_ms")].toDouble() > 0);
        QCOMPARE(hnsw[QStringLiteral("ef_sweep")].toArray().size(), 2);
        QCOMPARE(hnsw[QStringLiteral("ef_sweep")].toArray()[1][QStringLiteral("ef_search")].toInt(), 128);
        QVERIFY(hnsw[QStringLiteral("file_bytes")].toDouble() > 5000 * 100.0);
        QVERIFY(QFile::exists(file));
        QCOMPARE(hnsw[QStringLiteral("reused_file")].toBool(), false);

        // Measured again from the saved graph, without building it.
        const Run reused = cli({QStringLiteral("bench"), QStringLiteral("search"), QStringLiteral("--faces"), QStringLiteral("5000"),
                                QStringLiteral("--probes"), QStringLiteral("20"), QStringLiteral("--hnsw"),
                                QStringLiteral("--hnsw-file"), file, QStringLiteral("--reuse-hnsw-file"), QStringLiteral("--json")});
        QVERIFY2(reused.exitCode == 0, reused.err.constData());
        const QJsonObject again = lastJson(reused)[QStringLiteral("hnsw")].toObject();
        QCOMPARE(again[QStringLiteral("reused_file")].toBool(), true);
        QCOMPARE(again[QStringLiteral("build_seconds")].toDouble(), 0.0);
        QCOMPARE(again[QStringLiteral("ef_construction")].toInt(), 64);  // the file's, not the default
        QCOMPARE(again[QStringLiteral("recall_at_k")].toDouble(), hnsw[QStringLiteral("recall_at_k")].toDouble());
        // A graph of another population is refused, not measured.
        const Run otherSeed = cli({QStringLiteral("bench"), QStringLiteral("search"), QStringLiteral("--faces"), QStringLiteral("5000"),
                                   QStringLiteral("--probes"), QStringLiteral("20"), QStringLiteral("--hnsw"), QStringLiteral("--seed"),
                                   QStringLiteral("3"), QStringLiteral("--hnsw-file"), file, QStringLiteral("--reuse-hnsw-file")});
        QCOMPARE(otherSeed.exitCode, 1);
    }

    void wrongBenchSearchArgumentsExit2_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no faces") << QStringList{QStringLiteral("--faces"), QStringLiteral("0")} << QByteArray("--faces must be");
        QTest::newRow("k") << QStringList{QStringLiteral("--k"), QStringLiteral("x")} << QByteArray("--k must be");
        QTest::newRow("sweep without hnsw") << QStringList{QStringLiteral("--ef-search-sweep"), QStringLiteral("64")}
                                            << QByteArray("need --hnsw");
        QTest::newRow("bad sweep") << QStringList{QStringLiteral("--hnsw"), QStringLiteral("--ef-search-sweep"), QStringLiteral("64,,x")}
                                   << QByteArray("--ef-search-sweep takes");
        QTest::newRow("positional") << QStringList{QStringLiteral("300000")} << QByteArray("no positional arguments");
        QTest::newRow("reuse without file") << QStringList{QStringLiteral("--hnsw"), QStringLiteral("--reuse-hnsw-file")}
                                            << QByteArray("--reuse-hnsw-file needs --hnsw-file");
    }
    void wrongBenchSearchArgumentsExit2() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const Run run = cli(QStringList{QStringLiteral("bench"), QStringLiteral("search")} + args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), run.err.constData());
    }

    // `bench index-update`: faces added by another connection are applied to the loaded index,
    // which then answers like a fresh load; the gallery keeps them.
    void benchIndexUpdateJson() {
        QCOMPARE(cli(synth(QStringLiteral("Index 2k"), 2'000)).exitCode, 0);
        const Run run = cli(QStringList{QStringLiteral("bench"), QStringLiteral("index-update"),
                                        QStringLiteral("--gallery"), QStringLiteral("index 2k"),
                                        QStringLiteral("--add"), QStringLiteral("100"), QStringLiteral("--json")} +
                            ws());
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject r = lastJson(run);
        QCOMPARE(r[QStringLiteral("gallery")].toString(), QStringLiteral("Index 2k"));
        QCOMPARE(r[QStringLiteral("backend")].toString(), QStringLiteral("SQLite"));
        QCOMPARE(r[QStringLiteral("faces_before")].toInt(), 2'000);
        QCOMPARE(r[QStringLiteral("faces_after")].toInt(), 2'100);
        QCOMPARE(r[QStringLiteral("incremental")].toBool(), true);
        QCOMPARE(r[QStringLiteral("identical_answers")].toBool(), true);
        QCOMPARE(r[QStringLiteral("probes_compared")].toInt(), 50);
        QVERIFY(r[QStringLiteral("full_reload_seconds")].toDouble() > 0);
        const Run stats = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("stats"),
                                          QStringLiteral("Index 2k"), QStringLiteral("--json")} + ws());
        QCOMPARE(lastJson(stats)[QStringLiteral("faces")].toInt(), 2'100);

        const Run missing = cli(QStringList{QStringLiteral("bench"), QStringLiteral("index-update")} + ws());
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("needs --gallery NAME"), missing.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliSynth)
#include "test_cli_synth.moc"
