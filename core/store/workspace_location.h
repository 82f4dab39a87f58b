#pragma once

#include <QString>

#include "store/postgres_address.h"
#include "store/sql_dialect.h"
#include "types/result.h"

namespace facecase {

// What `--workspace` names: a folder (an SQLite workspace, as always) or a PostgreSQL database
// written postgresql://[USER@]HOST[:PORT]/DB (postgres:// too). parse() decides which and
// refuses what is neither, so a URL with a typo can never become a folder named "postgresql:"
// in the current directory. A password in the URL is refused: it would show in the process
// list, the shell history and the settings file; libpq reads it from PGPASSWORD or ~/.pgpass.
//
// Text is a URL when it starts with a scheme and "://" (or with "postgresql:" or "postgres:",
// a URL missing its "//"); anything else is a folder, colons and all ("cases:2024", "/a/b:c").
// A folder whose name starts like a URL is written with a "./" in front. A small value;
// thread-safe to copy; parsing touches no file and no network.
class WorkspaceLocation {
public:
    // Errors start with the text as given (a password or "?options" replaced by "…"), then say
    // what is wrong and how a correct one is written.
    static Result<WorkspaceLocation> parse(const QString& text);

    // Whether `text` is meant as a URL (see above): such text must not be cleaned as a path,
    // since QDir::cleanPath turns "postgresql://host/db" into "postgresql:/host/db".
    static bool looksLikeUrl(const QString& text);

    SqlBackend backend() const { return m_backend; }
    bool isPostgres() const { return m_backend == SqlBackend::PostgreSql; }
    // SQLite: the folder exactly as given (relative paths stay relative). Empty for PostgreSQL.
    const QString& folder() const { return m_folder; }
    // PostgreSQL: server, port (5432 unless given), database and user. Empty for SQLite.
    const PostgresAddress& postgres() const { return m_postgres; }
    // This location with the password the analyst typed (PostgresAddress::password); a folder
    // is returned unchanged.
    WorkspaceLocation withPassword(const QString& password) const;
    // The folder, or the URL in its full form (postgresql://user@host:port/db, no password).
    QString displayName() const;

private:
    WorkspaceLocation() = default;

    SqlBackend m_backend = SqlBackend::Sqlite;
    QString m_folder;
    PostgresAddress m_postgres;
};

}  // namespace facecase
