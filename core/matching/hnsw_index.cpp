// Over 500 lines: the one translation unit allowed to include hnswlib, so graph and file format stay here.
#include "matching/hnsw_index.h"

#include <QFile>
#include <QSaveFile>

// The one translation unit that includes hnswlib (its header defines non-inline functions).
// hnswlib 0.6 prefetches the neighbour after the last one of a link list while inserting,
// reading 4 bytes past a full upper-layer list (nmslib/hnswlib#107, #578; the bytes lie in
// malloc's rounding, and a prefetch of any address is harmless). AddressSanitizer rightly
// reports it, so sanitizer builds compile hnswlib without its manual prefetching; release
// builds keep it: searches 15% and builds 6% faster (measured).
#if defined(__SANITIZE_ADDRESS__)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "matching/content_checksum.h"
#include "matching/l2_kernel.h"
#include "matching/parallel_runner.h"

namespace facecase {

namespace {

static_assert(std::endian::native == std::endian::little, "the index file format is little-endian");

using Graph = hnswlib::HierarchicalNSW<float>;

// L2 over 128 floats with the exact scan's kernel (hnswlib's own would be SSE-only in this
// -march-less build: 1.7x slower here). hnswlib copies each descriptor into its node records
// (512 B per face): a variant storing only a pointer into the ExactIndex saved that memory but
// made searches 1.45x and builds 1.3x slower (one more cache miss per visited node, measured at
// 100,000 faces), so the copy stays.
class DescriptorSpace final : public hnswlib::SpaceInterface<float> {
public:
    size_t get_data_size() override { return sizeof(float) * Descriptor::kSize; }
    hnswlib::DISTFUNC<float> get_dist_func() override { return &distance; }
    void* get_dist_func_param() override { return nullptr; }

private:
    static float distance(const void* a, const void* b, const void*) {
        return L2Kernel::squaredDistance(static_cast<const float*>(a),
                                         static_cast<const float*>(b));
    }
};

// File layout (little-endian), version 1:
//   fixed header, 120 bytes (offsets below)
//   shard table, 32 bytes per shard: first row u64, rows u64, max level i32, entry node u32,
//                                    upper-layer bytes u64
//   header checksum, 8 bytes: XXH64 of everything before it
//   per shard: node records (layer-0 link word + 2m links + label; no descriptor), node levels
//              (i32 each), upper-layer link lists of the nodes with a level > 0, in node order
// "FCHNSW" + CR LF: a text-mode transfer that mangles line ends is caught by the magic alone.
constexpr char kMagic[8] = {'F', 'C', 'H', 'N', 'S', 'W', '\r', '\n'};
constexpr quint32 kFormatVersion = 1;
constexpr std::size_t kFixedHeader = 120;
constexpr std::size_t kShardEntry = 32;
constexpr std::size_t kOffVersion = 8, kOffDimensions = 12, kOffCount = 16, kOffRevision = 24,
                      kOffFaceIds = 32, kOffM = 40, kOffEfConstruction = 44, kOffMaxM0 = 48,
                      kOffShards = 52, kOffRecordBytes = 56, kOffUpperListBytes = 64,
                      kOffPayloadChecksum = 72;
constexpr int kMaxShards = 256;
// Levels are geometric with ratio 1/m: above 40 has probability < 1e-12 per node for m >= 2.
constexpr int kMaxLevel = 64;
constexpr int kMaxThreads = 64;
// Node records per write and checksum call: a few MB, so I/O runs in large blocks.
constexpr std::size_t kRecordChunk = 16384;

template <class T>
void put(char* buffer, std::size_t offset, T value) {
    std::memcpy(buffer + offset, &value, sizeof value);
}

template <class T>
T get(const char* buffer, std::size_t offset) {
    T value;
    std::memcpy(&value, buffer + offset, sizeof value);
    return value;
}

std::size_t headerBytes(std::size_t shards) {
    return kFixedHeader + shards * kShardEntry + 8;
}
std::size_t recordBytesFor(std::size_t m) {
    return 2 * m * 4 + 4 + sizeof(hnswlib::labeltype);
}
std::size_t upperListBytesFor(std::size_t m) {
    return m * 4 + 4;
}

quint64 faceIdChecksum(const ExactIndex& exact) {
    return ContentChecksum::of(exact.faceIds().data(), exact.faceIds().size() * sizeof(qint64));
}

// hnswlib's layout of a link list: a 32-bit word whose low 16 bits count the links (byte 2
// holds the "deleted" mark), then the links as 32-bit node numbers.
quint32 linkWord(const char* list) {
    return get<quint32>(list, 0);
}
quint32 linkAt(const char* list, std::size_t j) {
    return get<quint32>(list, 4 + 4 * j);
}

// hnswlib keeps a mutex per node, 65,536 update mutexes and a label hash map for inserts only
// (~80 B per face). This index is immutable once built or loaded, so they are dropped; searchKnn
// never touches them.
void releaseInsertOnlyState(Graph& graph) {
    std::vector<std::mutex>().swap(graph.link_list_locks_);
    std::vector<std::mutex>().swap(graph.link_list_update_locks_);
    decltype(graph.label_lookup_)().swap(graph.label_lookup_);
    // searchKnn uses max(ef_, k) candidates: with ef_ = 1 the caller's k alone decides.
    graph.setEf(1);
}

Result<void> checkParameters(const HnswParameters& p) {
    const auto outside = [](const char* name, int value, int low, int high) -> Result<void> {
        if (value >= low && value <= high) return {};
        return Error::invalidInput(QStringLiteral("HNSW %1 must be between %2 and %3, not %4")
                                       .arg(QLatin1String(name))
                                       .arg(low)
                                       .arg(high)
                                       .arg(value));
    };
    for (const auto& r :
         {outside("m", p.m, 2, 128), outside("efConstruction", p.efConstruction, 1, 8192),
          outside("efSearch", p.efSearch, 1, 65536), outside("shards", p.shards, 1, kMaxShards)})
        if (!r) return r;
    return {};
}

QString what(const std::exception& e) {
    return QString::fromLocal8Bit(e.what());
}

}  // namespace

// One graph over rows [firstRow, firstRow + rows). Node labels are global row numbers.
struct HnswShard {
    std::unique_ptr<Graph> graph;
    std::size_t firstRow = 0;
    std::size_t rows = 0;
    std::size_t upperBytes = 0;
};

struct HnswIndex::Impl {
    std::shared_ptr<const ExactIndex> exact;
    HnswParameters parameters;
    DescriptorSpace space;
    std::vector<HnswShard> shards;  // empty for an empty gallery

    std::size_t count() const { return exact ? exact->size() : 0; }

    // Calls sink(bytes, size) over one shard's payload in file order; false from sink stops it.
    // Node records are written without their descriptor copy: the database is the source of
    // truth for descriptors, and load() takes them from the ExactIndex, so the file (~276 B per
    // face with m = 32) can never disagree with the gallery it is loaded for.
    template <class Sink>
    static bool forEachPayloadBlock(const HnswShard& shard, Sink&& sink) {
        const Graph& g = *shard.graph;
        const std::size_t n = shard.rows;
        const std::size_t links = g.offsetData_;
        const std::size_t record = links + sizeof(hnswlib::labeltype);
        std::vector<char> block;
        for (std::size_t first = 0; first < n; first += kRecordChunk) {
            const std::size_t records = std::min(kRecordChunk, n - first);
            block.resize(records * record);
            for (std::size_t r = 0; r < records; ++r) {
                const char* source = g.data_level0_memory_ + (first + r) * g.size_data_per_element_;
                std::memcpy(block.data() + r * record, source, links);
                std::memcpy(block.data() + r * record + links, source + g.label_offset_,
                            sizeof(hnswlib::labeltype));
            }
            if (!sink(block.data(), block.size())) return false;
        }
        std::vector<qint32> levels(g.element_levels_.begin(),
                                   g.element_levels_.begin() + std::ptrdiff_t(n));
        if (!sink(reinterpret_cast<const char*>(levels.data()), levels.size() * sizeof(qint32)))
            return false;
        for (std::size_t i = 0; i < n; ++i) {
            if (g.element_levels_[i] <= 0) continue;
            if (!sink(g.linkLists_[i],
                      std::size_t(g.element_levels_[i]) * g.size_links_per_element_))
                return false;
        }
        return true;
    }
};

HnswIndex::HnswIndex(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HnswIndex::HnswIndex(HnswIndex&&) noexcept = default;
HnswIndex& HnswIndex::operator=(HnswIndex&&) noexcept = default;
HnswIndex::~HnswIndex() = default;

std::size_t HnswIndex::size() const {
    return m_impl->count();
}
qint64 HnswIndex::revision() const {
    return m_impl->exact ? m_impl->exact->revision() : 0;
}
const HnswParameters& HnswIndex::parameters() const {
    return m_impl->parameters;
}
const std::shared_ptr<const ExactIndex>& HnswIndex::exactIndex() const {
    return m_impl->exact;
}
int HnswIndex::shardCount() const {
    return int(m_impl->shards.size());
}

std::size_t HnswIndex::memoryBytes() const {
    std::size_t bytes = 0;
    for (const HnswShard& shard : m_impl->shards) {
        const Graph& g = *shard.graph;
        const std::size_t n = g.max_elements_;
        std::size_t upperAllocations = 0;
        for (std::size_t i = 0; i < g.cur_element_count; ++i)
            if (g.element_levels_[i] > 0) ++upperAllocations;
        bytes += n * g.size_data_per_element_           // layer 0: links, descriptor, label
                 + shard.upperBytes + upperAllocations  // upper layers (+1 byte each, hnswlib's)
                 + g.element_levels_.capacity() * sizeof(int)  // level per node
                 + n * sizeof(char*)                           // upper-layer list pointers
                 + n * sizeof(hnswlib::vl_type)  // one visited list (one per searcher)
                 + g.link_list_locks_.capacity() * sizeof(std::mutex) +
                 g.label_lookup_.bucket_count() * sizeof(void*) + g.label_lookup_.size() * 32;
    }
    return bytes;
}

Result<HnswIndex> HnswIndex::build(std::shared_ptr<const ExactIndex> exact,
                                   const HnswParameters& parameters, int threads,
                                   const Progress& progress) {
    if (!exact) return Error::invalidInput(QStringLiteral("HNSW build needs an exact index"));
    if (auto ok = checkParameters(parameters); !ok) return ok.error();
    if (threads < 1 || threads > kMaxThreads)
        return Error::invalidInput(QStringLiteral("threads must be between 1 and %1, not %2")
                                       .arg(kMaxThreads)
                                       .arg(threads));
    auto impl = std::make_unique<Impl>();
    impl->exact = std::move(exact);
    impl->parameters = parameters;
    const std::size_t n = impl->count();
    if (n == 0) return HnswIndex(std::move(impl));

    const std::size_t shardCount = std::min<std::size_t>(std::size_t(parameters.shards), n);
    impl->shards.resize(shardCount);
    try {
        for (std::size_t s = 0; s < shardCount; ++s) {
            HnswShard& shard = impl->shards[s];
            shard.firstRow = n * s / shardCount;
            shard.rows = n * (s + 1) / shardCount - shard.firstRow;
            shard.graph = std::make_unique<Graph>(
                &impl->space, shard.rows, std::size_t(parameters.m),
                std::size_t(parameters.efConstruction), std::size_t(parameters.seed + s));
        }
    } catch (const std::exception& e) {
        return Error::internal(
            QStringLiteral("cannot allocate an HNSW graph for %1 faces: %2").arg(n).arg(what(e)));
    }

    const ExactIndex& rows = *impl->exact;
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    std::mutex failureMutex;
    QString failure;
    const auto fail = [&](const std::exception& e) {
        const std::lock_guard lock(failureMutex);
        if (failure.isEmpty()) failure = what(e);
        stop = true;
    };
    // Progress only from the calling thread, so callers get it on their own thread.
    const auto report = [&](int part, std::size_t added) {
        const std::size_t total = done.fetch_add(added) + added;
        if (part == 0 && progress && !progress(total, n)) stop = true;
    };
    constexpr std::size_t kChunk = 1024;

    if (shardCount == 1) {
        // One graph filled by all threads. hnswlib's concurrent inserts are safe except for the
        // very first element (upstream nmslib/hnswlib#100), so it goes in alone. One race stays
        // inside hnswlib 0.6 that no caller can avoid: concurrent inserts draw node levels from
        // one unguarded generator (it can repeat or skip a draw; forks such as vsag lock it).
        // Insertion order varies between runs, so two builds differ slightly.
        Graph& graph = *impl->shards[0].graph;
        try {
            graph.addPoint(rows.row(0), hnswlib::labeltype(0));
        } catch (const std::exception& e) {
            return Error::internal(QStringLiteral("HNSW build failed: %1").arg(what(e)));
        }
        done = 1;
        std::atomic<std::size_t> next{1};
        ParallelRunner::run(threads, [&](int part) {
            try {
                while (!stop.load(std::memory_order_relaxed)) {
                    const std::size_t begin = next.fetch_add(kChunk);
                    if (begin >= n) break;
                    const std::size_t end = std::min(n, begin + kChunk);
                    for (std::size_t r = begin; r < end; ++r)
                        graph.addPoint(rows.row(r), hnswlib::labeltype(r));
                    report(part, end - begin);
                }
            } catch (const std::exception& e) {
                fail(e);
            }
        });
    } else {
        // One thread per shard at a time, rows in order: every build of a gallery gives the same
        // graphs, and no two threads ever insert into one hnswlib graph.
        std::atomic<std::size_t> nextShard{0};
        ParallelRunner::run(
            int(std::min<std::size_t>(std::size_t(threads), shardCount)), [&](int part) {
                try {
                    for (std::size_t s = nextShard++; s < shardCount && !stop; s = nextShard++) {
                        HnswShard& shard = impl->shards[s];
                        for (std::size_t begin = 0; begin < shard.rows && !stop; begin += kChunk) {
                            const std::size_t end = std::min(shard.rows, begin + kChunk);
                            for (std::size_t r = shard.firstRow + begin; r < shard.firstRow + end;
                                 ++r)
                                shard.graph->addPoint(rows.row(r), hnswlib::labeltype(r));
                            report(part, end - begin);
                        }
                    }
                } catch (const std::exception& e) {
                    fail(e);
                }
            });
    }
    if (!failure.isEmpty())
        return Error::internal(QStringLiteral("HNSW build failed: %1").arg(failure));
    if (done.load() < n)
        return Error::cancelled(
            QStringLiteral("HNSW build cancelled after %1 of %2 faces").arg(done.load()).arg(n));

    for (HnswShard& shard : impl->shards) {
        releaseInsertOnlyState(*shard.graph);
        for (std::size_t i = 0; i < shard.rows; ++i)
            shard.upperBytes += std::size_t(std::max(0, shard.graph->element_levels_[i])) *
                                shard.graph->size_links_per_element_;
    }
    return HnswIndex(std::move(impl));
}

Result<std::vector<SearchHit>> HnswIndex::search(const Descriptor& probe, int k) const {
    return search(probe, k, m_impl->parameters.efSearch);
}

Result<std::vector<SearchHit>> HnswIndex::search(const Descriptor& probe, int k,
                                                 int efSearch) const {
    if (k < 1) return Error::invalidInput(QStringLiteral("k must be at least 1, not %1").arg(k));
    if (efSearch < 1)
        return Error::invalidInput(
            QStringLiteral("efSearch must be at least 1, not %1").arg(efSearch));
    if (!std::all_of(probe.values.begin(), probe.values.end(),
                     [](float v) { return std::isfinite(v); }))
        return Error::invalidInput(
            QStringLiteral("probe descriptor has a value that is not a finite number"));
    const std::vector<HnswShard>& shards = m_impl->shards;
    if (shards.empty()) return std::vector<SearchHit>{};

    // Every shard proposes max(k, efSearch) rows, on its own thread; the union is re-ranked.
    std::vector<std::vector<std::uint32_t>> proposed(shards.size());
    std::vector<QString> failures(shards.size());
    ParallelRunner::run(int(shards.size()), [&](int part) {
        const HnswShard& shard = shards[std::size_t(part)];
        const std::size_t want = std::min(shard.rows, std::size_t(std::max(k, efSearch)));
        try {
            auto found = shard.graph->searchKnn(probe.values.data(), want);
            proposed[std::size_t(part)].reserve(found.size());
            for (; !found.empty(); found.pop())
                proposed[std::size_t(part)].push_back(std::uint32_t(found.top().second));
        } catch (const std::exception& e) {
            failures[std::size_t(part)] = what(e);
        }
    });
    std::vector<std::uint32_t> rows;
    for (std::size_t s = 0; s < shards.size(); ++s) {
        if (!failures[s].isEmpty())
            return Error::internal(QStringLiteral("HNSW search failed: %1").arg(failures[s]));
        rows.insert(rows.end(), proposed[s].begin(), proposed[s].end());
    }
    return m_impl->exact->rankRows(probe, rows, k);
}

Result<void> HnswIndex::save(const QString& path) const {
    const Impl& impl = *m_impl;
    const std::size_t m = std::size_t(impl.parameters.m);
    const std::size_t shardCount = impl.shards.size();
    std::vector<char> head(headerBytes(shardCount), 0);
    std::memcpy(head.data(), kMagic, sizeof kMagic);
    put(head.data(), kOffVersion, kFormatVersion);
    put(head.data(), kOffDimensions, quint32(Descriptor::kSize));
    put(head.data(), kOffCount, quint64(impl.count()));
    put(head.data(), kOffRevision, qint64(revision()));
    put(head.data(), kOffFaceIds, quint64(impl.exact ? faceIdChecksum(*impl.exact) : 0));
    put(head.data(), kOffM, quint32(m));
    put(head.data(), kOffEfConstruction, quint32(impl.parameters.efConstruction));
    put(head.data(), kOffMaxM0, quint32(2 * m));
    put(head.data(), kOffShards, quint32(shardCount));
    put(head.data(), kOffRecordBytes, quint64(recordBytesFor(m)));
    put(head.data(), kOffUpperListBytes, quint64(upperListBytesFor(m)));
    ContentChecksum payload;
    for (std::size_t s = 0; s < shardCount; ++s) {
        const HnswShard& shard = impl.shards[s];
        char* entry = head.data() + kFixedHeader + s * kShardEntry;
        put(entry, 0, quint64(shard.firstRow));
        put(entry, 8, quint64(shard.rows));
        put(entry, 16, qint32(shard.graph->maxlevel_));
        put(entry, 20, quint32(shard.graph->enterpoint_node_));
        put(entry, 24, quint64(shard.upperBytes));
        Impl::forEachPayloadBlock(shard, [&](const char* data, std::size_t bytes) {
            payload.add(data, bytes);
            return true;
        });
    }
    put(head.data(), kOffPayloadChecksum, quint64(payload.value()));
    put(head.data(), head.size() - 8, quint64(ContentChecksum::of(head.data(), head.size() - 8)));

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::invalidInput(path + QStringLiteral(": cannot write the HNSW index: ") +
                                   file.errorString());
    bool written = file.write(head.data(), qint64(head.size())) == qint64(head.size());
    for (std::size_t s = 0; written && s < shardCount; ++s)
        written =
            Impl::forEachPayloadBlock(impl.shards[s], [&](const char* data, std::size_t bytes) {
                return file.write(data, qint64(bytes)) == qint64(bytes);
            });
    if (!written || !file.commit())
        return Error::invalidInput(path + QStringLiteral(": cannot write the HNSW index: ") +
                                   file.errorString());
    return {};
}

namespace {

// A shard as read from a file: every number checked before hnswlib sees any of it.
struct ShardFile {
    std::size_t firstRow = 0, rows = 0, upperBytes = 0;
    qint32 maxLevel = 0;
    quint32 entryPoint = 0;
    std::vector<char> records;
    std::vector<qint32> levels;
    std::vector<char> upper;
};

// Empty when the shard is sound; otherwise what is wrong with it.
QString checkShard(const ShardFile& s, std::size_t m, std::vector<bool>& rowSeen) {
    const std::size_t record = recordBytesFor(m), links = record - sizeof(hnswlib::labeltype);
    const std::size_t upperList = upperListBytesFor(m);
    std::size_t upperTotal = 0;
    for (qint32 level : s.levels) {
        if (level < 0 || level > s.maxLevel) return QStringLiteral("node level out of range");
        upperTotal += std::size_t(level) * upperList;
    }
    if (upperTotal != s.upperBytes || s.levels[s.entryPoint] != s.maxLevel)
        return QStringLiteral("node levels disagree with the header");
    for (std::size_t i = 0; i < s.rows; ++i) {
        const char* r = s.records.data() + i * record;
        const quint32 word = linkWord(r);
        if (word > 2 * m) return QStringLiteral("node %1 has a bad link count").arg(s.firstRow + i);
        for (std::size_t j = 0; j < word; ++j)
            if (linkAt(r, j) >= s.rows)
                return QStringLiteral("node %1 links outside the graph").arg(s.firstRow + i);
        const auto label = get<hnswlib::labeltype>(r, links);
        if (label < s.firstRow || label >= s.firstRow + s.rows || rowSeen[label])
            return QStringLiteral("node %1 has a bad face row").arg(s.firstRow + i);
        rowSeen[label] = true;
    }
    for (std::size_t i = 0, offset = 0; i < s.rows;
         offset += std::size_t(s.levels[i]) * upperList, ++i)
        for (qint32 layer = 1; layer <= s.levels[i]; ++layer) {
            const char* list = s.upper.data() + offset + std::size_t(layer - 1) * upperList;
            const quint32 count = linkWord(list);
            if (count > m)
                return QStringLiteral("node %1 has a bad link count").arg(s.firstRow + i);
            for (std::size_t j = 0; j < count; ++j) {
                const quint32 to = linkAt(list, j);
                if (to >= s.rows || s.levels[to] < layer)
                    return QStringLiteral("node %1 links outside its layer").arg(s.firstRow + i);
            }
        }
    return {};
}

}  // namespace

Result<HnswIndex> HnswIndex::load(const QString& path, std::shared_ptr<const ExactIndex> exact,
                                  int efSearch) {
    if (!exact)
        return Error::invalidInput(QStringLiteral("loading an HNSW index needs its exact index"));
    if (efSearch < 1 || efSearch > 65536)
        return Error::invalidInput(
            QStringLiteral("HNSW efSearch must be between 1 and 65536, not %1").arg(efSearch));
    QFile file(path);
    if (!file.exists()) return Error::notFound(path + QStringLiteral(": no HNSW index file"));
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalidInput(path + QStringLiteral(": cannot read: ") + file.errorString());
    const auto refuse = [&](const QString& why) {
        return Error::invalidInput(path + QStringLiteral(": ") + why +
                                   QStringLiteral("; the HNSW index must be rebuilt"));
    };

    const qint64 fileSize = file.size();
    std::vector<char> head(kFixedHeader);
    if (fileSize < qint64(headerBytes(0)) ||
        file.read(head.data(), qint64(kFixedHeader)) != qint64(kFixedHeader))
        return refuse(QStringLiteral("truncated: %1 bytes, shorter than any header").arg(fileSize));
    if (std::memcmp(head.data(), kMagic, sizeof kMagic) != 0)
        return refuse(QStringLiteral("not a FaceCase HNSW index file"));
    // An empty gallery is saved with no shards; any other with 1 .. kMaxShards.
    const auto shardCount = std::size_t(get<quint32>(head.data(), kOffShards));
    const bool empty = get<quint64>(head.data(), kOffCount) == 0;
    if ((empty ? shardCount != 0 : shardCount < 1) || shardCount > std::size_t(kMaxShards) ||
        fileSize < qint64(headerBytes(shardCount)))
        return refuse(QStringLiteral("corrupt or truncated header"));
    head.resize(headerBytes(shardCount));
    const qint64 rest = qint64(head.size() - kFixedHeader);
    if (file.read(head.data() + kFixedHeader, rest) != rest)
        return refuse(QStringLiteral("truncated header"));
    if (get<quint64>(head.data(), head.size() - 8) !=
        ContentChecksum::of(head.data(), head.size() - 8))
        return refuse(QStringLiteral("corrupt header (checksum mismatch)"));

    const auto version = get<quint32>(head.data(), kOffVersion);
    if (version != kFormatVersion)
        return refuse(QStringLiteral("format version %1, this build reads version %2")
                          .arg(version)
                          .arg(kFormatVersion));
    const auto dimensions = get<quint32>(head.data(), kOffDimensions);
    if (dimensions != quint32(Descriptor::kSize))
        return refuse(QStringLiteral("built for %1-dimensional descriptors, not %2")
                          .arg(dimensions)
                          .arg(Descriptor::kSize));
    const auto revision = get<qint64>(head.data(), kOffRevision);
    if (revision != exact->revision())
        return refuse(
            QStringLiteral("stale: built for gallery revision %1, the gallery is at revision %2")
                .arg(revision)
                .arg(exact->revision()));
    const auto count = get<quint64>(head.data(), kOffCount);
    if (count != exact->size())
        return refuse(
            QStringLiteral("built for %1 faces, the gallery has %2").arg(count).arg(exact->size()));
    if (get<quint64>(head.data(), kOffFaceIds) != faceIdChecksum(*exact))
        return refuse(
            QStringLiteral("built for other faces than the gallery's (face id checksum differs)"));

    HnswParameters parameters;
    parameters.m = int(get<quint32>(head.data(), kOffM));
    parameters.efConstruction = int(get<quint32>(head.data(), kOffEfConstruction));
    parameters.efSearch = efSearch;
    parameters.shards = std::max(1, int(shardCount));
    if (auto ok = checkParameters(parameters); !ok) return refuse(ok.errorMessage());
    const std::size_t m = std::size_t(parameters.m), n = std::size_t(count);
    const std::size_t record = recordBytesFor(m), upperList = upperListBytesFor(m);
    if (get<quint32>(head.data(), kOffMaxM0) != 2 * m ||
        get<quint64>(head.data(), kOffRecordBytes) != record ||
        get<quint64>(head.data(), kOffUpperListBytes) != upperList)
        return refuse(QStringLiteral("corrupt header (inconsistent graph sizes)"));

    // The shard table: contiguous slices covering every row, sizes that add up to the file.
    std::vector<ShardFile> shards(shardCount);
    quint64 expectedSize = head.size();
    for (std::size_t s = 0, nextRow = 0; s < shards.size(); ++s) {
        const char* entry = head.data() + kFixedHeader + s * kShardEntry;
        ShardFile& shard = shards[s];
        shard.firstRow = std::size_t(get<quint64>(entry, 0));
        shard.rows = std::size_t(get<quint64>(entry, 8));
        shard.maxLevel = get<qint32>(entry, 16);
        shard.entryPoint = get<quint32>(entry, 20);
        shard.upperBytes = std::size_t(get<quint64>(entry, 24));
        if (shard.firstRow != nextRow || shard.rows == 0 || shard.rows > n - nextRow ||
            shard.maxLevel < 0 || shard.maxLevel > kMaxLevel || shard.entryPoint >= shard.rows ||
            shard.upperBytes % upperList != 0 ||
            shard.upperBytes > shard.rows * std::size_t(kMaxLevel) * upperList)
            return refuse(QStringLiteral("corrupt header (inconsistent shard %1)").arg(s));
        nextRow += shard.rows;
        if (s + 1 == shards.size() && nextRow != n)
            return refuse(QStringLiteral("corrupt header (shards do not cover the gallery)"));
        expectedSize += shard.rows * (record + sizeof(qint32)) + shard.upperBytes;
    }
    if (quint64(fileSize) < expectedSize)
        return refuse(QStringLiteral("truncated: %1 of %2 bytes").arg(fileSize).arg(expectedSize));
    if (quint64(fileSize) > expectedSize)
        return refuse(QStringLiteral("corrupt: %1 bytes where %2 were expected")
                          .arg(fileSize)
                          .arg(expectedSize));

    auto impl = std::make_unique<Impl>();
    impl->exact = exact;
    impl->parameters = parameters;
    if (n == 0) return HnswIndex(std::move(impl));

    // Everything into buffers first, so that nothing hnswlib owns points anywhere before the
    // whole file has been checked: checksum, then every link and label.
    ContentChecksum checksum;
    const auto readInto = [&](char* target, std::size_t bytes) {
        if (file.read(target, qint64(bytes)) != qint64(bytes)) return false;
        checksum.add(target, bytes);
        return true;
    };
    try {
        for (ShardFile& shard : shards) {
            shard.records.resize(shard.rows * record);
            shard.levels.resize(shard.rows);
            shard.upper.resize(shard.upperBytes);
            if (!readInto(shard.records.data(), shard.records.size()) ||
                !readInto(reinterpret_cast<char*>(shard.levels.data()),
                          shard.rows * sizeof(qint32)) ||
                !readInto(shard.upper.data(), shard.upper.size()))
                return refuse(QStringLiteral("truncated or unreadable: ") + file.errorString());
        }
    } catch (const std::exception&) {
        return Error::internal(path + QStringLiteral(": not enough memory to load the HNSW graph"));
    }
    if (checksum.value() != get<quint64>(head.data(), kOffPayloadChecksum))
        return refuse(QStringLiteral("corrupt: graph checksum mismatch"));
    std::vector<bool> rowSeen(n, false);
    for (const ShardFile& shard : shards)
        if (const QString problem = checkShard(shard, m, rowSeen); !problem.isEmpty())
            return refuse(QStringLiteral("corrupt: ") + problem);

    // Install: node records get their links, their label and the descriptor from the exact
    // index. hnswlib frees linkLists_[i] for nodes with a level > 0 below cur_element_count, so
    // the count is raised only once every list is allocated.
    const std::size_t links = record - sizeof(hnswlib::labeltype);
    for (const ShardFile& slice : shards) {
        HnswShard shard;
        shard.firstRow = slice.firstRow;
        shard.rows = slice.rows;
        shard.upperBytes = slice.upperBytes;
        try {
            shard.graph = std::make_unique<Graph>(&impl->space, slice.rows, m,
                                                  std::size_t(parameters.efConstruction));
        } catch (const std::exception& e) {
            return Error::internal(
                path + QStringLiteral(": cannot allocate the HNSW graph: %1").arg(what(e)));
        }
        Graph& g = *shard.graph;
        if (g.offsetData_ != links || g.size_links_per_element_ != upperList ||
            g.label_offset_ != links + sizeof(float) * Descriptor::kSize)
            return Error::internal(
                QStringLiteral("hnswlib's record layout differs from this build's expectations"));
        for (std::size_t i = 0, offset = 0; i < slice.rows; ++i) {
            const char* source = slice.records.data() + i * record;
            char* node = g.data_level0_memory_ + i * g.size_data_per_element_;
            const auto label = get<hnswlib::labeltype>(source, links);
            std::memcpy(node, source, links);
            std::memcpy(node + g.offsetData_, exact->row(label), g.data_size_);
            std::memcpy(node + g.label_offset_, &label, sizeof label);
            g.element_levels_[i] = slice.levels[i];
            g.linkLists_[i] = nullptr;
            if (slice.levels[i] == 0) continue;
            const std::size_t bytes = std::size_t(slice.levels[i]) * upperList;
            g.linkLists_[i] =
                static_cast<char*>(std::malloc(bytes + 1));  // + 1 as hnswlib allocates
            if (!g.linkLists_[i]) {
                for (std::size_t j = 0; j < i; ++j) std::free(g.linkLists_[j]);
                return Error::internal(
                    path + QStringLiteral(": not enough memory to load the HNSW graph"));
            }
            std::memcpy(g.linkLists_[i], slice.upper.data() + offset, bytes);
            g.linkLists_[i][bytes] = 0;
            offset += bytes;
        }
        g.cur_element_count = slice.rows;
        g.maxlevel_ = slice.maxLevel;
        g.enterpoint_node_ = slice.entryPoint;
        releaseInsertOnlyState(g);
        impl->shards.push_back(std::move(shard));
    }
    return HnswIndex(std::move(impl));
}

}  // namespace facecase
