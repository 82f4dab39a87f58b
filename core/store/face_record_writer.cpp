#include "store/face_record_writer.h"

#include "store/gallery_repository.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <algorithm>
#include <cmath>
#include <utility>

#include "store/sql_values.h"
#include "store/descriptor_model_registry.h"
#include "store/face_image_writer.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
bool isFinite(double v) {
    return std::isfinite(v);
}

// Checked before any SQL runs, so a bad record is reported in words about the photo rather
// than as a CHECK constraint name, and never costs the other photos of the batch a rollback.
Result<void> validate(const EnrollmentRecord& record) {
    static const QRegularExpression sha256Pattern(QStringLiteral("^[0-9a-f]{64}$"));
    const ImageRecord& image = record.image;
    const QString name = image.path.isEmpty() ? image.sha256 : image.path;
    auto refuse = [&name](const QString& why) {
        return Error::invalidInput(QStringLiteral("%1: cannot enroll (%2)").arg(name, why));
    };
    if (!sha256Pattern.match(image.sha256).hasMatch()) {
        return refuse(QStringLiteral("SHA-256 must be 64 lower-case hex digits, got \"%1\"")
                          .arg(image.sha256));
    }
    if (image.path.isEmpty()) return refuse(QStringLiteral("no source path"));
    if (image.width <= 0 || image.height <= 0) {
        return refuse(QStringLiteral("image size %1x%2").arg(image.width).arg(image.height));
    }
    if (image.fileBytes < 0) return refuse(QStringLiteral("negative file size"));
    if (image.exifOrientation < 1 || image.exifOrientation > 8) {
        return refuse(QStringLiteral("EXIF orientation %1 is not 1..8").arg(image.exifOrientation));
    }
    QSet<int> indices;
    for (const FaceRecord& face : record.faces) {
        const QString which = QStringLiteral("face %1: ").arg(face.index);
        if (face.index < 1)
            return refuse(QStringLiteral("face index %1 is not 1-based").arg(face.index));
        if (indices.contains(face.index)) return refuse(which + QStringLiteral("index used twice"));
        indices.insert(face.index);
        const QRectF& r = face.box.rect;
        if (!isFinite(r.x()) || !isFinite(r.y()) || !(r.width() > 0) || !(r.height() > 0) ||
            !isFinite(r.width()) || !isFinite(r.height())) {
            return refuse(which + QStringLiteral("empty or invalid face box"));
        }
        for (const QPointF& p : face.landmarks.points) {
            if (!isFinite(p.x()) || !isFinite(p.y())) {
                return refuse(which + QStringLiteral("landmark is not a finite number"));
            }
        }
        if (!face.images.chip.isEmpty() && face.images.thumbnail.isEmpty()) {
            return refuse(which + QStringLiteral("a stored chip needs its thumbnail"));
        }
        if (face.descriptor) {
            for (float v : face.descriptor->values) {
                // One NaN would make every distance to this face NaN and silently drop it from
                // (or sort it to the top of) every search.
                if (!std::isfinite(v)) {
                    return refuse(which + QStringLiteral("descriptor contains NaN or infinity"));
                }
            }
        }
    }
    return {};
}
}  // namespace

FaceRecordWriter::FaceRecordWriter(const DatabaseConnection& connection, QString modelId)
    : m_connection(connection), m_modelId(std::move(modelId)) {}

Result<StoredImage> FaceRecordWriter::insert(qint64 galleryId, const EnrollmentRecord& record) {
    auto stored = insertBatch(galleryId, {record});
    if (!stored) return stored.error();
    return std::move(stored->front());
}

Result<qint64> FaceRecordWriter::modelRowId() {
    if (m_modelRowId > 0) return m_modelRowId;
    // Not cached in m_modelRowId yet: if this transaction rolls back, the row may vanish.
    return registerDescriptorModel(m_connection, m_modelId);
}

Result<std::vector<StoredImage>> FaceRecordWriter::insertBatch(
    qint64 galleryId, const std::vector<EnrollmentRecord>& records) {
    const QString& dbPath = m_connection.databasePath();
    for (const EnrollmentRecord& record : records) {
        if (auto valid = validate(record); !valid) return valid.error();
    }
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    if (auto r = GalleryRepository(m_connection).requireForFaces(galleryId, Gallery::Kind::Real); !r)
        return r.error();

    bool anyDescriptor = false;
    for (const EnrollmentRecord& record : records) {
        for (const FaceRecord& face : record.faces) anyDescriptor |= face.descriptor.has_value();
    }
    qint64 modelRow = 0;
    if (anyDescriptor) {
        auto model = modelRowId();
        if (!model) return model.error();
        modelRow = *model;
    }

    const QSqlDatabase& db = m_connection.database();
    QSqlQuery findImage(db);
    findImage.setForwardOnly(true);
    findImage.prepare(QStringLiteral("SELECT id FROM images WHERE gallery_id = ? AND sha256 = ?"));
    QSqlQuery findFaces(db);
    findFaces.setForwardOnly(true);
    findFaces.prepare(
        QStringLiteral("SELECT id FROM faces WHERE image_id = ? ORDER BY face_index"));
    QSqlQuery insertImage(db);
    insertImage.prepare(QStringLiteral(
        "INSERT INTO images (gallery_id, subject_id, sha256, path, file_bytes, width, height, "
        "format, exif_orientation, imported_at, source, job_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    QSqlQuery insertFace(db);
    insertFace.prepare(QStringLiteral(
        "INSERT INTO faces (image_id, gallery_id, face_index, box_x, box_y, box_width, "
        "box_height, detector_score, manual, landmarks, quality, quality_level, model_id, "
        "descriptor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    FaceImageWriter insertImages(m_connection);

    std::vector<StoredImage> results;
    results.reserve(records.size());
    for (const EnrollmentRecord& record : records) {
        const ImageRecord& image = record.image;
        auto failed = [&](const QString& action, const QSqlQuery& query) {
            return databaseError(dbPath, action.arg(image.path), query.lastError());
        };
        StoredImage stored;

        findImage.bindValue(0, galleryId);
        findImage.bindValue(1, image.sha256);
        if (!findImage.exec()) return failed(QStringLiteral("look up %1"), findImage);
        if (findImage.next()) {
            stored.outcome = StoredImage::Outcome::AlreadyEnrolled;
            stored.imageId = findImage.value(0).toLongLong();
            findImage.finish();
            findFaces.bindValue(0, stored.imageId);
            if (!findFaces.exec())
                return failed(QStringLiteral("look up the faces of %1"), findFaces);
            while (findFaces.next()) stored.faceIds.push_back(findFaces.value(0).toLongLong());
            findFaces.finish();
            results.push_back(std::move(stored));
            continue;
        }
        findImage.finish();

        insertImage.bindValue(0, galleryId);
        insertImage.bindValue(1, sql::optionalInteger(image.subjectId));
        insertImage.bindValue(2, image.sha256);
        insertImage.bindValue(3, sql::text(image.path));
        insertImage.bindValue(4, image.fileBytes);
        insertImage.bindValue(5, image.width);
        insertImage.bindValue(6, image.height);
        insertImage.bindValue(7, sql::text(image.format));
        insertImage.bindValue(8, image.exifOrientation);
        insertImage.bindValue(9, sql::timestamp(image.importedAt));
        insertImage.bindValue(10, sql::text(image.source));
        insertImage.bindValue(11, sql::optionalInteger(image.jobId));
        if (!insertImage.exec()) return failed(QStringLiteral("store %1"), insertImage);
        stored.imageId = sql::insertedId(insertImage);

        // Faces in index order, so face ids follow reading order within a photo.
        std::vector<const FaceRecord*> faces;
        for (const FaceRecord& face : record.faces) faces.push_back(&face);
        std::sort(faces.begin(), faces.end(),
                  [](const FaceRecord* a, const FaceRecord* b) { return a->index < b->index; });
        for (const FaceRecord* face : faces) {
            const QRectF& r = face->box.rect;
            insertFace.bindValue(0, stored.imageId);
            insertFace.bindValue(1, galleryId);
            insertFace.bindValue(2, face->index);
            insertFace.bindValue(3, r.x());
            insertFace.bindValue(4, r.y());
            insertFace.bindValue(5, r.width());
            insertFace.bindValue(6, r.height());
            insertFace.bindValue(7, face->box.detectorScore);
            insertFace.bindValue(8, face->box.manual ? 1 : 0);
            insertFace.bindValue(9, FaceRecord::encodeLandmarks(face->landmarks));
            insertFace.bindValue(
                10, QString::fromUtf8(QJsonDocument(FaceRecord::encodeQuality(face->quality))
                                          .toJson(QJsonDocument::Compact)));
            insertFace.bindValue(11, FaceQuality::levelName(face->quality.overall()));
            insertFace.bindValue(12, face->descriptor ? QVariant(modelRow) : sql::nullInteger());
            insertFace.bindValue(13, face->descriptor
                                         ? QVariant(FaceRecord::encodeDescriptor(*face->descriptor))
                                         : sql::nullBlob());
            if (!insertFace.exec()) {
                return failed(QStringLiteral("store face %1 of %2").arg(face->index), insertFace);
            }
            const qint64 faceId = sql::insertedId(insertFace);
            stored.faceIds.push_back(faceId);
            if (!face->images.isEmpty()) {
                auto kept = insertImages.insert(
                    faceId, face->images,
                    QStringLiteral("face %1 of %2").arg(face->index).arg(image.path));
                if (!kept) return kept.error();
            }
        }
        results.push_back(std::move(stored));
    }

    if (auto committed = transaction->commit(); !committed) return committed.error();
    if (modelRow > 0) m_modelRowId = modelRow;
    return results;
}

}  // namespace facecase
