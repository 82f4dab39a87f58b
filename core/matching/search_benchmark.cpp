#include "matching/search_benchmark.h"

#include <unistd.h>

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <algorithm>
#include <fstream>
#include <memory>
#include <unordered_set>

#include "matching/exact_index.h"
#include "matching/hnsw_index.h"
#include "matching/l2_kernel.h"
#include "matching/synthetic_descriptors.h"

namespace facecase {

namespace {

qint64 residentBytes() {
    std::ifstream statm("/proc/self/statm");
    long long pages = 0, resident = 0;
    if (!(statm >> pages >> resident)) return 0;
    return qint64(resident) * qint64(sysconf(_SC_PAGESIZE));
}

double seconds(const QElapsedTimer& t) {
    return double(t.nsecsElapsed()) / 1e9;
}

double recall(const std::vector<SearchHit>& found, const std::vector<SearchHit>& truth) {
    if (truth.empty()) return 1.0;
    std::unordered_set<qint64> ids;
    for (const SearchHit& h : truth) ids.insert(h.faceId);
    std::size_t hits = 0;
    for (const SearchHit& h : found) hits += ids.count(h.faceId);
    return double(hits) / double(truth.size());
}

QJsonObject latencyJson(const LatencyStats& s) {
    return {{QStringLiteral("p50_ms"), s.p50Ms},
            {QStringLiteral("p99_ms"), s.p99Ms},
            {QStringLiteral("mean_ms"), s.meanMs},
            {QStringLiteral("max_ms"), s.maxMs}};
}

struct Probe {
    Descriptor descriptor;
    qint64 mateFaceId = -1;  // -1: a stranger, not in the gallery
};

}  // namespace

LatencyStats summariseLatencies(std::vector<double> ms) {
    LatencyStats s;
    if (ms.empty()) return s;
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, std::size_t(q * double(ms.size() - 1) + 0.5))];
    };
    s.p50Ms = at(0.50);
    s.p99Ms = at(0.99);
    s.maxMs = ms.back();
    double sum = 0;
    for (double v : ms) sum += v;
    s.meanMs = sum / double(ms.size());
    return s;
}

Result<SearchBenchmarkResult> SearchBenchmark::run(const SearchBenchmarkOptions& options,
                                                   const Progress& progress) {
    if (options.faces < 1 || options.faces > std::size_t(4'000'000'000))
        return Error::invalidInput(QStringLiteral("--faces must be between 1 and 4,000,000,000"));
    if (options.probes < 1)
        return Error::invalidInput(QStringLiteral("--probes must be at least 1"));
    if (options.k < 1) return Error::invalidInput(QStringLiteral("--k must be at least 1"));
    if (options.threads < 1)
        return Error::invalidInput(QStringLiteral("--threads must be at least 1"));
    const auto say = [&](const QString& stage) {
        if (progress) progress(stage);
    };

    SearchBenchmarkResult r;
    r.faces = options.faces;
    r.probes = options.probes;
    r.k = options.k;
    r.threads = options.threads;
    r.instructionSet = QString::fromLatin1(L2Kernel::instructionSet());
    r.rssStartBytes = residentBytes();

    say(QStringLiteral("generating %1 synthetic faces").arg(options.faces));
    QElapsedTimer timer;
    timer.start();
    const SyntheticDescriptors generator(options.seed);
    std::vector<float> values = generator.matrix(options.faces, options.threads);
    std::vector<qint64> faceIds(options.faces);
    for (std::size_t i = 0; i < faceIds.size(); ++i) faceIds[i] = qint64(i) + 1;
    r.generateSeconds = seconds(timer);

    // Probes: mates of evenly spread gallery faces, then strangers (faces beyond the gallery).
    std::vector<Probe> probes(std::size_t(options.probes));
    const int mates = int(options.mateFraction * options.probes + 0.5);
    for (int p = 0; p < options.probes; ++p) {
        Probe& probe = probes[std::size_t(p)];
        if (p < mates) {
            const std::size_t row = (std::size_t(p) * 7919 + 13) % options.faces;
            probe.descriptor = generator.mate(values.data() + row * Descriptor::kSize,
                                              SyntheticDescriptors::mateDistance(std::uint64_t(p)),
                                              std::uint64_t(p));
            probe.mateFaceId = faceIds[row];
        } else {
            probe.descriptor = generator.descriptor(options.faces + std::uint64_t(p));
        }
    }

    timer.restart();
    // The seed stands in for the gallery revision, which a saved HNSW file records and load()
    // checks: a graph of another synthetic population is refused rather than reused.
    const auto revision = qint64(options.seed & 0x7fff'ffff'ffff'ffffULL);
    auto created = ExactIndex::create(std::move(values), std::move(faceIds), revision);
    if (!created) return created.error();
    auto exact = std::make_shared<const ExactIndex>(std::move(created).value());
    r.exactCreateSeconds = seconds(timer);
    r.exactBytesPerFace = double(exact->memoryBytes()) / double(options.faces);

    say(QStringLiteral("exact search, %1 probes").arg(options.probes));
    std::vector<std::vector<SearchHit>> truth(probes.size());
    std::vector<double> ms;
    for (std::size_t p = 0; p < probes.size(); ++p) {
        timer.restart();
        auto hits = exact->search(probes[p].descriptor, options.k, options.threads);
        const double elapsed = double(timer.nsecsElapsed()) / 1e6;
        if (!hits) return hits.error();
        if (p == 0) r.exactFirstSearchMs = elapsed;
        ms.push_back(elapsed);
        truth[p] = std::move(hits).value();
    }
    r.exact = summariseLatencies(ms);
    r.rssExactBytes = residentBytes();

    std::vector<double> nearest;
    int mateTop = 0;
    for (std::size_t p = 0; p < probes.size(); ++p) {
        if (truth[p].empty()) continue;
        if (probes[p].mateFaceId < 0)
            nearest.push_back(truth[p].front().distance);
        else if (truth[p].front().faceId == probes[p].mateFaceId)
            ++mateTop;
    }
    if (mates > 0) r.exactMateRank1 = double(mateTop) / mates;
    if (!nearest.empty()) {
        std::sort(nearest.begin(), nearest.end());
        r.nearestImpostorMedian = nearest[nearest.size() / 2];
        r.nearestImpostorP01 = nearest[std::size_t(0.01 * double(nearest.size() - 1))];
    }

    if (options.batch) {
        say(QStringLiteral("exact batch search"));
        std::vector<Descriptor> all;
        for (const Probe& p : probes) all.push_back(p.descriptor);
        timer.restart();
        auto many = exact->searchMany(all, options.k, options.threads);
        if (!many) return many.error();
        r.exactBatchMsPerProbe = double(timer.nsecsElapsed()) / 1e6 / double(all.size());
    }

    if (!options.hnsw) return r;
    r.hnswRun = true;
    std::shared_ptr<HnswIndex> hnsw;
    const bool reuse = options.reuseHnswFile && !options.hnswFile.isEmpty() &&
                       QFileInfo::exists(options.hnswFile);
    if (reuse) {
        say(QStringLiteral("loading HNSW from %1").arg(options.hnswFile));
        timer.restart();
        auto loaded = HnswIndex::load(options.hnswFile, exact, options.hnswParameters.efSearch);
        if (!loaded) return loaded.error();
        r.hnswLoadSeconds = seconds(timer);
        r.hnswFileBytes = QFileInfo(options.hnswFile).size();
        r.hnswReused = true;
        hnsw = std::make_shared<HnswIndex>(std::move(loaded).value());
    } else {
        say(QStringLiteral("building HNSW (m %1, efConstruction %2, %3 shards) on %4 threads")
                .arg(options.hnswParameters.m)
                .arg(options.hnswParameters.efConstruction)
                .arg(options.hnswParameters.shards)
                .arg(options.threads));
        timer.restart();
        auto built = HnswIndex::build(exact, options.hnswParameters, options.threads);
        if (!built) return built.error();
        r.hnswBuildSeconds = seconds(timer);
        hnsw = std::make_shared<HnswIndex>(std::move(built).value());
    }
    // From the index itself: a reused file brings its own graph parameters.
    r.hnswShards = hnsw->shardCount();
    r.hnswM = hnsw->parameters().m;
    r.hnswEfConstruction = hnsw->parameters().efConstruction;
    r.hnswEfSearch = options.hnswParameters.efSearch;
    r.hnswBytesPerFace = double(hnsw->memoryBytes()) / double(options.faces);
    r.rssHnswBytes = residentBytes();

    if (!options.hnswFile.isEmpty() && !r.hnswReused) {
        say(QStringLiteral("saving and loading %1").arg(options.hnswFile));
        timer.restart();
        if (auto saved = hnsw->save(options.hnswFile); !saved) return saved.error();
        r.hnswSaveSeconds = seconds(timer);
        r.hnswFileBytes = QFileInfo(options.hnswFile).size();
        hnsw.reset();  // measure the load without the built graph in memory
        timer.restart();
        auto loaded = HnswIndex::load(options.hnswFile, exact, options.hnswParameters.efSearch);
        if (!loaded) return loaded.error();
        r.hnswLoadSeconds = seconds(timer);
        hnsw = std::make_shared<HnswIndex>(std::move(loaded).value());
    }

    const auto measure = [&](int efSearch, LatencyStats& latency, double& recallAtK,
                             double* mateRank1) -> Result<void> {
        std::vector<double> times;
        double recallSum = 0;
        int matesFirst = 0;
        for (std::size_t p = 0; p < probes.size(); ++p) {
            timer.restart();
            auto hits = hnsw->search(probes[p].descriptor, options.k, efSearch);
            times.push_back(double(timer.nsecsElapsed()) / 1e6);
            if (!hits) return hits.error();
            recallSum += recall(*hits, truth[p]);
            if (probes[p].mateFaceId >= 0 && !hits->empty() &&
                hits->front().faceId == probes[p].mateFaceId)
                ++matesFirst;
        }
        latency = summariseLatencies(times);
        recallAtK = recallSum / double(probes.size());
        if (mateRank1 && mates > 0) *mateRank1 = double(matesFirst) / mates;
        return {};
    };
    say(QStringLiteral("HNSW search, efSearch %1").arg(options.hnswParameters.efSearch));
    if (auto ok =
            measure(options.hnswParameters.efSearch, r.hnsw, r.hnswRecallAtK, &r.hnswMateRank1);
        !ok)
        return ok.error();
    for (int ef : options.efSearchSweep) {
        EfSearchPoint point;
        point.efSearch = ef;
        if (auto ok = measure(ef, point.latency, point.recallAtK, &point.mateRank1); !ok)
            return ok.error();
        r.efSweep.push_back(point);
    }
    return r;
}

QJsonObject SearchBenchmark::toJson(const SearchBenchmarkResult& r) {
    QJsonObject o{
        {QStringLiteral("faces"), double(r.faces)},
        {QStringLiteral("probes"), r.probes},
        {QStringLiteral("k"), r.k},
        {QStringLiteral("threads"), r.threads},
        {QStringLiteral("instruction_set"), r.instructionSet},
        {QStringLiteral("generate_seconds"), r.generateSeconds},
        {QStringLiteral("exact_create_seconds"), r.exactCreateSeconds},
        {QStringLiteral("exact_first_search_ms"), r.exactFirstSearchMs},
        {QStringLiteral("exact_bytes_per_face"), r.exactBytesPerFace},
        {QStringLiteral("rss_start_bytes"), double(r.rssStartBytes)},
        {QStringLiteral("rss_exact_bytes"), double(r.rssExactBytes)},
        {QStringLiteral("exact"), latencyJson(r.exact)},
        {QStringLiteral("exact_batch_ms_per_probe"), r.exactBatchMsPerProbe},
        {QStringLiteral("exact_mate_rank1"), r.exactMateRank1},
        {QStringLiteral("nearest_impostor_median"), r.nearestImpostorMedian},
        {QStringLiteral("nearest_impostor_p01"), r.nearestImpostorP01},
    };
    if (!r.hnswRun) return o;
    QJsonArray sweep;
    for (const EfSearchPoint& p : r.efSweep)
        sweep.append(QJsonObject{{QStringLiteral("ef_search"), p.efSearch},
                                 {QStringLiteral("latency"), latencyJson(p.latency)},
                                 {QStringLiteral("recall_at_k"), p.recallAtK},
                                 {QStringLiteral("mate_rank1"), p.mateRank1}});
    o.insert(QStringLiteral("hnsw"),
             QJsonObject{{QStringLiteral("shards"), r.hnswShards},
                         {QStringLiteral("m"), r.hnswM},
                         {QStringLiteral("ef_construction"), r.hnswEfConstruction},
                         {QStringLiteral("ef_search"), r.hnswEfSearch},
                         {QStringLiteral("build_seconds"), r.hnswBuildSeconds},
                         {QStringLiteral("reused_file"), r.hnswReused},
                         {QStringLiteral("bytes_per_face"), r.hnswBytesPerFace},
                         {QStringLiteral("rss_bytes"), double(r.rssHnswBytes)},
                         {QStringLiteral("latency"), latencyJson(r.hnsw)},
                         {QStringLiteral("recall_at_k"), r.hnswRecallAtK},
                         {QStringLiteral("mate_rank1"), r.hnswMateRank1},
                         {QStringLiteral("ef_sweep"), sweep},
                         {QStringLiteral("save_seconds"), r.hnswSaveSeconds},
                         {QStringLiteral("load_seconds"), r.hnswLoadSeconds},
                         {QStringLiteral("file_bytes"), double(r.hnswFileBytes)}});
    return o;
}

}  // namespace facecase
