#include "store/refusal_record.h"

#include "audit/audit_trail.h"
#include "store/transaction.h"

namespace facecase {

Error RefusalRecord::write(const DatabaseConnection& connection, const QString& action,
                           std::optional<qint64> caseId, QJsonObject details, const QString& actor,
                           Error why) {
    auto transaction = Transaction::begin(connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    details.insert(QStringLiteral("reason"), why.message);
    AuditEntry entry;
    entry.action = action;
    entry.actor = actor;
    entry.caseId = caseId;
    entry.details = std::move(details);
    if (auto recorded = AuditTrail(connection).append(*transaction, entry); !recorded) {
        return recorded.error();
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return why;
}

}  // namespace facecase
