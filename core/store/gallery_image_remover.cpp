#include "store/gallery_image_remover.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

#include "audit/audit_trail.h"
#include "store/gallery_repository.h"
#include "store/removal_reason.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
Result<void> exec(const DatabaseConnection& connection, QSqlQuery& query, const QString& what) {
    if (query.exec()) return {};
    return databaseError(connection.databasePath(), what, query.lastError());
}
}  // namespace

Result<RemovedGalleryImage> GalleryImageRemover::remove(qint64 galleryId,
                                                        const GalleryImageKey& key,
                                                        const QString& actor,
                                                        const QString& reason) {
    auto why = RemovalReason::clean(reason);
    if (!why) return why.error();
    const QString sha256 = key.sha256.trimmed().toLower();
    static const QRegularExpression hex64(QStringLiteral("^[0-9a-f]{64}$"));
    if (key.imageId.has_value() == !sha256.isEmpty()) {
        return Error::invalidInput(
            QStringLiteral("name the image to remove by its id or by its SHA-256, not both"));
    }
    if (!key.imageId && !hex64.match(sha256).hasMatch()) {
        return Error::invalidInput(QStringLiteral("\"%1\" is not a SHA-256: 64 hexadecimal digits")
                                       .arg(key.sha256.trimmed()));
    }

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    auto gallery = GalleryRepository(m_connection).findById(galleryId);
    if (!gallery) return gallery.error();

    RemovedGalleryImage removed;
    removed.gallery = *gallery;
    std::optional<qint64> subjectId;
    {
        QSqlQuery find(m_connection.database());
        find.setForwardOnly(true);
        find.prepare(QStringLiteral("SELECT i.id, i.sha256, i.path, i.subject_id, s.external_id, "
                                    "       (SELECT count(*) FROM faces f WHERE f.image_id = i.id) "
                                    "FROM images i LEFT JOIN subjects s ON s.id = i.subject_id "
                                    "WHERE i.gallery_id = ? AND %1 = ?")
                         .arg(key.imageId ? QStringLiteral("i.id") : QStringLiteral("i.sha256")));
        find.bindValue(0, galleryId);
        find.bindValue(1, key.imageId ? QVariant(*key.imageId) : QVariant(sha256));
        if (auto r = exec(m_connection, find, QStringLiteral("find the image to remove")); !r) {
            return r.error();
        }
        if (!find.next()) {
            return Error::notFound(QStringLiteral("gallery \"%1\" has no image with %2")
                                       .arg(gallery->name, key.describe()));
        }
        removed.imageId = find.value(0).toLongLong();
        removed.sha256 = find.value(1).toString();
        removed.path = find.value(2).toString();
        if (!find.value(3).isNull()) subjectId = find.value(3).toLongLong();
        removed.subjectExternalId = find.value(4).toString();
        removed.faces = find.value(5).toLongLong();
    }

    // Faces go by ON DELETE CASCADE, and their delete trigger bumps the gallery's revision;
    // candidates' face_id becomes NULL, enrollment items' image_id too.
    QSqlQuery remove(m_connection.database());
    remove.prepare(QStringLiteral("DELETE FROM images WHERE id = ?"));
    remove.bindValue(0, removed.imageId);
    if (auto r = exec(m_connection, remove,
                      QStringLiteral("remove image %1 from gallery \"%2\"")
                          .arg(removed.imageId)
                          .arg(gallery->name));
        !r) {
        return r.error();
    }
    if (subjectId) {
        // A subject without any image is a name and a booking number with nothing to search:
        // it goes with its last image.
        QSqlQuery orphan(m_connection.database());
        orphan.prepare(
            QStringLiteral("DELETE FROM subjects WHERE id = ? AND NOT EXISTS "
                           "(SELECT 1 FROM images WHERE subject_id = ?)"));
        orphan.bindValue(0, *subjectId);
        orphan.bindValue(1, *subjectId);
        if (auto r = exec(m_connection, orphan, QStringLiteral("remove the image's subject")); !r) {
            return r.error();
        }
        removed.subjectRemoved = orphan.numRowsAffected() > 0;
    }
    auto after = GalleryRepository(m_connection).findById(galleryId);
    if (!after) return after.error();
    removed.gallery.revision = after->revision;

    AuditEntry entry;
    entry.action = QStringLiteral("gallery_image_removed");
    entry.actor = actor;
    entry.details = QJsonObject{
        {QStringLiteral("gallery_id"), gallery->id},
        {QStringLiteral("gallery_name"), gallery->name},
        {QStringLiteral("gallery_kind"), Gallery::kindName(gallery->kind)},
        {QStringLiteral("gallery_revision"), after->revision},
        {QStringLiteral("image_id"), removed.imageId},
        {QStringLiteral("sha256"), removed.sha256},
        {QStringLiteral("source_path"), removed.path},
        {QStringLiteral("subject_external_id"), removed.subjectExternalId.isEmpty()
                                                    ? QJsonValue(QJsonValue::Null)
                                                    : QJsonValue(removed.subjectExternalId)},
        {QStringLiteral("subject_removed"), removed.subjectRemoved},
        {QStringLiteral("faces"), removed.faces},
        {QStringLiteral("reason"), *why},
    };
    if (auto recorded = AuditTrail(m_connection).append(*transaction, entry); !recorded) {
        return recorded.error();
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return removed;
}

}  // namespace facecase
