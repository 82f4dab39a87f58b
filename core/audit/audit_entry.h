#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace facecase {

// What a caller asks AuditTrail::append() to record; the trail adds seq, prev_hash and hash.
// Plain value.
struct AuditEntry {
    QString action;                // lower-case snake_case constant: "case_created", "search_run"
    QString actor;                 // who did it: the analyst's or OS user's name, never empty
    std::optional<qint64> caseId;  // the case it concerns; none for workspace-wide actions
    // What was done, with what. Whole numbers only (CanonicalJson says why): write distances,
    // thresholds and scores as the strings shown to the analyst.
    QJsonObject details;
    QDateTime at;  // when; the current time if invalid. Stored in UTC with milliseconds.
};

}  // namespace facecase
