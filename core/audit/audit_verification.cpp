#include "audit/audit_verification.h"

namespace facecase {

QString AuditVerification::kindName(BreakKind kind) {
    switch (kind) {
        case BreakKind::Edited:
            return QStringLiteral("edited");
        case BreakKind::Deleted:
            return QStringLiteral("deleted");
        case BreakKind::Reordered:
            return QStringLiteral("reordered");
        case BreakKind::Inserted:
            return QStringLiteral("inserted");
    }
    return QStringLiteral("edited");
}

}  // namespace facecase
