#include "store/enrollment_item.h"

namespace facecase {

QString EnrollmentItem::statusName(Status value) {
    switch (value) {
        case Status::Ok: return QStringLiteral("ok");
        case Status::NoFace: return QStringLiteral("no_face");
        case Status::SeveralFaces: return QStringLiteral("several_faces");
        case Status::Unreadable: return QStringLiteral("unreadable");
        case Status::Duplicate: return QStringLiteral("duplicate");
        case Status::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("failed");
}

std::optional<EnrollmentItem::Status> EnrollmentItem::statusFromName(const QString& name) {
    for (int i = 0; i < kStatusCount; ++i) {
        const auto status = static_cast<Status>(i);
        if (statusName(status) == name) return status;
    }
    return std::nullopt;
}

}  // namespace facecase
