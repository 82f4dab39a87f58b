#pragma once

#include <QRectF>
#include <QString>
#include <optional>

#include "casefile/aligned_chip.h"
#include "types/landmarks.h"
#include "types/result.h"

namespace facecase {

// Cuts the aligned chip of a face on a photo file for a case export. casefile cannot align
// (that needs the vision stage above it), so the exporter takes this interface;
// core/services' LandmarkChipSource implements it with the landmark model and FaceAligner, and
// the CLI's `case export` and the GUI's CaseExportJob pass one in. Called on the exporter's
// thread, inside its transaction.
class FaceChipSource {
public:
    struct Face {
        QString photoPath;  // an evidence copy in the bundle, or a candidate's recorded source
        QString sha256;     // the SHA-256 on record: a file with other bytes is refused
        QRectF box;         // the face box in the upright photo's pixels
        // The 68 points on record (gallery faces); none for a probe face, whose landmarks are
        // fitted inside `box` as the search did (the shape predictor is deterministic).
        std::optional<Landmarks> landmarks;
    };

    virtual ~FaceChipSource() = default;
    // The chip (geometry and PNG; sha256 and bundlePath are the caller's). Errors name the file
    // or say why the face cannot be aligned (no landmark model, no face in the box).
    virtual Result<AlignedChip> chip(const Face& face) = 0;
};

}  // namespace facecase
