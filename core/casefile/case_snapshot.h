#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

#include "audit/audit_record.h"
#include "store/candidate_provenance.h"
#include "store/case_record.h"
#include "store/probe_record.h"
#include "store/search_reader.h"
#include "store/verdict_record.h"

namespace facecase {

// Everything a case file says about one case, read in one database transaction
// (CaseSnapshotReader) so that the manifest, the report and the audit excerpt describe the same
// state. Plain value; the review gate, the manifest and the PDF report all read it.
struct CaseSnapshot {
    struct CandidateEntry {
        SearchReader::Candidate candidate;
        // What the workspace knows about the gallery face now; none once the face was removed.
        std::optional<CandidateProvenance> provenance;
        // The current (latest) verdict, if any, with its second reviews (VerdictRecord::reviews).
        std::optional<VerdictRecord> verdict;
        // From the search_run audit record: the FMR shown was an upper bound (closer than any
        // impostor pair measured). The candidates table does not keep this flag.
        bool fmrUpperBound = false;
    };
    struct SearchEntry {
        SearchReader::Search search;
        std::vector<CandidateEntry> candidates;  // in rank order
        // The `search_run` record's details: the candidate list as shown, which the review gate
        // holds the stored list against. Empty when the log has no such record.
        QJsonObject runRecord;
        std::optional<qint64> runRecordSeq;
    };
    // One record of the log between the case's first record and the head: enough to check that
    // the chain runs unbroken through the case's records without handing over other cases'
    // contents.
    struct ChainLink {
        qint64 seq = 0;
        QString prevHash;
        QString hash;
    };

    CaseRecord theCase;
    std::vector<ProbeRecord> probes;       // in import order
    std::vector<SearchEntry> searches;     // oldest first
    std::vector<AuditRecord> caseRecords;  // the case's audit records, in seq order
    std::vector<ChainLink> chainLinks;     // seq of the case's first record .. head, in order
    qint64 headSeq = 0;                    // the whole log's last record when read
    QString headHash;                      // its hash (the genesis hash for an empty log)
    QDateTime readAt;                      // UTC
};

}  // namespace facecase
