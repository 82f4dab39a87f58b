#include "casefile/export_chip_cutter.h"

#include <QDir>
#include <algorithm>

namespace facecase {

Result<QString> ExportChipCutter::photoPath(const QString& sha256) const {
    const auto found = m_evidence.find(sha256);
    if (found == m_evidence.end()) return Error::notFound(QStringLiteral("the photo was not looked up"));
    const ExportedEvidence& e = found->second;
    if (e.copied()) return QDir(m_bundleFolder).filePath(e.bundlePath);
    if (e.status == ExportedEvidence::Status::Withheld) return e.sourcePath;
    return Error::notFound(QStringLiteral("%1: %2").arg(ExportedEvidence::statusName(e.status), e.detail));
}

ExportedChips ExportChipCutter::cut(const CaseSnapshot& snapshot, bool everyCandidate) {
    ExportedChips chips;
    chips.chipsInsteadOfOriginals = everyCandidate;
    std::map<qint64, Result<AlignedChip>> byFace;  // one cut per gallery face
    for (const CaseSnapshot::SearchEntry& s : snapshot.searches) {
        const bool comparePage = std::any_of(s.candidates.begin(), s.candidates.end(),
                                             [](const CaseSnapshot::CandidateEntry& c) { return c.verdict.has_value(); });
        if (comparePage) {
            if (auto path = photoPath(s.search.probeSha256)) {
                // No landmarks on record for probes: the source fits them inside the search's box.
                if (auto chip = m_source.chip({*path, s.search.probeSha256, s.search.box, std::nullopt}))
                    chips.probeBySearch.emplace(s.search.id, std::move(chip).value());
            }
        }
        for (const CaseSnapshot::CandidateEntry& c : s.candidates) {
            if (!everyCandidate && !c.verdict) continue;
            if (!c.provenance) {
                chips.candidateProblems.emplace(c.candidate.id, QStringLiteral("the gallery face was removed from the workspace"));
                continue;
            }
            const CandidateProvenance& p = *c.provenance;
            auto cached = byFace.find(p.faceId);
            if (cached == byFace.end()) {
                auto path = photoPath(c.candidate.imageSha256);
                Result<AlignedChip> chip = path ? m_source.chip({*path, c.candidate.imageSha256, p.box, p.landmarks})
                                                : Result<AlignedChip>(path.error());
                cached = byFace.emplace(p.faceId, std::move(chip)).first;
            }
            if (cached->second)
                chips.candidateById.emplace(c.candidate.id, *cached->second);
            else
                chips.candidateProblems.emplace(c.candidate.id, cached->second.errorMessage());
        }
    }
    return chips;
}

}  // namespace facecase
