#pragma once

#include <QString>

#include "types/result.h"

namespace facecase {

// The two databases a workspace can live in: an SQLite file for one analyst, a PostgreSQL
// server for an agency (DESIGN.md, "Two store backends, one store").
enum class SqlBackend { Sqlite, PostgreSql };

// What differs between the two backends, kept in one place so that the rest of the store says
// what it wants and this class says how each database spells it. So far: which Qt driver opens
// the database, which Debian package brings that driver, how a PostgreSQL connection is set up,
// and how to ask the database who is logged in. A small value; thread-safe to copy.
class SqlDialect {
public:
    // libpq waits this long for a server that does not answer (a wrong host, a firewall) before
    // the connection fails with a message, instead of libpq's default of waiting forever.
    static constexpr int kConnectTimeoutSeconds = 10;

    explicit SqlDialect(SqlBackend backend) : m_backend(backend) {}

    SqlBackend backend() const { return m_backend; }
    QString name() const;           // "SQLite", "PostgreSQL": for messages
    QString driverName() const;     // Qt's driver: "QSQLITE", "QPSQL"
    QString driverPackage() const;  // the Debian package that installs that driver

    // Refuses, naming the package to install, when this Qt has no driver for the backend.
    // `location` (a file or a URL) starts the message, like every store error.
    Result<void> checkDriverAvailable(const QString& location) const;

    // QSqlDatabase::setConnectOptions for a PostgreSQL connection (libpq keywords): the connect
    // timeout above and the application name, so that pg_stat_activity shows which sessions
    // are FaceCase's. Never a password: libpq reads PGPASSWORD or ~/.pgpass itself.
    QString postgresConnectOptions() const;

    // One row, one column: the login the database authenticated for this session (PostgreSQL's
    // session_user, which SET ROLE does not change). Empty for SQLite, which has no logins.
    QString sessionUserQuery() const;

private:
    SqlBackend m_backend;
};

}  // namespace facecase
