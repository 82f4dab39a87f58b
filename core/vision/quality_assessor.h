#pragma once

#include "types/face_chip.h"
#include "types/face_quality.h"
#include "types/landmarks.h"

namespace facecase {

// Thresholds that turn measurements into Good / Caution / Poor. Eye distance and pose follow
// common practice for facial comparison (ISO/IEC 19794-5 portraits ask >= 60 px between the eyes;
// frontal within ~20 degrees). Sharpness and contrast are set from what this measure gives on
// LFW (150 random photos: sharpness median 45, 5th percentile 15; contrast median 38, 5th
// percentile 21; eye distance median 41, 5th percentile 30) -- photos on which the pipeline
// still verifies at 98.8% -- so "poor" marks the worst few percent of news photos, not half.
struct QualityThresholds {
    double eyeDistanceGood = 60.0, eyeDistancePoor = 30.0;    // px; poor below
    double sharpnessGood = 40.0, sharpnessPoor = 15.0;        // Laplacian variance on the chip
    double yawGood = 20.0, yawPoor = 35.0;                    // |degrees|; poor above
    double rollGood = 20.0, rollPoor = 40.0;
    double brightnessLow = 50.0, brightnessHigh = 205.0;      // mean grey, caution outside
    double brightnessVeryLow = 30.0, brightnessVeryHigh = 230.0;
    double contrastGood = 20.0, contrastPoor = 10.0;          // grey standard deviation
};

// Measures how fit a face is for comparison and says why in plain words. Stateless, thread-safe,
// well under 1 ms per face.
class QualityAssessor {
public:
    explicit QualityAssessor(QualityThresholds thresholds = {});
    FaceQuality assess(const Landmarks& landmarks, const FaceChip& chip) const;

    // Yaw from the landmarks: how far the nose tip sits from the middle of the jaw line, as an
    // angle. Rough (±10°) but monotonic, which is what a warning needs.
    static double estimateYawDegrees(const Landmarks& landmarks);
    static double estimateRollDegrees(const Landmarks& landmarks);

private:
    QualityThresholds m_t;
};

}  // namespace facecase
