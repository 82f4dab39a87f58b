#pragma once

#include <QString>
#include <QStringList>

#include "types/result.h"

namespace facecase {

// The two databases a workspace can live in: an SQLite file for one analyst, a PostgreSQL
// server for an agency (DESIGN.md, "Two store backends, one store").
enum class SqlBackend { Sqlite, PostgreSql };

// What differs between the two backends, kept in one place so that the rest of the store says
// what it wants and this class says how each database spells it: which Qt driver opens the
// database, which Debian package brings that driver, how a PostgreSQL connection is set up, how
// to ask the database who is logged in, and how transactions begin and lock.
// The schema's two spellings live in schema_v*.cpp (SQLite) and schema_postgres.cpp.
// A small value; thread-safe to copy.
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

    // Statements run once after a PostgreSQL connection opens: a lock wait gives up after the
    // same time as SQLite's busy timeout, with a message instead of hanging.
    QStringList postgresSessionSetup(int lockTimeoutMs) const;

    // The statements that begin a transaction. SQLite: BEGIN IMMEDIATE takes the one write lock
    // up front; BEGIN (deferred) reads one WAL snapshot. PostgreSQL: a write transaction takes
    // one advisory lock for the whole workspace database, so that writers follow one another
    // exactly as on SQLite and every read-then-write the store does (the audit chain's head,
    // "is this number taken", the enrollment's duplicate check) sees the previous writer's
    // commit; a read transaction is REPEATABLE READ, one snapshot like SQLite's.
    QStringList beginTransaction(bool write) const;

    // An SQL expression merging the JSON object text `patch` into the JSON object text
    // `target` (both SQL expressions), keys of `patch` winning: SQLite's json_patch, jsonb's ||.
    QString jsonObjectMerge(const QString& target, const QString& patch) const;

    // An SQL expression for the largest of `expressions` (at least two): SQLite's multi-argument
    // max(), PostgreSQL's greatest().
    QString greatestOf(const QStringList& expressions) const;

    // The advisory lock key PostgreSQL writers share ('FCAS' as a number).
    static constexpr qint64 kWriterLockKey = 0x46434153;

    // SQLite rolls a transaction back by itself after some errors (disk full, I/O error) while
    // the caller still believes it open; PostgreSQL never does: a failed statement leaves the
    // transaction aborted, and every later statement in it fails until ROLLBACK.
    bool mayEndTransactionByItself() const { return m_backend == SqlBackend::Sqlite; }

private:
    SqlBackend m_backend;
};

}  // namespace facecase
