#pragma once

#include <QByteArray>
#include <QString>

namespace facecase {

// The layout of a case bundle, version 1 (docs/casefile.md):
//   manifest.json     what is in the bundle and what it says (schema "facecase-case-bundle/1")
//   SHA256SUMS        `sha256sum -c` input for every other file, manifest.json included
//   audit.jsonl       the case's audit records, one canonical record with prev_hash/hash a line
//   audit-chain.json  seq/prev_hash/hash of every record from the case's first to the head
//   report.pdf        the printable report (when a report writer was given)
//   evidence/<sha256>.<ext>  probe originals and candidate source images (or, under the policy
//                            export.candidate_images = aligned_chips, candidates' aligned chips
//                            as PNG), named by content
// The names are the contract with verifiers and auditors' scripts: never rename them within a
// schema version. Stateless.
class CaseBundle {
public:
    static QString schema() { return QStringLiteral("facecase-case-bundle/1"); }
    static QString manifestName() { return QStringLiteral("manifest.json"); }
    static QString checksumsName() { return QStringLiteral("SHA256SUMS"); }
    static QString auditName() { return QStringLiteral("audit.jsonl"); }
    static QString chainName() { return QStringLiteral("audit-chain.json"); }
    static QString reportName() { return QStringLiteral("report.pdf"); }
    static QString evidenceFolder() { return QStringLiteral("evidence"); }
    // The manifest member that seals it: the SHA-256 of manifest.json with this member's value
    // replaced by 64 '0' characters. Lets a verifier tell a changed manifest from a changed
    // SHA256SUMS line.
    static QString sealKey() { return QStringLiteral("manifest_seal"); }

    // "evidence/<sha256>.<suffix>", the suffix lower-cased ("jpg" when unknown).
    static QString evidencePath(const QString& sha256, const QString& suffix);
    // True for an output path that names a ZIP file rather than a folder.
    static bool isZipPath(const QString& path);
    // The seal of `manifest`: SHA-256 hex of its bytes with the seal's value zeroed; empty if
    // the text has no seal member.
    static QString sealOf(const QByteArray& manifest);
    // `manifest` with the seal's value set to `seal` (64 hex characters).
    static QByteArray withSeal(QByteArray manifest, const QString& seal);
};

}  // namespace facecase
