#pragma once

#include <QDateTime>
#include <QString>
#include <vector>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// A named set of enrolled photos ("Bookings 2010-2018", "Case 42 images").
struct Gallery {
    // Real: photos of people. Synthetic: a benchmark fixture of generated descriptors
    // (`facecase-cli gallery synth`), never to be taken for people. Fixed at creation; the
    // database refuses photos in a synthetic gallery and synthetic faces in a real one.
    enum class Kind { Real, Synthetic };

    qint64 id = 0;
    QString name;
    QString description;
    QDateTime createdAt;  // UTC
    qint64 revision = 0;  // bumped by every face change; the search index's staleness check
    qint64 imageCount = 0;
    qint64 faceCount = 0;
    Kind kind = Kind::Real;

    bool isSynthetic() const { return kind == Kind::Synthetic; }
    static QString kindName(Kind kind);  // "real", "synthetic": the column's values
};

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
    Result<Gallery> findByName(const QString& name) const;  // NotFound lists existing names
    Result<Gallery> findById(qint64 id) const;
    // The check every face writer makes before a batch: the gallery still exists (an enrollment
    // may outlive a removal) and holds faces of `kind` (real photos and synthetic benchmark
    // faces never mix; the schema's triggers refuse it too, this names the gallery). One
    // indexed row, no counts: cheap enough for every batch.
    Result<void> requireForFaces(qint64 id, Gallery::Kind kind) const;
    // `reason` is required (RemovalReason) and recorded with `actor`. Returns the gallery as it
    // was just before, with its image and face counts. NotFound names the id.
    Result<Gallery> remove(qint64 id, const QString& actor, const QString& reason);

    static constexpr int kMaxNameLength = 200;

private:
    Result<std::vector<Gallery>> select(const QString& where, const QVariant& value) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
