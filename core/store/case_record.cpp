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

std::optional<CaseRecord::Status> CaseRecord::statusFromName(const QString& name) {
    for (auto s : {Status::Open, Status::Closed, Status::Archived}) {
        if (statusName(s) == name) return s;
    }
    return std::nullopt;
}

}  // namespace facecase
