#include "store/transaction.h"

#include <utility>

namespace facecase {

Result<Transaction> Transaction::begin(const DatabaseConnection& connection, Kind kind) {
    const bool write = kind == Kind::Write;
    const QString action = write ? QStringLiteral("start a write transaction")
                                 : QStringLiteral("start a read transaction");
    const QStringList statements = connection.dialect().beginTransaction(write);
    for (int i = 0; i < statements.size(); ++i) {
        if (auto r = connection.exec(statements[i], action); !r) {
            // The BEGIN went through but taking the writer's lock did not (lock timeout):
            // end the transaction rather than leave it open on the connection.
            if (i > 0) (void)connection.exec(QStringLiteral("ROLLBACK"), QStringLiteral("roll back"));
            return r.error();
        }
    }
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
    connection->transactionEnded(committed.ok());
    return committed;
}

void Transaction::rollback() {
    if (!m_connection) return;
    // Ignoring the result is deliberate: SQLite may already have rolled back by itself (e.g.
    // after SQLITE_FULL), and then ROLLBACK reports "no transaction is active"; a PostgreSQL
    // connection that was lost has nothing left to roll back.
    const DatabaseConnection* connection = std::exchange(m_connection, nullptr);
    (void)connection->exec(QStringLiteral("ROLLBACK"), QStringLiteral("roll back"));
    connection->transactionEnded(false);
}

}  // namespace facecase
