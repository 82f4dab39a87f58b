#pragma once

#include "types/result.h"

#include <vector>

namespace facecase {

// One mated search (the probe's identity is enrolled): where its mate ranked, and at what
// distance. mateRank 0 = not in the candidate list the search returned.
struct MatedSearch {
    int mateRank = 0;
    double mateDistance = 0;  // meaningful when mateRank > 0
};

struct FnirAtFpir {
    double targetFpir = 0;
    double threshold = 0;  // candidates with distance < threshold are returned
    double fpir = 0;       // achieved, <= targetFpir
    double fnir = 0;
    bool resolvable = false;  // false: fewer than 1/targetFpir non-mated searches (FPIR 0 forced)
};

struct IdentificationReport {
    int gallerySize = 0;  // N
    int matedSearches = 0;
    int nonMatedSearches = 0;
    int maxRank = 0;
    std::vector<double> cmc;  // cmc[r - 1]: share of mated searches with the mate at rank <= r
    double rank1 = 0;
    double rank10 = 0;  // cmc at rank min(10, maxRank)
    std::vector<FnirAtFpir> fnirAtFpir;
};

// Open-set identification metrics in the NIST FRVT 1:N sense (NIST IR 8271), over numbers only:
// - CMC / rank-r hit rate: share of mated searches whose mate is within the top r candidates;
// - FPIR(T): share of non-mated searches returning any candidate with distance < T, i.e. whose
//   nearest candidate is below T;
// - FNIR(T) at rank 1: share of mated searches whose mate is not the top candidate or is not
//   below T. T for a target FPIR is the largest threshold with FPIR(T) <= target.
// Thread-safe (pure functions).
class IdentificationMetrics {
public:
    // `nonMatedTop1`: each non-mated search's nearest distance. InvalidInput when there are no
    // mated searches, gallerySize < 1, maxRank < 1 or a rank exceeds maxRank.
    static Result<IdentificationReport> evaluate(const std::vector<MatedSearch>& mated,
                                                 const std::vector<double>& nonMatedTop1,
                                                 int gallerySize, int maxRank,
                                                 const std::vector<double>& targetFpirs);

    static double fnirAt(const std::vector<MatedSearch>& mated, double threshold);
    static double fpirAt(const std::vector<double>& nonMatedTop1, double threshold);
    static FnirAtFpir atFpir(const std::vector<MatedSearch>& mated,
                             const std::vector<double>& nonMatedTop1, double targetFpir);
};

}  // namespace facecase
