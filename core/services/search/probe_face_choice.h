#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "types/detected_face.h"
#include "types/result.h"

namespace facecase {

// Which faces of a probe photo a search uses: all (default), the N-th as `detect` numbers
// them, the largest, or the one nearest the centre (a photo that should show one person).
struct ProbeFaceChoice {
    enum class Kind { All, Number, Largest, Central };
    Kind kind = Kind::All;
    int number = 0;  // 1-based, for Kind::Number

    // "all", "largest", "central" or a face number; none for anything else.
    static std::optional<ProbeFaceChoice> parse(const QString& text);

    // Indexes into `faces` (a photo of `width` x `height`). InvalidInput naming `path` when a
    // face number is asked that the photo does not have; empty `faces` give an empty list.
    Result<std::vector<int>> pick(const std::vector<DetectedFace>& faces, int width, int height,
                                  const QString& path) const;
};

}  // namespace facecase
