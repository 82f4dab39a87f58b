#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <array>
#include <optional>

#include "store/enrollment_item.h"

namespace facecase {

// One enrollment run into a gallery (or several runs, when an interrupted one was resumed): a
// row of `enrollment_jobs` plus how many of its items ended in each status. Plain value.
struct EnrollmentJob {
    enum class Status { Running, Completed, Cancelled, Failed, Interrupted };

    qint64 id = 0;
    qint64 galleryId = 0;
    QString galleryName;
    QString source;       // absolute folder or manifest path
    QJsonObject options;  // what the run was asked to do (mode, min face, policy, model, ...)
    QString actor;
    QDateTime startedAt;
    QDateTime finishedAt;  // invalid while running
    Status status = Status::Running;
    std::array<qint64, EnrollmentItem::kStatusCount> itemCounts{};  // by EnrollmentItem::Status

    qint64 itemCount() const;
    qint64 problemCount() const;  // items whose status EnrollmentItem::isProblem()
    qint64 count(EnrollmentItem::Status which) const { return itemCounts[std::size_t(which)]; }

    static QString statusName(Status value);  // "running", "completed", ...
    static std::optional<Status> statusFromName(const QString& name);
};

}  // namespace facecase
