#pragma once

#include <QString>

#include "store/database_connection.h"
#include "store/workspace_location.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// A workspace is one folder: the database `facecase.sqlite` (cases, galleries, faces,
// descriptors, audit log) and `evidence/` (probe photos and exported candidates, copied in and
// keyed by SHA-256 so provenance survives the originals moving) -- or, for an agency, a
// PostgreSQL database holding the same tables (DESIGN.md, "Two store backends, one store").
//
// open() creates what is missing and upgrades an older database; it refuses a path that is a
// file, a folder it cannot write, a file that is not a FaceCase database or is damaged, and a
// database made by a newer FaceCase (which it leaves untouched). On PostgreSQL it connects with
// the URL's login, creates the schema in an empty database (or refuses one holding another
// program's tables) and keeps the login the server authenticated as the actor.
//
// When the server wants a password that PGPASSWORD and ~/.pgpass did not give, open() fails
// with Error::Kind::PasswordNeeded and touches nothing: the front end asks the analyst and
// opens location.withPassword(typed). A Workspace is a small value (location, paths, schema
// version, login, the typed password): copy it to any thread, and let each thread call
// openConnection() for its own connection.
class Workspace {
public:
    // `location` is what --workspace got: a folder or a postgresql:// URL (WorkspaceLocation).
    static Result<Workspace> open(const QString& location);
    static Result<Workspace> open(const WorkspaceLocation& location);

    // Where a workspace lives when no --workspace is given: "FaceCase/workspace" under the
    // per-user data folder (~/.local/share on Linux). Deliberately independent of the
    // executable's application and organization names, so the GUI ("FaceCase") and
    // facecase-cli share one default workspace.
    static QString defaultLocation();

    static QString databaseFileName() { return QStringLiteral("facecase.sqlite"); }
    static QString evidenceFolderName() { return QStringLiteral("evidence"); }

    SqlBackend backend() const { return m_location.backend(); }
    bool isPostgres() const { return m_location.isPostgres(); }
    // SQLite: absolute, canonical. Empty for PostgreSQL.
    const QString& folder() const { return m_folder; }
    // The SQLite file, or the PostgreSQL URL (no password): what messages name.
    const QString& databasePath() const { return m_databasePath; }
    // SQLite: folder()/evidence. Empty for PostgreSQL.
    const QString& evidenceFolder() const { return m_evidenceFolder; }
    // Where this workstation keeps what it can rebuild from the database (search index
    // caches, fetched evidence copies): the workspace folder on SQLite; on PostgreSQL a folder
    // per database under the user's cache (~/.cache/FaceCase/<server-port-database>).
    QString localCacheFolder() const;
    // The audit witness file (AuditWitness) where this workstation anchors the chain heads it
    // writes: in the workspace folder on SQLite, so it travels with the workspace but survives
    // an edit of the database file; on PostgreSQL in localCacheFolder(), so each workstation
    // keeps its own record of what it wrote (docs/audit.md says what that does and does not
    // prove). Every connection from openConnection() anchors there.
    QString auditWitnessPath() const;
    int schemaVersion() const { return m_schemaVersion; }

    // Who acts on this workspace: on the embedded (SQLite) workspace the operating-system user
    // running FaceCase; on PostgreSQL the login the server authenticated when the workspace was
    // opened (session_user). The only source of audit actors and default analysts.
    Actor actor() const;

    // A read-write connection for the calling thread. SQLite: WAL, foreign keys on, < 1 ms.
    // PostgreSQL: a new session with the workspace's URL (a network round trip or three).
    Result<DatabaseConnection> openConnection() const;

    // SQLite's quick_check over the whole file: finds damage that opening cannot see (a bad
    // page deep in the faces table). Reads everything, so it is for `workspace check`, not for
    // every start. Names the file and SQLite's first complaint. On PostgreSQL the server's
    // storage is its administrator's (data checksums, pg_amcheck): refused, saying so.
    Result<void> checkIntegrity() const;

private:
    Workspace(WorkspaceLocation location, QString folder, QString databasePath,
              QString evidenceFolder, int schemaVersion);
    static Result<Workspace> openFolder(const WorkspaceLocation& location);
    static Result<Workspace> openPostgres(const WorkspaceLocation& location);

    WorkspaceLocation m_location;
    QString m_login;  // PostgreSQL: session_user at open
    QString m_folder;
    QString m_databasePath;
    QString m_evidenceFolder;
    int m_schemaVersion = 0;
};

}  // namespace facecase
