#include "matching/hnsw_index.h"

// The one translation unit that includes hnswlib (its header defines non-inline functions):
// the graphs live here; their file format is hnsw_index_file.cpp's, which sees bytes only.
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
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>

#include "matching/content_checksum.h"
#include "matching/hnsw_index_file.h"
#include "matching/l2_kernel.h"
#include "matching/parallel_runner.h"

namespace facecase {

namespace {

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

// The file stores a node's label as a u64 in hnswlib's own record layout.
static_assert(sizeof(hnswlib::labeltype) == 8, "the index file stores labels as 64 bits");
constexpr int kMaxThreads = 64;
// Node records per write and checksum call: a few MB, so I/O runs in large blocks.
constexpr std::size_t kRecordChunk = 16384;

quint64 faceIdChecksum(const ExactIndex& exact) {
    return ContentChecksum::of(exact.faceIds().data(), exact.faceIds().size() * sizeof(qint64));
}

// The gallery state a saved index belongs to (nothing for an index without its exact index).
HnswIndexFile::Gallery galleryOf(const ExactIndex* exact) {
    if (!exact) return {};
    return {quint64(exact->size()), exact->revision(), faceIdChecksum(*exact)};
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

// The graphs: immutable once built or loaded, shared by an index and those rebased from it.
// hnswlib's graphs keep a pointer to their space, so it lives beside them.
struct HnswGraphs {
    DescriptorSpace space;
    std::vector<HnswShard> shards;  // empty for an empty gallery
    qint64 revision = 0;            // the gallery state they were built for
    qint64 highestFaceId = 0;       // of that state (0 when empty)
};

struct HnswIndex::Impl {
    static constexpr std::uint32_t kGone = std::numeric_limits<std::uint32_t>::max();

    std::shared_ptr<const ExactIndex> exact;
    HnswParameters parameters;
    std::shared_ptr<HnswGraphs> graphs = std::make_shared<HnswGraphs>();
    // Rebased (rebased()): the row of `exact` each graph label (a row of the state the graphs
    // were built for) stands for now, kGone for a face removed since. Empty: labels are rows.
    std::shared_ptr<const std::vector<std::uint32_t>> rowOfLabel;
    std::size_t labelsGone = 0;
    // Rows of `exact` from here on were added after the graphs were built (all when empty).
    std::size_t firstUngraphedRow = 0;

    std::size_t count() const { return exact ? exact->size() : 0; }
    std::vector<HnswShard>& shards() { return graphs->shards; }
    const std::vector<HnswShard>& shards() const { return graphs->shards; }
    bool isRebased() const { return rowOfLabel || firstUngraphedRow < count(); }
    // Records which gallery state the graphs describe, once they are built or loaded.
    void graphsDescribeExact() {
        graphs->revision = exact->revision();
        graphs->highestFaceId = exact->size() > 0 ? exact->faceIds().back() : 0;
        firstUngraphedRow = exact->size();
    }

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
    return int(m_impl->shards().size());
}
std::size_t HnswIndex::facesChangedSinceBuilt() const {
    return m_impl->labelsGone + (m_impl->count() - m_impl->firstUngraphedRow);
}
qint64 HnswIndex::builtForRevision() const {
    return m_impl->graphs->revision;
}

std::size_t HnswIndex::memoryBytes() const {
    std::size_t bytes = m_impl->rowOfLabel ? m_impl->rowOfLabel->capacity() * sizeof(std::uint32_t) : 0;
    for (const HnswShard& shard : m_impl->shards()) {
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
    if (auto ok = checkHnswParameters(parameters); !ok) return ok.error();
    if (threads < 1 || threads > kMaxThreads)
        return Error::invalidInput(QStringLiteral("threads must be between 1 and %1, not %2")
                                       .arg(kMaxThreads)
                                       .arg(threads));
    auto impl = std::make_unique<Impl>();
    impl->exact = std::move(exact);
    impl->parameters = parameters;
    const std::size_t n = impl->count();
    impl->graphsDescribeExact();
    if (n == 0) return HnswIndex(std::move(impl));

    const std::size_t shardCount = std::min<std::size_t>(std::size_t(parameters.shards), n);
    impl->shards().resize(shardCount);
    try {
        for (std::size_t s = 0; s < shardCount; ++s) {
            HnswShard& shard = impl->shards()[s];
            shard.firstRow = n * s / shardCount;
            shard.rows = n * (s + 1) / shardCount - shard.firstRow;
            shard.graph = std::make_unique<Graph>(
                &impl->graphs->space, shard.rows, std::size_t(parameters.m),
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
        Graph& graph = *impl->shards()[0].graph;
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
                        HnswShard& shard = impl->shards()[s];
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

    for (HnswShard& shard : impl->shards()) {
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
    const std::vector<HnswShard>& shards = m_impl->shards();
    if (shards.empty() && !m_impl->isRebased()) return std::vector<SearchHit>{};

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
    if (m_impl->rowOfLabel) {
        // Labels are rows of the state the graphs were built for: today's rows, or gone.
        const std::vector<std::uint32_t>& rowOf = *m_impl->rowOfLabel;
        std::size_t kept = 0;
        for (std::uint32_t label : rows)
            if (rowOf[label] != Impl::kGone) rows[kept++] = rowOf[label];
        rows.resize(kept);
    }
    // Faces added since the graphs were built are compared one by one (exactly).
    return m_impl->exact->rankRows(probe, rows, k, m_impl->firstUngraphedRow);
}

Result<void> HnswIndex::save(const QString& path) const {
    const Impl& impl = *m_impl;
    if (impl.isRebased())
        return Error::invalidInput(
            QStringLiteral("%1: not saved: the HNSW graphs describe gallery revision %2, this "
                           "index revision %3 (they are saved only for the state they were "
                           "built for)")
                .arg(path)
                .arg(impl.graphs->revision)
                .arg(impl.count() ? impl.exact->revision() : 0));
    HnswIndexFile::Header header;
    header.gallery = galleryOf(impl.exact.get());
    header.m = impl.parameters.m;
    header.efConstruction = impl.parameters.efConstruction;
    for (const HnswShard& shard : impl.shards())
        header.shards.push_back({shard.firstRow, shard.rows, shard.upperBytes,
                                 qint32(shard.graph->maxlevel_),
                                 quint32(shard.graph->enterpoint_node_)});
    return HnswIndexFile::write(path, header,
                                [&impl](std::size_t s, const HnswIndexFile::Sink& sink) {
                                    return Impl::forEachPayloadBlock(impl.shards()[s], sink);
                                });
}

Result<HnswIndex> HnswIndex::rebased(std::shared_ptr<const ExactIndex> later) const {
    const Impl& impl = *m_impl;
    if (!later || !impl.exact)
        return Error::invalidInput(QStringLiteral("rebasing an HNSW index needs both exact indexes"));
    const std::span<const qint64> before = impl.exact->faceIds();
    const std::span<const qint64> after = later->faceIds();
    // Rows of the graphs' state that are still there, and where: both lists ascend by face id.
    std::vector<std::uint32_t> rowNow(before.size(), Impl::kGone);
    for (std::size_t b = 0, a = 0; b < before.size(); ++b) {
        while (a < after.size() && after[a] < before[b]) ++a;
        if (a < after.size() && after[a] == before[b]) rowNow[b] = std::uint32_t(a);
    }
    auto rowOfLabel = std::make_shared<std::vector<std::uint32_t>>();
    if (impl.rowOfLabel) {
        rowOfLabel->resize(impl.rowOfLabel->size());
        for (std::size_t label = 0; label < rowOfLabel->size(); ++label) {
            const std::uint32_t row = (*impl.rowOfLabel)[label];
            (*rowOfLabel)[label] = row == Impl::kGone ? Impl::kGone : rowNow[row];
        }
    } else {
        rowOfLabel->assign(rowNow.begin(), rowNow.begin() + std::ptrdiff_t(impl.firstUngraphedRow));
    }
    const std::size_t gone = std::size_t(std::count(rowOfLabel->begin(), rowOfLabel->end(), Impl::kGone));
    // Later faces are appended (ExactIndex::withChanges): every row up to the graphs' highest
    // face id is a graph node, every row after it a face added since.
    const auto firstUngraphed = std::size_t(
        std::upper_bound(after.begin(), after.end(), impl.graphs->highestFaceId) - after.begin());
    if (firstUngraphed != rowOfLabel->size() - gone)
        return Error::invalidInput(
            QStringLiteral("gallery revision %1 is not a later state of revision %2 that the HNSW "
                           "graphs were built for (%3 of their faces remain, %4 rows precede the "
                           "added ones)")
                .arg(later->revision())
                .arg(impl.graphs->revision)
                .arg(rowOfLabel->size() - gone)
                .arg(firstUngraphed));

    auto next = std::make_unique<Impl>();
    next->exact = std::move(later);
    next->parameters = impl.parameters;
    next->graphs = impl.graphs;
    next->rowOfLabel = std::move(rowOfLabel);
    next->labelsGone = gone;
    next->firstUngraphedRow = firstUngraphed;
    return HnswIndex(std::move(next));
}

Result<HnswIndex> HnswIndex::load(const QString& path, std::shared_ptr<const ExactIndex> exact,
                                  int efSearch) {
    if (!exact)
        return Error::invalidInput(QStringLiteral("loading an HNSW index needs its exact index"));
    if (efSearch < 1 || efSearch > 65536)
        return Error::invalidInput(
            QStringLiteral("HNSW efSearch must be between 1 and 65536, not %1").arg(efSearch));
    // Checked through and through before any of it reaches hnswlib.
    auto contents = HnswIndexFile::read(path, galleryOf(exact.get()));
    if (!contents) return contents.error();
    const HnswIndexFile::Header& header = contents->header;

    auto impl = std::make_unique<Impl>();
    impl->exact = exact;
    impl->graphsDescribeExact();
    impl->parameters.m = header.m;
    impl->parameters.efConstruction = header.efConstruction;
    impl->parameters.efSearch = efSearch;
    impl->parameters.shards = std::max(1, int(header.shards.size()));
    const std::size_t m = std::size_t(header.m);
    const std::size_t record = HnswIndexFile::recordBytes(m);
    const std::size_t upperList = HnswIndexFile::upperListBytes(m);

    // Install: node records get their links, their label and the descriptor from the exact
    // index. hnswlib frees linkLists_[i] for nodes with a level > 0 below cur_element_count, so
    // the count is raised only once every list is allocated.
    const std::size_t links = record - sizeof(hnswlib::labeltype);
    for (const HnswIndexFile::ShardData& slice : contents->shards) {
        HnswShard shard;
        shard.firstRow = slice.shard.firstRow;
        shard.rows = slice.shard.rows;
        shard.upperBytes = slice.shard.upperBytes;
        try {
            shard.graph = std::make_unique<Graph>(&impl->graphs->space, shard.rows, m,
                                                  std::size_t(header.efConstruction));
        } catch (const std::exception& e) {
            return Error::internal(
                path + QStringLiteral(": cannot allocate the HNSW graph: %1").arg(what(e)));
        }
        Graph& g = *shard.graph;
        if (g.offsetData_ != links || g.size_links_per_element_ != upperList ||
            g.label_offset_ != links + sizeof(float) * Descriptor::kSize)
            return Error::internal(
                QStringLiteral("hnswlib's record layout differs from this build's expectations"));
        for (std::size_t i = 0, offset = 0; i < shard.rows; ++i) {
            const char* source = slice.records.data() + i * record;
            char* node = g.data_level0_memory_ + i * g.size_data_per_element_;
            hnswlib::labeltype label;
            std::memcpy(&label, source + links, sizeof label);
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
        g.cur_element_count = shard.rows;
        g.maxlevel_ = slice.shard.maxLevel;
        g.enterpoint_node_ = slice.shard.entryPoint;
        releaseInsertOnlyState(g);
        impl->shards().push_back(std::move(shard));
    }
    return HnswIndex(std::move(impl));
}

}  // namespace facecase
