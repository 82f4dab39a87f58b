#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace facecase {

// A case: what every search, probe, verdict and audit record belongs to. A row of `cases` plus
// when anything last happened in it. Plain value.
struct CaseRecord {
    enum class Status { Open, Closed, Archived };

    qint64 id = 0;
    QString caseNumber;  // the agency's number, unique in the workspace ignoring ASCII case
    QString title;
    QString purpose;     // purpose / legal basis of the searches; required
    QString analyst;     // the analyst responsible
    QDateTime openedAt;  // UTC
    QDateTime closedAt;  // UTC; invalid while open
    Status status = Status::Open;
    // The latest audit record or search of the case (the opening time if neither is later).
    QDateTime lastActivity;
    // Days after closing that the case's probes, evidence copies, searches and verdicts are
    // kept; none: the agency policy's default (AgencyPolicy::retentionDaysAfterClose).
    std::optional<int> retentionDays;
    // When that data was purged (UTC); invalid until then. The case row and its audit records
    // stay for good.
    QDateTime purgedAt;
    // The audit sequence number of the newest record that changed this row (case_created,
    // case_closed, case_reopened, case_retention_changed, case_purged; 0 for none): the version
    // of the case a screen showed, which CaseCatalog's changes may be told to expect.
    qint64 changeSeq = 0;

    bool isPurged() const { return purgedAt.isValid(); }
    int retentionDaysOr(int policyDefaultDays) const {
        return retentionDays.value_or(policyDefaultDays);
    }
    // closedAt + the retention period: from then on the case's data may be purged. Invalid
    // while the case is open (an open case never expires).
    QDateTime expiresAt(int policyDefaultDays) const;
    // `case "X" was purged on 2026-05-01; its data is gone and it cannot be reopened`: what a
    // refused reopen or change says instead of the database trigger's words.
    QString purgedNotice() const;

    static QString statusName(Status value);  // "open", "closed", "archived"
    static std::optional<Status> statusFromName(const QString& name);
};

}  // namespace facecase
