#pragma once

#include <QString>
#include <functional>
#include <vector>

#include "audit/audit_record.h"
#include "store/workspace.h"
#include "types/result.h"

namespace facecase {

// Moves a single analyst's workspace (a folder, SQLite) into an agency database (PostgreSQL):
// `facecase-cli workspace copy --from DIR --to postgresql://…`. Run by the agency database's
// owner, into a database that holds no FaceCase data yet.
//
// Everything or nothing, in one PostgreSQL transaction:
//  1. the source's audit chain is verified first; a broken chain is refused (copying it would
//     launder the break), naming the first broken record;
//  2. every table row by row with its ids (galleries, faces and descriptors, cases, probes,
//     searches, candidates, verdicts, reviews, policy, the audit log verbatim, hashes and all),
//     with the target's triggers switched off for the copy only (old rows may predate today's
//     rules; the actor rule would refuse the analysts' recorded names) and its identity
//     counters moved past the copied ids;
//  3. every evidence file the probes and searches name, read from the source folder, checked
//     against its SHA-256 and stored in the database (EvidenceStore); a missing or altered file
//     refuses the whole copy, naming it;
//  4. the counts compared table by table, the copied chain's head compared with the source's,
//     and a `workspace_copied` record appended -- linked to the source's last record by the
//     chain itself, with the source's folder, workspace id, head and counts -- so the move is
//     on record where the data now lives. After the commit the whole target chain is verified
//     once more. The source is left as it was.
class WorkspaceCopy {
public:
    struct TableCount {
        QString table;
        qint64 rows = 0;
    };
    struct Report {
        std::vector<TableCount> tables;  // in copy order, source = target
        qint64 evidenceFiles = 0;
        qint64 evidenceBytes = 0;
        qint64 sourceHeadSeq = 0;
        AuditRecord copied;  // the workspace_copied record
    };
    // Called before each table ("faces", rows to copy) and each evidence file.
    using Progress = std::function<void(const QString& what, qint64 count)>;

    static Result<Report> copy(const Workspace& from, const Workspace& to,
                               const Progress& progress = {});

    // The tables in the order their rows are copied (parents before children).
    static const QStringList& tables();
};

}  // namespace facecase
