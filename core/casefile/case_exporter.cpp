#include "casefile/case_exporter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTemporaryDir>
#include <algorithm>
#include <map>

#include "casefile/bundle_file.h"
#include "casefile/bundle_manifest.h"
#include "casefile/case_bundle.h"
#include "casefile/case_snapshot_reader.h"
#include "casefile/checksums_file.h"
#include "casefile/export_chip_cutter.h"
#include "casefile/file_digest.h"
#include "casefile/zip_archive_writer.h"
#include "policy/policy_store.h"
#include "audit/audit_trail.h"
#include "store/evidence_store.h"
#include "store/transaction.h"

namespace facecase {

namespace {
Result<void> writeFile(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return Error::invalidInput(QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()));
    }
    return {};
}

// Output must not clobber anything: a new ZIP file, or a folder that is new or empty.
Result<void> checkOutput(const QString& output, bool zip) {
    const QFileInfo info(output);
    if (!QFileInfo(info.absolutePath()).isDir()) {
        return Error::invalidInput(QStringLiteral("%1: the folder %2 does not exist").arg(output, info.absolutePath()));
    }
    if (!info.exists()) return {};
    if (zip || !info.isDir()) return Error::invalidInput(QStringLiteral("%1: already exists; choose a new name").arg(output));
    if (!QDir(output).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        return Error::invalidInput(QStringLiteral("%1: the folder is not empty; choose a new or empty one").arg(output));
    }
    return {};
}

// Copies one evidence image into the staging folder, re-hashing it on the way, and says what
// became of it. A missing or changed source is a finding for the manifest, not an error. With
// `copy` false (a candidate original the agency policy withholds) the source is only re-hashed:
// its aligned chip is cut from it, so it must still be the recorded photo.
ExportedEvidence takeEvidence(const QString& sha256, const QString& source, const QString& suffix,
                              const QDir& staging, bool copy) {
    ExportedEvidence e;
    e.sha256 = sha256;
    e.sourcePath = source;
    if (source.isEmpty()) {
        e.status = ExportedEvidence::Status::Missing;
        e.detail = QStringLiteral("the gallery face was removed from the workspace; its source image is unknown");
        return e;
    }
    if (!QFileInfo(source).isFile()) {
        e.status = ExportedEvidence::Status::Missing;
        e.detail = QStringLiteral("no file at %1").arg(source);
        return e;
    }
    const QString bundlePath = CaseBundle::evidencePath(sha256, suffix);
    auto digest = copy ? FileDigest::copy(source, staging.filePath(bundlePath)) : FileDigest::ofFile(source);
    if (!digest) {
        e.status = digest.error().kind == Error::Kind::NotFound ? ExportedEvidence::Status::Missing
                                                                  : ExportedEvidence::Status::Unreadable;
        e.detail = digest.errorMessage();
        return e;
    }
    if (digest->sha256 != sha256) {
        if (copy) QFile::remove(staging.filePath(bundlePath));
        e.status = ExportedEvidence::Status::Changed;
        e.actualSha256 = digest->sha256;
        e.detail = QStringLiteral("%1 now has SHA-256 %2, not the recorded one; not %3")
                       .arg(source, digest->sha256, copy ? QStringLiteral("copied") : QStringLiteral("used"));
        return e;
    }
    if (!copy) {
        e.status = ExportedEvidence::Status::Withheld;
        e.detail = QStringLiteral("not exported: the agency policy (export.candidate_images) exports the face's aligned chip instead");
        return e;
    }
    e.status = ExportedEvidence::Status::Copied;
    e.bundlePath = bundlePath;
    e.size = digest->size;
    return e;
}

QByteArray chainJson(const CaseSnapshot& snapshot) {
    QJsonArray links;
    for (const CaseSnapshot::ChainLink& l : snapshot.chainLinks) {
        links.append(QJsonObject{{QStringLiteral("seq"), l.seq},
                                 {QStringLiteral("prev_hash"), l.prevHash},
                                 {QStringLiteral("hash"), l.hash}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("schema"), QStringLiteral("facecase-audit-chain/1")},
                                     {QStringLiteral("head_seq"), snapshot.headSeq},
                                     {QStringLiteral("head_hash"), snapshot.headHash},
                                     {QStringLiteral("links"), links}})
        .toJson(QJsonDocument::Indented);
}

// Policy aligned_chips: each candidate face's chip into evidence/, named by the PNG's SHA-256
// (one file per distinct chip), recorded in `chips` (bundlePath) and `files`.
Result<void> writeChips(ExportedChips& chips, const QDir& staging, std::vector<BundleFile>& files) {
    std::map<QString, QString> written;  // sha256 -> bundle path
    for (auto& [candidateId, chip] : chips.candidateById) {
        const FileDigest digest = FileDigest::ofBytes(chip.png);
        chip.sha256 = digest.sha256;
        chip.bundlePath = CaseBundle::evidencePath(digest.sha256, QStringLiteral("png"));
        if (!written.emplace(digest.sha256, chip.bundlePath).second) continue;
        if (auto ok = writeFile(staging.filePath(chip.bundlePath), chip.png); !ok) return ok.error();
        files.push_back({chip.bundlePath, digest.sha256, digest.size, QStringLiteral("evidence")});
    }
    return {};
}

void removeOutput(const QString& output, bool zip) {
    if (zip) {
        QFile::remove(output);
    } else {
        QDir(output).removeRecursively();
    }
}
}  // namespace

Result<CaseExporter::Summary> CaseExporter::exportCase(qint64 caseId, const Options& options) const {
    if (options.actor.trimmed().isEmpty()) return Error::invalidInput(QStringLiteral("an export names who exports"));
    Summary summary;
    summary.output = QFileInfo(options.output).absoluteFilePath();
    summary.zip = CaseBundle::isZipPath(summary.output);
    if (auto ok = checkOutput(summary.output, summary.zip); !ok) return ok.error();

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    auto read = CaseSnapshotReader(m_connection).read(caseId);
    if (!read) return read.error();
    const CaseSnapshot& snapshot = *read;
    // The policy in force is the one committed before this transaction: a change racing the
    // export lands either wholly before it (and applies) or after it.
    auto policy = PolicyStore(m_connection).load();
    if (!policy) return policy.error();
    summary.policy = *policy;
    summary.review = ReviewGate::check(snapshot, *policy);
    if (!summary.review.passed()) return Error::invalidInput(summary.review.refusalMessage());

    const QString parent = QFileInfo(summary.output).absolutePath();
    QTemporaryDir staging(parent + QStringLiteral("/.facecase-export-XXXXXX"));
    if (!staging.isValid()) {
        return Error::invalidInput(QStringLiteral("%1: cannot create a staging folder (%2)").arg(parent, staging.errorString()));
    }
    const QDir root(staging.path());
    if (!root.mkpath(CaseBundle::evidenceFolder())) {
        return Error::invalidInput(QStringLiteral("%1: cannot create the evidence folder").arg(staging.path()));
    }
    const QDateTime exportedAt = QDateTime::currentDateTimeUtc();

    std::map<QString, ExportedEvidence> evidence;
    std::vector<BundleFile> files;
    const auto take = [&](const QString& sha256, const QString& source, const QString& suffix, bool copy) {
        if (evidence.count(sha256)) return;  // one copy per image, however often it appears
        ExportedEvidence e = takeEvidence(sha256, source, suffix, root, copy);
        if (e.copied()) {
            files.push_back({e.bundlePath, e.sha256, e.size, QStringLiteral("evidence")});
        } else if (!e.verified()) {
            summary.notCopied.push_back(e);
        }
        evidence.emplace(sha256, std::move(e));
    };
    // Probe originals always leave; candidates' originals only when the policy allows it.
    const bool chipsOnly = policy->exportCandidateImages == AgencyPolicy::CandidateImages::AlignedChips;
    // The probes' evidence through the workspace's store: the folder's file, or the agency
    // database's bytes fetched into this workstation's cache. Evidence that cannot be had is
    // listed as not copied (with the SHA-256 it should have), never replaced by another file.
    const EvidenceStore store(m_workspace, m_connection);
    for (const ProbeRecord& p : snapshot.probes) {
        auto local = store.localFile(p.evidencePath);
        take(p.sha256, local ? *local : QString(), QFileInfo(p.evidencePath).suffix(), true);
    }
    for (const CaseSnapshot::SearchEntry& s : snapshot.searches) {
        ++summary.searches;
        for (const CaseSnapshot::CandidateEntry& c : s.candidates) {
            ++summary.candidates;
            const QString source = c.provenance ? c.provenance->imagePath : QString();
            take(c.candidate.imageSha256, source, QFileInfo(source).suffix(), !chipsOnly);
        }
    }

    ExportedChips chips;
    if (options.chips) {
        chips = ExportChipCutter(*options.chips, evidence, staging.path()).cut(snapshot, chipsOnly);
    } else if (chipsOnly) {
        chips.chipsInsteadOfOriginals = true;
        for (const CaseSnapshot::SearchEntry& s : snapshot.searches)
            for (const CaseSnapshot::CandidateEntry& c : s.candidates)
                chips.candidateProblems.emplace(c.candidate.id, QStringLiteral("this export had no face aligner (no chip source)"));
    }
    if (chipsOnly) {
        if (auto written = writeChips(chips, root, files); !written) return written.error();
    }

    QByteArray auditBytes;
    for (const AuditRecord& r : snapshot.caseRecords) auditBytes += r.exportJson() + '\n';
    const QByteArray chainBytes = chainJson(snapshot);
    for (const auto& [name, bytes, role] :
         {std::tuple{CaseBundle::auditName(), auditBytes, QStringLiteral("audit")},
          std::tuple{CaseBundle::chainName(), chainBytes, QStringLiteral("audit_chain")}}) {
        if (auto written = writeFile(root.filePath(name), bytes); !written) return written.error();
        const FileDigest digest = FileDigest::ofBytes(bytes);
        files.push_back({name, digest.sha256, digest.size, role});
    }
    if (options.report) {
        const QString name = options.report->fileName();
        const CaseReportWriter::Input input{snapshot, summary.review, evidence, chips, staging.path(), options.actor, exportedAt};
        if (auto written = options.report->write(input, root.filePath(name)); !written) return written.error();
        auto digest = FileDigest::ofFile(root.filePath(name));
        if (!digest) return digest.error();
        files.push_back({name, digest->sha256, digest->size, QStringLiteral("report")});
    }
    std::sort(files.begin(), files.end(), [](const BundleFile& a, const BundleFile& b) { return a.path < b.path; });

    const QByteArray manifest = BundleManifest::serialize(BundleManifest::build(
        {snapshot, summary.review, evidence, chips, files, options.actor, exportedAt, m_workspace.folder(), options.software,
         summary.policy}));
    if (auto written = writeFile(root.filePath(CaseBundle::manifestName()), manifest); !written) return written.error();
    const FileDigest manifestDigest = FileDigest::ofBytes(manifest);
    files.push_back({CaseBundle::manifestName(), manifestDigest.sha256, manifestDigest.size, QStringLiteral("manifest")});
    const QByteArray sums = ChecksumsFile::write(files);
    if (auto written = writeFile(root.filePath(CaseBundle::checksumsName()), sums); !written) return written.error();
    const FileDigest sumsDigest = FileDigest::ofBytes(sums);
    files.push_back({CaseBundle::checksumsName(), sumsDigest.sha256, sumsDigest.size, QStringLiteral("checksums")});
    std::sort(files.begin(), files.end(), [](const BundleFile& a, const BundleFile& b) { return a.path < b.path; });

    summary.manifestSha256 = manifestDigest.sha256;
    summary.sumsSha256 = sumsDigest.sha256;
    summary.fileCount = int(files.size());
    for (const BundleFile& f : files) summary.bytes += f.size;
    summary.headSeq = snapshot.headSeq;
    summary.headHash = snapshot.headHash;
    summary.auditRecords = qint64(snapshot.caseRecords.size());

    // Into place. From here on a failure must remove what was put there.
    if (summary.zip) {
        QStringList names;
        for (const BundleFile& f : files) names << f.path;
        auto written = ZipArchiveWriter::write(summary.output, staging.path(), names, exportedAt);
        if (!written) return written.error();
        summary.zipSha256 = written->sha256;
    } else {
        if (QFileInfo(summary.output).isDir() && !QDir().rmdir(summary.output)) {
            return Error::invalidInput(QStringLiteral("%1: cannot replace the empty folder").arg(summary.output));
        }
        if (!QDir().rename(staging.path(), summary.output)) {
            return Error::invalidInput(QStringLiteral("%1: cannot move the bundle into place from %2")
                                           .arg(summary.output, staging.path()));
        }
        staging.setAutoRemove(false);
    }

    AuditEntry entry;
    entry.action = QStringLiteral("case_exported");
    entry.actor = options.actor;
    entry.caseId = caseId;
    entry.at = exportedAt;
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), snapshot.theCase.caseNumber},
        {QStringLiteral("schema"), CaseBundle::schema()},
        {QStringLiteral("format"), summary.zip ? QStringLiteral("zip") : QStringLiteral("folder")},
        {QStringLiteral("destination"), summary.output},
        {QStringLiteral("manifest_sha256"), summary.manifestSha256},
        // SHA256SUMS is written after manifest.json (it lists the manifest's SHA-256) and this
        // record after both, so neither file can hold it: the chained record is where a copy of
        // the bundle is matched to what was exported. A verifier without the workspace checks
        // instead that SHA256SUMS is exactly the one the sealed manifest.json implies.
        {QStringLiteral("sums_sha256"), summary.sumsSha256},
        {QStringLiteral("zip_sha256"), summary.zip ? QJsonValue(summary.zipSha256) : QJsonValue()},
        {QStringLiteral("files"), summary.fileCount},
        {QStringLiteral("bytes"), summary.bytes},
        {QStringLiteral("audit_records"), summary.auditRecords},
        {QStringLiteral("head_seq"), summary.headSeq},
        {QStringLiteral("head_hash"), summary.headHash},
        {QStringLiteral("searches"), summary.searches},
        {QStringLiteral("candidates"), summary.candidates},
        {QStringLiteral("possible_matches"), summary.review.possibleMatches},
        {QStringLiteral("not_assessed"), summary.review.notAssessed},
        {QStringLiteral("evidence_not_copied"), qint64(summary.notCopied.size())},
        {QStringLiteral("report"), options.report != nullptr},
    };
    auto appended = AuditTrail(m_connection).append(*transaction, entry);
    if (!appended) {
        removeOutput(summary.output, summary.zip);
        return appended.error();
    }
    if (auto committed = transaction->commit(); !committed) {
        removeOutput(summary.output, summary.zip);  // an export that is not in the log does not exist
        return committed.error();
    }
    summary.auditSeq = appended->seq;
    return summary;
}

}  // namespace facecase
