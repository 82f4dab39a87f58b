#pragma once

#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <utility>
#include <vector>

#include "store/postgres_address.h"
#include "store/sql_dialect.h"
#include "types/actor.h"
#include "types/result.h"

class QThread;

namespace facecase {

// One database connection owned by one thread: an SQLite file, or a PostgreSQL server for an
// agency's shared workspace. Qt's QSqlDatabase may only be used by the thread that opened it, so
// every thread that touches the workspace (GUI, enrollment writer, each search worker) opens its
// own DatabaseConnection and drops it before it ends.
//
// Opening an SQLite file sets what every FaceCase connection relies on: foreign keys on (cascades
// and references are enforced), WAL (readers never block the writer and never see half a batch),
// synchronous=NORMAL (safe with WAL; a power cut loses at most the last commits, never
// consistency) and a busy timeout (a second writer waits instead of failing at once).
//
// The destructor closes the connection and removes it from Qt's registry. Do not keep copies of
// database() beyond the connection's life: Qt warns "connection is still in use" and the copies
// stop working. Movable, not copyable. Opening costs well under a millisecond.
class DatabaseConnection {
public:
    enum class Mode {
        ReadWrite,  // creates the file if needed; WAL, foreign keys, synchronous, busy timeout
        // Opens an existing file for inspection without changing a byte of it or creating
        // anything beside it. A WAL database that nobody has open (no -wal or -shm file) is
        // read as immutable, since an ordinary reader would leave fresh -wal and -shm files.
        ReadOnly,
    };

    static constexpr int kBusyTimeoutMs = 10000;

    static Result<DatabaseConnection> open(const QString& databasePath,
                                           Mode mode = Mode::ReadWrite);
    // Connects to a PostgreSQL server through Qt's QPSQL driver (package libqt6sql6-psql) with
    // the address's host, port, database and user, and the password the analyst typed if any
    // (else libpq reads PGPASSWORD or ~/.pgpass (PGPASSFILE) itself). Blocks until the server
    // answers, at most SqlDialect::kConnectTimeoutSeconds for one that does not. A server that
    // wants a password nobody gave is Error::Kind::PasswordNeeded; a refused login, an unknown
    // database or an unreachable server is an Error naming the URL (user, host, port,
    // database) and the server's words. Read-write.
    static Result<DatabaseConnection> open(const PostgresAddress& address);

    DatabaseConnection(DatabaseConnection&& other) noexcept;
    DatabaseConnection& operator=(DatabaseConnection&& other) noexcept;
    DatabaseConnection(const DatabaseConnection&) = delete;
    DatabaseConnection& operator=(const DatabaseConnection&) = delete;
    ~DatabaseConnection();

    // For QSqlQuery(connection.database()); valid only in the thread that opened the connection.
    const QSqlDatabase& database() const { return m_database; }
    // The SQLite file, or for PostgreSQL the URL (postgresql://user@host:port/db, no password):
    // what error messages name.
    const QString& databasePath() const { return m_databasePath; }
    const SqlDialect& dialect() const { return m_dialect; }
    // Unique per connection: "facecase:<database path or URL>:thread-<id>:<serial>".
    const QString& connectionName() const { return m_connectionName; }
    Mode mode() const { return m_mode; }
    // The thread that opened it and the only one that may use it.
    QThread* thread() const { return m_thread; }

    // Runs one statement that returns nothing useful (PRAGMA, DDL, BEGIN/COMMIT). `action` says
    // what it was for, in words for the error message ("turn on foreign keys").
    Result<void> exec(const QString& sql, const QString& action) const;

    // Who the database says is acting. PostgreSQL: the login it authenticated for this session
    // (session_user; SET ROLE does not change it), one round trip. SQLite has no logins: the
    // operating-system user running FaceCase, as Workspace::actor() says.
    Result<Actor> actor() const;

    // Where AuditTrail anchors every committed chain head outside the database (AuditWitness,
    // docs/audit.md); empty: nowhere. Workspace::openConnection sets it.
    const QString& auditWitnessPath() const { return m_auditWitnessPath; }
    void setAuditWitnessPath(const QString& path) { m_auditWitnessPath = path; }

    // Work that must wait until the open write transaction has committed: an audit chain head
    // is anchored outside the database only once the database holds it. Transaction::commit
    // runs it, in order, after COMMIT succeeded; a rollback or a failed COMMIT drops it. The
    // work must not fail the action (it has happened) nor touch this connection. Work given a
    // `key` replaces earlier work of the same key in this transaction (a transaction appending
    // many audit records anchors only its last head: the chain links the others to it).
    void runAfterCommit(std::function<void()> work, const QString& key = QString()) const;
    // For Transaction: the transaction ended, committed or not.
    void transactionEnded(bool committed) const;

private:
    DatabaseConnection(SqlBackend backend, QString databasePath, QString connectionName, Mode mode);
    void close();
    Result<void> configure();

    QString m_databasePath;
    QString m_connectionName;
    SqlDialect m_dialect{SqlBackend::Sqlite};
    Mode m_mode = Mode::ReadWrite;
    QThread* m_thread = nullptr;
    QSqlDatabase m_database;
    QString m_auditWitnessPath;
    // Logically not part of the connection's state: a queue between AuditTrail::append and
    // Transaction::commit, which both see the connection as const.
    mutable std::vector<std::pair<QString, std::function<void()>>> m_afterCommit;
};

}  // namespace facecase
