#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// The workspace's state compared with its audit trail, object by object: what a hash chain
// cannot show when someone edits the case tables and the log together (deletes a case_closed
// record while the case stays closed) or edits one without the other (deletes a probe row but
// not its probe_added record). Plain value; run() makes one.
//
// Covered (docs/audit.md, "Cross-check"):
// - cases: a case_created record per case; the status agrees with the last of case_created /
//   case_closed / case_reopened; a purged case has its case_purged record; every record's
//   case_id names a case;
// - probes, searches, verdicts and second reviews: each row has the record that created it
//   (probe_added, search_run, verdict_set, verdict_reviewed, by the id in its details), and each
//   such record's object still exists unless its case's purge is recorded.
// Not covered yet: policy values and the passphrase, galleries, enrollment jobs and gallery
// removals, notes, candidates and marks (they belong to a search's or a verdict's row, which
// is covered).
struct AuditCrossCheck {
    struct Disagreement {
        QString object;   // "case 2024-CR-17", "probe 12", "search 40", "verdict 7", "review 3"
        QString problem;  // one sentence
        std::optional<qint64> seq;  // the audit record concerned, if any
    };

    std::vector<Disagreement> disagreements;  // the first kMaxListed
    qint64 disagreementCount = 0;
    qint64 objectsChecked = 0;  // cases, probes, searches, verdicts and reviews read

    static constexpr int kMaxListed = 50;

    bool agrees() const { return disagreementCount == 0; }
    // "case 2024-CR-17: is closed, but the trail has no case_closed record", one per listed
    // disagreement, then "… and N more" when some were not listed.
    QStringList findings() const;
    // {agrees, objects, disagreement_count, disagreements: [{object, problem, seq}]}
    QJsonObject json() const;

    // One read transaction (a consistent snapshot) over the records of the actions above and
    // the rows they describe; memory grows with the number of probes, searches and verdicts (a
    // few bytes each). Must be called outside a transaction.
    static Result<AuditCrossCheck> run(const DatabaseConnection& connection);

private:
    void disagree(QString object, QString problem, std::optional<qint64> seq = std::nullopt);
};

}  // namespace facecase
