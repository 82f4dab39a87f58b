#pragma once

#include <QSqlError>
#include <QString>

#include "types/result.h"

namespace facecase {

// Turns a failed SQL call into an Error a user can act on: the database file (or PostgreSQL
// URL), what FaceCase was doing, the database's own words and, for the failures users can fix
// (locked, full disk, read-only, damaged file; on PostgreSQL also a login without the right
// role and a lost connection), what to do about it.
// "<db>: cannot <action> (<database text>)[; <advice>]".
Error databaseError(const QString& databasePath, const QString& action, const QSqlError& error);

// The database's own words for `error` on one line: for PostgreSQL without the "ERROR:" in
// front and the LINE/DETAIL/HINT lines after. What databaseError() puts in parentheses.
QString databaseReason(const QString& databasePath, const QSqlError& error);

// SQLite's primary result code (the low byte of the extended code Qt reports), 0 when unknown.
int sqliteResultCode(const QSqlError& error);

// Result codes FaceCase treats specially (sqlite3.h; the driver's header is not a dependency).
inline constexpr int kSqliteBusy = 5;
inline constexpr int kSqliteReadOnly = 8;
inline constexpr int kSqliteCorrupt = 11;
inline constexpr int kSqliteFull = 13;
inline constexpr int kSqliteConstraint = 19;
inline constexpr int kSqliteNotADatabase = 26;

}  // namespace facecase
