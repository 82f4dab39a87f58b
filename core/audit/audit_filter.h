#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace facecase {

// Which audit records AuditTrail::records() returns; every field left empty matches all.
// Plain value.
struct AuditFilter {
    std::optional<qint64> caseId;
    QString action;   // exact, e.g. "case_created"
    QString actor;    // exact
    QDateTime from;   // inclusive
    QDateTime until;  // exclusive, so a day is [midnight, next midnight)
};

}  // namespace facecase
