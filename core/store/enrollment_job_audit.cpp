#include "store/enrollment_job_audit.h"

#include <QJsonObject>
#include <QSqlQuery>

#include "audit/audit_trail.h"
#include "store/store_error.h"

namespace facecase {

namespace {
// What both records say about the job, so either can be read without the other.
QJsonObject jobFacts(const EnrollmentJob& job) {
    return QJsonObject{
        {QStringLiteral("gallery_id"), job.galleryId},
        {QStringLiteral("gallery_name"), job.galleryName},
        {QStringLiteral("job_id"), job.id},
        {QStringLiteral("source"), job.source},
        // "folder" or "manifest", as the source described itself in the job's options.
        {QStringLiteral("source_kind"), job.options.value(QStringLiteral("mode")).toString()},
    };
}

Result<qint64> count(const DatabaseConnection& connection, const QString& sql, qint64 jobId,
                     const QString& what) {
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    query.prepare(sql);
    query.bindValue(0, jobId);
    if (!query.exec() || !query.next()) {
        return databaseError(
            connection.databasePath(),
            QStringLiteral("count the %1 of enrollment job %2").arg(what).arg(jobId),
            query.lastError());
    }
    return query.value(0).toLongLong();
}

Result<void> append(const DatabaseConnection& connection, const Transaction& transaction,
                    const QString& action, const QString& actor, QJsonObject details) {
    AuditEntry entry;
    entry.action = action;
    entry.actor = actor;
    entry.details = std::move(details);
    if (auto recorded = AuditTrail(connection).append(transaction, entry); !recorded) {
        return recorded.error();
    }
    return {};
}
}  // namespace

Result<void> EnrollmentJobAudit::recordStarted(const DatabaseConnection& connection,
                                               const Transaction& transaction,
                                               const EnrollmentJob& job, const QString& actor,
                                               const EnrollmentStart& start, bool resumed) {
    QJsonObject details = jobFacts(job);
    details.insert(QStringLiteral("manifest_sha256"), start.manifestSha256.isEmpty()
                                                          ? QJsonValue(QJsonValue::Null)
                                                          : QJsonValue(start.manifestSha256));
    details.insert(QStringLiteral("resumed"), resumed);
    details.insert(QStringLiteral("gallery_created"), start.galleryCreated);
    details.insert(QStringLiteral("model"), job.options.value(QStringLiteral("model")).toString());
    return append(connection, transaction, QStringLiteral("enrollment_started"), actor,
                  std::move(details));
}

Result<void> EnrollmentJobAudit::recordFinished(const DatabaseConnection& connection,
                                                const Transaction& transaction,
                                                const EnrollmentJob& job, const QString& actor) {
    // Images and faces the job stored (over all its runs), counted from the rows themselves:
    // an item says "ok" for a photo whose image row a later run may find already there.
    auto images = count(connection, QStringLiteral("SELECT count(*) FROM images WHERE job_id = ?"),
                        job.id, QStringLiteral("images"));
    if (!images) return images.error();
    auto faces = count(connection,
                       QStringLiteral("SELECT count(*) FROM faces WHERE image_id IN "
                                      "(SELECT id FROM images WHERE job_id = ?)"),
                       job.id, QStringLiteral("faces"));
    if (!faces) return faces.error();

    using Status = EnrollmentItem::Status;
    QJsonObject details = jobFacts(job);
    details.insert(QStringLiteral("status"), EnrollmentJob::statusName(job.status));
    details.insert(QStringLiteral("files"), job.itemCount());
    details.insert(QStringLiteral("images_enrolled"), *images);
    details.insert(QStringLiteral("faces_enrolled"), *faces);
    details.insert(QStringLiteral("duplicates_skipped"), job.count(Status::Duplicate));
    details.insert(QStringLiteral("no_face"), job.count(Status::NoFace));
    details.insert(QStringLiteral("several_faces"), job.count(Status::SeveralFaces));
    details.insert(QStringLiteral("unreadable"), job.count(Status::Unreadable));
    details.insert(QStringLiteral("failed"), job.count(Status::Failed));
    return append(connection, transaction, QStringLiteral("enrollment_finished"), actor,
                  std::move(details));
}

}  // namespace facecase
