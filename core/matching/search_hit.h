#pragma once

#include <QtGlobal>

namespace facecase {

// One candidate of a gallery search: the face and its true Euclidean distance to the probe
// (not squared). Lists of hits are sorted by distance, ties by gallery row (older face first).
struct SearchHit {
    qint64 faceId = 0;
    double distance = 0;

    friend bool operator==(const SearchHit&, const SearchHit&) = default;
};

}  // namespace facecase
