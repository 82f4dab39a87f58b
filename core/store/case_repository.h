#pragma once

#include <QDateTime>
#include <QString>
#include <optional>
#include <vector>

#include "store/case_record.h"
#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// Cases: SQL and row mapping only. The rules (text limits, a taken number refused, which status
// may follow which, retention bounds) and the transactions with their audit records
// (case_created, case_closed, case_reopened, case_retention_changed) are CaseCatalog's
// (core/services/casework). Cases are never deleted (the schema refuses it while anything
// refers to them); CasePurger removes a case's data, never its row.
//
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`,
// which must outlive it. Each call is a few indexed statements; writes expect the caller's write
// transaction to be open.
class CaseRepository {
public:
    // A case as it is written: texts already checked and cleaned.
    struct NewCase {
        QString caseNumber;
        QString title;  // empty: none
        QString purpose;
        QString analyst;
        QString openedAt;                  // sql::timestamp()
        std::optional<int> retentionDays;  // none: the policy default
    };

    // The audit record of a change to a case's row (CaseRecord::changeSeq): who did what, when.
    struct Change {
        qint64 seq = 0;
        QString action;  // case_created, case_closed, case_reopened, ...
        QString actor;
        QDateTime at;    // UTC
    };

    explicit CaseRepository(const DatabaseConnection& connection) : m_connection(connection) {}

    // Inserts an open case; returns its id.
    Result<qint64> insert(const NewCase& newCase);
    // Sets case `id`'s status to `to`, closed_at to `closedAt` (sql::timestamp(); empty: none).
    // `caseNumber` names the case in a failure.
    Result<void> updateStatus(qint64 id, const QString& caseNumber, CaseRecord::Status to,
                              const QString& closedAt);
    // Sets case `id`'s own retention period (none: the policy default).
    Result<void> updateRetention(qint64 id, const QString& caseNumber, std::optional<int> days);

    // Every case, most recent activity first.
    Result<std::vector<CaseRecord>> list() const;
    // Every case numbered `caseNumber` ignoring ASCII case (as given, not trimmed), most recent
    // activity first: none, or more than one only in databases written before the ASCII-case
    // rule (the v1 column is case-sensitive).
    Result<std::vector<CaseRecord>> withNumber(const QString& caseNumber) const;
    // Ignoring ASCII case and surrounding spaces. NotFound names the number.
    Result<CaseRecord> findByNumber(const QString& caseNumber) const;
    Result<CaseRecord> findById(qint64 id) const;
    // The changes to case `id`'s row recorded after audit record `afterSeq`, oldest first (an
    // index range on (case_id, seq)).
    Result<std::vector<Change>> changesAfter(qint64 id, qint64 afterSeq) const;

private:
    Result<std::vector<CaseRecord>> select(const QString& where, const QVariant& value) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
