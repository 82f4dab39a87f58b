#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <vector>

#include "services/retention/evidence_sweeper.h"
#include "services/retention/expired_case.h"
#include "audit/audit_record.h"
#include "store/database_connection.h"
#include "store/workspace.h"
#include "types/result.h"

namespace facecase {

// The retention purge (issue 6): a closed case whose retention period has run out (its own, or
// the agency policy's retention.days_after_close) loses its probes, searches with their
// candidates, verdicts, notes, reviews and marks, and the evidence files no other case uses.
// The case row stays, marked purged_at, and so does every audit record about it: what was
// done in the case stays provable, the biometric data does not stay.
//
// purge() is one write transaction: the deletions, cases.purged_at and the `case_purged` audit
// record (counts, retention, closed_at, expired_at) commit together or not at all. Evidence
// files are deleted only after the commit (EvidenceSweeper), so a crash leaves at worst orphan
// files, which the next purgeAll() sweeps. There is no override: only expired cases are purged,
// judged against the clock at the time of the purge.
//
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`.
// Cost: a few indexed deletes per case plus one scan of the searches for shared evidence.
class CasePurger {
public:
    struct Outcome {
        ExpiredCase purged;              // the case before the purge, with what was removed
        QDateTime purgedAt;              // UTC
        AuditRecord audit;               // the case_purged record
        EvidenceSweeper::Outcome files;  // this case's evidence files after the commit
    };
    struct Run {
        std::vector<Outcome> purged;
        QStringList failures;             // "case 2024-17: why", for cases that were not purged
        EvidenceSweeper::Outcome orphans;  // swept after the cases
    };

    CasePurger(Workspace workspace, const DatabaseConnection& connection);

    // Closed, unpurged cases whose expiry (closedAt + retention) is at or before `now`, oldest
    // expiry first, with what purging each would remove. Reads; writes nothing.
    Result<std::vector<ExpiredCase>> expired(const QDateTime& now) const;

    // Purges one case as described above. InvalidInput naming the case when it is open, already
    // purged, or not yet expired (with its expiry date). `actor` goes into the audit record.
    Result<Outcome> purge(qint64 caseId, const QString& actor);

    // purge() for each case in turn (one transaction each: a failure does not keep the others),
    // then an orphan sweep. Fails as a whole only when the sweep cannot read the database.
    Result<Run> purgeAll(const std::vector<qint64>& caseIds, const QString& actor);

private:
    Result<int> policyDefaultDays() const;
    Result<PurgeCounts> countsOf(qint64 caseId) const;
    Result<QStringList> evidencePathsOf(qint64 caseId) const;
    Result<void> deleteRows(qint64 caseId, const QString& caseNumber) const;

    Workspace m_workspace;
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
