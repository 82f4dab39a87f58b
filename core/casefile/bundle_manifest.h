#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <map>
#include <vector>

#include "casefile/bundle_file.h"
#include "casefile/case_snapshot.h"
#include "casefile/exported_chips.h"
#include "casefile/exported_evidence.h"
#include "casefile/review_gate.h"
#include "policy/agency_policy.h"

namespace facecase {

// Writes manifest.json, schema "facecase-case-bundle/1" (docs/casefile.md has every member):
// the agency policy in force, the case, its probes and searches with their parameters, every candidate shown with distance,
// FMR, provenance, current verdict with its second reviews and how it leaves the application, the audit excerpt's
// chain head, and every other file of the bundle with its SHA-256 and size.
//
// Fractional values are written as the decimal text the analyst saw ("0.4123", FMR "2.5e-05"),
// as in the audit log, so the manifest and the audit records agree character for character.
// The text is indented JSON with sorted keys (deterministic for the same input) and sealed
// (CaseBundle::sealOf). Stateless; thread-safe.
class BundleManifest {
public:
    struct Input {
        const CaseSnapshot& snapshot;
        const ReviewGate::Review& review;
        const std::map<QString, ExportedEvidence>& evidence;  // by recorded SHA-256
        const ExportedChips& chips;  // says which image of each candidate the bundle holds
        std::vector<BundleFile> files;  // every file but manifest.json and SHA256SUMS
        QString exportedBy;
        QDateTime exportedAt;  // UTC
        QString workspaceFolder;
        QString software;  // "FaceCase 0.1.0"
        AgencyPolicy policy;  // in force at export: recorded whole, and the review rules it implies
    };

    static QJsonObject build(const Input& input);
    // The sealed manifest text.
    static QByteArray serialize(const QJsonObject& manifest);
};

}  // namespace facecase
