// Workspace::open on a real PostgreSQL 15 server (a private cluster, tests/support): the schema
// is created in an empty database and found again, foreign and newer databases are refused
// untouched, the audit log refuses edits even from the database's owner, writers follow one
// another through the workspace's advisory lock, and the actor is the login. The repositories'
// own suites run on PostgreSQL as "<test>@postgresql" (BOTH_BACKENDS).
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>
#include <memory>

#include "audit/audit_trail.h"
#include "store/gallery_repository.h"
#include "store/schema_migrations.h"
#include "store/transaction.h"
#include "store/workspace.h"
#include "store_test_support.h"
#include "support/private_postgres.h"

using namespace facecase;
using namespace facecase::test;

class TestPostgresWorkspace : public QObject {
    Q_OBJECT

    std::unique_ptr<PrivatePostgres> m_cluster;
    int m_serial = 0;

    // A new, empty database owned by the cluster's superuser, and its URL.
    QString freshDatabase() {
        const QString name = QStringLiteral("db_%1").arg(++m_serial);
        auto created = m_cluster->superuserQuery(QStringLiteral("CREATE DATABASE %1").arg(name),
                                                 QStringLiteral("postgres"));
        if (!created) qFatal("%s", qPrintable(created.errorMessage()));
        return url(m_cluster->superuser(), name);
    }
    QString url(const QString& user, const QString& database) const {
        return QStringLiteral("postgresql://%1@%2:%3/%4")
            .arg(user, PrivatePostgres::host())
            .arg(m_cluster->port())
            .arg(database);
    }
    QString databaseOf(const QString& workspaceUrl) const {
        return workspaceUrl.section(QLatin1Char('/'), -1);
    }
    QString tablesOf(const QString& database) const {
        auto tables = m_cluster->superuserQuery(
            QStringLiteral("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                           "WHERE schemaname = 'public'"),
            database);
        return tables ? *tables : tables.errorMessage();
    }

    static Result<void> appendRecord(const DatabaseConnection& db, const QString& actor) {
        auto transaction = Transaction::begin(db, Transaction::Kind::Write);
        if (!transaction) return transaction.error();
        AuditEntry entry;
        entry.actor = actor;
        entry.action = QStringLiteral("test_record");
        if (auto r = AuditTrail(db).append(*transaction, entry); !r) return r.error();
        return transaction->commit();
    }

private slots:
    void initTestCase() {
        auto cluster = PrivatePostgres::start();
        QVERIFY2(cluster.ok(), qPrintable(cluster.errorMessage()));
        m_cluster = std::move(cluster).value();
        m_cluster->lendSuperuserPasswordToLibpq();
    }
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void cleanupTestCase() { m_cluster.reset(); }

    void emptyDatabaseGetsTheSchemaOnceAndTheLoginActs() {
        const QString location = freshDatabase();
        auto workspace = Workspace::open(location);
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        QVERIFY(workspace->isPostgres());
        QCOMPARE(workspace->schemaVersion(), SchemaMigrations::kLatestVersion);
        QCOMPARE(workspace->databasePath(), location);
        QCOMPARE(workspace->folder(), QString());
        QCOMPARE(workspace->actor().name(), m_cluster->superuser());
        const QString tables = tablesOf(databaseOf(location));
        QCOMPARE(tables,
                 QStringLiteral("annotation_marks,annotations,audit_log,candidates,cases,"
                                "descriptor_models,enrollment_items,enrollment_jobs,evidence,"
                                "face_changes,face_images,faces,galleries,images,meta,policy_settings,probes,searches,"
                                "subjects,"
                                "supervisor_credential,verdict_reviews"));

        // Opening again finds the latest version and changes nothing: the workspace id stays.
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        const QString id =
            scalar(*connection, QStringLiteral("SELECT value FROM meta WHERE key = 'workspace_id'"))
                .toString();
        QVERIFY(!id.isEmpty());
        auto again = Workspace::open(location);
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QCOMPARE(scalar(*connection,
                        QStringLiteral("SELECT value FROM meta WHERE key = 'workspace_id'"))
                     .toString(),
                 id);
        QCOMPARE(scalar(*connection,
                        QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'"))
                     .toString(),
                 QString::number(SchemaMigrations::kLatestVersion));
    }

    void anotherProgramsDatabaseIsRefusedUntouched() {
        const QString location = freshDatabase();
        QVERIFY(m_cluster
                    ->superuserQuery(QStringLiteral("CREATE TABLE invoices (id int)"),
                                     databaseOf(location))
                    .ok());
        auto workspace = Workspace::open(location);
        QVERIFY(!workspace.ok());
        QCOMPARE(workspace.errorMessage(),
                 location + QStringLiteral(": not a FaceCase workspace database (its schema "
                                           "holds tables of another program); give an empty "
                                           "database"));
        QCOMPARE(tablesOf(databaseOf(location)), QStringLiteral("invoices"));
    }

    void newerSchemaIsRefusedUntouched() {
        const QString location = freshDatabase();
        QVERIFY(Workspace::open(location).ok());
        QVERIFY(m_cluster
                    ->superuserQuery(QStringLiteral("UPDATE meta SET value = '99' WHERE key = "
                                                    "'schema_version'"),
                                     databaseOf(location))
                    .ok());
        auto workspace = Workspace::open(location);
        QVERIFY(!workspace.ok());
        QVERIFY2(workspace.errorMessage().startsWith(
                     location + QStringLiteral(": made by a newer FaceCase (schema 99")),
                 qPrintable(workspace.errorMessage()));
    }

    // PostgreSQL 15 lets nobody but the owner create tables in schema public: a login that may
    // not is told so, in words, and nothing is created.
    void loginThatMayNotCreateTablesIsToldWhy() {
        const QString location = freshDatabase();
        QVERIFY(m_cluster->createLoginRole(QStringLiteral("carol"), QStringLiteral("pw-carol")).ok());
        qputenv("PGPASSWORD", "pw-carol");
        auto workspace = Workspace::open(url(QStringLiteral("carol"), databaseOf(location)));
        m_cluster->lendSuperuserPasswordToLibpq();
        QVERIFY(!workspace.ok());
        const QString message = workspace.errorMessage();
        QVERIFY2(message.contains(QStringLiteral("permission denied for schema public")),
                 qPrintable(message));
        QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
        QCOMPARE(tablesOf(databaseOf(location)), QString());
    }

    // The triggers stop an edit whoever sends it, the owner included (only dropping them, which
    // the agency's roles will not allow, gets past; the hash chain still shows it).
    void auditRecordsCannotBeChangedDeletedOrTruncated() {
        const QString location = freshDatabase();
        auto workspace = Workspace::open(location);
        QVERIFY(workspace.ok());
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        QVERIFY(appendRecord(*connection, workspace->actor().name()).ok());
        const qint64 records = count(*connection, QStringLiteral("audit_log"));
        QVERIFY(records >= 1);
        const struct {
            QString sql;
            QString refusal;
        } edits[] = {
            {QStringLiteral("UPDATE audit_log SET actor = 'mallory'"),
             QStringLiteral("audit log records cannot be changed")},
            {QStringLiteral("DELETE FROM audit_log"),
             QStringLiteral("audit log records cannot be deleted")},
            {QStringLiteral("TRUNCATE audit_log"),
             QStringLiteral("audit log records cannot be deleted")},
        };
        for (const auto& edit : edits) {
            auto refused = connection->exec(edit.sql, QStringLiteral("edit the audit log"));
            QVERIFY2(!refused.ok(), qPrintable(edit.sql));
            QVERIFY2(refused.errorMessage().contains(edit.refusal),
                     qPrintable(refused.errorMessage()));
        }
        QCOMPARE(count(*connection, QStringLiteral("audit_log")), records);
    }

    // A superuser can get past the triggers (ALTER TABLE … DISABLE TRIGGER); the hash chain
    // still shows an edit, a deletion and an inserted record, each where it happened.
    void auditVerifyFindsASuperusersEdits_data() {
        QTest::addColumn<QString>("tampering");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("seq");
        QTest::newRow("edited") << QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
                                << int(AuditVerification::BreakKind::Edited) << qint64(2);
        QTest::newRow("deleted") << QStringLiteral("DELETE FROM audit_log WHERE seq = 2")
                                 << int(AuditVerification::BreakKind::Deleted) << qint64(2);
        QTest::newRow("inserted")
            << QStringLiteral("UPDATE audit_log SET seq = -seq WHERE seq >= 2; "
                              "UPDATE audit_log SET seq = 1 - seq WHERE seq < 0; "
                              "INSERT INTO audit_log SELECT 2, at, actor, case_id, 'forged', "
                              "details, prev_hash, repeat('f', 64) FROM audit_log WHERE seq = 3")
            << int(AuditVerification::BreakKind::Inserted) << qint64(2);
    }
    void auditVerifyFindsASuperusersEdits() {
        QFETCH(QString, tampering);
        QFETCH(int, kind);
        QFETCH(qint64, seq);
        const QString location = freshDatabase();
        auto workspace = Workspace::open(location);
        QVERIFY(workspace.ok());
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(appendRecord(*connection, workspace->actor().name()).ok());
        }
        auto before = AuditTrail(*connection).verify();
        QVERIFY2(before.ok(), qPrintable(before.errorMessage()));
        QVERIFY(before->intact());
        QCOMPARE(before->recordCount, qint64(3));

        auto tampered = m_cluster->superuserQuery(
            QStringLiteral("ALTER TABLE audit_log DISABLE TRIGGER USER; %1; "
                           "ALTER TABLE audit_log ENABLE TRIGGER USER")
                .arg(tampering),
            databaseOf(location));
        QVERIFY2(tampered.ok(), qPrintable(tampered.errorMessage()));
        auto after = AuditTrail(*connection).verify();
        QVERIFY2(after.ok(), qPrintable(after.errorMessage()));
        QVERIFY(!after->intact());
        QCOMPARE(int(after->firstBreak->kind), kind);
        QCOMPARE(after->firstBreak->seq, seq);
    }

    // Two workstations: while one holds the write lock, the other's write transaction waits at
    // BEGIN (here it gives up after a short lock_timeout, with FaceCase's words); once the first
    // commits, it goes ahead. Read transactions never wait.
    void writersFollowOneAnother() {
        const QString location = freshDatabase();
        auto workspace = Workspace::open(location);
        QVERIFY(workspace.ok());
        auto first = workspace->openConnection();
        auto second = workspace->openConnection();
        QVERIFY(first.ok() && second.ok());
        QVERIFY(second->exec(QStringLiteral("SET lock_timeout = 200"), QStringLiteral("test")).ok());

        auto holding = Transaction::begin(*first, Transaction::Kind::Write);
        QVERIFY(holding.ok());
        {
            auto reading = Transaction::begin(*second, Transaction::Kind::Read);
            QVERIFY2(reading.ok(), qPrintable(reading.errorMessage()));
        }
        auto waiting = Transaction::begin(*second, Transaction::Kind::Write);
        QVERIFY(!waiting.ok());
        QVERIFY2(waiting.errorMessage().contains(QStringLiteral(
                     "another FaceCase workstation is writing to this database")),
                 qPrintable(waiting.errorMessage()));
        // The failed BEGIN left no transaction open on the second connection.
        QVERIFY2(second->exec(QStringLiteral("SELECT 1"), QStringLiteral("test")).ok(),
                 "the second connection is still usable");

        QVERIFY(holding->commit().ok());
        auto after = Transaction::begin(*second, Transaction::Kind::Write);
        QVERIFY2(after.ok(), qPrintable(after.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestPostgresWorkspace)
#include "test_postgres_workspace.moc"
