#pragma once

#include <QString>
#include <vector>

#include "store/database_connection.h"
#include "store/gallery.h"
#include "types/result.h"

namespace facecase {

// Galleries: create, list, find, remove. Names are unique ignoring ASCII case, so "bookings"
// and "Bookings" cannot both exist and confuse an analyst picking one. Uses the calling
// thread's connection; not thread-safe. remove() deletes the gallery's subjects, images,
// faces and enrollment jobs in one transaction (seconds for a 300,000-face gallery), together
// with its `gallery_removed` audit record; searches made against it keep their record with the
// gallery's name. Keeps a reference to `connection`, which must outlive it.
class GalleryRepository {
public:
    explicit GalleryRepository(const DatabaseConnection& connection) : m_connection(connection) {}

    Result<Gallery> create(const QString& name, const QString& description = {},
                           Gallery::Kind kind = Gallery::Kind::Real);
    Result<std::vector<Gallery>> list() const;              // by name, with image and face counts
    // Whether a look-up counts the gallery's images and faces. Skipped: imageCount and
    // faceCount are -1, and the look-up is one indexed row instead of two counts over the
    // gallery's index entries (~50 ms at 300,000 faces): for what runs once per search.
    enum class Counts { Included, Skipped };
    // NotFound lists existing names.
    Result<Gallery> findByName(const QString& name, Counts counts = Counts::Included) const;
    Result<Gallery> findById(qint64 id) const;
    // The check every face writer makes before a batch: the gallery still exists (an enrollment
    // may outlive a removal) and holds faces of `kind` (real photos and synthetic benchmark
    // faces never mix; the schema's triggers refuse it too, this names the gallery). One
    // indexed row, no counts: cheap enough for every batch.
    Result<void> requireForFaces(qint64 id, Gallery::Kind kind) const;
    // `reason` is required (RemovalReason) and recorded with `actor`. Returns the gallery as it
    // was just before, with its image and face counts. NotFound names the id.
    Result<Gallery> remove(qint64 id, const QString& actor, const QString& reason);

    static constexpr int kMaxNameLength = Gallery::kMaxNameLength;

private:
    Result<std::vector<Gallery>> select(const QString& where, const QVariant& value,
                                        Counts counts = Counts::Included) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
