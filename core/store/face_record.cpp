#include "store/face_record.h"

#include <QJsonArray>
#include <QtEndian>
#include <bit>
#include <cstring>
#include <limits>

namespace facecase {

namespace {
static_assert(sizeof(float) == 4 && std::numeric_limits<float>::is_iec559,
              "descriptor BLOBs are IEEE-754 binary32");

void appendFloat(QByteArray& out, float value) {
    const quint32 bits = qToLittleEndian(std::bit_cast<quint32>(value));
    out.append(reinterpret_cast<const char*>(&bits), sizeof bits);
}

float floatAt(const char* data, qsizetype i) {
    quint32 bits = 0;
    std::memcpy(&bits, data + i * 4, sizeof bits);
    return std::bit_cast<float>(qFromLittleEndian(bits));
}

QString levelName(FaceQuality::Level level) {
    return FaceQuality::levelName(level);
}
}  // namespace

FaceRecord FaceRecord::fromDetectedFace(const DetectedFace& face) {
    FaceRecord record;
    record.index = face.index;
    record.box = face.box;
    record.landmarks = face.landmarks;
    record.quality = face.quality;
    record.descriptor = face.descriptor;
    return record;
}

QByteArray FaceRecord::encodeLandmarks(const Landmarks& landmarks) {
    QByteArray out;
    out.reserve(Landmarks::kCount * 2 * 4);
    for (const QPointF& p : landmarks.points) {
        // float32: sub-pixel precision to beyond 16 million pixels, half the size of double.
        appendFloat(out, static_cast<float>(p.x()));
        appendFloat(out, static_cast<float>(p.y()));
    }
    return out;
}

std::optional<Landmarks> FaceRecord::decodeLandmarks(const QByteArray& blob) {
    if (blob.size() != Landmarks::kCount * 2 * 4) return std::nullopt;
    Landmarks landmarks;
    for (qsizetype i = 0; i < Landmarks::kCount; ++i) {
        landmarks.points[std::size_t(i)] =
            QPointF(floatAt(blob.constData(), 2 * i), floatAt(blob.constData(), 2 * i + 1));
    }
    return landmarks;
}

QByteArray FaceRecord::encodeDescriptor(const Descriptor& descriptor) {
    QByteArray out;
    out.reserve(Descriptor::kSize * 4);
    for (float v : descriptor.values) appendFloat(out, v);
    return out;
}

std::optional<Descriptor> FaceRecord::decodeDescriptor(const QByteArray& blob) {
    if (blob.size() != Descriptor::kSize * 4) return std::nullopt;
    Descriptor descriptor;
    for (qsizetype i = 0; i < Descriptor::kSize; ++i) {
        descriptor.values[std::size_t(i)] = floatAt(blob.constData(), i);
    }
    return descriptor;
}

QJsonObject FaceRecord::encodeQuality(const FaceQuality& q) {
    // Same key names as the CLI's face JSON (services/face_json.cpp), so one reader fits both;
    // unrounded, because these are the measurements the face was judged on.
    return QJsonObject{
        {QStringLiteral("eye_distance_px"), q.eyeDistancePx},
        {QStringLiteral("sharpness"), q.sharpness},
        {QStringLiteral("yaw_deg"), q.yawDegrees},
        {QStringLiteral("roll_deg"), q.rollDegrees},
        {QStringLiteral("brightness"), q.brightness},
        {QStringLiteral("contrast"), q.contrast},
        {QStringLiteral("levels"),
         QJsonObject{{QStringLiteral("eye_distance"), levelName(q.eyeDistanceLevel)},
                     {QStringLiteral("sharpness"), levelName(q.sharpnessLevel)},
                     {QStringLiteral("pose"), levelName(q.poseLevel)},
                     {QStringLiteral("exposure"), levelName(q.exposureLevel)}}},
        {QStringLiteral("overall"), levelName(q.overall())},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(q.warnings)},
    };
}

}  // namespace facecase
