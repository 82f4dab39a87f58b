#pragma once

#include <QString>
#include <vector>

#include "casefile/case_report_writer.h"
#include "casefile/exported_evidence.h"
#include "casefile/face_chip_source.h"
#include "casefile/review_gate.h"
#include "store/database_connection.h"
#include "store/workspace.h"
#include "types/result.h"

namespace facecase {

// Exports a case as a bundle (CaseBundle): a folder, or a ZIP file when the output ends in
// .zip. The whole export is one write transaction: the case is read, the review gate decides,
// the files are written, and the `case_exported` audit record (manifest SHA-256, file count,
// chain head) is appended and committed — so the record describes exactly the data in the
// bundle, and a bundle whose record did not commit is removed again. The write lock is held
// while the files are copied and the report is drawn (about a second for 5 probes x 50
// candidates; other writers wait up to DatabaseConnection::kBusyTimeoutMs).
//
// The bundle is assembled in a hidden staging folder beside the output and moved into place
// (folder) or packed (ZIP) at the end, so an interrupted export leaves no half bundle under the
// output's name.
//
// Uses the calling thread's connection; not thread-safe. Keeps references to `workspace` and
// `connection`, which must outlive it.
class CaseExporter {
public:
    struct Options {
        QString output;  // a folder that does not exist or is empty, or a new *.zip file
        QString actor;   // who exports, for the audit record and the manifest
        CaseReportWriter* report = nullptr;  // optional; not owned
        // Cuts the aligned chips of compare pages (and, under the policy
        // export.candidate_images = aligned_chips, the candidates' images in evidence/).
        // Optional (the report then shows crops, the bundle no chips); not owned.
        FaceChipSource* chips = nullptr;
        QString software;  // "FaceCase x.y.z", written into the manifest
    };
    struct Summary {
        QString output;  // absolute
        bool zip = false;
        QString manifestSha256;
        QString sumsSha256;  // of SHA256SUMS
        QString zipSha256;  // of the ZIP file, when zip
        int fileCount = 0;  // files in the bundle, manifest.json and SHA256SUMS included
        qint64 bytes = 0;   // their total size
        qint64 auditSeq = 0;  // the case_exported record
        qint64 headSeq = 0;   // the chain head the bundle's audit excerpt ends at
        QString headHash;
        qint64 auditRecords = 0;
        int searches = 0;
        int candidates = 0;
        ReviewGate::Review review;
        AgencyPolicy policy;  // in force at export (read in the export's transaction)
        std::vector<ExportedEvidence> notCopied;  // evidence recorded as missing / changed / unreadable
    };

    CaseExporter(const Workspace& workspace, const DatabaseConnection& connection)
        : m_workspace(workspace), m_connection(connection) {}

    // InvalidInput when the review gate refuses (under the workspace's agency policy) (naming search and rank), the output exists
    // (and is not an empty folder) or cannot be written; database errors as the store words them.
    Result<Summary> exportCase(qint64 caseId, const Options& options) const;

private:
    const Workspace& m_workspace;
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
