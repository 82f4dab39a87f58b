#pragma once

#include <QString>
#include <optional>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

class Workspace;

// A lock that lives as long as a PostgreSQL session: pg_try_advisory_lock(kind, object) on a
// connection of its own, released when this object (or the session -- a killed process, a
// dropped network connection) ends. So a crashed enrollment on one workstation never leaves a
// gallery locked for the next, which a lock file on a shared drive could not promise.
//
// The two-key form keeps these locks apart from the one-key writer lock every write
// transaction takes (SqlDialect::kWriterLockKey): PostgreSQL counts them as different locks.
// Owned by the thread that acquired it (its connection is that thread's). Movable.
class PostgresSessionLock {
public:
    // Who holds a lock, as far as the server tells this login (pg_stat_activity hides other
    // logins' client addresses from ordinary roles).
    struct Holder {
        QString login;
        QString application;
        QString clientAddress;
        qint64 serverProcess = 0;
    };

    // The lock, or nullopt with `holder` filled when another session holds it. `kind` says what
    // is locked (a constant per use), `object` which one (a gallery id); both fit 32 bits.
    static Result<std::optional<PostgresSessionLock>> tryAcquire(const Workspace& workspace, int kind,
                                                                 qint64 object, Holder* holder);
    // Whether any session holds it, on the caller's connection; who, in `holder`.
    static Result<bool> isHeld(const DatabaseConnection& connection, int kind, qint64 object,
                               Holder* holder = nullptr);

    PostgresSessionLock(PostgresSessionLock&&) noexcept = default;
    PostgresSessionLock& operator=(PostgresSessionLock&&) noexcept = default;

private:
    explicit PostgresSessionLock(DatabaseConnection connection) : m_connection(std::move(connection)) {}

    DatabaseConnection m_connection;  // closing it ends the session and so releases the lock
};

}  // namespace facecase
