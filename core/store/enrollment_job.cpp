#include "store/enrollment_job.h"

#include <numeric>

namespace facecase {

qint64 EnrollmentJob::itemCount() const {
    return std::accumulate(itemCounts.begin(), itemCounts.end(), qint64(0));
}

qint64 EnrollmentJob::problemCount() const {
    qint64 n = 0;
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        if (EnrollmentItem::isProblem(static_cast<EnrollmentItem::Status>(i))) n += itemCounts[std::size_t(i)];
    }
    return n;
}

QString EnrollmentJob::statusName(Status value) {
    switch (value) {
        case Status::Running: return QStringLiteral("running");
        case Status::Completed: return QStringLiteral("completed");
        case Status::Cancelled: return QStringLiteral("cancelled");
        case Status::Failed: return QStringLiteral("failed");
        case Status::Interrupted: return QStringLiteral("interrupted");
    }
    return QStringLiteral("failed");
}

std::optional<EnrollmentJob::Status> EnrollmentJob::statusFromName(const QString& name) {
    for (auto s : {Status::Running, Status::Completed, Status::Cancelled, Status::Failed,
                   Status::Interrupted}) {
        if (statusName(s) == name) return s;
    }
    return std::nullopt;
}

}  // namespace facecase
