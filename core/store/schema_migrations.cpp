#include "store/schema_migrations.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include "store/postgres_roles.h"
#include "store/schema_postgres.h"
#include "store/schema_v1.h"
#include "store/schema_v2.h"
#include "store/schema_v3.h"
#include "store/schema_v4.h"
#include "store/schema_v5.h"
#include "store/schema_v6.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
QString firstLineOf(const QString& sql) {
    // Statements start with a newline and may open with comments; name the statement by its
    // first line of SQL, which is what a developer would search the source for.
    const QStringList lines = sql.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& line : lines) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith(QStringLiteral("--"))) return trimmed;
    }
    return sql.trimmed();
}


}  // namespace

Error SchemaMigrations::newerDatabaseError(const QString& databasePath, int version) {
    return Error::invalidInput(
        QStringLiteral("%1: made by a newer FaceCase (schema %2, this build knows up to %3); "
                       "upgrade FaceCase")
            .arg(databasePath)
            .arg(version)
            .arg(kLatestVersion));
}

Error SchemaMigrations::failure(const QString& action, const QString& reason) const {
    return Error::internal(
        QStringLiteral("%1: cannot %2 (%3)").arg(m_connection.databasePath(), action, reason));
}

Result<SchemaMigrations::Inspection> SchemaMigrations::inspect() const {
    if (m_connection.dialect().backend() == SqlBackend::PostgreSql) return inspectPostgres();
    return inspectSqlite();
}

Result<SchemaMigrations::Inspection> SchemaMigrations::inspectPostgres() const {
    const QString& path = m_connection.databasePath();
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // Only the schema FaceCase works in (the login's current_schema, normally public) counts:
    // an agency's database may hold other schemas of its own.
    if (!query.exec(QStringLiteral(
            "SELECT count(*), count(*) FILTER (WHERE c.relname = 'meta' AND c.relkind = 'r') "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema()")) ||
        !query.next()) {
        return databaseError(path, QStringLiteral("read the database schema"), query.lastError());
    }
    Inspection inspection;
    inspection.isEmpty = query.value(0).toLongLong() == 0;
    const bool hasMeta = query.value(1).toLongLong() == 1;
    query.finish();
    if (inspection.isEmpty) return inspection;
    if (!hasMeta) {
        return Error::invalidInput(
            QStringLiteral("%1: not a FaceCase workspace database (its schema holds tables of "
                           "another program); give an empty database")
                .arg(path));
    }
    return readSchemaVersion(inspection);
}

Result<SchemaMigrations::Inspection> SchemaMigrations::inspectSqlite() const {
    const QString& path = m_connection.databasePath();
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);

    // The first read of the file: this is where SQLite notices a non-database or damaged file.
    if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !query.next()) {
        const QSqlError error = query.lastError();
        const int code = sqliteResultCode(error);
        if (code == kSqliteNotADatabase) {
            return Error::invalidInput(QStringLiteral("%1: not a FaceCase workspace database (%2)")
                                           .arg(path, databaseReason(path, error)));
        }
        if (code == kSqliteCorrupt) {
            return Error::invalidInput(
                QStringLiteral(
                    "%1: the workspace database is damaged (%2); restore it from a backup")
                    .arg(path, databaseReason(path, error)));
        }
        return databaseError(path, QStringLiteral("read the database schema"), error);
    }
    Inspection inspection;
    inspection.isEmpty = query.value(0).toLongLong() == 0;
    query.finish();

    if (!query.exec(QStringLiteral("PRAGMA application_id")) || !query.next()) {
        return databaseError(path, QStringLiteral("read the application id"), query.lastError());
    }
    inspection.applicationId = query.value(0).toInt();
    query.finish();
    if (inspection.applicationId != 0 && inspection.applicationId != kApplicationId) {
        return Error::invalidInput(
            QStringLiteral(
                "%1: not a FaceCase workspace database (an SQLite database of another program, "
                "application id 0x%2)")
                .arg(path)
                .arg(inspection.applicationId, 8, 16, QLatin1Char('0')));
    }
    if (inspection.isEmpty) return inspection;

    if (!query.exec(QStringLiteral(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'")) ||
        !query.next()) {
        return databaseError(path, QStringLiteral("read the database schema"), query.lastError());
    }
    const bool hasMeta = query.value(0).toLongLong() == 1;
    query.finish();
    if (!hasMeta) {
        return Error::invalidInput(
            QStringLiteral(
                "%1: not a FaceCase workspace database (an SQLite database of another program)")
                .arg(path));
    }

    return readSchemaVersion(inspection);
}

Result<SchemaMigrations::Inspection> SchemaMigrations::readSchemaVersion(
    Inspection inspection) const {
    const QString& path = m_connection.databasePath();
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'"))) {
        return databaseError(path, QStringLiteral("read the schema version"), query.lastError());
    }
    bool ok = false;
    inspection.schemaVersion = query.next() ? query.value(0).toString().toInt(&ok) : 0;
    if (!ok || inspection.schemaVersion < 1) {
        return Error::invalidInput(
            QStringLiteral(
                "%1: not a FaceCase workspace database (no valid schema version in its meta table)")
                .arg(path));
    }
    return inspection;
}

Result<int> SchemaMigrations::migrate() {
    const QString& path = m_connection.databasePath();
    if (m_connection.mode() != DatabaseConnection::Mode::ReadWrite) {
        return Error::internal(
            QStringLiteral("%1: cannot upgrade through a read-only connection").arg(path));
    }
    // Cheap check first, outside any transaction: the common case is "already current" and
    // must not take the write lock (which would wait behind a running enrollment).
    auto before = inspect();
    if (!before) return before.error();
    if (before->schemaVersion > kLatestVersion) {
        return newerDatabaseError(path, before->schemaVersion);
    }
    if (before->schemaVersion == kLatestVersion) return kLatestVersion;

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    // Read again under the write lock: another FaceCase process may have migrated meanwhile.
    auto locked = inspect();
    if (!locked) return locked.error();
    const int from = locked->schemaVersion;
    if (from > kLatestVersion) return newerDatabaseError(path, from);
    if (from == kLatestVersion) return from;  // the other process did it; nothing to commit

    // Cumulative steps: a database at version N runs every step after N, in order, all within
    // this one transaction. Never edit a released step; add the next one.
    const bool postgres = m_connection.dialect().backend() == SqlBackend::PostgreSql;
    if (postgres) {
        // PostgreSQL workspaces begin at version 4 (schema_postgres.h).
        if (from != 0 && from < 4) {
            return failure(QStringLiteral("upgrade the workspace database"),
                           QStringLiteral("a PostgreSQL workspace at schema %1 cannot exist: they "
                                          "begin at schema 4")
                               .arg(from));
        }
        if (from == 0) {
            if (auto r = runSteps(4, postgresSchemaStatements() + AgencyRoles::schemaStatements());
                !r) {
                return r.error();
            }
        }
    } else {
        if (from < 1) {
            if (auto r = runSteps(1, schemaV1Statements()); !r) return r.error();
        }
        if (from < 2) {
            if (auto r = runSteps(2, schemaV2Statements()); !r) return r.error();
        }
        if (from < 3) {
            if (auto r = runSteps(3, schemaV3Statements()); !r) return r.error();
        }
        if (from < 4) {
            if (auto r = runSteps(4, schemaV4Statements()); !r) return r.error();
        }
    }
    // Later versions: one step per version, with a spelling for each backend.
    if (from < 5) {
        if (auto r = runSteps(5, postgres ? postgresSchemaV5Statements() : schemaV5Statements());
            !r) {
            return r.error();
        }
    }
    if (from < 6) {
        if (auto r = runSteps(6, postgres ? postgresSchemaV6Statements() : schemaV6Statements());
            !r) {
            return r.error();
        }
    }

    if (auto r = stamp(kLatestVersion); !r) return r.error();
    if (auto r = runInjected(kLatestVersion, kBeforeCommit); !r) return r.error();
    if (auto r = transaction->commit(); !r) return r.error();
    return from;
}

Result<void> SchemaMigrations::runSteps(int version, const QStringList& statements) {
    if (auto r = runInjected(version, 0); !r) return r;
    QSqlQuery query(m_connection.database());
    for (int i = 0; i < statements.size(); ++i) {
        if (!query.exec(statements[i])) {
            return failure(QStringLiteral("upgrade the workspace database to schema %1; nothing "
                                          "was changed")
                               .arg(version),
                           QStringLiteral("statement %1 \"%2\": %3")
                               .arg(i + 1)
                               .arg(firstLineOf(statements[i]),
                                    databaseReason(m_connection.databasePath(),
                                                   query.lastError())));
        }
        if (auto r = runInjected(version, i + 1); !r) return r;
    }
    return {};
}

Result<void> SchemaMigrations::runInjected(int version, int position) {
    if (!m_injection || m_injection->version != version ||
        m_injection->afterStatement != position) {
        return {};
    }
    QSqlQuery query(m_connection.database());
    if (!query.exec(m_injection->statement)) {
        return failure(QStringLiteral("upgrade the workspace database to schema %1; nothing was "
                                      "changed")
                           .arg(version),
                       QStringLiteral("injected statement \"%1\": %2")
                           .arg(firstLineOf(m_injection->statement),
                                databaseReason(m_connection.databasePath(), query.lastError())));
    }
    return {};
}

Result<void> SchemaMigrations::stamp(int version) {
    const QString& path = m_connection.databasePath();
    // application_id lives in the file header but is written through the pager, so it rolls
    // back with the rest of the transaction. (PostgreSQL has no such header: its meta table
    // is the mark.)
    if (m_connection.dialect().backend() == SqlBackend::Sqlite) {
        if (auto r = m_connection.exec(
                QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId),
                QStringLiteral("stamp the application id"));
            !r) {
            return r;
        }
    }
    QSqlQuery query(m_connection.database());
    // First-time facts are kept; the version is overwritten.
    query.prepare(QStringLiteral(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"));
    const QList<std::pair<QString, QString>> facts{
        {QStringLiteral("workspace_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("created_by"), QStringLiteral("FaceCase " FACECASE_VERSION)},
    };
    for (const auto& [key, value] : facts) {
        query.bindValue(0, key);
        query.bindValue(1, value);
        if (!query.exec()) {
            return databaseError(path, QStringLiteral("record the workspace facts"),
                                 query.lastError());
        }
    }
    query.prepare(
        QStringLiteral("INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    query.bindValue(0, QString::number(version));
    if (!query.exec()) {
        return databaseError(path, QStringLiteral("record the schema version"), query.lastError());
    }
    return {};
}

void SchemaMigrations::injectStatementForTesting(int version, int afterStatement,
                                                 QString statement) {
    m_injection = Injection{version, afterStatement, std::move(statement)};
}

}  // namespace facecase
