#include "services/evaluation/labeled_pair_distances.h"

#include <algorithm>
#include <cmath>

#include "matching/l2_kernel.h"
#include "matching/parallel_runner.h"

namespace facecase {

namespace {

// Rows handed out per grab: small enough that the threads finish together although early rows
// have many more partners than late ones, large enough that the shared counter is never contended.
constexpr std::size_t kRowsPerBlock = 32;

static_assert(Descriptor::kSize == L2Kernel::kDimensions);

}  // namespace

Result<LabeledPairDistances> LabeledPairDistances::compute(
    const std::vector<Descriptor>& descriptors, const std::vector<int>& identities, int threads,
    const Progress& progress, const std::atomic_bool* cancel) {
    if (descriptors.size() != identities.size())
        return Error::invalidInput(QStringLiteral("%1 descriptors but %2 identity labels")
                                       .arg(descriptors.size())
                                       .arg(identities.size()));
    if (threads < 1)
        return Error::invalidInput(
            QStringLiteral("threads must be at least 1, not %1").arg(threads));
    const std::size_t n = descriptors.size();
    constexpr std::size_t dims = std::size_t(Descriptor::kSize);

    // One contiguous matrix, so that the kernel streams each row's partners in one call.
    std::vector<float> rows(n * dims);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& values = descriptors[i].values;
        if (!std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); }))
            return Error::invalidInput(
                QStringLiteral("descriptor %1 has a value that is not finite").arg(i));
        std::copy(values.begin(), values.end(), rows.begin() + std::ptrdiff_t(i * dims));
    }

    const auto totalPairs = qint64(n * (n > 0 ? n - 1 : 0) / 2);
    const std::size_t blocks = (n + kRowsPerBlock - 1) / kRowsPerBlock;
    const int parts = int(std::clamp<std::size_t>(blocks, 1, std::size_t(threads)));
    std::vector<LabeledPairDistances> partial(static_cast<std::size_t>(parts));
    std::atomic<std::size_t> nextBlock{0};
    std::atomic<qint64> pairsDone{0};
    std::atomic_bool cancelled{false};

    ParallelRunner::run(parts, [&](int part) {
        LabeledPairDistances& out = partial[std::size_t(part)];
        out.impostor.reserve(std::size_t(totalPairs) / std::size_t(parts) + 1);
        std::vector<float> squared(n);
        for (;;) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                cancelled = true;
                return;
            }
            const std::size_t block = nextBlock.fetch_add(1, std::memory_order_relaxed);
            if (block >= blocks) return;
            const std::size_t first = block * kRowsPerBlock;
            const std::size_t last = std::min(n, first + kRowsPerBlock);
            qint64 pairs = 0;
            for (std::size_t i = first; i < last; ++i) {
                const std::size_t partners = n - i - 1;
                if (partners == 0) continue;
                L2Kernel::squaredDistances(rows.data() + i * dims, rows.data() + (i + 1) * dims,
                                           partners, squared.data());
                const int identity = identities[i];
                for (std::size_t j = 0; j < partners; ++j) {
                    // sqrt in double of the float square: what ExactIndex reports for a hit.
                    const double distance = std::sqrt(double(squared[j]));
                    (identities[i + 1 + j] == identity ? out.genuine : out.impostor)
                        .push_back(distance);
                }
                pairs += qint64(partners);
            }
            const qint64 done = pairsDone.fetch_add(pairs, std::memory_order_relaxed) + pairs;
            // The final call comes once, after the merge.
            if (part == 0 && progress && done < totalPairs) progress(done, totalPairs);
        }
    });
    if (cancelled)
        return Error::cancelled(QStringLiteral("pair distances cancelled after %1 of %2 pairs")
                                    .arg(pairsDone.load())
                                    .arg(totalPairs));

    LabeledPairDistances result = std::move(partial[0]);
    std::size_t impostors = result.impostor.size(), genuines = result.genuine.size();
    for (std::size_t p = 1; p < partial.size(); ++p) {
        impostors += partial[p].impostor.size();
        genuines += partial[p].genuine.size();
    }
    result.impostor.reserve(impostors);
    result.genuine.reserve(genuines);
    for (std::size_t p = 1; p < partial.size(); ++p) {
        result.impostor.insert(result.impostor.end(), partial[p].impostor.begin(),
                               partial[p].impostor.end());
        result.genuine.insert(result.genuine.end(), partial[p].genuine.begin(),
                              partial[p].genuine.end());
        partial[p] = {};  // free as we go: the impostor lists are the bulk of the memory
    }
    if (progress) progress(totalPairs, totalPairs);
    return result;
}

}  // namespace facecase
