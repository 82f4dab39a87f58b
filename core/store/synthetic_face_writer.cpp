#include "store/synthetic_face_writer.h"

#include "store/gallery_repository.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <cmath>
#include <cstring>
#include <utility>

#include "store/face_record.h"
#include "store/sql_values.h"
#include "store/descriptor_model_registry.h"
#include "store/store_error.h"
#include "store/transaction.h"
#include "types/descriptor.h"
#include "types/face_quality.h"
#include "types/landmarks.h"

namespace facecase {

namespace {
QString sha256Hex(const QString& text) {
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

// The same for every synthetic face, and says what it is to anyone who reads the row: every
// level 'poor' (nothing was measured) and a warning in words.
QString syntheticQualityJson() {
    FaceQuality quality;
    quality.eyeDistanceLevel = FaceQuality::Level::Poor;
    quality.sharpnessLevel = FaceQuality::Level::Poor;
    quality.poseLevel = FaceQuality::Level::Poor;
    quality.exposureLevel = FaceQuality::Level::Poor;
    quality.warnings << QStringLiteral(
        "synthetic descriptor made for benchmarks (facecase-cli gallery synth): no photo, not a "
        "person");
    QJsonObject json = FaceRecord::encodeQuality(quality);
    json.insert(QStringLiteral("synthetic"), true);
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}
}  // namespace

SyntheticFaceWriter::SyntheticFaceWriter(const DatabaseConnection& connection, QString modelId)
    : m_connection(connection), m_modelId(std::move(modelId)) {}

QString SyntheticFaceWriter::imagePath(std::uint64_t seed, qint64 number) {
    return QStringLiteral("synthetic:%1:%2").arg(seed).arg(number);
}

QString SyntheticFaceWriter::externalId(qint64 number) {
    return QStringLiteral("SYN-%1").arg(number, 6, 10, QLatin1Char('0'));
}

Result<qint64> SyntheticFaceWriter::modelRowId() {
    // Looked up afresh for every batch: the row may be new in this transaction.
    return registerDescriptorModel(m_connection, m_modelId);
}

Result<SyntheticFaceWriter::Contents> SyntheticFaceWriter::contents(qint64 galleryId) const {
    const QString& path = m_connection.databasePath();
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Read);
    if (!transaction) return transaction.error();
    Contents contents;
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // A walk of the (gallery_id, sha256) index: ~10 ms per 300,000 faces.
    query.prepare(QStringLiteral("SELECT count(*) FROM images WHERE gallery_id = ?"));
    query.bindValue(0, galleryId);
    if (!query.exec() || !query.next()) {
        return databaseError(path, QStringLiteral("count the faces of gallery %1").arg(galleryId),
                             query.lastError());
    }
    contents.faces = query.value(0).toLongLong();
    query.finish();
    if (contents.faces == 0) return contents;

    // Face 1's subject carries the seed; (gallery_id, external_id) is indexed.
    // Read as text: SQLite and PostgreSQL spell JSON paths differently.
    query.prepare(QStringLiteral("SELECT attributes FROM subjects "
                                 "WHERE gallery_id = ? AND external_id = ?"));
    query.bindValue(0, galleryId);
    query.bindValue(1, externalId(1));
    if (!query.exec()) {
        return databaseError(path, QStringLiteral("read the seed of gallery %1").arg(galleryId),
                             query.lastError());
    }
    bool ok = false;
    // A 64-bit seed does not survive a JSON parser's doubles: read the digits this writer put
    // there (insertBatch below).
    static const QRegularExpression seedField(QStringLiteral("\"seed\":([0-9]+)[,}]"));
    const QRegularExpressionMatch match =
        query.next() ? seedField.match(query.value(0).toString()) : QRegularExpressionMatch();
    const qulonglong seed = match.hasMatch() ? match.captured(1).toULongLong(&ok) : 0;
    if (!ok) {
        return Error::invalidInput(
            QStringLiteral("%1: gallery %2 holds %3 faces but no synthetic face 1 (%4); it was "
                           "not made by gallery synth")
                .arg(path)
                .arg(galleryId)
                .arg(contents.faces)
                .arg(externalId(1)));
    }
    contents.seed = std::uint64_t(seed);
    return contents;
}

Result<void> SyntheticFaceWriter::insertBatch(qint64 galleryId, std::uint64_t seed, qint64 first,
                                              qint64 count, const float* descriptors) {
    const QString& dbPath = m_connection.databasePath();
    if (first < 1 || count < 0) {
        return Error::invalidInput(
            QStringLiteral("synthetic faces are numbered from 1 (asked for %1 faces from %2)")
                .arg(count)
                .arg(first));
    }
    if (count == 0) return {};
    // One NaN would make every distance to that face NaN and silently drop it from searches.
    for (qint64 i = 0; i < count * Descriptor::kSize; ++i) {
        if (!std::isfinite(descriptors[i])) {
            return Error::invalidInput(
                QStringLiteral("synthetic face %1: descriptor contains NaN or infinity")
                    .arg(first + i / Descriptor::kSize));
        }
    }

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    if (auto r = GalleryRepository(m_connection).requireForFaces(galleryId, Gallery::Kind::Synthetic); !r)
        return r.error();
    auto modelRow = modelRowId();
    if (!modelRow) return modelRow.error();

    const QSqlDatabase& db = m_connection.database();
    // No gap: face first - 1 must be there already (first itself is kept unique by the
    // (gallery_id, sha256) constraint).
    if (first > 1) {
        QSqlQuery previous(db);
        previous.setForwardOnly(true);
        previous.prepare(QStringLiteral("SELECT 1 FROM images WHERE gallery_id = ? AND sha256 = ?"));
        previous.bindValue(0, galleryId);
        previous.bindValue(1, sha256Hex(imagePath(seed, first - 1)));
        if (!previous.exec()) {
            return databaseError(dbPath, QStringLiteral("look up synthetic face %1").arg(first - 1),
                                 previous.lastError());
        }
        if (!previous.next()) {
            return Error::invalidInput(
                QStringLiteral("%1: gallery %2 has no synthetic face %3 of seed %4; faces are "
                               "stored in order, without gaps")
                    .arg(dbPath)
                    .arg(galleryId)
                    .arg(first - 1)
                    .arg(seed));
        }
    }

    QSqlQuery insertSubject(db);
    insertSubject.prepare(QStringLiteral(
        "INSERT INTO subjects (gallery_id, external_id, name, attributes, created_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id"));
    QSqlQuery insertImage(db);
    insertImage.prepare(QStringLiteral(
        "INSERT INTO images (gallery_id, subject_id, sha256, path, file_bytes, width, height, "
        "format, exif_orientation, imported_at, source, job_id) "
        "VALUES (?, ?, ?, ?, 0, 1, 1, 'synthetic', 1, ?, 'synthetic', NULL) RETURNING id"));
    QSqlQuery insertFace(db);
    insertFace.prepare(QStringLiteral(
        "INSERT INTO faces (image_id, gallery_id, face_index, box_x, box_y, box_width, "
        "box_height, detector_score, manual, landmarks, quality, quality_level, model_id, "
        "descriptor) VALUES (?, ?, 1, 0, 0, 1, 1, 0, 0, ?, ?, 'poor', ?, ?)"));

    const QString now = sql::timestamp();
    const QString quality = syntheticQualityJson();
    const QByteArray landmarks = FaceRecord::encodeLandmarks(Landmarks{});  // all at (0, 0)
    Descriptor descriptor;
    for (qint64 i = 0; i < count; ++i) {
        const qint64 number = first + i;
        const QString path = imagePath(seed, number);
        auto failed = [&](const QString& action, const QSqlQuery& query) {
            return databaseError(dbPath, action.arg(number), query.lastError());
        };

        insertSubject.bindValue(0, galleryId);
        insertSubject.bindValue(1, externalId(number));
        insertSubject.bindValue(2, QStringLiteral("Synthetic %1").arg(number));
        insertSubject.bindValue(
            3, QStringLiteral("{\"synthetic\":true,\"seed\":%1,\"number\":%2}").arg(seed).arg(number));
        insertSubject.bindValue(4, now);
        if (!insertSubject.exec()) return failed(QStringLiteral("store synthetic subject %1"), insertSubject);
        const qint64 subjectId = sql::insertedId(insertSubject);

        insertImage.bindValue(0, galleryId);
        insertImage.bindValue(1, subjectId);
        insertImage.bindValue(2, sha256Hex(path));
        insertImage.bindValue(3, path);
        insertImage.bindValue(4, now);
        if (!insertImage.exec()) return failed(QStringLiteral("store synthetic image %1"), insertImage);
        const qint64 imageId = sql::insertedId(insertImage);

        std::memcpy(descriptor.values.data(), descriptors + i * Descriptor::kSize,
                    sizeof descriptor.values);
        insertFace.bindValue(0, imageId);
        insertFace.bindValue(1, galleryId);
        insertFace.bindValue(2, landmarks);
        insertFace.bindValue(3, quality);
        insertFace.bindValue(4, *modelRow);
        insertFace.bindValue(5, FaceRecord::encodeDescriptor(descriptor));
        if (!insertFace.exec()) return failed(QStringLiteral("store synthetic face %1"), insertFace);
    }
    return transaction->commit();
}

}  // namespace facecase
