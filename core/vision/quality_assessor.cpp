#include "vision/quality_assessor.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace facecase {

namespace {
using Level = FaceQuality::Level;

constexpr double kRadToDeg = 180.0 / std::numbers::pi;

double distance(const QPointF& a, const QPointF& b) { return std::hypot(a.x() - b.x(), a.y() - b.y()); }

// Grey levels of the chip's inner face region (skips the 25% padding around the face).
std::vector<double> innerFaceGrey(const Image& chip, int& side) {
    const int margin = chip.width() / 5;
    side = std::max(0, chip.width() - 2 * margin);
    std::vector<double> grey;
    grey.reserve(std::size_t(side) * std::size_t(side));
    for (int y = margin; y < margin + side && y < chip.height(); ++y) {
        const std::uint8_t* row = chip.data() + std::size_t(y) * std::size_t(chip.stride());
        for (int x = margin; x < margin + side; ++x) {
            const std::uint8_t* p = row + 3 * x;
            grey.push_back(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]);
        }
    }
    return grey;
}

double laplacianVariance(const std::vector<double>& grey, int side) {
    if (side < 3) return 0.0;
    double sum = 0.0, sumSq = 0.0;
    int n = 0;
    for (int y = 1; y < side - 1; ++y) {
        for (int x = 1; x < side - 1; ++x) {
            const auto at = [&](int yy, int xx) { return grey[std::size_t(yy * side + xx)]; };
            const double lap = at(y - 1, x) + at(y + 1, x) + at(y, x - 1) + at(y, x + 1) - 4 * at(y, x);
            sum += lap;
            sumSq += lap * lap;
            ++n;
        }
    }
    const double mean = sum / n;
    return sumSq / n - mean * mean;
}

// Good above `good`, Poor below `poor`, Caution between.
Level atLeast(double value, double good, double poor) {
    return value >= good ? Level::Good : value >= poor ? Level::Caution : Level::Poor;
}
Level atMost(double value, double good, double poor) {
    return value <= good ? Level::Good : value <= poor ? Level::Caution : Level::Poor;
}
}  // namespace

QualityAssessor::QualityAssessor(QualityThresholds thresholds) : m_t(thresholds) {}

double QualityAssessor::estimateYawDegrees(const Landmarks& lm) {
    // Jaw ends (0, 16) are near the ears; a turned head puts the nose tip (30) nearer one of them.
    const double toLeft = distance(lm.points[30], lm.points[0]);
    const double toRight = distance(lm.points[30], lm.points[16]);
    if (toLeft + toRight <= 0.0) return 0.0;
    const double ratio = std::clamp((toLeft - toRight) / (toLeft + toRight), -1.0, 1.0);
    return std::asin(ratio) * kRadToDeg;
}

double QualityAssessor::estimateRollDegrees(const Landmarks& lm) {
    const QPointF d = lm.rightEyeCenter() - lm.leftEyeCenter();
    return std::atan2(d.y(), d.x()) * kRadToDeg;
}

FaceQuality QualityAssessor::assess(const Landmarks& landmarks, const FaceChip& chip) const {
    FaceQuality q;
    q.eyeDistancePx = landmarks.interEyeDistance();
    q.yawDegrees = estimateYawDegrees(landmarks);
    q.rollDegrees = estimateRollDegrees(landmarks);

    int side = 0;
    const std::vector<double> grey = chip.image.isNull() ? std::vector<double>{} : innerFaceGrey(chip.image, side);
    if (!grey.empty()) {
        double sum = 0.0, sumSq = 0.0;
        for (double g : grey) { sum += g; sumSq += g * g; }
        q.brightness = sum / double(grey.size());
        q.contrast = std::sqrt(std::max(0.0, sumSq / double(grey.size()) - q.brightness * q.brightness));
        q.sharpness = laplacianVariance(grey, side);
    }

    q.eyeDistanceLevel = atLeast(q.eyeDistancePx, m_t.eyeDistanceGood, m_t.eyeDistancePoor);
    q.sharpnessLevel = atLeast(q.sharpness, m_t.sharpnessGood, m_t.sharpnessPoor);
    q.poseLevel = std::max(atMost(std::abs(q.yawDegrees), m_t.yawGood, m_t.yawPoor),
                           atMost(std::abs(q.rollDegrees), m_t.rollGood, m_t.rollPoor));
    const Level brightnessLevel =
        (q.brightness < m_t.brightnessVeryLow || q.brightness > m_t.brightnessVeryHigh) ? Level::Poor
        : (q.brightness < m_t.brightnessLow || q.brightness > m_t.brightnessHigh)      ? Level::Caution
                                                                                        : Level::Good;
    q.exposureLevel = std::max(brightnessLevel, atLeast(q.contrast, m_t.contrastGood, m_t.contrastPoor));

    const auto warn = [&q](Level level, const QString& text) {
        if (level != Level::Good) q.warnings << text;
    };
    warn(q.eyeDistanceLevel,
         QStringLiteral("Small face: %1 px between the eyes (%2 or more recommended, under %3 is "
                        "unreliable).").arg(q.eyeDistancePx, 0, 'f', 0).arg(m_t.eyeDistanceGood).arg(m_t.eyeDistancePoor));
    warn(q.sharpnessLevel,
         QStringLiteral("Blurred face: sharpness %1 (%2 or more recommended).")
             .arg(q.sharpness, 0, 'f', 0).arg(m_t.sharpnessGood));
    warn(q.poseLevel,
         QStringLiteral("Face not frontal: turned about %1°, tilted %2° (within %3° recommended).")
             .arg(std::abs(q.yawDegrees), 0, 'f', 0).arg(std::abs(q.rollDegrees), 0, 'f', 0).arg(m_t.yawGood));
    warn(q.exposureLevel,
         q.brightness < m_t.brightnessLow   ? QStringLiteral("Face too dark: mean level %1 of 255.").arg(q.brightness, 0, 'f', 0)
         : q.brightness > m_t.brightnessHigh ? QStringLiteral("Face overexposed: mean level %1 of 255.").arg(q.brightness, 0, 'f', 0)
                                             : QStringLiteral("Flat lighting: contrast %1 (%2 or more recommended).")
                                                   .arg(q.contrast, 0, 'f', 0).arg(m_t.contrastGood));
    return q;
}

}  // namespace facecase
