#pragma once

#include <QString>
#include <optional>

namespace facecase {

// What AuditTrail::verify() found: the chain head when the chain is intact, or the first place
// where it is broken and how. Plain value.
struct AuditVerification {
    // How a record was tampered with, as far as the chain shows it. A deliberate rewrite that
    // also recomputes every later hash cannot be told from an honest log by the chain alone;
    // that is what a chain head noted elsewhere (a report, an export) is for.
    enum class BreakKind {
        Edited,     // its contents no longer give its hash (or the record it follows was
                    // changed and re-hashed)
        Deleted,    // records are missing: a gap in seq, or the record it follows is gone
        Reordered,  // it claims to follow a record that now comes after it
        Inserted,   // it was slipped in: the record after it follows the one before it
    };
    struct Break {
        qint64 seq = 0;  // the first record affected (for Deleted: the first missing seq)
        BreakKind kind = BreakKind::Edited;
        QString explanation;  // one sentence for the audit report
    };

    qint64 recordCount = 0;  // records in the log
    // The last record, when intact; seq 0 and the genesis hash for an empty log.
    qint64 headSeq = 0;
    QString headHash;
    std::optional<Break> firstBreak;

    bool intact() const { return !firstBreak.has_value(); }
    static QString kindName(BreakKind kind);  // "edited", "deleted", "reordered", "inserted"
};

}  // namespace facecase
