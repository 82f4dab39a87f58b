// `facecase-cli bench gallery-search`: the search path of a workspace's gallery -- a folder or an
// agency database -- timed as `search` runs it (GallerySearch: connect, descriptors read into the
// index, per search the gallery's revision check, the scan and the candidates' provenance from
// the database), on a `gallery synth` gallery, which `search --case` refuses to search for a
// case. Run several at once to time concurrent analysts.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/process_stats.h"
#include "cli/workspace_args.h"
#include "matching/search_benchmark.h"
#include "matching/synthetic_descriptors.h"
#include "services/enrollment/gallery_catalog.h"
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
        "check and the candidates' provenance read from the database. Nothing is recorded."));
    parser.addOption({QStringLiteral("gallery"), QStringLiteral("A synthetic gallery (gallery synth)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("probes"), QStringLiteral("Timed searches (default 200)."), QStringLiteral("n"),
                      QStringLiteral("200")});
    parser.addOption({QStringLiteral("k"), QStringLiteral("Candidates per search (default 20)."), QStringLiteral("n"),
                      QStringLiteral("20")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("The gallery's synth seed (default 1)."),
                      QStringLiteral("s"), QStringLiteral("1")});
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
    // The index cache `search` uses: this workstation's (the workspace folder, or the user's
    // cache for an agency database).
    const GallerySearch search(
        std::make_shared<GalleryIndexCache>(QDir(workspace->localCacheFolder()).filePath(QStringLiteral("indexes"))),
        nullptr);

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

    const auto searchOnce = [&](int i) {
        return search.search(*connection, GallerySearchRequest{gallery->name, modelKey, probe(i), k});
    };
    auto first = searchOnce(0);
    if (!first) {
        printError(first.errorMessage());
        return exitCodeFor(first.error());
    }
    const double openToFirstSearch = seconds(open);
    std::vector<double> ms, scanMs;  // the whole call; the scan and provenance part of it
    ms.reserve(std::size_t(probes));
    scanMs.reserve(std::size_t(probes));
    int matesFirst = 0;
    for (int i = 0; i < probes; ++i) {
        QElapsedTimer t;
        t.start();
        auto found = searchOnce(i);
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!found) {
            printError(found.errorMessage());
            return exitCodeFor(found.error());
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
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{
            {QStringLiteral("gallery"), gallery->name},
            {QStringLiteral("faces"), qint64(first->gallerySize)},
            {QStringLiteral("database"), workspace->isPostgres() ? QStringLiteral("postgresql") : QStringLiteral("sqlite")},
            {QStringLiteral("connect_seconds"), connectSeconds},
            {QStringLiteral("index_load_seconds"), first->indexLoadSeconds},
            {QStringLiteral("open_to_first_search_seconds"), openToFirstSearch},
            {QStringLiteral("probes"), probes},
            {QStringLiteral("k"), k},
            {QStringLiteral("search"), latencyJson(latency)},
            {QStringLiteral("scan_and_provenance"), latencyJson(scan)},
            {QStringLiteral("mate_rank1"), double(matesFirst) / double((probes + 1) / 2)},
            {QStringLiteral("rss_mb"), rssMb},
        });
        return kExitOk;
    }
    printLine(QStringLiteral("gallery \"%1\": %2 faces (%3)")
                  .arg(gallery->name)
                  .arg(first->gallerySize)
                  .arg(workspace->isPostgres() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite")));
    printLine(QStringLiteral("open to first search %1 s (connect %2 s, index load %3 s)")
                  .arg(openToFirstSearch, 0, 'f', 2)
                  .arg(connectSeconds, 0, 'f', 2)
                  .arg(first->indexLoadSeconds, 0, 'f', 2));
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
    return kExitOk;
}

}  // namespace facecase::cli
