#include "store/store_error.h"

namespace facecase {

int sqliteResultCode(const QSqlError& error) {
    bool ok = false;
    // The QSQLITE driver reports SQLite's extended result code as the native code; the primary
    // code is its low byte (SQLITE_CONSTRAINT_UNIQUE 2067 -> SQLITE_CONSTRAINT 19).
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : 0;
}

Error databaseError(const QString& databasePath, const QString& action, const QSqlError& error) {
    QString reason = error.databaseText().trimmed();
    if (reason.isEmpty()) reason = error.driverText().trimmed();
    if (reason.isEmpty()) reason = QStringLiteral("unknown database error");
    QString message = QStringLiteral("%1: cannot %2 (%3)").arg(databasePath, action, reason);

    switch (sqliteResultCode(error)) {
        case kSqliteBusy:
            message += QStringLiteral(
                "; another FaceCase program is writing to this workspace, "
                "try again when it has finished");
            return Error::internal(message);
        case kSqliteReadOnly:
            message += QStringLiteral("; the file or its folder is read-only, check permissions");
            return Error::invalidInput(message);
        case kSqliteFull:
            message += QStringLiteral("; the disk is full, free some space");
            return Error::invalidInput(message);
        case kSqliteCorrupt:
        case kSqliteNotADatabase:
            message +=
                QStringLiteral("; the workspace database is damaged, restore it from a backup");
            return Error::invalidInput(message);
        default:
            return Error::internal(message);
    }
}

}  // namespace facecase
