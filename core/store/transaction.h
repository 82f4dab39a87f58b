#pragma once

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// A database transaction that rolls back unless committed, so an early `return error;` can never
// leave half a batch behind. Movable, not copyable; used on the connection's own thread. The
// connection must outlive it.
//
// Write transactions take the workspace's one write lock up front (SQLite: BEGIN IMMEDIATE;
// PostgreSQL: an advisory lock, SqlDialect::beginTransaction), so a second writer waits for the
// busy/lock timeout at BEGIN instead of failing halfway through, and writers on either backend
// follow one another.
// Read transactions pin one snapshot for all their SELECTs (a WAL snapshot; REPEATABLE READ),
// so e.g. a gallery's revision and its descriptors are read from the same state.
class Transaction {
public:
    enum class Kind { Read, Write };

    static Result<Transaction> begin(const DatabaseConnection& connection, Kind kind);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    Result<void> commit();
    // Explicit rollback; the destructor does the same when neither was called.
    void rollback();

    Kind kind() const { return m_kind; }
    // True until commit() or rollback(), if begun on `connection`. Lets code that must write
    // inside its caller's transaction (AuditTrail::append) check that it was handed the right one.
    bool isOpenOn(const DatabaseConnection& connection) const {
        return m_connection == &connection;
    }

private:
    Transaction(const DatabaseConnection& connection, Kind kind)
        : m_connection(&connection), m_kind(kind) {}

    const DatabaseConnection* m_connection = nullptr;  // null once committed or rolled back
    Kind m_kind = Kind::Read;
};

}  // namespace facecase
