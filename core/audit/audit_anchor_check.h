#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

#include "audit/audit_witness.h"
#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// The audit log compared with chain heads noted outside it (AuditWitness, or heads an auditor
// names): what the hash chain alone cannot show. An anchored record that is gone from the end
// of the log means the newest records were removed; an anchored record whose hash differs means
// the log was rewritten (and re-hashed) from there on. Plain value; compare() makes one.
struct AuditAnchorCheck {
    struct Difference {
        qint64 seq = 0;
        QString anchoredHash;
        QString anchoredAt;
        std::optional<QString> hash;  // the record's hash now; none: the record is gone
    };

    QString witnessPath;     // where the anchors were read from; empty: none given
    bool witnessFound = false;
    QString witnessError;    // the witness exists but could not be read (a finding, not a failure)
    qint64 anchors = 0;      // anchors compared (witness lines and named heads)
    qint64 unreadableLines = 0;
    std::optional<AuditAnchor> lastAnchor;  // the one with the highest seq
    qint64 lastSeq = 0;      // the highest seq in the log
    std::vector<Difference> differences;  // the first kMaxListed, in seq order
    qint64 differenceCount = 0;

    static constexpr int kMaxListed = 20;

    // The newest anchored record is beyond the end of the log.
    bool tailMissing() const { return lastAnchor && lastAnchor->seq > lastSeq; }
    // Nothing the anchors contradict (true without anchors: nothing to compare).
    bool agrees() const { return !tailMissing() && differenceCount == 0; }

    // Reads the witness at `witnessPath` (if any) plus `named` heads. Read them BEFORE the
    // chain's snapshot is taken: an anchor is written only after its record committed, so every
    // anchor read first names a record any later snapshot must hold.
    static Result<AuditAnchorCheck> readAnchors(const QString& witnessPath,
                                                std::vector<AuditAnchor> named = {});
    // Compares the anchors read with the log, in one read transaction and one pass over
    // (seq, hash) from the lowest anchored seq on. Must be called outside a transaction.
    Result<void> compare(const DatabaseConnection& connection);

    // One sentence per finding ("records after seq 40 are missing (last anchored seq 42 at …)",
    // "record 17 differs from its anchor …"); empty when the anchors agree.
    QStringList findings() const;
    // {witness, witness_found, anchors, unreadable_lines, last_anchored_seq, last_anchored_at,
    //  last_seq, tail_missing, missing_after_seq, differences: [{seq, anchored_hash, anchored_at,
    //  hash}], difference_count, agrees, error}: for `audit verify --json` and audit_verified.
    QJsonObject json() const;

    // "SEQ:HASH" as an auditor writes a head noted from a report, an export or an earlier check.
    static Result<AuditAnchor> parseNamedHead(const QString& text);

private:
    std::vector<AuditAnchor> m_anchors;
};

}  // namespace facecase
