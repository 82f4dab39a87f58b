#include "services/pipeline/face_json.h"

#include <QJsonArray>

#include <cmath>

namespace facecase {

namespace {
double rounded(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}
QString errorKindName(Error::Kind kind) {
    switch (kind) {
        case Error::Kind::InvalidInput: return QStringLiteral("invalid_input");
        case Error::Kind::NotFound: return QStringLiteral("not_found");
        case Error::Kind::ModelError: return QStringLiteral("model");
        case Error::Kind::Internal: return QStringLiteral("internal");
        case Error::Kind::Cancelled: return QStringLiteral("cancelled");
        case Error::Kind::PasswordNeeded: return QStringLiteral("password_needed");
        case Error::Kind::Conflict: return QStringLiteral("conflict");
    }
    return {};
}
}  // namespace

QJsonObject FaceJson::quality(const FaceQuality& q) {
    return QJsonObject{
        {QStringLiteral("eye_distance_px"), rounded(q.eyeDistancePx, 1)},
        {QStringLiteral("sharpness"), rounded(q.sharpness, 1)},
        {QStringLiteral("yaw_deg"), rounded(q.yawDegrees, 1)},
        {QStringLiteral("roll_deg"), rounded(q.rollDegrees, 1)},
        {QStringLiteral("brightness"), rounded(q.brightness, 1)},
        {QStringLiteral("contrast"), rounded(q.contrast, 1)},
        {QStringLiteral("levels"),
         QJsonObject{{QStringLiteral("eye_distance"), FaceQuality::levelName(q.eyeDistanceLevel)},
                     {QStringLiteral("sharpness"), FaceQuality::levelName(q.sharpnessLevel)},
                     {QStringLiteral("pose"), FaceQuality::levelName(q.poseLevel)},
                     {QStringLiteral("exposure"), FaceQuality::levelName(q.exposureLevel)}}},
        {QStringLiteral("overall"), FaceQuality::levelName(q.overall())},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(q.warnings)},
    };
}

QJsonObject FaceJson::box(const QRectF& r) {
    return QJsonObject{{QStringLiteral("x"), rounded(r.x(), 1)},
                       {QStringLiteral("y"), rounded(r.y(), 1)},
                       {QStringLiteral("width"), rounded(r.width(), 1)},
                       {QStringLiteral("height"), rounded(r.height(), 1)}};
}

QJsonObject FaceJson::face(const DetectedFace& f, bool withDescriptor) {
    const QRectF& r = f.box.rect;
    QJsonArray landmarks;
    for (const QPointF& p : f.landmarks.points) landmarks.append(QJsonArray{rounded(p.x(), 1), rounded(p.y(), 1)});
    QJsonObject out{
        {QStringLiteral("index"), f.index},
        {QStringLiteral("box"), box(r)},
        {QStringLiteral("detector_score"), rounded(f.box.detectorScore, 3)},
        {QStringLiteral("manual"), f.box.manual},
        {QStringLiteral("landmarks"), landmarks},
        {QStringLiteral("quality"), quality(f.quality)},
    };
    if (withDescriptor && f.descriptor) {
        QJsonArray values;
        for (float v : f.descriptor->values) values.append(double(v));
        out.insert(QStringLiteral("descriptor"), values);
    }
    return out;
}

QJsonObject FaceJson::photo(const PhotoAnalysis& a, bool withDescriptors) {
    QJsonArray faces;
    for (const DetectedFace& f : a.faces) faces.append(face(f, withDescriptors));
    return QJsonObject{
        {QStringLiteral("path"), a.source.sourcePath},
        {QStringLiteral("sha256"), a.source.sha256},
        {QStringLiteral("format"), a.source.format},
        {QStringLiteral("width"), a.source.image.width()},
        {QStringLiteral("height"), a.source.image.height()},
        {QStringLiteral("exif_orientation"), a.source.exifOrientation},
        {QStringLiteral("min_face_px"), rounded(a.effectiveMinFaceSize, 1)},
        {QStringLiteral("faces"), faces},
    };
}

QJsonObject FaceJson::error(const QString& path, const Error& e) {
    return QJsonObject{{QStringLiteral("path"), path},
                       {QStringLiteral("error"), e.message},
                       {QStringLiteral("error_kind"), errorKindName(e.kind)}};
}

QJsonObject FaceJson::probeError(const QString& probe, std::optional<int> face, const Error& e) {
    QJsonObject line{{QStringLiteral("probe"), probe},
                     {QStringLiteral("error"), e.message},
                     {QStringLiteral("error_kind"), errorKindName(e.kind)}};
    if (face) line.insert(QStringLiteral("face"), *face);
    return line;
}

}  // namespace facecase
