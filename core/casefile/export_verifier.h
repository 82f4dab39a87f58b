#pragma once

#include <QString>

#include "casefile/export_verification.h"
#include "types/result.h"

namespace facecase {

// Rechecks a case bundle (folder or ZIP) without FaceCase's database: every file against its
// SHA-256 and size in manifest.json, manifest.json against its seal and SHA256SUMS, SHA256SUMS
// against the one form the exporter writes (ChecksumsFile) and, byte for byte, against what the
// sealed manifest implies, no file missing or extra, nothing but regular files (BundleReader's
// findings: folders, symbolic links, FIFOs, inconsistent or folder ZIP entries), every record of
// audit.jsonl against its hash, and the links of audit-chain.json from the case's first record
// to the chain head the manifest names. Each problem names the file or entry it is in.
//
// What it cannot show alone: that the bundle is the one FaceCase wrote (anyone can recompute
// SHA-256). For that compare the SHA-256 of manifest.json and SHA256SUMS (manifestSha256,
// sumsSha256) with the workspace's `case_exported` record, and the chain head with the
// workspace's log (docs/casefile.md).
//
// Stateless; reads each file once or twice (audit.jsonl), streaming, within BundleLimits.
class ExportVerifier {
public:
    // Fails only when `path` is neither a folder nor a readable ZIP file; everything wrong
    // inside a bundle is a Problem.
    static Result<ExportVerification> verify(const QString& path);
};

}  // namespace facecase
