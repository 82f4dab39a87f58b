// `facecase-cli bench gallery-search`: the search path of a workspace's gallery -- a folder or an
// agency database -- timed as `search` runs it (GallerySearch: connect, descriptors read into the
// index, per search the gallery's revision check, the scan and the candidates' provenance from
// the database), on a `gallery synth` gallery, which `search --case` refuses to search for a
// case. Run several at once to time concurrent analysts. With --record every timed search is
// also put on record as `search --case` records it (BenchRecording: CaseSearch::record in a
// benchmark case), timed apart from the search.
#include "cli/bench_recording.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/process_stats.h"
#include "cli/workspace_args.h"
#include "matching/search_benchmark.h"
#include "matching/synthetic_descriptors.h"
#include "services/enrollment/gallery_catalog.h"
#include "services/search/built_in_calibration.h"
#include "services/search/gallery_index_cache.h"
#include "services/search/gallery_search.h"
#include "store/gallery_statistics.h"

#include <QDir>
#include <QElapsedTimer>

namespace facecase::cli {

namespace {

QJsonObject latencyJson(const LatencyStats& s) {
    return {{QStringLiteral("p50_ms"), s.p50Ms},
            {QStringLiteral("p99_ms"), s.p99Ms},
            {QStringLiteral("mean_ms"), s.meanMs},
            {QStringLiteral("max_ms"), s.maxMs}};
}

double seconds(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e9; }

}  // namespace

int runBenchGallerySearch(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Time the search path of a workspace gallery made by `gallery synth`: open to first search "
        "(connect, read the descriptors, build the index, search once), then --probes searches "
        "(half another photo of a gallery face, half strangers) p50/p99, each with the revision "
        "check and the candidates' provenance read from the database. With --record each timed "
        "search is also recorded (searches row, candidates, search_run audit record) in the "
        "benchmark case BENCH-GALLERY-SEARCH, whose probe is the --probe-photo file."));
    parser.addOption({QStringLiteral("gallery"), QStringLiteral("A synthetic gallery (gallery synth)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("probes"), QStringLiteral("Timed searches (default 200)."), QStringLiteral("n"),
                      QStringLiteral("200")});
    parser.addOption({QStringLiteral("k"), QStringLiteral("Candidates per search (default 20)."), QStringLiteral("n"),
                      QStringLiteral("20")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("The gallery's synth seed (default 1)."),
                      QStringLiteral("s"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("record"),
                      QStringLiteral("Record every timed search as search --case does, in the benchmark "
                                     "case BENCH-GALLERY-SEARCH (made on first use); needs --probe-photo.")});
    parser.addOption({QStringLiteral("probe-photo"),
                      QStringLiteral("With --record: a real photo, imported once as the benchmark case's probe."),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    bool probesOk = false, kOk = false, seedOk = false;
    const int probes = parser.value(QStringLiteral("probes")).toInt(&probesOk);
    const int k = parser.value(QStringLiteral("k")).toInt(&kOk);
    const qulonglong seed = parser.value(QStringLiteral("seed")).toULongLong(&seedOk);
    if (!parser.isSet(QStringLiteral("gallery")) || !probesOk || probes < 1 || !kOk || k < 1 || !seedOk) {
        printError(QStringLiteral("bench gallery-search needs --gallery NAME; --probes, --k: positive "
                                  "numbers; --seed: the gallery's seed"));
        return kExitUsage;
    }
    const bool record = parser.isSet(QStringLiteral("record"));
    if (record != parser.isSet(QStringLiteral("probe-photo"))) {
        printError(QStringLiteral("--record and --probe-photo PATH go together"));
        return kExitUsage;
    }
    // Recorded searches name the descriptor network's weights, as `search --case` records them.
    QString weightsSha256;
    if (record) {
        auto faceModels = loadModels();
        if (!faceModels) return exitCodeFor(faceModels.error());
        weightsSha256 = (*faceModels)->descriptorWeights()->shardSha256;
    }

    QElapsedTimer open;
    open.start();
    auto workspace = openWorkspace(parser);
    if (!workspace) return exitCodeFor(workspace.error());
    auto connection = workspace->openConnection();
    if (!connection) {
        printError(connection.errorMessage());
        return exitCodeFor(connection.error());
    }
    const double connectSeconds = seconds(open);
    auto gallery = GalleryCatalog(*connection).findByName(parser.value(QStringLiteral("gallery")));
    if (!gallery) {
        printError(gallery.errorMessage());
        return exitCodeFor(gallery.error());
    }
    auto models = GalleryStatistics::descriptorModelsOf(*connection, gallery->id);
    if (!models) {
        printError(models.errorMessage());
        return exitCodeFor(models.error());
    }
    if (models->size() != 1) {
        printError(QStringLiteral("gallery \"%1\" holds faces of %2 descriptor models; one expected")
                       .arg(gallery->name)
                       .arg(models->size()));
        return kExitInputProblem;
    }
    const QString modelKey = models->front().first;
    // The index cache and score calibration `search` uses: this workstation's cache (the
    // workspace folder, or the user's cache for an agency database), the model's shipped table.
    auto calibration = BuiltInCalibration::choose(modelKey);
    if (!calibration) {
        printError(calibration.errorMessage());
        return exitCodeFor(calibration.error());
    }
    const GallerySearch search(
        std::make_shared<GalleryIndexCache>(QDir(workspace->localCacheFolder()).filePath(QStringLiteral("indexes"))),
        calibration->table);

    // Probes: even ones another photo of a gallery face (a mate at 0.30-0.40), odd ones strangers
    // (faces past the gallery's end), as `bench search` makes them.
    const SyntheticDescriptors population(seed);
    const auto galleryFaces = std::uint64_t(gallery->faceCount);
    const auto probe = [&](int i) {
        if (i % 2 == 1) return population.descriptor(galleryFaces + std::uint64_t(i));
        const Descriptor face = population.descriptor((std::uint64_t(i) * 7919) % galleryFaces);
        return population.mate(face.values.data(), SyntheticDescriptors::mateDistance(std::uint64_t(i)),
                               std::uint64_t(i));
    };

    const auto searchOnce = [&](const Descriptor& descriptor) {
        return search.search(*connection, GallerySearchRequest{gallery->name, modelKey, descriptor, k});
    };
    auto first = searchOnce(probe(0));
    if (!first) {
        printError(first.errorMessage());
        return exitCodeFor(first.error());
    }
    const double openToFirstSearch = seconds(open);
    // The benchmark case and its probe, made after the open is timed (the first search above
    // is not recorded: the case holds exactly the timed searches).
    std::optional<BenchRecording> recording;
    if (record) {
        auto prepared = BenchRecording::prepare(*workspace, *connection,
                                                parser.value(QStringLiteral("probe-photo")), weightsSha256);
        if (!prepared) {
            printError(prepared.errorMessage());
            return exitCodeFor(prepared.error());
        }
        recording.emplace(std::move(prepared).value());
    }
    // The whole search call; the scan and provenance part of it; the recording; both.
    std::vector<double> ms, scanMs, recordMs, searchAndRecordMs;
    ms.reserve(std::size_t(probes));
    scanMs.reserve(std::size_t(probes));
    recordMs.reserve(record ? std::size_t(probes) : 0);
    searchAndRecordMs.reserve(record ? std::size_t(probes) : 0);
    int matesFirst = 0;
    for (int i = 0; i < probes; ++i) {
        const Descriptor descriptor = probe(i);
        const QDateTime startedAt = QDateTime::currentDateTimeUtc();
        QElapsedTimer t;
        t.start();
        auto found = searchOnce(descriptor);
        const qint64 searchedNs = t.nsecsElapsed();
        ms.push_back(double(searchedNs) / 1e6);
        if (!found) {
            printError(found.errorMessage());
            return exitCodeFor(found.error());
        }
        if (recording) {
            auto recorded = recording->record(*found, descriptor, k, startedAt);
            const qint64 allNs = t.nsecsElapsed();
            if (!recorded) {
                printError(recorded.errorMessage());
                return exitCodeFor(recorded.error());
            }
            recordMs.push_back(double(allNs - searchedNs) / 1e6);
            searchAndRecordMs.push_back(double(allNs) / 1e6);
        }
        scanMs.push_back(found->searchMilliseconds);
        const auto mateIndex = (std::uint64_t(i) * 7919) % galleryFaces;
        if (i % 2 == 0 && !found->candidates.empty() &&
            found->candidates.front().provenance.imagePath ==
                QStringLiteral("synthetic:%1:%2").arg(seed).arg(mateIndex + 1))  // numbered from 1
            ++matesFirst;
    }
    const LatencyStats latency = summariseLatencies(ms);
    const LatencyStats scan = summariseLatencies(scanMs);
    const double rssMb = ProcessStats::residentMb();
    QJsonObject recordedJson;
    if (recording) {
        auto searches = recording->searchesInCase();
        if (!searches) {
            printError(searches.errorMessage());
            return exitCodeFor(searches.error());
        }
        recordedJson = QJsonObject{
            {QStringLiteral("case_number"), BenchRecording::kCaseNumber},
            {QStringLiteral("case_id"), recording->caseId()},
            {QStringLiteral("probe_id"), recording->probeId()},
            {QStringLiteral("probe_imported"), recording->probeImportedNow()},
            {QStringLiteral("searches_in_case"), *searches},
            {QStringLiteral("record"), latencyJson(summariseLatencies(recordMs))},
            {QStringLiteral("search_and_record"), latencyJson(summariseLatencies(searchAndRecordMs))},
        };
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject out{
            {QStringLiteral("gallery"), gallery->name},
            {QStringLiteral("faces"), qint64(first->gallerySize)},
            {QStringLiteral("database"), workspace->isPostgres() ? QStringLiteral("postgresql") : QStringLiteral("sqlite")},
            {QStringLiteral("connect_seconds"), connectSeconds},
            {QStringLiteral("index_load_seconds"), first->indexLoadSeconds},
            {QStringLiteral("index_load"), first->indexLoad},
            {QStringLiteral("open_to_first_search_seconds"), openToFirstSearch},
            {QStringLiteral("probes"), probes},
            {QStringLiteral("k"), k},
            {QStringLiteral("search"), latencyJson(latency)},
            {QStringLiteral("scan_and_provenance"), latencyJson(scan)},
            {QStringLiteral("mate_rank1"), double(matesFirst) / double((probes + 1) / 2)},
            {QStringLiteral("rss_mb"), rssMb},
        };
        if (recording) out.insert(QStringLiteral("recorded"), recordedJson);
        printJson(out);
        return kExitOk;
    }
    printLine(QStringLiteral("gallery \"%1\": %2 faces (%3)")
                  .arg(gallery->name)
                  .arg(first->gallerySize)
                  .arg(workspace->isPostgres() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite")));
    printLine(QStringLiteral("open to first search %1 s (connect %2 s, index load %3 s: %4)")
                  .arg(openToFirstSearch, 0, 'f', 2)
                  .arg(connectSeconds, 0, 'f', 2)
                  .arg(first->indexLoadSeconds, 0, 'f', 2)
                  .arg(first->indexLoad));
    printLine(QStringLiteral("%1 searches, k %2: p50 %3 ms, p99 %4 ms (mean %5, max %6); mates ranked first %7 of %8; RSS %9 MB")
                  .arg(probes)
                  .arg(k)
                  .arg(latency.p50Ms, 0, 'f', 2)
                  .arg(latency.p99Ms, 0, 'f', 2)
                  .arg(latency.meanMs, 0, 'f', 2)
                  .arg(latency.maxMs, 0, 'f', 2)
                  .arg(matesFirst)
                  .arg((probes + 1) / 2)
                  .arg(rssMb, 0, 'f', 0));
    printLine(QStringLiteral("  of which scan + candidates' provenance: p50 %1 ms, p99 %2 ms")
                  .arg(scan.p50Ms, 0, 'f', 2)
                  .arg(scan.p99Ms, 0, 'f', 2));
    if (recording) {
        const QJsonObject rec = recordedJson[QStringLiteral("record")].toObject();
        const QJsonObject both = recordedJson[QStringLiteral("search_and_record")].toObject();
        printLine(QStringLiteral("recorded in case %1 (%2 searches there now): record p50 %3 ms, p99 %4 ms; "
                                 "search + record p50 %5 ms, p99 %6 ms")
                      .arg(BenchRecording::kCaseNumber)
                      .arg(recordedJson[QStringLiteral("searches_in_case")].toInteger())
                      .arg(rec[QStringLiteral("p50_ms")].toDouble(), 0, 'f', 2)
                      .arg(rec[QStringLiteral("p99_ms")].toDouble(), 0, 'f', 2)
                      .arg(both[QStringLiteral("p50_ms")].toDouble(), 0, 'f', 2)
                      .arg(both[QStringLiteral("p99_ms")].toDouble(), 0, 'f', 2));
    }
    return kExitOk;
}

}  // namespace facecase::cli
