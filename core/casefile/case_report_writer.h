#pragma once

#include <QDateTime>
#include <QString>
#include <map>

#include "casefile/case_snapshot.h"
#include "casefile/exported_chips.h"
#include "casefile/exported_evidence.h"
#include "casefile/review_gate.h"
#include "types/result.h"

namespace facecase {

// Writes the printable report of a case bundle. Core cannot draw (it never links Qt Gui), so
// the exporter takes the report as this interface; ui/report's CaseReportRenderer implements it
// with QPdfWriter. Called once per export on the exporter's thread, inside its transaction,
// after the evidence was copied and before the manifest is written (the report is one of the
// files the manifest hashes).
class CaseReportWriter {
public:
    struct Input {
        const CaseSnapshot& snapshot;
        const ReviewGate::Review& review;
        // Every evidence image of the export by its recorded SHA-256; copied ones are at
        // bundleFolder + '/' + bundlePath.
        const std::map<QString, ExportedEvidence>& evidence;
        // The aligned chips of the compare pages' faces (and of every candidate when the policy
        // exports chips instead of originals); a face without one is shown as a crop.
        const ExportedChips& chips;
        QString bundleFolder;  // the staging folder being filled
        QString exportedBy;
        QDateTime exportedAt;  // UTC
    };

    virtual ~CaseReportWriter() = default;
    // Writes the report to `path`, which does not exist yet.
    virtual Result<void> write(const Input& input, const QString& path) = 0;
    // The file name in the bundle (CaseBundle::reportName() for the PDF).
    virtual QString fileName() const = 0;
};

}  // namespace facecase
