#pragma once

#include <QString>
#include <cstddef>
#include <functional>
#include <vector>

#include "matching/hnsw_parameters.h"
#include "types/result.h"

namespace facecase {

// The file an HnswIndex is saved to, and nothing else: header, shard table, checksums, and the
// graphs as hnswlib lays out their links (the bytes are the format; no hnswlib needed here).
// HnswIndex turns its graphs into a Payload for write() and installs what read() returns.
//
// Layout (little-endian), version 1:
//   fixed header, 120 bytes: magic "FCHNSW\r\n", version, dimensions, faces, gallery revision,
//     checksum of the face ids, m, efConstruction, 2m, shards, record bytes, upper-list bytes,
//     payload checksum
//   shard table, 32 bytes per shard: first row u64, rows u64, max level i32, entry node u32,
//     upper-layer bytes u64
//   header checksum, 8 bytes: XXH64 of everything before it
//   per shard: node records (layer-0 link word + 2m links + label u64; no descriptor: load()
//     takes descriptors from the ExactIndex), node levels (i32 each), then the upper-layer link
//     lists of the nodes with a level > 0, in node order
// Stateless; thread-safe. Cost: one sequential pass over the file (~276 B per face, m = 32).
class HnswIndexFile {
public:
    // The gallery a file was written for; a file for any other state is refused.
    struct Gallery {
        quint64 count = 0;    // faces
        qint64 revision = 0;  // the gallery's revision
        quint64 faceIds = 0;  // checksum of its face ids in row order
    };
    // One graph: its slice of the gallery's rows and the size of its upper layers.
    struct Shard {
        std::size_t firstRow = 0;
        std::size_t rows = 0;
        std::size_t upperBytes = 0;
        qint32 maxLevel = 0;
        quint32 entryPoint = 0;
    };
    struct Header {
        Gallery gallery;
        int m = 0;
        int efConstruction = 0;
        std::vector<Shard> shards;  // none for an empty gallery
    };
    // One shard read back: its payload, every link and label checked.
    struct ShardData {
        Shard shard;
        std::vector<char> records;  // rows x recordBytes(m)
        std::vector<qint32> levels;
        std::vector<char> upper;  // upperBytes
    };
    struct Contents {
        Header header;
        std::vector<ShardData> shards;
    };

    // Bytes of a node record (layer-0 link word, 2m links, label) and of an upper-layer list
    // (link word, m links) for `m` links per node.
    static std::size_t recordBytes(std::size_t m);
    static std::size_t upperListBytes(std::size_t m);

    // Receives payload bytes in file order; returns false to stop (a failed write).
    using Sink = std::function<bool(const char* data, std::size_t bytes)>;
    // Feeds shard `shard`'s payload into `sink`, in the layout above; false if `sink` stopped it.
    // Called twice per shard: once for the checksum, once to write.
    using Payload = std::function<bool(std::size_t shard, const Sink& sink)>;

    // Writes atomically (a temporary file renamed on success); the message names `path`.
    static Result<void> write(const QString& path, const Header& header, const Payload& payload);

    // Reads a file written for `gallery`. Refuses — never crashes on — a file that is missing,
    // truncated, of another format, version or descriptor size, written for another gallery
    // state, or corrupt (header and payload checksums, then every link and label): each message
    // names `path`, and a damaged or stale file's ends "the HNSW index must be rebuilt".
    static Result<Contents> read(const QString& path, const Gallery& gallery);
};

}  // namespace facecase
