#pragma once

#include <QString>

#include "store/database_connection.h"
#include "store/workspace_location.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// A workspace is one folder: the database `facecase.sqlite` (cases, galleries, faces,
// descriptors, audit log) and `evidence/` (probe photos and exported candidates, copied in and
// keyed by SHA-256 so provenance survives the originals moving).
//
// open() creates what is missing and upgrades an older database; it refuses a path that is a
// file, a folder it cannot write, a file that is not a FaceCase database or is damaged, and a
// database made by a newer FaceCase (which it leaves untouched). A PostgreSQL location
// (postgresql://…) is recognised and refused for now, naming it, without creating anything:
// the agency database is being built (issue 12). A Workspace is a small value
// (paths and the schema version): copy it to any thread, and let each thread call
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

    const QString& folder() const { return m_folder; }  // absolute, canonical
    const QString& databasePath() const { return m_databasePath; }
    const QString& evidenceFolder() const { return m_evidenceFolder; }
    int schemaVersion() const { return m_schemaVersion; }

    // Who acts on this workspace: on this embedded (SQLite) workspace the operating-system user
    // running FaceCase. The only source of audit actors and default analysts.
    Actor actor() const { return Actor::operatingSystemUser(); }

    // A read-write connection for the calling thread (WAL, foreign keys on). Cheap (< 1 ms).
    Result<DatabaseConnection> openConnection() const;

    // SQLite's quick_check over the whole file: finds damage that opening cannot see (a bad
    // page deep in the faces table). Reads everything, so it is for `workspace check`, not for
    // every start. Names the file and SQLite's first complaint.
    Result<void> checkIntegrity() const;

private:
    Workspace(QString folder, QString databasePath, QString evidenceFolder, int schemaVersion);
    static Result<Workspace> openFolder(const QString& folder);

    QString m_folder;
    QString m_databasePath;
    QString m_evidenceFolder;
    int m_schemaVersion = 0;
};

}  // namespace facecase
