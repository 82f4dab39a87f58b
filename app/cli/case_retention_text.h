#pragma once

#include "store/case_record.h"
#include "store/database_connection.h"
#include "types/result.h"

#include <QJsonObject>
#include <QString>

namespace facecase::cli {

// How `case list`, `case show`, `case retention` and `purge` show a case's retention: the same
// words and JSON fields everywhere (docs/cli.md).

// The agency policy's retention.days_after_close, printing nothing.
Result<int> policyRetentionDays(const DatabaseConnection& connection);
// {retention_days, retention_source ("case" | "policy"), expires_at (null while open),
//  purged_at (null unless purged)}
QJsonObject retentionJson(const CaseRecord& c, int policyDays);
// "kept 730 days after closing (policy default), expires 2026-05-01" / "… data purged 2026-05-01"
QString retentionText(const CaseRecord& c, int policyDays);
// "1 day", "730 days".
QString daysText(int days);
// "2026-05-01" (UTC), "-" when invalid.
QString dayText(const QDateTime& time);
// ISO 8601 UTC with milliseconds, null when invalid.
QJsonValue timeJson(const QDateTime& time);
// A case as `case list`, `case create|close|reopen|retention --json` and `case show --json`
// print it: id, number, title, purpose, analyst, status, opened_at, closed_at, last_activity and
// the retention fields above.
QJsonObject caseJson(const CaseRecord& c, int policyDays);

}  // namespace facecase::cli
