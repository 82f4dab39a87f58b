#pragma once

#include <QString>
#include <map>

#include "casefile/aligned_chip.h"

namespace facecase {

// The aligned chips of one export, cut by its FaceChipSource: the probe face of each search that
// has a compare page, and each candidate face the report or the bundle needs (those with a
// verdict; every candidate when the policy exports chips instead of originals). A face without a
// chip (no chip source, no landmark model, photo missing or changed, face not alignable) is
// simply absent; `candidateProblems` says why for candidates. Plain value.
struct ExportedChips {
    std::map<qint64, AlignedChip> probeBySearch;     // search id -> its probe face
    std::map<qint64, AlignedChip> candidateById;     // candidate id -> its gallery face
    std::map<qint64, QString> candidateProblems;     // candidate id -> why it has no chip
    // Policy export.candidate_images = aligned_chips: candidates' originals are not in the
    // bundle, their chips are (AlignedChip::bundlePath).
    bool chipsInsteadOfOriginals = false;

    const AlignedChip* probe(qint64 searchId) const {
        const auto found = probeBySearch.find(searchId);
        return found == probeBySearch.end() ? nullptr : &found->second;
    }
    const AlignedChip* candidate(qint64 candidateId) const {
        const auto found = candidateById.find(candidateId);
        return found == candidateById.end() ? nullptr : &found->second;
    }
};

}  // namespace facecase
