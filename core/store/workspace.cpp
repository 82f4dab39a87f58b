#include "store/workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <utility>

#include "audit/audit_witness.h"
#include "store/schema_migrations.h"
#include "store/store_error.h"

namespace facecase {

namespace {
// The first 16 bytes of every SQLite 3 database file.
constexpr char kSqliteMagic[] = "SQLite format 3";  // plus its terminating NUL: 16 bytes

Result<void> ensureWritableFolder(const QString& folder) {
    const QFileInfo info(folder);
    if (info.exists() && !info.isDir()) {
        return Error::invalidInput(
            QStringLiteral("%1: is a file, not a folder; give a folder for the workspace")
                .arg(folder));
    }
    if (!info.exists() && !QDir().mkpath(folder)) {
        return Error::invalidInput(QStringLiteral("%1: cannot create the workspace folder; check "
                                                  "that the parent folder exists and is "
                                                  "writable")
                                       .arg(folder));
    }
    // Ask the file system rather than the permission bits: ACLs, read-only mounts and root
    // make the bits unreliable, and SQLite needs to create its -wal and -shm files here.
    QTemporaryFile probe(QDir(folder).filePath(QStringLiteral(".facecase-write-test-XXXXXX")));
    if (!probe.open()) {
        return Error::invalidInput(
            QStringLiteral(
                "%1: the workspace folder is not writable (%2); check its permissions or choose "
                "another folder")
                .arg(folder, probe.errorString()));
    }
    return {};
}

// Refuses what is plainly not an SQLite database before SQLite opens it, so that nothing --
// not even a -wal or -shm file -- is created beside somebody else's file.
Result<void> checkDatabaseFile(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) return {};
    if (!info.isFile()) {
        return Error::invalidInput(
            QStringLiteral("%1: not a FaceCase workspace database (not a regular file)").arg(path));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::invalidInput(QStringLiteral("%1: cannot read the workspace database (%2)")
                                       .arg(path, file.errorString()));
    }
    if (file.size() == 0) return {};  // SQLite's own empty database: initialised by migrate()
    const QByteArray header = file.read(sizeof kSqliteMagic);
    if (header != QByteArray(kSqliteMagic, sizeof kSqliteMagic)) {
        return Error::invalidInput(
            QStringLiteral("%1: not a FaceCase workspace database (file is not a database)")
                .arg(path));
    }
    if (!info.isWritable()) {
        return Error::invalidInput(
            QStringLiteral("%1: the workspace database is read-only; check its permissions")
                .arg(path));
    }
    return {};
}
}  // namespace

Workspace::Workspace(WorkspaceLocation location, QString folder, QString databasePath,
                     QString evidenceFolder, int schemaVersion)
    : m_location(std::move(location)),
      m_folder(std::move(folder)),
      m_databasePath(std::move(databasePath)),
      m_evidenceFolder(std::move(evidenceFolder)),
      m_schemaVersion(schemaVersion) {}

QString Workspace::defaultLocation() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("FaceCase/workspace"));
}

Result<Workspace> Workspace::open(const QString& location) {
    auto parsed = WorkspaceLocation::parse(location);
    if (!parsed) return parsed.error();
    return open(*parsed);
}

Result<Workspace> Workspace::open(const WorkspaceLocation& location) {
    return location.isPostgres() ? openPostgres(location) : openFolder(location);
}

Result<Workspace> Workspace::openPostgres(const WorkspaceLocation& location) {
    auto connection = DatabaseConnection::open(location.postgres());
    if (!connection) return connection.error();
    // Inspect first, outside any transaction: a database of another program or of a newer
    // FaceCase is refused without a write (migrate() does the same check again under the lock).
    auto inspection = SchemaMigrations(*connection).inspect();
    if (!inspection) return inspection.error();
    if (inspection->schemaVersion > SchemaMigrations::kLatestVersion) {
        return SchemaMigrations::newerDatabaseError(connection->databasePath(),
                                                    inspection->schemaVersion);
    }
    if (auto migrated = SchemaMigrations(*connection).migrate(); !migrated) {
        return migrated.error();
    }
    auto login = connection->actor();
    if (!login) return login.error();
    Workspace workspace(location, QString(), connection->databasePath(), QString(),
                        SchemaMigrations::kLatestVersion);
    workspace.m_login = login->name();
    return workspace;
}

Actor Workspace::actor() const {
    return isPostgres() ? Actor::databaseLogin(m_login) : Actor::operatingSystemUser();
}

Result<Workspace> Workspace::openFolder(const WorkspaceLocation& location) {
    const QString& folderArgument = location.folder();
    if (folderArgument.trimmed().isEmpty()) {
        return Error::invalidInput(QStringLiteral("no workspace folder given"));
    }
    const QString requested = QDir::cleanPath(QFileInfo(folderArgument).absoluteFilePath());
    if (auto r = ensureWritableFolder(requested); !r) return r.error();
    // Canonical (symlinks resolved) so that two spellings of one folder give one connection
    // name prefix and one path in error messages.
    const QString folder = QFileInfo(requested).canonicalFilePath();
    const QDir dir(folder);
    const QString databasePath = dir.filePath(databaseFileName());

    if (auto r = checkDatabaseFile(databasePath); !r) return r.error();

    // Look before changing anything: a read-only connection sets no journal mode, so a newer
    // or foreign database is refused byte-for-byte untouched.
    if (QFileInfo(databasePath).size() > 0) {
        auto inspector = DatabaseConnection::open(databasePath, DatabaseConnection::Mode::ReadOnly);
        if (!inspector) return inspector.error();
        auto inspection = SchemaMigrations(*inspector).inspect();
        if (!inspection) return inspection.error();
        if (inspection->schemaVersion > SchemaMigrations::kLatestVersion) {
            return SchemaMigrations::newerDatabaseError(databasePath, inspection->schemaVersion);
        }
    }

    auto connection = DatabaseConnection::open(databasePath);
    if (!connection) return connection.error();
    SchemaMigrations migrations(*connection);
    auto migrated = migrations.migrate();
    if (!migrated) return migrated.error();

    const QString evidence = dir.filePath(evidenceFolderName());
    const QFileInfo evidenceInfo(evidence);
    if (evidenceInfo.exists() && !evidenceInfo.isDir()) {
        return Error::invalidInput(
            QStringLiteral(
                "%1: is a file, but the workspace keeps its evidence copies in a folder of that "
                "name; move the file away")
                .arg(evidence));
    }
    if (!evidenceInfo.exists() && !dir.mkdir(evidenceFolderName())) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot create the evidence folder").arg(evidence));
    }
    return Workspace(location, folder, databasePath, evidence, SchemaMigrations::kLatestVersion);
}

Result<DatabaseConnection> Workspace::openConnection() const {
    auto connection = isPostgres() ? DatabaseConnection::open(m_location.postgres())
                                   : DatabaseConnection::open(m_databasePath);
    if (connection) connection->setAuditWitnessPath(auditWitnessPath());
    return connection;
}

QString Workspace::auditWitnessPath() const {
    return QDir(localCacheFolder()).filePath(AuditWitness::fileName());
}

QString Workspace::localCacheFolder() const {
    if (!isPostgres()) return m_folder;
    const PostgresAddress& address = m_location.postgres();
    // Readable, and distinct per server and database (the login does not change the data).
    QString name = QStringLiteral("%1-%2-%3").arg(address.host).arg(address.port).arg(address.database);
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation))
        .filePath(QStringLiteral("FaceCase/") + name);
}

Result<void> Workspace::checkIntegrity() const {
    if (isPostgres()) {
        return Error::invalidInput(
            QStringLiteral("%1: the integrity of a PostgreSQL database is checked on the server "
                           "(pg_amcheck, data checksums), by its administrator")
                .arg(m_databasePath));
    }
    auto connection = openConnection();
    if (!connection) return connection.error();
    QSqlQuery query(connection->database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("PRAGMA quick_check"))) {
        return databaseError(m_databasePath, QStringLiteral("check the database"),
                             query.lastError());
    }
    QStringList problems;
    while (query.next()) {
        const QString line = query.value(0).toString();
        if (line != QStringLiteral("ok")) problems << line;
    }
    if (problems.isEmpty()) return {};
    return Error::invalidInput(
        QStringLiteral("%1: the workspace database is damaged (%2%3); restore it from a backup")
            .arg(m_databasePath, problems.first(),
                 problems.size() > 1
                     ? QStringLiteral(", and %1 more problems").arg(problems.size() - 1)
                     : QString()));
}

}  // namespace facecase
