#include "store/descriptor_reader.h"

#include <QStringList>
#include <QtEndian>
#include <algorithm>
#include <bit>
#include <cstring>

#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

Result<qint64> DescriptorReader::revision(qint64 galleryId) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT revision FROM galleries WHERE id = ?"));
    query.bindValue(0, galleryId);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("read the revision of gallery %1").arg(galleryId),
                             query.lastError());
    }
    if (!query.next()) {
        return Error::notFound(QStringLiteral("%1: no gallery with id %2")
                                   .arg(m_connection.databasePath())
                                   .arg(galleryId));
    }
    return query.value(0).toLongLong();
}

Result<std::map<qint64, QByteArray>> DescriptorReader::storedDescriptors(
    const std::vector<qint64>& faceIds, const QString& modelId) const {
    std::map<qint64, QByteArray> out;
    if (faceIds.empty()) return out;
    QStringList marks;
    for (std::size_t i = 0; i < faceIds.size(); ++i) marks << QStringLiteral("?");
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT f.id, f.descriptor FROM faces f "
                                 "JOIN descriptor_models m ON m.id = f.model_id "
                                 "WHERE m.name = ? AND f.id IN (%1)")
                      .arg(marks.join(QLatin1Char(','))));
    query.addBindValue(modelId);
    for (qint64 id : faceIds) query.addBindValue(id);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("read the descriptors of %1 faces").arg(faceIds.size()),
                             query.lastError());
    }
    while (query.next()) out.emplace(query.value(0).toLongLong(), query.value(1).toByteArray());
    return out;
}

Result<DescriptorReader::Model> DescriptorReader::model(const QString& modelId) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, dimensions FROM descriptor_models WHERE name = ?"));
    query.bindValue(0, modelId);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("look up descriptor model \"%1\"").arg(modelId),
                             query.lastError());
    }
    Model found;
    if (query.next()) {
        found.row = query.value(0).toLongLong();
        found.dimensions = query.value(1).toInt();
    }
    return found;
}

Result<void> DescriptorReader::readRows(QSqlQuery& query, std::size_t expected,
                                        GalleryDescriptors& out) const {
    const QString& dbPath = m_connection.databasePath();
    const auto dims = std::size_t(out.dimensions);
    std::size_t n = out.count();
    out.values.resize((n + expected) * dims);
    out.faceIds.reserve(n + expected);
    const auto rowBytes = qsizetype(dims * sizeof(float));
    while (query.next()) {
        const qint64 faceId = query.value(0).toLongLong();
        const QByteArray blob = query.value(1).toByteArray();
        if (blob.size() != rowBytes) {
            return Error::internal(
                QStringLiteral(
                    "%1: face %2 has a %3-byte descriptor, model \"%4\" makes %5 bytes; the "
                    "database is damaged or was edited by hand")
                    .arg(dbPath)
                    .arg(faceId)
                    .arg(blob.size())
                    .arg(out.modelId)
                    .arg(rowBytes));
        }
        if (n * dims == out.values.size()) out.values.resize((n + 1) * dims);  // cannot happen
        float* dst = out.values.data() + n * dims;
        if constexpr (std::endian::native == std::endian::little) {
            std::memcpy(dst, blob.constData(), std::size_t(rowBytes));
        } else {
            for (std::size_t k = 0; k < dims; ++k) {
                quint32 bits = 0;
                std::memcpy(&bits, blob.constData() + k * 4, 4);
                dst[k] = std::bit_cast<float>(qFromLittleEndian(bits));
            }
        }
        out.faceIds.push_back(faceId);
        ++n;
    }
    if (query.lastError().isValid()) {
        return databaseError(dbPath,
                             QStringLiteral("read the descriptors of gallery %1").arg(out.galleryId),
                             query.lastError());
    }
    query.finish();
    out.values.resize(n * dims);
    return {};
}

Result<GalleryDescriptors> DescriptorReader::loadGallery(qint64 galleryId,
                                                         const QString& modelId) const {
    const QString& dbPath = m_connection.databasePath();
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Read);
    if (!transaction) return transaction.error();

    GalleryDescriptors out;
    out.galleryId = galleryId;
    out.modelId = modelId;
    auto rev = revision(galleryId);
    if (!rev) return rev.error();
    out.revision = *rev;

    auto described = model(modelId);
    if (!described) return described.error();
    if (described->row == 0) return out;  // nothing was ever enrolled with this model
    out.dimensions = described->dimensions;

    QSqlQuery query(m_connection.database());
    // Forward-only matters: otherwise Qt's SQLite result caches every row it has returned.
    query.setForwardOnly(true);
    // The count only sizes the buffers (one walk of the small faces_by_gallery_model index);
    // the descriptors themselves are read once, straight into their final place.
    query.prepare(
        QStringLiteral("SELECT count(*) FROM faces WHERE gallery_id = ? AND model_id = ?"));
    query.bindValue(0, galleryId);
    query.bindValue(1, described->row);
    if (!query.exec() || !query.next()) {
        return databaseError(dbPath, QStringLiteral("count the faces of gallery %1").arg(galleryId),
                             query.lastError());
    }
    const auto expected = std::size_t(query.value(0).toLongLong());  // same snapshot as below
    query.finish();
    // Room for the faces the search index will append as the gallery grows
    // (ExactIndex::withChanges): address space only, until they are written.
    const std::size_t room = std::max<std::size_t>(expected / 10, 1024);
    out.values.reserve((expected + room) * std::size_t(out.dimensions));
    out.faceIds.reserve(expected + room);

    query.prepare(QStringLiteral(
        "SELECT id, descriptor FROM faces WHERE gallery_id = ? AND model_id = ? ORDER BY id"));
    query.bindValue(0, galleryId);
    query.bindValue(1, described->row);
    if (!query.exec()) {
        return databaseError(dbPath,
                             QStringLiteral("read the descriptors of gallery %1").arg(galleryId),
                             query.lastError());
    }
    if (auto read = readRows(query, expected, out); !read) return read.error();
    if (auto done = transaction->commit(); !done) return done.error();
    return out;
}

Result<GalleryChanges> DescriptorReader::loadChanges(qint64 galleryId, const QString& modelId,
                                                     qint64 sinceRevision, qint64 afterFaceId,
                                                     std::size_t maxChanges) const {
    const QString& dbPath = m_connection.databasePath();
    // One snapshot: the revision, the counts and the rows all describe the same state.
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Read);
    if (!transaction) return transaction.error();

    GalleryChanges changes;
    auto rev = revision(galleryId);
    if (!rev) return rev.error();
    changes.revision = *rev;
    changes.added.galleryId = galleryId;
    changes.added.modelId = modelId;
    changes.added.revision = *rev;
    if (*rev < sinceRevision) {
        changes.unusable = QStringLiteral("the gallery's revision went back from %1 to %2")
                               .arg(sinceRevision)
                               .arg(*rev);
        return changes;
    }
    auto described = model(modelId);
    if (!described) return described.error();
    changes.added.dimensions = described->dimensions;

    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // Faces changed in place count whatever their model: the row may have moved to this one.
    query.prepare(QStringLiteral(
        "SELECT coalesce(sum(CASE WHEN kind = 'removed' AND model_id = ? THEN 1 ELSE 0 END), 0), "
        "min(CASE WHEN kind = 'changed' THEN face_id END) "
        "FROM face_changes WHERE gallery_id = ? AND revision > ?"));
    query.bindValue(0, described->row);
    query.bindValue(1, galleryId);
    query.bindValue(2, sinceRevision);
    if (!query.exec() || !query.next()) {
        return databaseError(dbPath,
                             QStringLiteral("read the changes of gallery %1").arg(galleryId),
                             query.lastError());
    }
    changes.removedCount = std::size_t(query.value(0).toLongLong());
    if (!query.value(1).isNull()) {
        changes.unusable = QStringLiteral("face %1 changed in place since revision %2")
                               .arg(query.value(1).toLongLong())
                               .arg(sinceRevision);
        return changes;
    }
    query.finish();
    if (described->row == 0) return changes;  // nothing was ever described with this model

    query.prepare(QStringLiteral(
        "SELECT count(*), coalesce(sum(CASE WHEN id > ? THEN 1 ELSE 0 END), 0) FROM faces "
        "WHERE gallery_id = ? AND model_id = ?"));
    query.bindValue(0, afterFaceId);
    query.bindValue(1, galleryId);
    query.bindValue(2, described->row);
    if (!query.exec() || !query.next()) {
        return databaseError(dbPath, QStringLiteral("count the faces of gallery %1").arg(galleryId),
                             query.lastError());
    }
    changes.faceCount = std::size_t(query.value(0).toLongLong());
    changes.addedCount = std::size_t(query.value(1).toLongLong());
    query.finish();
    if (changes.addedCount + changes.removedCount > maxChanges) {
        changes.unusable =
            QStringLiteral("%1 faces added and %2 removed since revision %3, more than %4")
                .arg(changes.addedCount)
                .arg(changes.removedCount)
                .arg(sinceRevision)
                .arg(maxChanges);
        return changes;
    }

    if (changes.addedCount > 0) {
        query.prepare(
            QStringLiteral("SELECT id, descriptor FROM faces WHERE gallery_id = ? AND model_id = ? "
                           "AND id > ? ORDER BY id"));
        query.bindValue(0, galleryId);
        query.bindValue(1, described->row);
        query.bindValue(2, afterFaceId);
        if (!query.exec()) {
            return databaseError(
                dbPath, QStringLiteral("read the descriptors added to gallery %1").arg(galleryId),
                query.lastError());
        }
        if (auto read = readRows(query, changes.addedCount, changes.added); !read)
            return read.error();
    }
    if (changes.removedCount > 0) {
        query.prepare(QStringLiteral(
            "SELECT DISTINCT face_id FROM face_changes WHERE gallery_id = ? AND revision > ? "
            "AND kind = 'removed' AND model_id = ? ORDER BY face_id"));
        query.bindValue(0, galleryId);
        query.bindValue(1, sinceRevision);
        query.bindValue(2, described->row);
        if (!query.exec()) {
            return databaseError(
                dbPath, QStringLiteral("read the faces removed from gallery %1").arg(galleryId),
                query.lastError());
        }
        changes.removedFaceIds.reserve(changes.removedCount);
        while (query.next()) changes.removedFaceIds.push_back(query.value(0).toLongLong());
        if (query.lastError().isValid()) {
            return databaseError(
                dbPath, QStringLiteral("read the faces removed from gallery %1").arg(galleryId),
                query.lastError());
        }
    }
    if (auto done = transaction->commit(); !done) return done.error();
    return changes;
}

}  // namespace facecase
