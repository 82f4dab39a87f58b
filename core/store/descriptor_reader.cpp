#include "store/descriptor_reader.h"

#include <QSqlQuery>
#include <QtEndian>
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

    QSqlQuery query(m_connection.database());
    // Forward-only matters: otherwise Qt's SQLite result caches every row it has returned.
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, dimensions FROM descriptor_models WHERE name = ?"));
    query.bindValue(0, modelId);
    if (!query.exec()) {
        return databaseError(dbPath, QStringLiteral("look up descriptor model \"%1\"").arg(modelId),
                             query.lastError());
    }
    if (!query.next()) return out;  // nothing was ever enrolled with this model
    const qint64 modelRow = query.value(0).toLongLong();
    out.dimensions = query.value(1).toInt();
    query.finish();

    // The count only sizes the buffers (one walk of the small faces_by_gallery_model index);
    // the descriptors themselves are read once, straight into their final place.
    query.prepare(
        QStringLiteral("SELECT count(*) FROM faces WHERE gallery_id = ? AND model_id = ?"));
    query.bindValue(0, galleryId);
    query.bindValue(1, modelRow);
    if (!query.exec() || !query.next()) {
        return databaseError(dbPath, QStringLiteral("count the faces of gallery %1").arg(galleryId),
                             query.lastError());
    }
    const auto expected = std::size_t(query.value(0).toLongLong());  // same snapshot as below
    query.finish();
    const auto dims = std::size_t(out.dimensions);
    out.values.resize(expected * dims);
    out.faceIds.reserve(expected);

    query.prepare(QStringLiteral(
        "SELECT id, descriptor FROM faces WHERE gallery_id = ? AND model_id = ? ORDER BY id"));
    query.bindValue(0, galleryId);
    query.bindValue(1, modelRow);
    if (!query.exec()) {
        return databaseError(dbPath,
                             QStringLiteral("read the descriptors of gallery %1").arg(galleryId),
                             query.lastError());
    }
    const auto rowBytes = qsizetype(dims * sizeof(float));
    std::size_t n = 0;
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
                    .arg(modelId)
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
                             QStringLiteral("read the descriptors of gallery %1").arg(galleryId),
                             query.lastError());
    }
    query.finish();
    out.values.resize(n * dims);
    if (auto done = transaction->commit(); !done) return done.error();
    return out;
}

}  // namespace facecase
