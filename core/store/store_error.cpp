#include "store/store_error.h"

namespace facecase {

namespace {
// PostgreSQL connections name themselves by their URL (DatabaseConnection::databasePath()), so
// the location alone tells which backend's error codes the driver reported.
bool isPostgresLocation(const QString& databasePath) {
    return databasePath.startsWith(QLatin1String("postgresql://"));
}

// libpq's message opens with the severity ("ERROR:  …") and may add DETAIL/HINT lines; the
// message itself is what the user needs, on one line.
QString reasonOf(const QSqlError& error, bool postgres) {
    QString reason = error.databaseText().trimmed();
    if (reason.isEmpty()) reason = error.driverText().trimmed();
    if (reason.isEmpty()) return QStringLiteral("unknown database error");
    if (!postgres) return reason;
    reason = reason.section(QLatin1Char('\n'), 0, 0).trimmed();
    for (const QLatin1String severity : {QLatin1String("ERROR:"), QLatin1String("FATAL:")}) {
        if (reason.startsWith(severity)) reason = reason.mid(severity.size()).trimmed();
    }
    return reason;
}

// SQLSTATEs (PostgreSQL's appendix A) FaceCase explains; everything else is reported as is.
Error postgresError(QString message, const QString& sqlState) {
    if (sqlState == QLatin1String("55P03") || sqlState == QLatin1String("40P01") ||
        sqlState == QLatin1String("40001")) {
        message += QStringLiteral(
            "; another FaceCase workstation is writing to this database, try again in a moment");
        return Error::internal(message);
    }
    if (sqlState == QLatin1String("42501")) {
        message += QStringLiteral(
            "; your database login is not allowed to do this, ask the database administrator "
            "for the right role");
        return Error::invalidInput(message);
    }
    if (sqlState == QLatin1String("53100")) {
        message += QStringLiteral(
            "; the database server's disk is full, tell the database administrator");
        return Error::invalidInput(message);
    }
    if (sqlState.startsWith(QLatin1String("08")) || sqlState == QLatin1String("57P01")) {
        message += QStringLiteral(
            "; the connection to the database server was lost, check the network and reopen "
            "the workspace");
        return Error::internal(message);
    }
    if (sqlState.startsWith(QLatin1String("XX"))) {
        message += QStringLiteral("; the database server reports damage, tell the database "
                                  "administrator");
        return Error::internal(message);
    }
    return Error::internal(message);
}
}  // namespace

QString databaseReason(const QString& databasePath, const QSqlError& error) {
    return reasonOf(error, isPostgresLocation(databasePath));
}

int sqliteResultCode(const QSqlError& error) {
    bool ok = false;
    // The QSQLITE driver reports SQLite's extended result code as the native code; the primary
    // code is its low byte (SQLITE_CONSTRAINT_UNIQUE 2067 -> SQLITE_CONSTRAINT 19).
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : 0;
}

Error databaseError(const QString& databasePath, const QString& action, const QSqlError& error) {
    const bool postgres = isPostgresLocation(databasePath);
    QString message =
        QStringLiteral("%1: cannot %2 (%3)").arg(databasePath, action, reasonOf(error, postgres));
    if (postgres) return postgresError(std::move(message), error.nativeErrorCode());

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
