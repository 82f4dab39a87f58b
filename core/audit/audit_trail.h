#pragma once

#include <optional>
#include <vector>

#include "audit/audit_entry.h"
#include "audit/audit_filter.h"
#include "audit/audit_record.h"
#include "audit/audit_verification.h"
#include "store/database_connection.h"
#include "store/transaction.h"
#include "types/result.h"

namespace facecase {

// The workspace's hash-chained audit log (`audit_log`): append a record in the same transaction
// as the action it records, verify the chain, read records back for the audit view and exports.
// AuditRecord documents the canonical form and the hash; docs/audit.md shows how an auditor
// checks a database with sqlite3 and a short script.
//
// The store never changes or deletes a record (triggers refuse UPDATE and DELETE); the chain is
// what detects someone who removes the triggers first.
//
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`,
// which must outlive it.
class AuditTrail {
public:
    explicit AuditTrail(const DatabaseConnection& connection) : m_connection(connection) {}

    // Appends `entry` as the next record of the chain inside `transaction`, which must be an
    // open write transaction on this trail's connection: the record then commits or rolls back
    // together with the action it describes. Refuses (Error::Internal, a programming error)
    // anything else, including a transaction SQLite has already rolled back by itself.
    //
    // Race-free without further locking: a write Transaction starts with BEGIN IMMEDIATE, which
    // takes SQLite's single write lock for the database before anything is read, so no other
    // connection, thread or process can append between this call reading the last record and
    // inserting its successor. (seq being the primary key and hash UNIQUE would also refuse a
    // fork.) Costs one indexed read, one insert and a SHA-256: microseconds.
    //
    // When the connection has an audit witness (DatabaseConnection::auditWitnessPath), the new
    // head is anchored there and in the system journal after the transaction commits (nothing
    // if it rolls back; one anchor, the last head, for a transaction appending several records);
    // a failed anchor is a warning, never the action's failure.
    Result<AuditRecord> append(const Transaction& transaction, const AuditEntry& entry);

    // Recomputes the whole chain in one read transaction (a consistent snapshot, while other
    // connections go on appending) and reports the first broken record and how it was broken, or
    // the chain head. Must be called outside a transaction on this connection. Linear time,
    // constant memory. A broken chain is a finding, not an error: the Result fails only when
    // the log cannot be read.
    Result<AuditVerification> verify() const;

    // The records `filter` selects, in seq order.
    Result<std::vector<AuditRecord>> records(const AuditFilter& filter = {}) const;

    // The seq of the newest record about case `caseId` (of the whole log when none), 0 when
    // there is none. Every change is recorded, so this number grows with every change another
    // analyst or process makes: the change sequence an open screen polls. One index lookup
    // ((case_id, seq), or the primary key).
    Result<qint64> lastSeq(std::optional<qint64> caseId = std::nullopt) const;

    static constexpr int kMaxActionLength = 64;
    static constexpr int kMaxActorLength = 200;

private:
    Result<std::optional<AuditVerification::Break>> check(const AuditRecord& record,
                                                          qint64 expectedSeq,
                                                          const QString& expectedPrevHash) const;
    Result<std::optional<qint64>> seqOfHash(const QString& hash) const;
    Result<std::optional<QString>> prevHashAfter(qint64 seq) const;
    Result<void> requireOpenWriteTransaction(const Transaction& transaction,
                                             const QString& action) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
