#pragma once

#include <cstdint>

#include "types/result.h"

namespace facecase {

// HNSW graph parameters. Defaults measured on a synthetic 1,000,000-face gallery spread like
// real descriptors, 2 cores (SearchBenchmark, 400 probes, half of them mates; p50 latency):
//   2 shards, m 32, efConstruction 200: build 6.3 min; efSearch 256 / 384 / 512 -> recall@20
//     0.982 / 0.993 / 0.997, mates ranked first 99.5% / 100% / 100%, 1.2 / 1.8 / 2.3 ms
//   2 shards, m 24, efConstruction 100: build 2.9 min; efSearch 512 -> 0.987, mates 98%, 1.9 ms
//   1 graph,  m 24, efConstruction 100: build 3.1 min; efSearch 512 -> 0.962, mates 96%, 1.8 ms
// so the defaults buy recall (of mates above all) with build time.
struct HnswParameters {
    static constexpr int kMaxShards = 256;

    int m = 32;                // links per node on upper layers; 2 x m on layer 0
    int efConstruction = 200;  // candidate list while inserting: graph quality vs build time
    int efSearch = 384;        // candidates per shard and search; all are re-ranked exactly
    // Independent graphs over contiguous slices of the gallery, each built by one thread and
    // all searched in parallel per query (one core each). Against one graph of the same size:
    // better recall at the same latency, and a build that gives the same graph every time.
    int shards = 2;
    std::uint64_t seed = 100;  // hnswlib's level generator (shard i uses seed + i)
};

// InvalidInput naming the first parameter outside its range ("HNSW m must be between 2 and 128,
// not 1"): for a build's arguments and a saved index's header alike.
Result<void> checkHnswParameters(const HnswParameters& parameters);

}  // namespace facecase
