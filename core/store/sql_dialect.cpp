#include "store/sql_dialect.h"

#include <QSqlDatabase>
#include <QStringList>

namespace facecase {

QString SqlDialect::name() const {
    switch (m_backend) {
        case SqlBackend::Sqlite:
            return QStringLiteral("SQLite");
        case SqlBackend::PostgreSql:
            return QStringLiteral("PostgreSQL");
    }
    return {};
}

QString SqlDialect::driverName() const {
    switch (m_backend) {
        case SqlBackend::Sqlite:
            return QStringLiteral("QSQLITE");
        case SqlBackend::PostgreSql:
            return QStringLiteral("QPSQL");
    }
    return {};
}

QString SqlDialect::driverPackage() const {
    switch (m_backend) {
        case SqlBackend::Sqlite:
            return QStringLiteral("libqt6sql6-sqlite");
        case SqlBackend::PostgreSql:
            return QStringLiteral("libqt6sql6-psql");
    }
    return {};
}

Result<void> SqlDialect::checkDriverAvailable(const QString& location) const {
    if (QSqlDatabase::isDriverAvailable(driverName())) return {};
    return Error::internal(
        QStringLiteral("%1: cannot open: the Qt %2 driver (%3) is not installed; install the "
                       "package %4")
            .arg(location, name(), driverName(), driverPackage()));
}

QString SqlDialect::postgresConnectOptions() const {
    // QPSQL turns the ';' into spaces and hands the result to libpq as keyword=value pairs.
    return QStringLiteral("connect_timeout=%1;application_name=facecase")
        .arg(kConnectTimeoutSeconds);
}

QStringList SqlDialect::postgresSessionSetup(int lockTimeoutMs) const {
    return {QStringLiteral("SET lock_timeout = %1").arg(lockTimeoutMs),
            // Warnings (e.g. "there is already a transaction in progress") are not errors;
            // notices would only fill the driver's log.
            QStringLiteral("SET client_min_messages = warning")};
}

QStringList SqlDialect::beginTransaction(bool write) const {
    if (m_backend == SqlBackend::Sqlite) {
        return {write ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN")};
    }
    if (!write) return {QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")};
    return {QStringLiteral("BEGIN"),
            QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kWriterLockKey)};
}

QString SqlDialect::jsonObjectMerge(const QString& target, const QString& patch) const {
    if (m_backend == SqlBackend::Sqlite) return QStringLiteral("json_patch(%1, %2)").arg(target, patch);
    // CAST, not "::": Qt reads ":name" in a prepared statement as a placeholder.
    return QStringLiteral("CAST(CAST(%1 AS jsonb) || CAST(%2 AS jsonb) AS text)").arg(target, patch);
}

QString SqlDialect::greatestOf(const QStringList& expressions) const {
    return QStringLiteral("%1(%2)").arg(
        m_backend == SqlBackend::Sqlite ? QStringLiteral("max") : QStringLiteral("greatest"),
        expressions.join(QStringLiteral(", ")));
}

QString SqlDialect::sessionUserQuery() const {
    return m_backend == SqlBackend::PostgreSql ? QStringLiteral("SELECT session_user") : QString();
}

}  // namespace facecase
