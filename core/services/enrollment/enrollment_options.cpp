#include "services/enrollment/enrollment_options.h"


namespace facecase {

PipelineOptions EnrollmentOptions::mugshotPipelineOptions() {
    PipelineOptions options;
    options.detection.minFaceSize = 80;
    return options;
}

QString EnrollmentOptions::policyName(SeveralFacesPolicy policy) {
    return policy == SeveralFacesPolicy::Skip ? QStringLiteral("skip")
                                              : QStringLiteral("enroll-largest");
}

std::optional<SeveralFacesPolicy> EnrollmentOptions::policyFromName(const QString& name) {
    if (name == QLatin1String("enroll-largest")) return SeveralFacesPolicy::EnrollLargest;
    if (name == QLatin1String("skip")) return SeveralFacesPolicy::Skip;
    return std::nullopt;
}

QJsonObject EnrollmentOptions::toJson() const {
    return QJsonObject{
        {QStringLiteral("min_face_px"), pipeline.detection.minFaceSize},
        {QStringLiteral("descriptor_mode"), pipeline.descriptorMode == DescriptorMode::FlipAveraged
                                                ? QStringLiteral("flip")
                                                : QStringLiteral("plain")},
        {QStringLiteral("several_faces"), policyName(severalFaces)},
    };
}

}  // namespace facecase
