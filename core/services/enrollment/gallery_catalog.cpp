#include "services/enrollment/gallery_catalog.h"

#include <map>

#include "store/enrollment_job_repository.h"
#include "store/gallery_repository.h"

namespace facecase {

Result<std::vector<Gallery>> GalleryCatalog::list() const {
    return GalleryRepository(m_connection).list();
}

Result<Gallery> GalleryCatalog::findByName(const QString& name) const {
    return GalleryRepository(m_connection).findByName(name);
}

Result<Gallery> GalleryCatalog::findById(qint64 id) const {
    return GalleryRepository(m_connection).findById(id);
}

Result<GalleryStatistics> GalleryCatalog::statistics(qint64 galleryId) const {
    return GalleryStatistics::read(m_connection, galleryId);
}

Result<std::vector<GalleryChoice>> GalleryCatalog::choices() const {
    auto galleries = list();
    if (!galleries) return galleries.error();
    std::vector<GalleryChoice> choices;
    choices.reserve(galleries->size());
    for (Gallery& gallery : *galleries) {
        auto models = GalleryStatistics::descriptorModelsOf(m_connection, gallery.id);
        if (!models) return models.error();
        // A gallery never mixes models (enrollment refuses it), so the first is the one.
        choices.push_back(
            {std::move(gallery), models->empty() ? QString() : models->front().first});
    }
    return choices;
}

Result<std::vector<GalleryOverview>> GalleryCatalog::overview() const {
    auto choices = this->choices();
    if (!choices) return choices.error();
    // One listing of every job (newest first) rather than one query per gallery.
    auto jobs = EnrollmentJobRepository(m_connection).list();
    if (!jobs) return jobs.error();
    std::map<qint64, const EnrollmentJob*> newest;
    for (const EnrollmentJob& job : *jobs) newest.try_emplace(job.galleryId, &job);
    std::vector<GalleryOverview> rows;
    rows.reserve(choices->size());
    for (GalleryChoice& choice : *choices) {
        GalleryOverview row{std::move(choice.gallery), std::move(choice.descriptorModel),
                            std::nullopt};
        if (const auto it = newest.find(row.gallery.id); it != newest.end())
            row.lastJob = *it->second;
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace facecase
