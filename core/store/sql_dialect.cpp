#include "store/sql_dialect.h"

#include <QSqlDatabase>

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

QString SqlDialect::sessionUserQuery() const {
    return m_backend == SqlBackend::PostgreSql ? QStringLiteral("SELECT session_user") : QString();
}

}  // namespace facecase
