#include "matching/hnsw_parameters.h"

#include <QString>

namespace facecase {

Result<void> checkHnswParameters(const HnswParameters& p) {
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
          outside("efSearch", p.efSearch, 1, 65536),
          outside("shards", p.shards, 1, HnswParameters::kMaxShards)})
        if (!r) return r;
    return {};
}

}  // namespace facecase
