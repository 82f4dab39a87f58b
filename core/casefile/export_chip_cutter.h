#pragma once

#include <QString>
#include <map>

#include "casefile/case_snapshot.h"
#include "casefile/exported_chips.h"
#include "casefile/exported_evidence.h"
#include "casefile/face_chip_source.h"

namespace facecase {

// Decides which faces of an export need an aligned chip and asks the FaceChipSource for them:
// the probe face of every search with a compare page (a candidate with a verdict), the
// candidates with a verdict, and — when `everyCandidate` (policy aligned_chips) — every
// candidate. Chips are cut from verified bytes only: an evidence copy in the bundle, or a
// withheld original that was re-hashed at its recorded path. Each gallery face is cut once,
// however many searches show it. Not thread-safe (the source is not).
class ExportChipCutter {
public:
    ExportChipCutter(FaceChipSource& source, const std::map<QString, ExportedEvidence>& evidence,
                     QString bundleFolder)
        : m_source(source), m_evidence(evidence), m_bundleFolder(std::move(bundleFolder)) {}

    ExportedChips cut(const CaseSnapshot& snapshot, bool everyCandidate);

private:
    // Where the verified bytes of `sha256` are, or why there are none.
    Result<QString> photoPath(const QString& sha256) const;

    FaceChipSource& m_source;
    const std::map<QString, ExportedEvidence>& m_evidence;
    QString m_bundleFolder;
};

}  // namespace facecase
