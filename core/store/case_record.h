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

    static QString statusName(Status value);  // "open", "closed", "archived"
    static std::optional<Status> statusFromName(const QString& name);
};

}  // namespace facecase
