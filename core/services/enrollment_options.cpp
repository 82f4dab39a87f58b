#include "services/enrollment_options.h"

#include <pwd.h>
#include <unistd.h>

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

QString EnrollmentOptions::currentUser() {
    for (const char* variable : {"USER", "LOGNAME", "USERNAME"}) {
        const QString value = qEnvironmentVariable(variable);
        if (!value.isEmpty()) return value;
    }
    // Services and cron jobs often run without USER in their environment.
    if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_name) {
        return QString::fromLocal8Bit(entry->pw_name);
    }
    return QStringLiteral("uid %1").arg(::getuid());
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
