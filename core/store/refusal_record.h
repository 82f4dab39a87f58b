#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// A refused action put on record (issue 6: refused actions leave an audit record): appends
// `action` ("search_refused", "probe_refused", …) with `details` plus `reason` (the refusal's
// sentence) in a write transaction of its own, so the record stays although the action did not
// happen. Must be called with no transaction open on `connection`.
class RefusalRecord {
public:
    // Returns `why` once recorded, or the error that kept it from being recorded.
    static Error write(const DatabaseConnection& connection, const QString& action,
                       std::optional<qint64> caseId, QJsonObject details, const QString& actor,
                       Error why);
};

}  // namespace facecase
