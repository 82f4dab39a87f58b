#pragma once

#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include "matching/gallery_index.h"
#include "matching/score_calibration.h"
#include "services/search/gallery_index_cache.h"
#include "store/candidate_provenance.h"
#include "store/database_connection.h"
#include "store/gallery_repository.h"
#include "types/descriptor.h"
#include "types/result.h"

namespace facecase {

// One ranked candidate: how close, how often different people score that close, and where the
// gallery face came from.
struct SearchCandidate {
    int rank = 0;  // 1 = nearest
    double distance = 0;
    std::optional<FmrEstimate> fmr;          // absent without a calibration
    double expectedFalseCandidates = -1;     // FMR x N; -1 without a calibration
    CandidateProvenance provenance;
};

// A search's answer and everything needed to put it on record.
struct GallerySearchOutcome {
    qint64 galleryId = 0;
    QString galleryName;
    qint64 galleryRevision = 0;  // the state searched
    std::size_t gallerySize = 0;  // N: faces compared against (of this descriptor model)
    QString modelKey;
    SearchMethod method = SearchMethod::Exact;
    int k = 0;
    std::vector<SearchCandidate> candidates;
    double indexLoadSeconds = 0;  // 0 when the cached index was current
    QString indexLoad;            // GalleryIndexLoad::how(): loaded, updated (+a -r faces), …
    double searchMilliseconds = 0;  // index search + provenance lookup
};

struct GallerySearchRequest {
    QString galleryName;
    QString modelKey;  // DescriptorModelKey::of(): must be the key the gallery was enrolled with
    Descriptor probe;
    int k = 20;
    SearchMode mode = SearchMode::Automatic;
};

// 1:N search of a probe descriptor against an enrolled gallery: the index from the cache (brought
// up to date when the gallery changed), exact distances, the calibrated false-match rate of each
// distance and the provenance of every candidate, read from the database at search time. The
// one search path of the CLI and the GUI.
//
// Thread-safe when each thread passes its own connection. Never on the GUI thread: the first
// search of a gallery reads all its descriptors (~0.3 s per 100,000 faces... see
// docs/cli.md for measured numbers).
class GallerySearch {
public:
    static constexpr int kMaxCandidates = 1000;

    GallerySearch(std::shared_ptr<GalleryIndexCache> cache,
                  std::shared_ptr<const ScoreCalibration> calibration);

    // InvalidInput: unknown gallery (names the galleries there are), a gallery with no faces of
    // this model (says which models it has, e.g. enrolled plain but searched flip-averaged), or
    // k outside 1..kMaxCandidates.
    Result<GallerySearchOutcome> search(const DatabaseConnection& connection,
                                        const GallerySearchRequest& request,
                                        const HnswIndex::Progress& progress = {}) const;

    // The gallery's index for `modelKey` from the cache (loaded, or updated when the gallery has
    // changed), refused (InvalidInput naming the models it has) when the gallery has no faces of
    // that model: what search() does first, for callers that load before their first search.
    Result<GalleryIndexLoad> loadIndex(const DatabaseConnection& connection, const Gallery& gallery,
                                       const QString& modelKey,
                                       const HnswIndex::Progress& progress = {}) const;

    const std::shared_ptr<const ScoreCalibration>& calibration() const { return m_calibration; }

private:
    // Every hit's row in the index equals the descriptor the database holds for that face now,
    // to the bit: a cache (a descriptor snapshot on disk, an index in memory) never shows a
    // score the database would not give. On a difference the gallery's index and snapshot are
    // dropped and Conflict returned (search() then searches again from the database). A face
    // gone since is left to the provenance read, which reports it.
    Result<void> checkAgainstDatabase(const DatabaseConnection& connection,
                                      const Gallery& gallery, const QString& modelKey,
                                      const GalleryIndex& index,
                                      const std::vector<SearchHit>& hits) const;
    Result<GallerySearchOutcome> searchOnce(const DatabaseConnection& connection,
                                            const Gallery& gallery,
                                            const GallerySearchRequest& request,
                                            const HnswIndex::Progress& progress) const;

    std::shared_ptr<GalleryIndexCache> m_cache;
    std::shared_ptr<const ScoreCalibration> m_calibration;
};

}  // namespace facecase
