#include "store/postgres_session_lock.h"

#include <QSqlQuery>
#include <QVariant>
#include <limits>

#include "store/store_error.h"
#include "store/workspace.h"

namespace facecase {

namespace {
Result<void> checkKeys(const QString& databasePath, qint64 object) {
    if (object < 0 || object > std::numeric_limits<qint32>::max()) {
        return Error::internal(QStringLiteral("%1: cannot lock object %2: advisory lock keys are 32 bits")
                                   .arg(databasePath)
                                   .arg(object));
    }
    return {};
}
}  // namespace

Result<std::optional<PostgresSessionLock>> PostgresSessionLock::tryAcquire(const Workspace& workspace,
                                                                           int kind, qint64 object,
                                                                           Holder* holder) {
    auto connection = workspace.openConnection();
    if (!connection) return connection.error();
    if (auto r = checkKeys(connection->databasePath(), object); !r) return r.error();
    bool acquired = false;
    {
        QSqlQuery query(connection->database());
        query.prepare(QStringLiteral("SELECT pg_try_advisory_lock(?, ?)"));
        query.addBindValue(kind);
        query.addBindValue(int(object));
        if (!query.exec() || !query.next()) {
            return databaseError(connection->databasePath(), QStringLiteral("take a lock"), query.lastError());
        }
        acquired = query.value(0).toBool();
    }
    if (acquired) return std::optional<PostgresSessionLock>(PostgresSessionLock(std::move(connection).value()));
    if (holder) {
        if (auto held = isHeld(*connection, kind, object, holder); !held) return held.error();
    }
    return std::optional<PostgresSessionLock>();
}

Result<bool> PostgresSessionLock::isHeld(const DatabaseConnection& connection, int kind, qint64 object,
                                         Holder* holder) {
    if (auto r = checkKeys(connection.databasePath(), object); !r) return r.error();
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    // objsubid 2 marks the two-key form; `database` keeps another database's locks of the
    // same numbers (a second FaceCase database on the cluster) out.
    query.prepare(QStringLiteral(
        "SELECT a.usename, a.application_name, host(a.client_addr), l.pid "
        "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
        "AND l.classid = ? AND l.objid = ? "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "LIMIT 1"));
    query.addBindValue(kind);
    query.addBindValue(int(object));
    if (!query.exec()) {
        return databaseError(connection.databasePath(), QStringLiteral("look up who holds a lock"),
                             query.lastError());
    }
    if (!query.next()) return false;
    if (holder) {
        holder->login = query.value(0).toString();
        holder->application = query.value(1).toString();
        holder->clientAddress = query.value(2).toString();
        holder->serverProcess = query.value(3).toLongLong();
    }
    return true;
}

}  // namespace facecase
