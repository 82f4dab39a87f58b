#pragma once

#include <QString>
#include <optional>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// The schema version lives in the `meta` table (key 'schema_version'); an empty database is
// version 0. migrate() brings a database up to kLatestVersion with cumulative steps
// (`if (from < 1) …`, later `if (from < 2) …`) inside ONE write transaction: if any statement
// fails, everything is rolled back and the file is exactly as it was. A database newer than
// kLatestVersion is refused and not touched.
//
// On PostgreSQL the database starts empty and is created at version 4 in one step
// (schema_postgres.h), then takes the later steps like an existing version-4 database; only
// the login's current schema is looked at.
//
// The database is also stamped with SQLite's application_id ('FCAS'), so any SQLite tool (and
// `file`) can tell a FaceCase workspace database from another program's.
//
// Works on the calling thread's connection; cost: a few milliseconds for a fresh database,
// one SELECT when already current.
class SchemaMigrations {
public:
    // 2: galleries.kind (real / synthetic); 3: probes, searches.probe_id, verdict reasons and
    // marks; 4: policy settings, supervisor passphrase, retention and purge, verdict reviews;
    // 5: the gallery's change log (face_changes) that search indexes follow; 6: the aligned
    // chip and thumbnail of every enrolled face (face_images)
    static constexpr int kLatestVersion = 6;
    static constexpr int kApplicationId = 0x46434153;  // "FCAS"

    // What is in the file, read without writing anything.
    struct Inspection {
        int schemaVersion = 0;  // 0: empty database, nothing of FaceCase yet
        bool isEmpty = true;    // no tables, views, indexes or triggers at all
        int applicationId = 0;
    };

    explicit SchemaMigrations(const DatabaseConnection& connection) : m_connection(connection) {}

    // Refuses, with the file named, a database of another program (other application_id, or
    // tables but no FaceCase meta table) and reports SQLite's own complaints about a damaged
    // or non-database file.
    Result<Inspection> inspect() const;

    // Upgrades to kLatestVersion; returns the version the database had before.
    Result<int> migrate();

    // The error for a database made by a newer FaceCase (shared with Workspace's pre-check).
    static Error newerDatabaseError(const QString& databasePath, int version);

    // Test hook: during the migration to `version`, run `statement` right after statement
    // number `afterStatement` (1-based; 0 = before the first) of that version's list, or with
    // kBeforeCommit after the new version has been recorded, just before COMMIT. A real
    // statement on the real database (e.g. one that violates a constraint) to prove rollback.
    static constexpr int kBeforeCommit = -1;
    void injectStatementForTesting(int version, int afterStatement, QString statement);

private:
    Result<Inspection> inspectSqlite() const;
    Result<Inspection> inspectPostgres() const;
    Result<Inspection> readSchemaVersion(Inspection inspection) const;
    Result<void> runSteps(int version, const QStringList& statements);
    Result<void> runInjected(int version, int position);
    Result<void> stamp(int version);
    Error failure(const QString& action, const QString& reason) const;

    struct Injection {
        int version = 0;
        int afterStatement = 0;
        QString statement;
    };

    const DatabaseConnection& m_connection;
    std::optional<Injection> m_injection;
};

}  // namespace facecase
