#include "casefile/case_snapshot_reader.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <map>

#include "audit/audit_trail.h"
#include "store/candidate_provenance_reader.h"
#include "store/case_repository.h"
#include "store/probe_repository.h"
#include "store/store_error.h"
#include "store/verdict_repository.h"

namespace facecase {

Result<CaseSnapshot> CaseSnapshotReader::read(qint64 caseId) const {
    CaseSnapshot snapshot;
    snapshot.readAt = QDateTime::currentDateTimeUtc();
    auto theCase = CaseRepository(m_connection).findById(caseId);
    if (!theCase) return theCase.error();
    snapshot.theCase = *theCase;
    auto probes = ProbeRepository(m_connection).listForCase(caseId);
    if (!probes) return probes.error();
    snapshot.probes = std::move(probes).value();

    AuditFilter filter;
    filter.caseId = caseId;
    auto records = AuditTrail(m_connection).records(filter);
    if (!records) return records.error();
    snapshot.caseRecords = std::move(records).value();
    std::map<qint64, const AuditRecord*> runRecordOf;  // search id -> its search_run record
    for (const AuditRecord& r : snapshot.caseRecords) {
        if (r.action != QLatin1String("search_run")) continue;
        runRecordOf.emplace(r.detailsObject().value(QStringLiteral("search_id")).toInteger(), &r);
    }

    const SearchReader searches(m_connection);
    const VerdictRepository verdicts(m_connection);
    const CandidateProvenanceReader provenance(m_connection);
    auto found = searches.searchesOfCase(caseId);
    if (!found) return found.error();
    for (SearchReader::Search& search : *found) {
        CaseSnapshot::SearchEntry entry;
        auto candidates = searches.candidatesOf(search.id);
        if (!candidates) return candidates.error();
        auto current = verdicts.currentVerdicts(search.id);
        if (!current) return current.error();
        std::map<qint64, VerdictRecord> verdictOf;
        for (VerdictRecord& v : *current) verdictOf.emplace(v.candidateId, std::move(v));

        // Faces removed from the gallery since the search have face_id NULL (ON DELETE SET
        // NULL); the rest still exist inside this transaction, so the reader finds them all.
        std::vector<qint64> faceIds;
        for (const SearchReader::Candidate& c : *candidates) {
            if (c.faceId) faceIds.push_back(*c.faceId);
        }
        std::map<qint64, CandidateProvenance> provenanceOf;
        if (!faceIds.empty()) {
            auto read = provenance.read(faceIds);
            if (!read) return read.error();
            for (CandidateProvenance& p : *read) provenanceOf.emplace(p.faceId, std::move(p));
        }

        std::map<int, bool> upperBoundOf;  // rank -> fmr_upper_bound, from the audit record
        if (const auto run = runRecordOf.find(search.id); run != runRecordOf.end()) {
            entry.runRecord = run->second->detailsObject();
            entry.runRecordSeq = run->second->seq;
            for (const QJsonValue& shown : entry.runRecord.value(QStringLiteral("candidates")).toArray()) {
                const QJsonObject c = shown.toObject();
                upperBoundOf[c.value(QStringLiteral("rank")).toInt()] =
                    c.value(QStringLiteral("fmr_upper_bound")).toBool();
            }
        }
        for (SearchReader::Candidate& c : *candidates) {
            CaseSnapshot::CandidateEntry candidate;
            if (c.faceId) {
                if (const auto p = provenanceOf.find(*c.faceId); p != provenanceOf.end())
                    candidate.provenance = p->second;
            }
            if (const auto v = verdictOf.find(c.id); v != verdictOf.end()) candidate.verdict = v->second;
            candidate.fmrUpperBound = upperBoundOf[c.rank];
            candidate.candidate = std::move(c);
            entry.candidates.push_back(std::move(candidate));
        }
        entry.search = std::move(search);
        snapshot.searches.push_back(std::move(entry));
    }
    if (auto chain = readChain(snapshot); !chain) return chain.error();
    return snapshot;
}

Result<void> CaseSnapshotReader::readChain(CaseSnapshot& snapshot) const {
    QSqlQuery head(m_connection.database());
    head.setForwardOnly(true);
    if (!head.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read the audit chain head"),
                             head.lastError());
    }
    if (head.next()) {
        snapshot.headSeq = head.value(0).toLongLong();
        snapshot.headHash = head.value(1).toString();
    } else {
        snapshot.headHash = AuditRecord::genesisHash();
    }
    head.finish();
    if (snapshot.caseRecords.empty()) return {};

    QSqlQuery links(m_connection.database());
    links.setForwardOnly(true);
    links.prepare(QStringLiteral("SELECT seq, prev_hash, hash FROM audit_log WHERE seq >= ? ORDER BY seq"));
    links.bindValue(0, snapshot.caseRecords.front().seq);
    if (!links.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read the audit chain links"),
                             links.lastError());
    }
    while (links.next()) {
        snapshot.chainLinks.push_back(CaseSnapshot::ChainLink{
            links.value(0).toLongLong(), links.value(1).toString(), links.value(2).toString()});
    }
    return {};
}

}  // namespace facecase
