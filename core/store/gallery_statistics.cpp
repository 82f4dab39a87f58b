#include "store/gallery_statistics.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include "store/gallery_repository.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

qint64 GalleryStatistics::problemCount() const {
    qint64 n = 0;
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        if (EnrollmentItem::isProblem(static_cast<EnrollmentItem::Status>(i))) n += latestItemCounts[std::size_t(i)];
    }
    return n;
}

Result<std::vector<std::pair<QString, qint64>>> GalleryStatistics::descriptorModelsOf(
    const DatabaseConnection& connection, qint64 galleryId) {
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT m.name, f.n FROM (SELECT model_id, count(*) AS n FROM "
                                 "faces WHERE gallery_id = ? AND model_id IS NOT NULL "
                                 "GROUP BY model_id) f JOIN descriptor_models m ON m.id = f.model_id "
                                 "ORDER BY f.n DESC"));
    query.bindValue(0, galleryId);
    if (!query.exec()) {
        return databaseError(connection.databasePath(),
                             QStringLiteral("list the descriptor models of gallery %1").arg(galleryId),
                             query.lastError());
    }
    std::vector<std::pair<QString, qint64>> models;
    while (query.next()) models.emplace_back(query.value(0).toString(), query.value(1).toLongLong());
    return models;
}

Result<GalleryStatistics> GalleryStatistics::read(const DatabaseConnection& connection,
                                                  qint64 galleryId) {
    const QString& dbPath = connection.databasePath();
    auto transaction = Transaction::begin(connection, Transaction::Kind::Read);
    if (!transaction) return transaction.error();

    GalleryStatistics stats;
    auto gallery = GalleryRepository(connection).findById(galleryId);
    if (!gallery) return gallery.error();
    stats.gallery = std::move(gallery).value();

    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    auto run = [&](const QString& sql, const QString& action) -> Result<void> {
        query.prepare(sql);
        query.bindValue(0, galleryId);
        if (!query.exec()) return databaseError(dbPath, action, query.lastError());
        return {};
    };
    auto single = [&](const QString& sql, const QString& action) -> Result<qint64> {
        if (auto r = run(sql, action); !r) return r.error();
        const qint64 value = query.next() ? query.value(0).toLongLong() : 0;
        query.finish();
        return value;
    };

    auto subjects = single(QStringLiteral("SELECT count(*) FROM subjects WHERE gallery_id = ?"),
                           QStringLiteral("count the subjects"));
    if (!subjects) return subjects.error();
    stats.subjects = *subjects;
    auto loose = single(QStringLiteral("SELECT count(*) FROM images WHERE gallery_id = ? AND "
                                       "subject_id IS NULL"),
                        QStringLiteral("count the images without subject"));
    if (!loose) return loose.error();
    stats.imagesWithoutSubject = *loose;
    auto jobs = single(QStringLiteral("SELECT count(*) FROM enrollment_jobs WHERE gallery_id = ?"),
                       QStringLiteral("count the enrollment jobs"));
    if (!jobs) return jobs.error();
    stats.jobs = *jobs;

    if (auto r = run(QStringLiteral("SELECT m.name, f.n FROM (SELECT model_id, count(*) AS n FROM "
                                    "faces WHERE gallery_id = ? GROUP BY model_id) f "
                                    "LEFT JOIN descriptor_models m ON m.id = f.model_id "
                                    "ORDER BY f.n DESC"),
                     QStringLiteral("count the faces per descriptor model"));
        !r) {
        return r.error();
    }
    while (query.next()) {
        if (query.value(0).isNull()) {
            stats.facesWithoutDescriptor = query.value(1).toLongLong();
        } else {
            stats.descriptorModels.emplace_back(query.value(0).toString(), query.value(1).toLongLong());
        }
    }
    query.finish();

    // The latest item per file, duplicates left out (a re-run finds every enrolled photo again
    // as a duplicate, which says nothing new about it): a photo with no face in job 3 that was
    // replaced and enrolled in job 5 is no longer a problem. The latest row is found by its id
    // and read again, since only SQLite would take a bare column from the max(id) row.
    if (auto r = run(QStringLiteral("SELECT status, count(*) FROM enrollment_items WHERE id IN "
                                    "(SELECT max(id) FROM enrollment_items WHERE job_id IN "
                                    "(SELECT id FROM enrollment_jobs WHERE gallery_id = ?) AND "
                                    "status <> 'duplicate' GROUP BY path) GROUP BY status"),
                     QStringLiteral("count the enrollment problems"));
        !r) {
        return r.error();
    }
    while (query.next()) {
        if (const auto status = EnrollmentItem::statusFromName(query.value(0).toString())) {
            stats.latestItemCounts[std::size_t(*status)] = query.value(1).toLongLong();
        }
    }
    query.finish();
    if (auto done = transaction->commit(); !done) return done.error();

    stats.databaseBytes = QFileInfo(dbPath).size();
    const QFileInfo wal(dbPath + QStringLiteral("-wal"));
    if (wal.exists()) stats.databaseBytes += wal.size();
    return stats;
}

Result<void> GalleryStatistics::requireModel(const DatabaseConnection& connection,
                                             const Gallery& gallery, const QString& modelId,
                                             const QString& advice) {
    auto models = descriptorModelsOf(connection, gallery.id);
    if (!models) return models.error();
    for (const auto& [name, faces] : *models) {
        if (name == modelId) continue;
        return Error::invalidInput(
            QStringLiteral("gallery \"%1\" holds %2 faces described by \"%3\"; this run would "
                           "describe faces with \"%4\", and the two cannot be compared. %5")
                .arg(gallery.name)
                .arg(faces)
                .arg(name, modelId, advice));
    }
    return {};
}

}  // namespace facecase
