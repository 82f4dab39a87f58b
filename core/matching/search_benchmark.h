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
    int probes = 200;            // timed searches per method
    int k = 20;
    int threads = 2;             // exact scan, HNSW build and generation threads
    bool hnsw = false;           // also build and time an HNSW index
    HnswParameters hnswParameters;
    std::vector<int> efSearchSweep;  // extra efSearch values to time (tuning); may be empty
    double mateFraction = 0.5;   // share of probes that are another photo of a gallery face
    bool batch = false;          // also time ExactIndex::searchMany over all probes
    QString hnswFile;            // if set: save the graph there, load it back, time both
    std::uint64_t seed = 1;
};

struct LatencyStats {
    double p50Ms = 0;
    double p99Ms = 0;
    double meanMs = 0;
    double maxMs = 0;
};

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

    double generateSeconds = 0;       // synthetic gallery
    double exactCreateSeconds = 0;    // ExactIndex::create (validation pass; the matrix is moved)
    double exactFirstSearchMs = 0;    // open-to-first-result is create + this
    double exactBytesPerFace = 0;     // matrix + ids, from container sizes
    qint64 rssStartBytes = 0;         // /proc/self/statm resident set before generation
    qint64 rssExactBytes = 0;         // ... with the gallery and exact index
    qint64 rssHnswBytes = 0;          // ... plus the HNSW graph (0 without --hnsw)
    LatencyStats exact;
    double exactBatchMsPerProbe = 0;  // searchMany wall time / probes (0 unless batch)
    double exactMateRank1 = 0;        // mated probes whose mate the exact scan ranks first
    double nearestImpostorMedian = 0; // median top-1 distance of non-mated probes (realism check)
    double nearestImpostorP01 = 0;    // its 1st percentile

    bool hnswRun = false;
    int hnswShards = 0;
    int hnswM = 0;
    int hnswEfConstruction = 0;
    int hnswEfSearch = 0;
    double hnswBuildSeconds = 0;
    double hnswBytesPerFace = 0;      // graph only, from hnswlib's sizes; add exactBytesPerFace
    LatencyStats hnsw;                // search (one thread per shard) + exact re-ranking
    double hnswRecallAtK = 0;         // |HNSW top-k ∩ exact top-k| / k, mean over probes
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
// index (+ ~170 with HNSW). Blocks the calling thread for as long as it runs (an HNSW build over
// 1,000,000 faces takes minutes). Thread-safe (no shared state).
class SearchBenchmark {
public:
    using Progress = std::function<void(const QString& stage)>;

    static Result<SearchBenchmarkResult> run(const SearchBenchmarkOptions& options,
                                             const Progress& progress = {});
    static QJsonObject toJson(const SearchBenchmarkResult& result);
};

}  // namespace facecase
