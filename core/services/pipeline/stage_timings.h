#pragma once

#include <QString>

namespace facecase {

// Wall-clock milliseconds spent per pipeline stage, summed over the photos a caller analysed.
// For benchmarks and the GUI's status line; cheap to collect.
struct StageTimings {
    double decodeMs = 0, detectMs = 0, landmarksMs = 0, alignMs = 0, qualityMs = 0, descriptorMs = 0;
    int photos = 0;
    int faces = 0;
    int decodes = 0;  // photos decoded by the pipeline (0 for an image handed over decoded)

    double totalMs() const { return decodeMs + detectMs + landmarksMs + alignMs + qualityMs + descriptorMs; }
    StageTimings& operator+=(const StageTimings& other);
};

}  // namespace facecase
