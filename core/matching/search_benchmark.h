#pragma once

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <functional>
#include <vector>

#include "matching/hnsw_parameters.h"
#include "types/result.h"

namespace facecase {

struct SearchBenchmarkOptions {
    std::size_t faces = 300'000;
    int probes = 200;  // timed searches per method
    int k = 20;
    int threads = 2;    // exact scan, HNSW build and generation threads
    bool hnsw = false;  // also build and time an HNSW index
    HnswParameters hnswParameters;
    std::vector<int> efSearchSweep;  // extra efSearch values to time (tuning); may be empty
    double mateFraction = 0.5;       // share of probes that are another photo of a gallery face
    bool batch = false;              // also time ExactIndex::searchMany over all probes
    QString hnswFile;                // if set: save the graph there, load it back, time both
    // With hnswFile: load the graph from that file when it is there (a previous run's, same
    // faces and seed) instead of building it, so latencies can be measured again in seconds
    // rather than minutes. The file is checked against the gallery (count, ids, seed).
    bool reuseHnswFile = false;
    std::uint64_t seed = 1;
};

struct LatencyStats {
    double p50Ms = 0;
    double p99Ms = 0;
    double meanMs = 0;
    double maxMs = 0;
};
// p50/p99/mean/max of `ms` (milliseconds); zeros when empty.
LatencyStats summariseLatencies(std::vector<double> ms);

struct EfSearchPoint {
    int efSearch = 0;
    LatencyStats latency;
    double recallAtK = 0;
    double mateRank1 = 0;
};

struct SearchBenchmarkResult {
    std::size_t faces = 0;
    int probes = 0;
    int k = 0;
    int threads = 0;
    QString instructionSet;  // the L2 kernel clone that ran

    double generateSeconds = 0;     // synthetic gallery
    double exactCreateSeconds = 0;  // ExactIndex::create (validation pass; the matrix is moved)
    double exactFirstSearchMs = 0;  // open-to-first-result is create + this
    double exactBytesPerFace = 0;   // matrix + ids, from container sizes
    qint64 rssStartBytes = 0;       // /proc/self/statm resident set before generation
    qint64 rssExactBytes = 0;       // ... with the gallery and exact index
    qint64 rssHnswBytes = 0;        // ... plus the HNSW graph (0 without --hnsw)
    LatencyStats exact;
    double exactBatchMsPerProbe = 0;   // searchMany wall time / probes (0 unless batch)
    double exactMateRank1 = 0;         // mated probes whose mate the exact scan ranks first
    double nearestImpostorMedian = 0;  // median top-1 distance of non-mated probes (realism check)
    double nearestImpostorP01 = 0;     // its 1st percentile

    bool hnswRun = false;
    int hnswShards = 0;
    int hnswM = 0;
    int hnswEfConstruction = 0;
    int hnswEfSearch = 0;
    double hnswBuildSeconds = 0;  // 0 when the graph was loaded from a reused file
    bool hnswReused = false;
    double hnswBytesPerFace = 0;  // graph only, from hnswlib's sizes; add exactBytesPerFace
    LatencyStats hnsw;            // search (one thread per shard) + exact re-ranking
    double hnswRecallAtK = 0;     // |HNSW top-k ∩ exact top-k| / k, mean over probes
    double hnswMateRank1 = 0;
    std::vector<EfSearchPoint> efSweep;
    double hnswSaveSeconds = 0;
    double hnswLoadSeconds = 0;
    qint64 hnswFileBytes = 0;
};

// `facecase-cli bench search`: a synthetic gallery of N faces spread like real descriptors
// (SyntheticDescriptors), P probes (part of them mates of gallery faces, the rest strangers),
// then the exact scan and optionally HNSW are timed per probe, with memory per face, recall of
// HNSW against the exact top-k, build, save and load times. Needs ~520 B per face for the exact
// index (+ ~800 with HNSW). Blocks the calling thread for as long as it runs (an HNSW build over
// 1,000,000 faces takes minutes). Thread-safe (no shared state).
//
// Measured here (2-core Xeon, AVX-512, k 20, quiet machine; other builds running at the same
// time doubled some latencies), p50 / p99:
//   300,000   exact 4.8 / 6.6 ms; batch of 7,000 probes 0.96 ms per probe; HNSW (defaults)
//             1.4 / 2.7 ms, recall@20 0.999, build 68 s, +798 B/face, file 83 MB, load 0.19 s
//   1,000,000 exact 19 / 21 ms; HNSW 1.8 / 2.6 ms, recall@20 0.993, mates first 100%,
//             build 6.3 min, +798 B/face (RSS 532 MB -> 1.36 GB), file 276 MB, load 0.63 s
//   10,000,000 exact 181 / 196 ms, RSS 5.2 GB; HNSW not run: ~13 GB would fit, but the build
//             would take over an hour (6.3 min per million and growing)
class SearchBenchmark {
public:
    using Progress = std::function<void(const QString& stage)>;

    static Result<SearchBenchmarkResult> run(const SearchBenchmarkOptions& options,
                                             const Progress& progress = {});
    static QJsonObject toJson(const SearchBenchmarkResult& result);
};

}  // namespace facecase
