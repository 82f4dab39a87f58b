#pragma once

#include "services/pipeline/face_pipeline.h"

#include <QJsonObject>
#include <optional>

namespace facecase {

// The JSON shapes documented in docs/cli.md (a stable interface for scripts). Pure functions.
class FaceJson {
public:
    static QJsonObject quality(const FaceQuality& quality);
    static QJsonObject box(const QRectF& rect);  // {x, y, width, height}, 0.1 px
    static QJsonObject face(const DetectedFace& face, bool withDescriptor);
    static QJsonObject photo(const PhotoAnalysis& analysis, bool withDescriptors);
    static QJsonObject error(const QString& path, const Error& error);
    // A search's error line: the probe under the same key as its result lines (`probe`), and
    // the face number when one face of it was refused.
    static QJsonObject probeError(const QString& probe, std::optional<int> face, const Error& error);
};

}  // namespace facecase
