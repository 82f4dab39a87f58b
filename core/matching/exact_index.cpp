#include "matching/exact_index.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "matching/l2_kernel.h"
#include "matching/parallel_runner.h"

namespace facecase {

namespace {

static_assert(ExactIndex::kDimensions == L2Kernel::kDimensions);

constexpr std::size_t kDims = ExactIndex::kDimensions;
// Rows per kernel call in a single-probe scan: 128 KB, so the distances are compared with the
// running k-th best while the rows are still in L2.
constexpr std::size_t kScanBlock = 256;
// Below this many rows per thread a thread costs more than it saves (~45 us to create one;
// 16,384 rows take ~0.6 ms).
constexpr std::size_t kMinRowsPerThread = 16384;
// searchMany tiles: 128 probes (64 KB) x 2,048 rows (1 MB) stay in the 2 MB L2 of a core.
constexpr std::size_t kProbeTile = 128;
constexpr std::size_t kRowTile = 2048;
constexpr int kMaxThreads = 64;

Result<void> checkArguments(int k, int threads) {
    if (k < 1) return Error::invalidInput(QStringLiteral("k must be at least 1, not %1").arg(k));
    if (threads < 1 || threads > kMaxThreads)
        return Error::invalidInput(QStringLiteral("threads must be between 1 and %1, not %2")
                                       .arg(kMaxThreads)
                                       .arg(threads));
    return {};
}

bool isFinite(const Descriptor& d) {
    return std::all_of(d.values.begin(), d.values.end(), [](float v) { return std::isfinite(v); });
}

Result<void> checkProbe(const Descriptor& probe, const QString& name) {
    if (!isFinite(probe))
        return Error::invalidInput(name +
                                   QStringLiteral(" has a value that is not a finite number"));
    return {};
}

// The checks create() makes of a matrix and its face ids; `rows` is the index's size after.
Result<void> checkRows(const std::vector<float>& values, const std::vector<qint64>& faceIds,
                       std::size_t rows) {
    if (values.size() != faceIds.size() * kDims)
        return Error::invalidInput(
            QStringLiteral("descriptor matrix holds %1 floats, expected %2 x %3 for %2 faces")
                .arg(values.size())
                .arg(faceIds.size())
                .arg(kDims));
    if (rows > std::numeric_limits<std::uint32_t>::max())
        return Error::invalidInput(QStringLiteral("%1 faces: a gallery index holds at most %2")
                                       .arg(rows)
                                       .arg(std::numeric_limits<std::uint32_t>::max()));
    // One NaN would make every comparison with it false and silently corrupt the top-k order.
    // An all-ones exponent means NaN or infinity; testing the bits with an OR-reduction lets the
    // compiler vectorise the pass (std::isfinite per value does not: twice as slow).
    std::uint32_t nonFinite = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, &values[i], sizeof bits);
        nonFinite |= std::uint32_t((bits & 0x7f800000u) == 0x7f800000u);
    }
    if (nonFinite) {
        const auto bad =
            std::find_if(values.begin(), values.end(), [](float v) { return !std::isfinite(v); });
        const std::size_t row = std::size_t(bad - values.begin()) / kDims;
        return Error::invalidInput(
            QStringLiteral("descriptor of face %1 has a value that is not a finite number")
                .arg(faceIds[row]));
    }
    return {};
}

}  // namespace

ExactIndex::ExactIndex(std::shared_ptr<Storage> storage, std::size_t size, qint64 revision)
    : m_storage(std::move(storage)),
      m_values(m_storage->values.data()),
      m_faceIds(m_storage->faceIds.data()),
      m_size(size),
      m_revision(revision) {}

ExactIndex::ExactIndex(ExactIndex&& other) noexcept
    : m_storage(std::move(other.m_storage)),
      m_values(std::exchange(other.m_values, nullptr)),
      m_faceIds(std::exchange(other.m_faceIds, nullptr)),
      m_size(std::exchange(other.m_size, 0)),
      m_revision(other.m_revision) {}

ExactIndex& ExactIndex::operator=(ExactIndex&& other) noexcept {
    m_storage = std::move(other.m_storage);
    m_values = std::exchange(other.m_values, nullptr);
    m_faceIds = std::exchange(other.m_faceIds, nullptr);
    m_size = std::exchange(other.m_size, 0);
    m_revision = other.m_revision;
    return *this;
}

Result<ExactIndex> ExactIndex::create(std::vector<float> values, std::vector<qint64> faceIds,
                                      qint64 revision) {
    if (auto ok = checkRows(values, faceIds, faceIds.size()); !ok) return ok.error();
    auto storage = std::make_shared<Storage>();
    const std::size_t n = faceIds.size();
    storage->values = std::move(values);
    storage->faceIds = std::move(faceIds);
    return ExactIndex(std::move(storage), n, revision);
}

Result<ExactIndex> ExactIndex::withChanges(const ExactIndex& base,
                                           const std::vector<qint64>& removedFaceIds,
                                           std::vector<float> addedValues,
                                           std::vector<qint64> addedFaceIds, qint64 revision) {
    const std::span<const qint64> held = base.faceIds();
    const qint64 highest = held.empty() ? 0 : held.back();
    for (std::size_t i = 0; i < addedFaceIds.size(); ++i) {
        const qint64 floor = i == 0 ? highest : addedFaceIds[i - 1];
        if (addedFaceIds[i] <= floor)
            return Error::invalidInput(
                QStringLiteral("face %1 cannot be appended after face %2: the rows of a gallery "
                               "index are in face id order")
                    .arg(addedFaceIds[i])
                    .arg(floor));
    }
    // Kept rows: a merge of two ascending id lists, as runs of consecutive kept rows.
    std::vector<std::pair<std::size_t, std::size_t>> runs;  // [first, last) rows of base
    std::size_t kept = 0;
    {
        auto removed = removedFaceIds.begin();
        std::size_t runStart = 0;
        for (std::size_t row = 0; row < held.size(); ++row) {
            while (removed != removedFaceIds.end() && *removed < held[row]) ++removed;
            if (removed == removedFaceIds.end() || *removed != held[row]) continue;
            if (row > runStart) runs.emplace_back(runStart, row);
            kept += row - runStart;
            runStart = row + 1;
        }
        if (held.size() > runStart) runs.emplace_back(runStart, held.size());
        kept += held.size() - runStart;
    }
    const std::size_t total = kept + addedFaceIds.size();
    if (auto ok = checkRows(addedValues, addedFaceIds, total); !ok) return ok.error();

    if (kept == held.size() && base.m_storage) {
        // Nothing removed: append after base's rows, if base is the latest state of its matrix
        // and the room is there. Readers of base (and of earlier states) never look past their
        // own rows, and the rows never move: the vectors stay within their capacity.
        Storage& storage = *base.m_storage;
        const std::lock_guard lock(storage.appending);
        if (storage.faceIds.size() == held.size() && storage.faceIds.capacity() >= total &&
            storage.values.capacity() >= total * kDims) {
            storage.values.insert(storage.values.end(), addedValues.begin(), addedValues.end());
            storage.faceIds.insert(storage.faceIds.end(), addedFaceIds.begin(), addedFaceIds.end());
            return ExactIndex(base.m_storage, total, revision);
        }
    }

    auto storage = std::make_shared<Storage>();
    const std::size_t room = total + std::max<std::size_t>(total / 10, 1024);
    storage->values.reserve(room * kDims);
    storage->faceIds.reserve(room);
    for (const auto& [first, last] : runs) {
        storage->values.insert(storage->values.end(), base.row(first), base.row(last));
        storage->faceIds.insert(storage->faceIds.end(), held.begin() + std::ptrdiff_t(first),
                                held.begin() + std::ptrdiff_t(last));
    }
    storage->values.insert(storage->values.end(), addedValues.begin(), addedValues.end());
    storage->faceIds.insert(storage->faceIds.end(), addedFaceIds.begin(), addedFaceIds.end());
    return ExactIndex(std::move(storage), total, revision);
}

std::optional<std::size_t> ExactIndex::rowOf(qint64 faceId) const {
    const auto ids = faceIds();
    const auto found = std::lower_bound(ids.begin(), ids.end(), faceId);
    if (found == ids.end() || *found != faceId) return std::nullopt;
    return std::size_t(found - ids.begin());
}

std::size_t ExactIndex::memoryBytes() const {
    if (!m_storage) return 0;
    return m_storage->values.capacity() * sizeof(float) +
           m_storage->faceIds.capacity() * sizeof(qint64);
}

void ExactIndex::scanRows(const float* probe, std::size_t begin, std::size_t end,
                          TopKSelector& selector) const {
    float distances[kScanBlock];
    for (std::size_t first = begin; first < end; first += kScanBlock) {
        const std::size_t n = std::min(kScanBlock, end - first);
        L2Kernel::squaredDistances(probe, row(first), n, distances);
        float worst = selector.worst();
        for (std::size_t i = 0; i < n; ++i) {
            // Rows arrive in ascending order, so an equal distance never displaces the k-th.
            if (distances[i] < worst) {
                selector.offer({distances[i], std::uint32_t(first + i)});
                worst = selector.worst();
            }
        }
    }
}

std::vector<SearchHit> ExactIndex::toHits(std::vector<RankedRow> rows) const {
    std::vector<SearchHit> hits;
    hits.reserve(rows.size());
    for (const RankedRow& r : rows)
        hits.push_back({m_faceIds[r.row], std::sqrt(double(r.squaredDistance))});
    return hits;
}

Result<std::vector<SearchHit>> ExactIndex::search(const Descriptor& probe, int k,
                                                  int threads) const {
    if (auto ok = checkArguments(k, threads); !ok) return ok.error();
    if (auto ok = checkProbe(probe, QStringLiteral("probe descriptor")); !ok) return ok.error();
    const std::size_t n = size();
    const std::size_t keep = std::min<std::size_t>(std::size_t(k), n);
    const int parts = int(std::clamp<std::size_t>(n / kMinRowsPerThread, 1, std::size_t(threads)));

    std::vector<TopKSelector> selectors(static_cast<std::size_t>(parts), TopKSelector{keep});
    ParallelRunner::run(parts, [&](int part) {
        // Contiguous slices, boundaries on kScanBlock so that only the last block is partial.
        const std::size_t blocks = (n + kScanBlock - 1) / kScanBlock;
        const std::size_t begin =
            std::min(n, blocks * std::size_t(part) / std::size_t(parts) * kScanBlock);
        const std::size_t end =
            std::min(n, blocks * std::size_t(part + 1) / std::size_t(parts) * kScanBlock);
        scanRows(probe.values.data(), begin, end, selectors[std::size_t(part)]);
    });
    for (std::size_t i = 1; i < selectors.size(); ++i) selectors[0].merge(selectors[i]);
    return toHits(selectors[0].takeSorted());
}

Result<std::vector<std::vector<SearchHit>>> ExactIndex::searchMany(
    const std::vector<Descriptor>& probes, int k, int threads) const {
    if (auto ok = checkArguments(k, threads); !ok) return ok.error();
    for (std::size_t p = 0; p < probes.size(); ++p)
        if (auto ok = checkProbe(probes[p], QStringLiteral("probe %1").arg(p)); !ok)
            return ok.error();

    std::vector<std::vector<SearchHit>> results(probes.size());
    if (probes.size() < std::size_t(threads)) {
        // Too few probes to give every thread one: split the rows instead.
        for (std::size_t p = 0; p < probes.size(); ++p) {
            auto hits = search(probes[p], k, threads);
            if (!hits) return hits.error();
            results[p] = std::move(hits).value();
        }
        return results;
    }

    const std::size_t n = size();
    const std::size_t keep = std::min<std::size_t>(std::size_t(k), n);
    const int parts = threads;
    ParallelRunner::run(parts, [&](int part) {
        const std::size_t first = probes.size() * std::size_t(part) / std::size_t(parts);
        const std::size_t last = probes.size() * std::size_t(part + 1) / std::size_t(parts);
        std::vector<float> distances(kRowTile);
        std::vector<TopKSelector> selectors;
        for (std::size_t tile = first; tile < last; tile += kProbeTile) {
            const std::size_t tileEnd = std::min(last, tile + kProbeTile);
            selectors.assign(tileEnd - tile, TopKSelector(keep));
            for (std::size_t rowBegin = 0; rowBegin < n; rowBegin += kRowTile) {
                const std::size_t rowCount = std::min(kRowTile, n - rowBegin);
                for (std::size_t p = tile; p < tileEnd; ++p) {
                    // Same kernel and same row order as scanRows: identical results.
                    TopKSelector& selector = selectors[p - tile];
                    L2Kernel::squaredDistances(probes[p].values.data(), row(rowBegin), rowCount,
                                               distances.data());
                    float worst = selector.worst();
                    for (std::size_t i = 0; i < rowCount; ++i) {
                        if (distances[i] < worst) {
                            selector.offer({distances[i], std::uint32_t(rowBegin + i)});
                            worst = selector.worst();
                        }
                    }
                }
            }
            for (std::size_t p = tile; p < tileEnd; ++p)
                results[p] = toHits(selectors[p - tile].takeSorted());
        }
    });
    return results;
}

Result<std::vector<SearchHit>> ExactIndex::rankRows(const Descriptor& probe,
                                                    const std::vector<std::uint32_t>& rows,
                                                    int k, std::size_t scanFrom) const {
    if (auto ok = checkArguments(k, 1); !ok) return ok.error();
    if (auto ok = checkProbe(probe, QStringLiteral("probe descriptor")); !ok) return ok.error();
    const std::size_t listedBelow = std::min(scanFrom, size());
    std::vector<std::uint32_t> unique;
    unique.reserve(rows.size());
    for (std::uint32_t r : rows)
        if (r < listedBelow) unique.push_back(r);
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());

    TopKSelector selector{static_cast<std::size_t>(k)};
    for (std::uint32_t r : unique)
        selector.offer({L2Kernel::squaredDistance(probe.values.data(), row(r)), r});
    // The scanned rows come after every listed one, in order: ties keep the lower row, as a scan.
    scanRows(probe.values.data(), listedBelow, size(), selector);
    return toHits(selector.takeSorted());
}

}  // namespace facecase
