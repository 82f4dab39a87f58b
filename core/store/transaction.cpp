#include "store/transaction.h"

#include <utility>

namespace facecase {

Result<Transaction> Transaction::begin(const DatabaseConnection& connection, Kind kind) {
    const bool write = kind == Kind::Write;
    auto begun =
        connection.exec(write ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"),
                        write ? QStringLiteral("start a write transaction")
                              : QStringLiteral("start a read transaction"));
    if (!begun) return begun.error();
    return Transaction(connection, kind);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr)), m_kind(other.m_kind) {}

Transaction::~Transaction() {
    rollback();
}

Result<void> Transaction::commit() {
    if (!m_connection) return {};
    const DatabaseConnection* connection = std::exchange(m_connection, nullptr);
    auto committed = connection->exec(QStringLiteral("COMMIT"), QStringLiteral("commit"));
    if (!committed) {
        // A failed COMMIT (disk full, I/O error) can leave the transaction open: end it so the
        // connection is usable again and nothing of it is kept.
        (void)connection->exec(QStringLiteral("ROLLBACK"), QStringLiteral("roll back"));
    }
    return committed;
}

void Transaction::rollback() {
    if (!m_connection) return;
    // Ignoring the result is deliberate: SQLite may already have rolled back by itself (e.g.
    // after SQLITE_FULL), and then ROLLBACK reports "no transaction is active".
    (void)std::exchange(m_connection, nullptr)
        ->exec(QStringLiteral("ROLLBACK"), QStringLiteral("roll back"));
}

}  // namespace facecase
