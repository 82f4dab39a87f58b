#pragma once

#include <QString>
#include <QTemporaryDir>
#include <memory>

#include "postgres_binaries.h"
#include "types/result.h"

namespace facecase::test {

// A PostgreSQL 15 server of the test's own, so that store tests run against a real server
// without touching (or needing) a system one: initdb into a QTemporaryDir, pg_ctl start -w on a
// free 127.0.0.1 port, the unix socket in the same folder, and one database.
//
// Authentication is SCRAM throughout (initdb --auth=scram-sha-256), the bootstrap superuser
// included: its random password goes to initdb in a pwfile and to psql in PGPASSWORD. So the
// roles a test creates log in exactly as on an agency's server, and a wrong password fails as
// it would there. As root, the server runs as `nobody` (PostgresBinaries).
//
// The destructor stops the server (pg_ctl stop -m fast, then -m immediate if that fails) and
// removes the folder: also after a failed check, as long as the test process itself lives on.
// A process that crashed leaves its server running; the next start() stops it (its folder's
// owner.pid names a process that is gone).
// Starting costs about a second (initdb, fsync off). Not thread-safe; use from one thread.
class PrivatePostgres {
public:
    static QString host() { return QStringLiteral("127.0.0.1"); }

    // Starts a cluster with the database `database`. The error says what failed and, when the
    // programs are missing, what to install.
    static Result<std::unique_ptr<PrivatePostgres>> start(
        const QString& database = QStringLiteral("facecase_test"));
    ~PrivatePostgres();
    PrivatePostgres(const PrivatePostgres&) = delete;
    PrivatePostgres& operator=(const PrivatePostgres&) = delete;

    int port() const { return m_port; }
    const QString& database() const { return m_database; }
    QString superuser() const { return QStringLiteral("facecase_admin"); }
    // A folder that lives as long as the cluster (for a test's pgpass file and the like).
    QString directory() const { return m_directory.path(); }
    // The server's log, for a failing test's message.
    QString serverLog() const;

    // Runs `sql` through psql as the superuser in `database` (default: the test database);
    // psql -At output: one row per line, columns separated by '|'.
    Result<QString> superuserQuery(const QString& sql, const QString& database = {}) const;
    // Puts the superuser's password in this process's PGPASSWORD, where libpq (and so every
    // DatabaseConnection the test opens) finds it: a password is never part of a URL.
    void lendSuperuserPasswordToLibpq() const;
    // CREATE ROLE name LOGIN PASSWORD '…': the server stores a SCRAM-SHA-256 verifier.
    Result<void> createLoginRole(const QString& name, const QString& password) const;

private:
    explicit PrivatePostgres(PostgresBinaries binaries);
    static void stopAbandonedClusters(const PostgresBinaries& binaries);
    Result<void> initialise();
    Result<void> startServer();
    void stop();
    QString dataDirectory() const;
    QString logFile() const;

    PostgresBinaries m_binaries;
    QTemporaryDir m_directory;
    QString m_superuserPassword;
    QString m_database;
    int m_port = 0;
    bool m_running = false;
};

}  // namespace facecase::test
