#include "services/search/gallery_search.h"

#include <QElapsedTimer>
#include <QStringList>
#include <cstring>

#include "store/candidate_provenance_reader.h"
#include "store/descriptor_reader.h"
#include "store/face_record.h"
#include "store/gallery_statistics.h"

namespace facecase {

namespace {
// "enrolled with dlib-resnet-v1/plain (1,711 faces)" for the model-mismatch message.
Result<QString> modelsOf(const DatabaseConnection& connection, qint64 galleryId) {
    auto models = GalleryStatistics::descriptorModelsOf(connection, galleryId);
    if (!models) return models.error();
    QStringList parts;
    for (const auto& [name, faces] : *models) parts << QStringLiteral("%1 (%2 faces)").arg(name).arg(faces);
    return parts.isEmpty() ? QStringLiteral("no descriptors at all") : parts.join(QStringLiteral(", "));
}
}  // namespace

GallerySearch::GallerySearch(std::shared_ptr<GalleryIndexCache> cache,
                             std::shared_ptr<const ScoreCalibration> calibration)
    : m_cache(std::move(cache)), m_calibration(std::move(calibration)) {}

Result<GallerySearchOutcome> GallerySearch::search(const DatabaseConnection& connection,
                                                   const GallerySearchRequest& request,
                                                   const HnswIndex::Progress& progress) const {
    if (request.k < 1 || request.k > kMaxCandidates)
        return Error::invalidInput(QStringLiteral("candidate list length %1 is outside 1..%2")
                                       .arg(request.k).arg(kMaxCandidates));
    // Uncounted: the index knows the gallery's size; counting it would cost more than the scan.
    auto gallery = GalleryRepository(connection).findByName(request.galleryName,
                                                            GalleryRepository::Counts::Skipped);
    if (!gallery) return gallery.error();
    auto outcome = searchOnce(connection, *gallery, request, progress);
    // A face removed between the revision check and the provenance read (a concurrent gallery
    // edit) leaves the index stale for that instant, and an index that disagrees with the
    // database was dropped: the retry reloads it.
    if (!outcome && (outcome.error().kind == Error::Kind::NotFound ||
                     outcome.error().kind == Error::Kind::Conflict))
        outcome = searchOnce(connection, *gallery, request, progress);
    return outcome;
}

Result<GalleryIndexLoad> GallerySearch::loadIndex(const DatabaseConnection& connection,
                                                  const Gallery& gallery, const QString& modelKey,
                                                  const HnswIndex::Progress& progress) const {
    auto load = m_cache->get(connection, gallery.id, modelKey, progress);
    if (!load) return load.error();
    if (load->index->size() == 0) {
        auto models = modelsOf(connection, gallery.id);
        if (!models) return models.error();
        return Error::invalidInput(
            QStringLiteral("gallery \"%1\" has no faces described with %2 to search (it has %3)")
                .arg(gallery.name, modelKey, *models));
    }
    return load;
}

Result<void> GallerySearch::checkAgainstDatabase(const DatabaseConnection& connection,
                                                 const Gallery& gallery, const QString& modelKey,
                                                 const GalleryIndex& index,
                                                 const std::vector<SearchHit>& hits) const {
    std::vector<qint64> faceIds;
    faceIds.reserve(hits.size());
    for (const SearchHit& hit : hits) faceIds.push_back(hit.faceId);
    auto stored = DescriptorReader(connection).storedDescriptors(faceIds, modelKey);
    if (!stored) return stored.error();
    const ExactIndex& exact = *index.exactIndex();
    for (qint64 faceId : faceIds) {
        const auto blob = stored->find(faceId);
        if (blob == stored->end()) continue;  // gone: the provenance read says so
        const auto row = exact.rowOf(faceId);
        const auto descriptor = FaceRecord::decodeDescriptor(blob->second);
        if (row && descriptor &&
            std::memcmp(exact.row(*row), descriptor->values.data(),
                        ExactIndex::kDimensions * sizeof(float)) == 0)
            continue;
        m_cache->forget(gallery.id, modelKey);
        return Error::conflict(QStringLiteral("the search index of gallery \"%1\" holds another "
                                              "descriptor for face %2 than the database; it was "
                                              "dropped and is read again")
                                   .arg(gallery.name)
                                   .arg(faceId));
    }
    return {};
}

Result<GallerySearchOutcome> GallerySearch::searchOnce(const DatabaseConnection& connection,
                                                       const Gallery& gallery,
                                                       const GallerySearchRequest& request,
                                                       const HnswIndex::Progress& progress) const {
    auto load = loadIndex(connection, gallery, request.modelKey, progress);
    if (!load) return load.error();
    const GalleryIndex& index = *load->index;

    QElapsedTimer timer;
    timer.start();
    auto found = index.search(request.probe, request.k, request.mode);
    if (!found) return found.error();
    if (auto checked = checkAgainstDatabase(connection, gallery, request.modelKey, index, found->hits);
        !checked)
        return checked.error();
    std::vector<qint64> faceIds;
    faceIds.reserve(found->hits.size());
    for (const SearchHit& hit : found->hits) faceIds.push_back(hit.faceId);
    auto provenance = CandidateProvenanceReader(connection).read(faceIds);
    if (!provenance) {
        if (provenance.error().kind == Error::Kind::NotFound) m_cache->clear();
        return provenance.error();
    }

    GallerySearchOutcome outcome;
    outcome.galleryId = gallery.id;
    outcome.galleryName = gallery.name;
    outcome.galleryRevision = found->revision;
    outcome.gallerySize = found->galleryFaces;
    outcome.modelKey = request.modelKey;
    outcome.method = found->method;
    outcome.k = request.k;
    outcome.indexLoadSeconds = load->loadSeconds + load->hnswSeconds;
    outcome.indexLoad = load->how();
    outcome.candidates.reserve(found->hits.size());
    for (std::size_t i = 0; i < found->hits.size(); ++i) {
        SearchCandidate candidate;
        candidate.rank = int(i) + 1;
        candidate.distance = found->hits[i].distance;
        if (m_calibration) {
            candidate.fmr = m_calibration->fmrAt(candidate.distance);
            candidate.expectedFalseCandidates =
                m_calibration->expectedFalseCandidates(candidate.distance, outcome.gallerySize);
        }
        candidate.provenance = std::move((*provenance)[i]);
        outcome.candidates.push_back(std::move(candidate));
    }
    outcome.searchMilliseconds = double(timer.nsecsElapsed()) / 1e6;
    return outcome;
}

}  // namespace facecase
