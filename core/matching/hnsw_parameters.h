#pragma once

#include <cstdint>

namespace facecase {

// HNSW graph parameters. The defaults come from synthetic 1,000,000-face galleries spread like
// real descriptors (search_benchmark.h; numbers in hnsw_index.h).
struct HnswParameters {
    int m = 24;                // links per node on upper layers; 2 x m on layer 0
    int efConstruction = 100;  // candidate list while inserting: graph quality vs build time
    int efSearch = 512;        // candidates per shard and search; all are re-ranked exactly
    // Independent graphs over contiguous slices of the gallery, each built by one thread and
    // all searched in parallel per query (one core each). Against one graph of the same size:
    // better recall at the same latency, and a build that gives the same graph every time.
    int shards = 2;
    std::uint64_t seed = 100;  // hnswlib's level generator (shard i uses seed + i)
};

}  // namespace facecase
