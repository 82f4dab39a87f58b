#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "matching/search_benchmark.h"

using namespace facecase;

// A small run checks that the benchmark works and that its numbers are sane. Set
// FACECASE_BENCH_FACES to run the real measurement instead (prints one JSON object); also
// FACECASE_BENCH_HNSW=1, _PROBES, _K, _THREADS, _M, _EFC, _EF, _SHARDS, _EF_SWEEP=32,64,...,
// _BATCH=1, _FILE=path (save + load timing). Large runs outlast QtTest's 5-minute watchdog:
// also set QTEST_FUNCTION_TIMEOUT (ms).
class TestSearchBenchmark : public QObject {
    Q_OBJECT

private slots:
    void smallRunIsSane() {
        SearchBenchmarkOptions options;
        options.faces = 20'000;
        options.probes = 40;
        options.hnsw = true;
        options.batch = true;
        options.hnswParameters.efConstruction = 100;
        QTemporaryDir dir;
        options.hnswFile = dir.filePath(QStringLiteral("bench.hnsw"));
        auto result = SearchBenchmark::run(options);
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        QCOMPARE(result->faces, std::size_t(20'000));
        QVERIFY(result->exactBytesPerFace >= 520 && result->exactBytesPerFace < 530);
        QVERIFY(result->hnswBytesPerFace > 780 && result->hnswBytesPerFace < 840);  // m = 32
        QVERIFY(result->exact.p50Ms > 0 && result->exact.p50Ms <= result->exact.p99Ms);
        QCOMPARE(result->exactMateRank1, 1.0);  // mates at 0.3-0.4 vs strangers at >= ~0.5
        QVERIFY(result->hnswRecallAtK >= 0.99);
        QCOMPARE(result->hnswMateRank1, 1.0);
        QVERIFY(result->nearestImpostorMedian > 0.45 && result->nearestImpostorMedian < 0.75);
        QVERIFY(result->hnswFileBytes > 20'000 * 150);
        QVERIFY(result->hnswLoadSeconds > 0);
        QVERIFY(result->exactBatchMsPerProbe > 0);
        QVERIFY(!SearchBenchmark::toJson(*result).isEmpty());
    }

    // A saved graph is measured again without the build; one of another population is refused.
    void reusesASavedGraphOfTheSameGallery() {
        SearchBenchmarkOptions options;
        options.faces = 5'000;
        options.probes = 20;
        options.hnsw = true;
        options.hnswParameters.m = 16;
        options.hnswParameters.efConstruction = 64;
        QTemporaryDir dir;
        options.hnswFile = dir.filePath(QStringLiteral("bench.hnsw"));
        options.reuseHnswFile = true;  // no file yet: built and saved
        auto first = SearchBenchmark::run(options);
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        QVERIFY(!first->hnswReused);
        QVERIFY(first->hnswBuildSeconds > 0);

        options.hnswParameters = HnswParameters{};  // the file's own m / efConstruction win
        auto again = SearchBenchmark::run(options);
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QVERIFY(again->hnswReused);
        QCOMPARE(again->hnswBuildSeconds, 0.0);
        QVERIFY(again->hnswLoadSeconds > 0);
        QCOMPARE(again->hnswM, 16);
        QCOMPARE(again->hnswEfConstruction, 64);
        QCOMPARE(again->hnswFileBytes, first->hnswFileBytes);
        QCOMPARE(again->hnswRecallAtK, first->hnswRecallAtK);  // the same graph, same answers
        QCOMPARE(SearchBenchmark::toJson(*again)[QStringLiteral("hnsw")]
                     .toObject()[QStringLiteral("reused_file")].toBool(),
                 true);

        options.seed = 2;
        QVERIFY(!SearchBenchmark::run(options).ok());
        options.seed = 1;
        options.faces = 5'001;
        QVERIFY(!SearchBenchmark::run(options).ok());
    }

    void invalidOptions() {
        SearchBenchmarkOptions options;
        options.faces = 0;
        QVERIFY(!SearchBenchmark::run(options).ok());
        options.faces = 10;
        options.k = 0;
        QVERIFY(!SearchBenchmark::run(options).ok());
    }

    void measurement() {
        const QByteArray faces = qgetenv("FACECASE_BENCH_FACES");
        if (faces.isEmpty()) QSKIP("set FACECASE_BENCH_FACES=N to run the search benchmark");
        const auto number = [](const char* name, long long fallback) {
            const QByteArray v = qgetenv(name);
            return v.isEmpty() ? fallback : v.toLongLong();
        };
        SearchBenchmarkOptions options;
        options.faces = std::size_t(faces.toLongLong());
        options.probes = int(number("FACECASE_BENCH_PROBES", 200));
        options.k = int(number("FACECASE_BENCH_K", 20));
        options.threads = int(number("FACECASE_BENCH_THREADS", 2));
        options.hnsw = number("FACECASE_BENCH_HNSW", 0) != 0;
        options.batch = number("FACECASE_BENCH_BATCH", 0) != 0;
        options.hnswParameters.m = int(number("FACECASE_BENCH_M", options.hnswParameters.m));
        options.hnswParameters.efConstruction =
            int(number("FACECASE_BENCH_EFC", options.hnswParameters.efConstruction));
        options.hnswParameters.efSearch =
            int(number("FACECASE_BENCH_EF", options.hnswParameters.efSearch));
        options.hnswParameters.shards =
            int(number("FACECASE_BENCH_SHARDS", options.hnswParameters.shards));
        for (const QByteArray& ef : qgetenv("FACECASE_BENCH_EF_SWEEP").split(','))
            if (!ef.isEmpty()) options.efSearchSweep.push_back(ef.toInt());
        options.hnswFile = QString::fromLocal8Bit(qgetenv("FACECASE_BENCH_FILE"));
        auto result = SearchBenchmark::run(
            options, [](const QString& stage) { qInfo("%s", qPrintable(stage)); });
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        qInfo("%s", QJsonDocument(SearchBenchmark::toJson(*result))
                        .toJson(QJsonDocument::Indented)
                        .constData());
    }
};

QTEST_GUILESS_MAIN(TestSearchBenchmark)
#include "test_search_benchmark.moc"
