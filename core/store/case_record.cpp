#include "store/case_record.h"

namespace facecase {

QString CaseRecord::statusName(Status value) {
    switch (value) {
        case Status::Open:
            return QStringLiteral("open");
        case Status::Closed:
            return QStringLiteral("closed");
        case Status::Archived:
            return QStringLiteral("archived");
    }
    return QStringLiteral("open");
}

QDateTime CaseRecord::expiresAt(int policyDefaultDays) const {
    if (status == Status::Open || !closedAt.isValid()) return {};
    return closedAt.toUTC().addDays(retentionDaysOr(policyDefaultDays));
}

QString CaseRecord::purgedNotice() const {
    return QStringLiteral("case \"%1\" was purged on %2; its data is gone and it cannot be reopened")
        .arg(caseNumber, purgedAt.toUTC().date().toString(Qt::ISODate));
}

std::optional<CaseRecord::Status> CaseRecord::statusFromName(const QString& name) {
    for (auto s : {Status::Open, Status::Closed, Status::Archived}) {
        if (statusName(s) == name) return s;
    }
    return std::nullopt;
}

}  // namespace facecase
