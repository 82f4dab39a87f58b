#include "store/enrollment_job_repository.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include "store/sql_values.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
QString compactJson(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}
QDateTime parseTime(const QVariant& value) {
    return value.isNull() ? QDateTime() : QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}
}  // namespace

Result<std::vector<EnrollmentJob>> EnrollmentJobRepository::select(const QString& where,
                                                                   const QVariantList& values) const {
    const QString& dbPath = m_connection.databasePath();
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
                      "SELECT j.id, j.gallery_id, g.name, j.source_folder, j.options, j.actor, "
                      "       j.started_at, j.finished_at, j.status "
                      "FROM enrollment_jobs j JOIN galleries g ON g.id = j.gallery_id %1 "
                      "ORDER BY j.id DESC")
                      .arg(where));
    for (int i = 0; i < values.size(); ++i) query.bindValue(i, values[i]);
    if (!query.exec()) {
        return databaseError(dbPath, QStringLiteral("list the enrollment jobs"), query.lastError());
    }
    std::vector<EnrollmentJob> jobs;
    while (query.next()) {
        EnrollmentJob job;
        job.id = query.value(0).toLongLong();
        job.galleryId = query.value(1).toLongLong();
        job.galleryName = query.value(2).toString();
        job.source = query.value(3).toString();
        job.options = QJsonDocument::fromJson(query.value(4).toString().toUtf8()).object();
        job.actor = query.value(5).toString();
        job.startedAt = parseTime(query.value(6));
        job.finishedAt = parseTime(query.value(7));
        job.status = EnrollmentJob::statusFromName(query.value(8).toString())
                         .value_or(EnrollmentJob::Status::Failed);
        jobs.push_back(std::move(job));
    }
    query.finish();

    // Item counts per status, one indexed range per job (UNIQUE (job_id, path) leads with job_id).
    QSqlQuery counts(m_connection.database());
    counts.setForwardOnly(true);
    counts.prepare(QStringLiteral(
        "SELECT status, count(*) FROM enrollment_items WHERE job_id = ? GROUP BY status"));
    for (EnrollmentJob& job : jobs) {
        counts.bindValue(0, job.id);
        if (!counts.exec()) {
            return databaseError(dbPath, QStringLiteral("count the items of job %1").arg(job.id),
                                 counts.lastError());
        }
        while (counts.next()) {
            if (const auto status = EnrollmentItem::statusFromName(counts.value(0).toString())) {
                job.itemCounts[std::size_t(*status)] = counts.value(1).toLongLong();
            }
        }
        counts.finish();
    }
    return jobs;
}

Result<EnrollmentJob> EnrollmentJobRepository::create(qint64 galleryId, const QString& source,
                                                      const QJsonObject& options,
                                                      const QString& actor,
                                                      const EnrollmentStart& start) {
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    QSqlQuery query(m_connection.database());
    query.prepare(QStringLiteral(
        "INSERT INTO enrollment_jobs (gallery_id, source_folder, options, actor, started_at, "
        "status) VALUES (?, ?, ?, ?, ?, 'running') RETURNING id"));
    query.bindValue(0, galleryId);
    query.bindValue(1, source);
    query.bindValue(2, compactJson(options));
    query.bindValue(3, sql::text(actor));
    query.bindValue(4, sql::timestamp());
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("create an enrollment job for %1").arg(source),
                             query.lastError());
    }
    auto job = find(sql::insertedId(query));
    if (!job) return job.error();
    if (auto r = EnrollmentJobAudit::recordStarted(m_connection, *transaction, *job, actor, start,
                                                   false);
        !r) {
        return r.error();
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return job;
}

Result<std::optional<EnrollmentJob>> EnrollmentJobRepository::findResumable(
    qint64 galleryId, const QString& source) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT id, status FROM enrollment_jobs WHERE gallery_id = ? AND source_folder = ? "
        "ORDER BY id DESC LIMIT 1"));
    query.bindValue(0, galleryId);
    query.bindValue(1, source);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("look for an unfinished job for %1").arg(source),
                             query.lastError());
    }
    if (!query.next() || query.value(1).toString() == EnrollmentJob::statusName(EnrollmentJob::Status::Completed)) {
        return std::optional<EnrollmentJob>();
    }
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    auto job = find(id);
    if (!job) return job.error();
    return std::optional<EnrollmentJob>(std::move(job).value());
}

Result<int> EnrollmentJobRepository::interruptRunning(qint64 galleryId, const QString& actor) {
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    auto running = select(QStringLiteral("WHERE j.gallery_id = ? AND j.status = 'running'"), {galleryId});
    if (!running) return running.error();
    QSqlQuery query(m_connection.database());
    query.prepare(QStringLiteral(
        "UPDATE enrollment_jobs SET status = 'interrupted', finished_at = ? WHERE id = ?"));
    for (const EnrollmentJob& stale : *running) {
        query.bindValue(0, sql::timestamp());
        query.bindValue(1, stale.id);
        if (!query.exec()) {
            return databaseError(m_connection.databasePath(),
                                 QStringLiteral("mark enrollment job %1 interrupted").arg(stale.id),
                                 query.lastError());
        }
        // Its process died before it could say how it ended: say it now, with what it left.
        auto job = find(stale.id);
        if (!job) return job.error();
        if (auto r = EnrollmentJobAudit::recordFinished(m_connection, *transaction, *job, actor); !r) {
            return r.error();
        }
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return int(running->size());
}

Result<void> EnrollmentJobRepository::resume(qint64 jobId, const QJsonObject& options,
                                             const QString& actor, const EnrollmentStart& start) {
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    QSqlQuery query(m_connection.database());
    query.prepare(QStringLiteral(
        "UPDATE enrollment_jobs SET status = 'running', finished_at = NULL, options = ? "
        "WHERE id = ?"));
    query.bindValue(0, compactJson(options));
    query.bindValue(1, jobId);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("resume enrollment job %1").arg(jobId), query.lastError());
    }
    if (query.numRowsAffected() == 0) {
        return Error::notFound(QStringLiteral("no enrollment job with id %1").arg(jobId));
    }
    auto job = find(jobId);
    if (!job) return job.error();
    if (auto r = EnrollmentJobAudit::recordStarted(m_connection, *transaction, *job, actor, start,
                                                   true);
        !r) {
        return r.error();
    }
    return transaction->commit();
}

Result<EnrollmentJob> EnrollmentJobRepository::finish(qint64 jobId, EnrollmentJob::Status status,
                                                      const QString& actor) {
    if (status == EnrollmentJob::Status::Running) {
        return Error::internal(QStringLiteral("finish() needs a final status, not running"));
    }
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    QSqlQuery query(m_connection.database());
    query.prepare(
        QStringLiteral("UPDATE enrollment_jobs SET status = ?, finished_at = ? WHERE id = ?"));
    query.bindValue(0, EnrollmentJob::statusName(status));
    query.bindValue(1, sql::timestamp());
    query.bindValue(2, jobId);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("finish enrollment job %1").arg(jobId), query.lastError());
    }
    auto job = find(jobId);
    if (!job) return job.error();
    if (auto r = EnrollmentJobAudit::recordFinished(m_connection, *transaction, *job, actor); !r) {
        return r.error();
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return job;
}

Result<EnrollmentJob> EnrollmentJobRepository::find(qint64 jobId) const {
    auto jobs = select(QStringLiteral("WHERE j.id = ?"), {jobId});
    if (!jobs) return jobs.error();
    if (jobs->empty()) {
        return Error::notFound(
            QStringLiteral("no enrollment job with id %1 (facecase-cli job list shows them)")
                .arg(jobId));
    }
    return std::move(jobs->front());
}

Result<std::vector<EnrollmentJob>> EnrollmentJobRepository::list(std::optional<qint64> galleryId) const {
    if (galleryId) return select(QStringLiteral("WHERE j.gallery_id = ?"), {*galleryId});
    return select(QString(), {});
}

}  // namespace facecase
