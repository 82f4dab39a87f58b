#include "casefile/export_verifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <map>
#include <set>

#include "casefile/bundle_limits.h"
#include "casefile/bundle_reader.h"
#include "casefile/case_bundle.h"
#include "casefile/checksums_file.h"
#include "audit/audit_record.h"
#include "audit/canonical_json.h"

namespace facecase {

namespace {
using Kind = ExportVerification::Problem::Kind;

class Check {
public:
    Check(const BundleReader& reader, ExportVerification& result) : m_reader(reader), m_result(result) {}

    void problem(const QString& path, Kind kind, const QString& detail) {
        // The reader's errors name the file for any caller; a problem names it already.
        const QString prefix = path + QStringLiteral(": ");
        m_result.problems.push_back({path, kind, detail.startsWith(prefix) ? detail.mid(prefix.size()) : detail});
    }

    // SHA256SUMS as path -> hash; a problem for each way it departs from the exporter's form.
    std::map<QString, QString> readChecksums() {
        const QString name = CaseBundle::checksumsName();
        if (!m_reader.contains(name)) {
            if (!m_reader.isUnreadable(name)) problem(name, Kind::Missing, QStringLiteral("not in the bundle"));
            return {};
        }
        auto bytes = m_reader.read(name, BundleLimits::kChecksumsBytes);
        if (!bytes) {
            problem(name, Kind::Changed, bytes.errorMessage());
            return {};
        }
        m_checksums = *bytes;
        m_result.sumsSha256 = FileDigest::ofBytes(*bytes).sha256;
        ChecksumsFile::Parsed parsed = ChecksumsFile::parse(*bytes);
        for (const QString& detail : parsed.problems) problem(name, Kind::Malformed, detail);
        return std::move(parsed.sums);
    }

    // SHA256SUMS is fully determined by manifest.json (its file list) and manifest.json's own
    // SHA-256: with the manifest's seal intact, any other byte in SHA256SUMS is a change, even
    // one no line-by-line check names. Reported only when nothing more precise was.
    void checkChecksumsAreCanonical(const QJsonArray& files, const QString& manifestSha256) {
        const QString name = CaseBundle::checksumsName();
        if (m_checksums.isEmpty()) return;
        for (const ExportVerification::Problem& p : m_result.problems) {
            if (p.path == name) return;
        }
        std::vector<BundleFile> listed{{CaseBundle::manifestName(), manifestSha256, 0, {}}};
        for (const QJsonValue& value : files) {
            const QJsonObject f = value.toObject();
            listed.push_back({f.value(QStringLiteral("path")).toString(), f.value(QStringLiteral("sha256")).toString(), 0, {}});
        }
        if (ChecksumsFile::write(std::move(listed)) != m_checksums) {
            problem(name, Kind::Changed, QStringLiteral("is not the SHA256SUMS the exporter writes for this manifest.json"));
        }
    }

    // Compares one listed file with its expected hash and size; true when it matches.
    bool checkFile(const QString& path, const QString& sha256, qint64 size, const QString& listedIn) {
        if (!m_reader.contains(path)) {
            // A FIFO or symbolic link in its place is a finding of the reader already.
            if (!m_reader.isUnreadable(path)) problem(path, Kind::Missing, QStringLiteral("listed in %1, not in the bundle").arg(listedIn));
            return false;
        }
        ++m_result.filesChecked;
        // No more bytes than the list says: a ZIP entry inflating past them is stopped there.
        auto digest = m_reader.digest(path, size >= 0 ? size : BundleLimits::kFileBytes);
        if (!digest) {
            problem(path, Kind::Changed, digest.errorMessage());
            return false;
        }
        if (digest->sha256 != sha256 || (size >= 0 && digest->size != size)) {
            problem(path, Kind::Changed,
                    QStringLiteral("SHA-256 %1 (%2 bytes), %3 says %4 (%5 bytes)")
                        .arg(digest->sha256)
                        .arg(digest->size)
                        .arg(listedIn, sha256)
                        .arg(size));
            return false;
        }
        return true;
    }

    void checkAudit(const QJsonObject& manifest) {
        const QJsonObject audit = manifest.value(QStringLiteral("audit")).toObject();
        const qint64 caseId = manifest.value(QStringLiteral("case")).toObject().value(QStringLiteral("id")).toInteger();
        m_result.headSeq = audit.value(QStringLiteral("head_seq")).toInteger();
        m_result.headHash = audit.value(QStringLiteral("head_hash")).toString();

        // The links: consecutive, each following the one before, ending at the head.
        const QString chainName = CaseBundle::chainName();
        std::map<qint64, std::pair<QString, QString>> linkOf;  // seq -> (prev_hash, hash)
        if (auto bytes = readListed(chainName, BundleLimits::kChainBytes)) {
            const QJsonObject chain = QJsonDocument::fromJson(*bytes).object();
            const QJsonArray links = chain.value(QStringLiteral("links")).toArray();
            qint64 previousSeq = 0;
            QString previousHash;
            for (qsizetype i = 0; i < links.size(); ++i) {
                const QJsonObject link = links[i].toObject();
                const qint64 seq = link.value(QStringLiteral("seq")).toInteger();
                const QString prev = link.value(QStringLiteral("prev_hash")).toString();
                const QString hash = link.value(QStringLiteral("hash")).toString();
                if (i > 0 && (seq != previousSeq + 1 || prev != previousHash)) {
                    problem(chainName, Kind::Chain,
                            QStringLiteral("record %1 does not follow record %2").arg(seq).arg(previousSeq));
                } else if (seq == 1 && prev != AuditRecord::genesisHash()) {
                    problem(chainName, Kind::Chain, QStringLiteral("record 1 does not start the chain"));
                }
                linkOf[seq] = {prev, hash};
                previousSeq = seq;
                previousHash = hash;
            }
            if (!links.isEmpty() && (previousSeq != m_result.headSeq || previousHash != m_result.headHash)) {
                problem(chainName, Kind::Chain,
                        QStringLiteral("the links end at record %1, the manifest names head %2")
                            .arg(previousSeq)
                            .arg(m_result.headSeq));
            }
            if (chain.value(QStringLiteral("head_seq")).toInteger() != m_result.headSeq ||
                chain.value(QStringLiteral("head_hash")).toString() != m_result.headHash) {
                problem(chainName, Kind::Chain, QStringLiteral("its head is not the manifest's head"));
            }
        }

        // The records, a line at a time: each re-hashed from its content, and found in the chain
        // where it claims.
        const QString recordsName = CaseBundle::auditName();
        if (!m_reader.contains(recordsName)) return;
        qint64 records = 0;
        auto read = m_reader.readLines(recordsName, BundleLimits::kFileBytes, BundleLimits::kAuditLineBytes,
                                       [&](qint64 number, const QByteArray& text) {
            if (text.isEmpty()) return;
            ++records;
            QJsonParseError error{};
            QJsonObject line = QJsonDocument::fromJson(text, &error).object();
            const QString where = QStringLiteral("line %1").arg(number);
            if (error.error != QJsonParseError::NoError) {
                problem(recordsName, Kind::Chain, QStringLiteral("%1 is not a JSON record (%2)").arg(where, error.errorString()));
                return;
            }
            AuditRecord r;
            r.seq = line.value(QStringLiteral("seq")).toInteger();
            r.at = line.value(QStringLiteral("at")).toString();
            r.actor = line.value(QStringLiteral("actor")).toString();
            r.action = line.value(QStringLiteral("action")).toString();
            if (!line.value(QStringLiteral("case_id")).isNull()) r.caseId = line.value(QStringLiteral("case_id")).toInteger();
            r.prevHash = line.value(QStringLiteral("prev_hash")).toString();
            r.hash = line.value(QStringLiteral("hash")).toString();
            auto details = CanonicalJson::serialize(line.value(QStringLiteral("details")), QStringLiteral("details"));
            if (!details) {
                problem(recordsName, Kind::Chain, QStringLiteral("%1 (seq %2): %3").arg(where).arg(r.seq).arg(details.errorMessage()));
                return;
            }
            r.details = *details;
            const bool intact = r.computeHash() == r.hash;
            if (!intact) {
                problem(recordsName, Kind::Chain,
                        QStringLiteral("%1 (seq %2): its content does not give its hash").arg(where).arg(r.seq));
            }
            if (r.caseId != caseId) {
                problem(recordsName, Kind::Chain, QStringLiteral("%1 (seq %2) is not a record of this case").arg(where).arg(r.seq));
            }
            const auto link = linkOf.find(r.seq);
            if (link == linkOf.end() || link->second.first != r.prevHash || link->second.second != r.hash) {
                // A record that gives its own hash is what it says; then the link is the suspect.
                problem(intact ? chainName : recordsName, Kind::Chain,
                        QStringLiteral("the chain's link for seq %1 does not match %2 %3").arg(r.seq).arg(recordsName, where));
            }
        });
        if (!read) {
            problem(recordsName, Kind::Chain, read.errorMessage());
            return;
        }
        m_result.auditRecords = records;
        if (records != audit.value(QStringLiteral("records")).toInteger()) {
            problem(recordsName, Kind::Chain,
                    QStringLiteral("%1 records, the manifest says %2")
                        .arg(records)
                        .arg(audit.value(QStringLiteral("records")).toInteger()));
        }
    }

    // A file the manifest lists, read whole; none (with no further problem) when it is absent or
    // unreadable, which the file check has already reported.
    std::optional<QByteArray> readListed(const QString& name, qint64 maxBytes) {
        if (!m_reader.contains(name)) return std::nullopt;
        auto bytes = m_reader.read(name, maxBytes);
        if (!bytes) return std::nullopt;
        return *bytes;
    }

private:
    const BundleReader& m_reader;
    ExportVerification& m_result;
    QByteArray m_checksums;  // SHA256SUMS as read
};
}  // namespace

Result<ExportVerification> ExportVerifier::verify(const QString& path) {
    auto reader = BundleReader::open(path);
    if (!reader) return reader.error();
    ExportVerification result;
    Check check(*reader, result);
    for (const BundleReader::Finding& f : reader->findings()) {
        check.problem(f.path, f.kind == BundleReader::Finding::Kind::Unlisted ? Kind::Extra : Kind::Malformed, f.detail);
    }
    const std::map<QString, QString> sums = check.readChecksums();
    const QString manifestName = CaseBundle::manifestName();
    const QString sumsName = CaseBundle::checksumsName();
    std::set<QString> listed{manifestName, sumsName};

    QJsonObject manifest;
    bool manifestIntact = false;
    if (!reader->contains(manifestName)) {
        if (!reader->isUnreadable(manifestName)) check.problem(manifestName, Kind::Missing, QStringLiteral("not in the bundle"));
    } else if (auto bytes = reader->read(manifestName, BundleLimits::kManifestBytes); !bytes) {
        check.problem(manifestName, Kind::Changed, bytes.errorMessage());
    } else {
        result.manifestSha256 = FileDigest::ofBytes(*bytes).sha256;
        QJsonParseError error{};
        manifest = QJsonDocument::fromJson(*bytes, &error).object();
        const QString seal = manifest.value(CaseBundle::sealKey()).toString();
        manifestIntact = error.error == QJsonParseError::NoError && !seal.isEmpty() &&
                         CaseBundle::sealOf(*bytes) == seal;
        if (error.error != QJsonParseError::NoError) {
            check.problem(manifestName, Kind::Changed, QStringLiteral("does not parse as JSON (%1 at byte %2)")
                                                           .arg(error.errorString())
                                                           .arg(error.offset));
        } else if (!manifestIntact) {
            check.problem(manifestName, Kind::Changed,
                          QStringLiteral("its content does not give its seal (%1): edited after export")
                              .arg(CaseBundle::sealKey()));
        }
        const auto sum = sums.find(manifestName);
        if (sum == sums.end()) {
            if (reader->contains(sumsName)) check.problem(sumsName, Kind::Changed, QStringLiteral("has no line for manifest.json"));
        } else if (sum->second != result.manifestSha256 && manifestIntact) {
            check.problem(sumsName, Kind::Changed,
                          QStringLiteral("its line for manifest.json does not match manifest.json, whose seal is intact"));
        }
        if (error.error == QJsonParseError::NoError &&
            manifest.value(QStringLiteral("schema")).toString() != CaseBundle::schema()) {
            check.problem(manifestName, Kind::Malformed,
                          QStringLiteral("schema \"%1\"; this FaceCase reads %2")
                              .arg(manifest.value(QStringLiteral("schema")).toString(), CaseBundle::schema()));
        }
    }
    result.caseNumber = manifest.value(QStringLiteral("case")).toObject().value(QStringLiteral("number")).toString();

    // Every file the manifest lists; without a usable manifest, every file SHA256SUMS lists.
    const QJsonArray files = manifest.value(QStringLiteral("files")).toArray();
    if (!files.isEmpty()) {
        for (const QJsonValue& value : files) {
            const QJsonObject f = value.toObject();
            const QString file = f.value(QStringLiteral("path")).toString();
            const QString sha256 = f.value(QStringLiteral("sha256")).toString();
            listed.insert(file);
            const bool matches = check.checkFile(file, sha256, f.value(QStringLiteral("size")).toInteger(), manifestName);
            const auto sum = sums.find(file);
            if (sum == sums.end()) {
                if (reader->contains(sumsName)) check.problem(sumsName, Kind::Changed, QStringLiteral("has no line for %1").arg(file));
            } else if (sum->second != sha256 && matches) {
                check.problem(sumsName, Kind::Changed,
                              QStringLiteral("its line for %1 disagrees with manifest.json and the file").arg(file));
            }
        }
        for (const auto& [file, sha256] : sums) {
            if (!listed.count(file)) {
                check.problem(sumsName, Kind::Changed, QStringLiteral("lists %1, which manifest.json does not").arg(file));
            }
        }
    } else {
        for (const auto& [file, sha256] : sums) {
            listed.insert(file);
            if (file != manifestName) check.checkFile(file, sha256, -1, sumsName);
        }
    }
    for (const QString& file : reader->files()) {
        if (!listed.count(file)) {
            check.problem(file, Kind::Extra, QStringLiteral("in the bundle, not listed in %1").arg(manifestName));
        }
    }
    if (manifestIntact) check.checkChecksumsAreCanonical(files, result.manifestSha256);
    if (!manifest.isEmpty()) check.checkAudit(manifest);
    return result;
}

}  // namespace facecase
