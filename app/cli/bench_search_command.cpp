#include "cli/cli_support.h"
#include "cli/commands.h"
#include "matching/search_benchmark.h"

#include <QLocale>
#include <QThread>

#include <limits>

namespace facecase::cli {

namespace {
QString number(double n) { return QLocale(QLocale::English).toString(qint64(n)); }
QString megabytes(qint64 bytes) { return QStringLiteral("%1 MB").arg(double(bytes) / 1e6, 0, 'f', 0); }

QString latency(const LatencyStats& s) {
    return QStringLiteral("p50 %1 ms, p99 %2 ms (mean %3, max %4)")
        .arg(s.p50Ms, 0, 'f', 2).arg(s.p99Ms, 0, 'f', 2).arg(s.meanMs, 0, 'f', 2).arg(s.maxMs, 0, 'f', 2);
}

// A whole number option in [minimum, maximum]; prints an error naming the option otherwise.
std::optional<qint64> rangedOption(const QCommandLineParser& parser, const QString& name, qint64 minimum,
                                   qint64 maximum) {
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok || value < minimum || value > maximum) {
        printError(QStringLiteral("--%1 must be a whole number from %2 to %3, not \"%4\"")
                       .arg(name, number(double(minimum)), number(double(maximum)), parser.value(name)));
        return std::nullopt;
    }
    return value;
}

void printResult(const SearchBenchmarkResult& r, const SearchBenchmarkOptions& options) {
    const int mates = int(options.mateFraction * r.probes + 0.5);
    printLine(QStringLiteral("Search benchmark: %1 synthetic faces, %2 probes (%3 mates of gallery faces), "
                             "k %4, %5 threads, L2 kernel %6")
                  .arg(number(double(r.faces))).arg(r.probes).arg(mates).arg(r.k).arg(r.threads)
                  .arg(r.instructionSet));
    printLine(QStringLiteral("  generated in %1 s").arg(r.generateSeconds, 0, 'f', 2));
    printLine(QStringLiteral("  exact:  %1; mates ranked first %2%")
                  .arg(latency(r.exact)).arg(r.exactMateRank1 * 100, 0, 'f', 1));
    printLine(QStringLiteral("          %1 bytes/face; open to first search %2 s (index %3 s + first search %4 ms)")
                  .arg(r.exactBytesPerFace, 0, 'f', 0)
                  .arg(r.exactCreateSeconds + r.exactFirstSearchMs / 1000, 0, 'f', 3)
                  .arg(r.exactCreateSeconds, 0, 'f', 3)
                  .arg(r.exactFirstSearchMs, 0, 'f', 2));
    if (options.batch) {
        printLine(QStringLiteral("          batch of %1 probes: %2 ms per probe").arg(r.probes)
                      .arg(r.exactBatchMsPerProbe, 0, 'f', 3));
    }
    // How close the best false candidate of a stranger probe comes: what drives both false
    // candidates and HNSW difficulty (SyntheticDescriptors), so a reader can judge realism.
    printLine(QStringLiteral("  strangers' nearest gallery face: median distance %1, 1st percentile %2")
                  .arg(r.nearestImpostorMedian, 0, 'f', 3).arg(r.nearestImpostorP01, 0, 'f', 3));
    printLine(QStringLiteral("  RSS: %1 at start, %2 with the exact index%3")
                  .arg(megabytes(r.rssStartBytes), megabytes(r.rssExactBytes),
                       r.hnswRun ? QStringLiteral(", %1 with HNSW").arg(megabytes(r.rssHnswBytes)) : QString()));
    if (!r.hnswRun) return;
    printLine(QStringLiteral("  HNSW (%1 shards, m %2, efConstruction %3, efSearch %4): %5, +%6 bytes/face "
                             "(%7 with the exact index)")
                  .arg(r.hnswShards).arg(r.hnswM).arg(r.hnswEfConstruction).arg(r.hnswEfSearch)
                  .arg(r.hnswReused ? QStringLiteral("loaded from %1 in %2 s (not built)")
                                          .arg(options.hnswFile).arg(r.hnswLoadSeconds, 0, 'f', 2)
                                    : QStringLiteral("built in %1 s").arg(r.hnswBuildSeconds, 0, 'f', 1))
                  .arg(r.hnswBytesPerFace, 0, 'f', 0)
                  .arg(r.hnswBytesPerFace + r.exactBytesPerFace, 0, 'f', 0));
    printLine(QStringLiteral("          %1; recall@%2 %3; mates ranked first %4%")
                  .arg(latency(r.hnsw)).arg(r.k).arg(r.hnswRecallAtK, 0, 'f', 4)
                  .arg(r.hnswMateRank1 * 100, 0, 'f', 1));
    if (!options.hnswFile.isEmpty() && !r.hnswReused) {
        printLine(QStringLiteral("          %1: saved in %2 s (%3), loaded in %4 s")
                      .arg(options.hnswFile).arg(r.hnswSaveSeconds, 0, 'f', 2)
                      .arg(megabytes(r.hnswFileBytes)).arg(r.hnswLoadSeconds, 0, 'f', 2));
    }
    for (const EfSearchPoint& p : r.efSweep) {
        printLine(QStringLiteral("    efSearch %1: %2; recall@%3 %4; mates first %5%")
                      .arg(p.efSearch).arg(latency(p.latency)).arg(r.k).arg(p.recallAtK, 0, 'f', 4)
                      .arg(p.mateRank1 * 100, 0, 'f', 1));
    }
}
}  // namespace

int runBenchSearch(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Time 1:N search on a synthetic gallery of N faces spread like real descriptors (nothing "
        "is read from or written to a workspace): exact scan p50/p99, bytes per face, memory, "
        "open-to-first-search; with --hnsw also the HNSW build, p50/p99 and recall@k against "
        "the exact scan. Half the probes are another photo of a gallery face, half strangers."));
    const SearchBenchmarkOptions defaults;
    const HnswParameters hnswDefaults;
    parser.addOption({QStringLiteral("faces"), QStringLiteral("Gallery size (default 300000)."), QStringLiteral("n"),
                      QString::number(defaults.faces)});
    parser.addOption({QStringLiteral("probes"), QStringLiteral("Timed searches per method (default 200)."),
                      QStringLiteral("n"), QString::number(defaults.probes)});
    parser.addOption({QStringLiteral("k"), QStringLiteral("Candidates per search (default 20)."), QStringLiteral("n"),
                      QString::number(defaults.k)});
    parser.addOption({QStringLiteral("threads"),
                      QStringLiteral("Threads for the exact scan, the HNSW build and generation (default: all cores)."),
                      QStringLiteral("n"), QString::number(std::max(1, QThread::idealThreadCount()))});
    parser.addOption({QStringLiteral("hnsw"), QStringLiteral("Also build and time an HNSW index (minutes per million faces).")});
    parser.addOption({QStringLiteral("ef-search"), QStringLiteral("HNSW candidates per shard and search (default 384)."),
                      QStringLiteral("n"), QString::number(hnswDefaults.efSearch)});
    parser.addOption({QStringLiteral("ef-search-sweep"),
                      QStringLiteral("Also time these efSearch values, e.g. 128,256,512 (needs --hnsw)."),
                      QStringLiteral("list")});
    parser.addOption({QStringLiteral("m"), QStringLiteral("HNSW links per node (default 32)."), QStringLiteral("n"),
                      QString::number(hnswDefaults.m)});
    parser.addOption({QStringLiteral("ef-construction"), QStringLiteral("HNSW build candidates (default 200)."),
                      QStringLiteral("n"), QString::number(hnswDefaults.efConstruction)});
    parser.addOption({QStringLiteral("shards"), QStringLiteral("Independent HNSW graphs (default 2)."),
                      QStringLiteral("n"), QString::number(hnswDefaults.shards)});
    parser.addOption({QStringLiteral("hnsw-file"),
                      QStringLiteral("Save the HNSW graph there, load it back and time both (needs --hnsw)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("reuse-hnsw-file"),
                      QStringLiteral("Load the graph from --hnsw-file when it exists (an earlier run with the same "
                                     "--faces and --seed) instead of building it.")});
    parser.addOption({QStringLiteral("batch"), QStringLiteral("Also time all probes as one batch (exact).")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Synthetic population (default 1)."), QStringLiteral("s"),
                      QStringLiteral("1")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("bench search takes no positional arguments"));
        return kExitUsage;
    }

    SearchBenchmarkOptions options;
    constexpr qint64 kMaxInt = std::numeric_limits<int>::max();
    const auto faces = rangedOption(parser, QStringLiteral("faces"), 1, 4'000'000'000);
    const auto probes = rangedOption(parser, QStringLiteral("probes"), 1, 1'000'000);
    const auto k = rangedOption(parser, QStringLiteral("k"), 1, 10'000);
    const auto threads = rangedOption(parser, QStringLiteral("threads"), 1, 1024);
    const auto efSearch = rangedOption(parser, QStringLiteral("ef-search"), 1, kMaxInt);
    const auto m = rangedOption(parser, QStringLiteral("m"), 2, 1024);
    const auto efConstruction = rangedOption(parser, QStringLiteral("ef-construction"), 1, kMaxInt);
    const auto shards = rangedOption(parser, QStringLiteral("shards"), 1, 1024);
    // At most 2^53 - 1, so that the JSON (doubles) gives the seed back exactly.
    const auto seed = rangedOption(parser, QStringLiteral("seed"), 0, (qint64(1) << 53) - 1);
    if (!faces || !probes || !k || !threads || !efSearch || !m || !efConstruction || !shards || !seed) {
        return kExitUsage;
    }
    options.faces = std::size_t(*faces);
    options.probes = int(*probes);
    options.k = int(*k);
    options.threads = int(*threads);
    options.seed = std::uint64_t(*seed);
    options.batch = parser.isSet(QStringLiteral("batch"));
    options.hnsw = parser.isSet(QStringLiteral("hnsw"));
    options.hnswParameters.efSearch = int(*efSearch);
    options.hnswParameters.m = int(*m);
    options.hnswParameters.efConstruction = int(*efConstruction);
    options.hnswParameters.shards = int(*shards);
    options.hnswFile = parser.value(QStringLiteral("hnsw-file"));
    options.reuseHnswFile = parser.isSet(QStringLiteral("reuse-hnsw-file"));
    if (options.reuseHnswFile && options.hnswFile.isEmpty()) {
        printError(QStringLiteral("--reuse-hnsw-file needs --hnsw-file FILE"));
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("ef-search-sweep"))) {
        for (const QString& part : parser.value(QStringLiteral("ef-search-sweep")).split(QLatin1Char(','))) {
            bool ok = false;
            const int ef = part.trimmed().toInt(&ok);
            if (!ok || ef < 1) {
                printError(QStringLiteral("--ef-search-sweep takes positive numbers separated by commas, not \"%1\"")
                               .arg(parser.value(QStringLiteral("ef-search-sweep"))));
                return kExitUsage;
            }
            options.efSearchSweep.push_back(ef);
        }
    }
    if (!options.hnsw && (!options.efSearchSweep.empty() || !options.hnswFile.isEmpty())) {
        printError(QStringLiteral("--ef-search-sweep and --hnsw-file need --hnsw"));
        return kExitUsage;
    }

    // Stages on stderr: an HNSW build over a million faces runs for minutes.
    auto result = SearchBenchmark::run(options, [](const QString& stage) {
        printError(QStringLiteral("bench search: %1…").arg(stage));
    });
    if (!result) {
        printError(result.errorMessage());
        return exitCodeFor(result.error());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject object = SearchBenchmark::toJson(*result);
        // The "opening a workspace until the first search can run", for this gallery size.
        object.insert(QStringLiteral("open_to_first_search_seconds"),
                      result->exactCreateSeconds + result->exactFirstSearchMs / 1000);
        object.insert(QStringLiteral("seed"), double(options.seed));
        printJson(object);
    } else {
        printResult(*result, options);
    }
    return kExitOk;
}

}  // namespace facecase::cli
