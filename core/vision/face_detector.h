#pragma once

#include "types/face_box.h"
#include "types/image.h"
#include "types/result.h"

#include <memory>
#include <vector>

namespace facecase {

struct FaceDetectorOptions {
    // Smallest face (box side, in source pixels) the search must find. dlib's HOG window is 80 px:
    // smaller targets mean upsampling (x2 per step, 4x the time per step); 160 or more lets the
    // photo be scanned at half size or less (4x faster per step) -- for mugshots.
    int minFaceSize = 40;
    // Added to the HOG decision threshold: < 0 finds more (and more false) faces.
    double adjustThreshold = 0.0;
    // Upsampling never makes the working image larger than this (memory and time guard).
    qint64 maxWorkingPixels = 40'000'000;
};

// dlib's HOG frontal face detector behind a Qt-typed facade. Boxes come back in source-image
// coordinates, in reading order (left to right, ties top to bottom).
// Not thread-safe (dlib's scanner keeps per-call state): one instance per worker thread.
// Construction copies a shared decoded model (the first one in a process decodes it, ~0.1 s).
// Detection: ~23 ms per 640x480 photo at minFaceSize 80, ~4x that at 40.
class FaceDetector {
public:
    FaceDetector();
    ~FaceDetector();
    FaceDetector(const FaceDetector&) = delete;
    FaceDetector& operator=(const FaceDetector&) = delete;

    Result<std::vector<FaceBox>> detect(const Image& image, const FaceDetectorOptions& options = {});

    // The smallest face side that `detect` will really find in an image of this size with these
    // options, after the working-size guard (may exceed options.minFaceSize on huge images).
    static double effectiveMinFaceSize(int width, int height, const FaceDetectorOptions& options);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace facecase
