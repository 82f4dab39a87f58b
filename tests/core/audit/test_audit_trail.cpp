// The hash-chained audit log: appends only inside the action's write transaction, a chain that
// verifies, and each of the four ways of tampering (edit, delete, reorder, insert) detected with
// the right record and kind when done through a plain connection to the database, the way
// someone with the file and the sqlite3 shell (or psql as the database's owner) would.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "audit/audit_anchor_check.h"
#include "audit/audit_cross_check.h"
#include "audit/audit_trail.h"
#include "audit/audit_witness.h"
#include "store/workspace.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {
using Kind = AuditVerification::BreakKind;

// Someone else's connection to the file: plain QSQLITE, none of FaceCase's code. Runs each
// statement and reports the first failure.
QString rawExec(const QString& databasePath, const QStringList& statements) {
    static int serial = 0;
    const QString name = QStringLiteral("tamperer-%1").arg(++serial);
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(databasePath);
        if (!db.open()) return db.lastError().text();
        for (const QString& sql : statements) {
            QSqlQuery query(db);
            if (!query.exec(sql)) {
                failure = QStringLiteral("%1: %2").arg(sql, query.lastError().text());
                break;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return failure;
}

// What an attacker runs first to get past the append-only triggers: SQLite's file owner drops
// them; PostgreSQL's table owner switches them off.
QStringList disableTriggers(SqlBackend backend) {
    if (backend == SqlBackend::PostgreSql)
        return {QStringLiteral("ALTER TABLE audit_log DISABLE TRIGGER USER")};
    return {QStringLiteral("DROP TRIGGER audit_log_is_append_only_update"),
            QStringLiteral("DROP TRIGGER audit_log_is_append_only_delete")};
}

QString sqlText(const QString& text) {
    return QStringLiteral("'%1'").arg(
        QString(text).replace(QLatin1Char('\''), QStringLiteral("''")));
}

// The INSERT an attacker would write for `r`.
QString insertSql(const AuditRecord& r) {
    return QStringLiteral(
               "INSERT INTO audit_log (seq, at, actor, case_id, action, details, "
               "prev_hash, hash) VALUES (%1, %2, %3, %4, %5, %6, %7, %8)")
        .arg(r.seq)
        .arg(sqlText(r.at), sqlText(r.actor),
             r.caseId ? QString::number(*r.caseId) : QStringLiteral("NULL"), sqlText(r.action),
             sqlText(QString::fromUtf8(r.details)), sqlText(r.prevHash), sqlText(r.hash));
}
}  // namespace

class TestAuditTrail : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;

    // A fresh workspace per test, with one case (id 1) for records to refer to.
    void freshWorkspace() {
        m_db.reset();
        auto workspace = m_workspaces.next();
        if (!workspace) qFatal("%s", qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        reconnect();
        if (auto r = m_db->exec(
                QStringLiteral(
                    "INSERT INTO cases (case_number, purpose, analyst, opened_at) "
                    "VALUES ('2024-CR-17', 'robbery', 'zoe', '2024-05-01T09:00:00.000Z')"),
                QStringLiteral("add a case"));
            !r) {
            qFatal("%s", qPrintable(r.errorMessage()));
        }
    }
    void reconnect() {
        m_db.reset();
        auto connection = m_workspace->openConnection();
        if (!connection) qFatal("%s", qPrintable(connection.errorMessage()));
        m_db.emplace(std::move(connection).value());
    }

    Result<AuditRecord> appendOne(const AuditEntry& entry) {
        auto transaction = Transaction::begin(*m_db, Transaction::Kind::Write);
        if (!transaction) return transaction.error();
        auto appended = AuditTrail(*m_db).append(*transaction, entry);
        if (!appended) return appended;
        if (auto committed = transaction->commit(); !committed) return committed.error();
        return appended;
    }

    // `n` records of mixed shapes: with and without a case, nested details, text that needs
    // escaping, non-ASCII.
    std::vector<AuditRecord> appendRecords(int n) {
        std::vector<AuditRecord> records;
        for (int i = 1; i <= n; ++i) {
            AuditEntry entry;
            entry.action =
                i % 3 == 0 ? QStringLiteral("search_run") : QStringLiteral("probe_added");
            entry.actor = i % 2 ? QStringLiteral("Zoë Analyst") : QStringLiteral("o'brien");
            if (i % 2 == 0) entry.caseId = 1;
            entry.details = QJsonObject{
                {QStringLiteral("n"), i},
                {QStringLiteral("note"), QStringLiteral("line one\nline \"two\" \t東京")},
                {QStringLiteral("candidates"),
                 QJsonArray{QJsonObject{{QStringLiteral("rank"), 1},
                                        {QStringLiteral("distance"), QStringLiteral("0.4123")}}}},
            };
            auto appended = appendOne(entry);
            if (!appended) qFatal("%s", qPrintable(appended.errorMessage()));
            records.push_back(*appended);
        }
        return records;
    }

    AuditVerification verified() {
        auto verification = AuditTrail(*m_db).verify();
        if (!verification) qFatal("%s", qPrintable(verification.errorMessage()));
        return *verification;
    }

    // Runs `statements` as an attacker: on SQLite through a plain QSQLITE connection to the
    // file; on PostgreSQL through a session of the database's owner (the cluster's superuser
    // the tests log in as). Returns the first failure, empty if none.
    QString attack(const QStringList& statements) const {
        if (!m_workspace->isPostgres()) return rawExec(m_workspace->databasePath(), statements);
        auto owner = m_workspace->openConnection();
        if (!owner) return owner.errorMessage();
        for (const QString& sql : statements) {
            QSqlQuery query(owner->database());
            if (!query.exec(sql)) return QStringLiteral("%1: %2").arg(sql, query.lastError().text());
        }
        return {};
    }

    // The log compared with the workspace's audit witness, as `audit verify` does.
    AuditAnchorCheck anchorCheck() {
        auto check = AuditAnchorCheck::readAnchors(m_workspace->auditWitnessPath());
        if (!check) qFatal("%s", qPrintable(check.errorMessage()));
        if (auto compared = check->compare(*m_db); !compared) qFatal("%s", qPrintable(compared.errorMessage()));
        return *check;
    }

    // Closes our connection, runs `statements` as an attacker, reconnects.
    void tamper(const QStringList& statements) {
        m_db.reset();
        const QString failure = attack(statements);
        if (!failure.isEmpty()) qFatal("tampering failed: %s", qPrintable(failure));
        reconnect();
    }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    // Pins the canonical form and hash to values computed by Python's json and hashlib (the
    // recipe in docs/audit.md), independently of this code.
    void hashesMatchTheDocumentedRecipe() {
        freshWorkspace();
        AuditEntry first;
        first.action = QStringLiteral("test_action");
        first.actor = QStringLiteral(" Zoë Analyst ");  // trimmed
        first.at = QDateTime(QDate(2024, 5, 1), QTime(9, 30), Qt::UTC);
        first.details = QJsonObject{
            {QStringLiteral("purpose"), QStringLiteral("Robbery, 1 May\nwarrant 88/24")},
            {QStringLiteral("case_number"), QStringLiteral("2024-CR-17")},
            {QStringLiteral("n"), 3}};
        auto one = appendOne(first);
        QVERIFY2(one.ok(), qPrintable(one.errorMessage()));
        QCOMPARE(one->seq, qint64(1));
        QCOMPARE(one->prevHash, AuditRecord::genesisHash());
        QCOMPARE(
            QString::fromUtf8(one->canonicalForm()),
            QStringLiteral(
                R"({"action":"test_action","actor":"Zoë Analyst","at":"2024-05-01T09:30:00.000Z","case_id":null,"details":{"case_number":"2024-CR-17","n":3,"purpose":"Robbery, 1 May\nwarrant 88/24"},"seq":1})"));
        QCOMPARE(
            one->hash,
            QStringLiteral("0b91274b2a0456d8f9b477d9cdedfe92ea94affc7682be008023bc2dff8f3acb"));

        AuditEntry second;
        second.action = QStringLiteral("test_action");
        second.actor = QStringLiteral("Zoë Analyst");
        second.caseId = 1;
        second.at = QDateTime(QDate(2024, 5, 1), QTime(9, 31), Qt::UTC);
        auto two = appendOne(second);
        QVERIFY2(two.ok(), qPrintable(two.errorMessage()));
        QCOMPARE(two->prevHash, one->hash);
        QCOMPARE(
            two->hash,
            QStringLiteral("1e85e03ff425514e32e0f64aa33b3a532056312c8c954e40af9e649fdd10ffed"));

        // What is stored is what was hashed.
        auto stored = AuditTrail(*m_db).records();
        QVERIFY(stored.ok());
        QCOMPARE(stored->size(), std::size_t(2));
        QCOMPARE(stored->at(0).details, one->details);
        QCOMPARE(stored->at(0).at, QStringLiteral("2024-05-01T09:30:00.000Z"));
        QCOMPARE(stored->at(1).caseId, std::optional<qint64>(1));
        QCOMPARE(stored->at(1).hash, two->hash);
    }

    // The example record and hash printed in docs/audit.md.
    void documentedExampleHolds() {
        AuditRecord r;
        r.seq = 1;
        r.at = QStringLiteral("2024-05-01T09:30:00.000Z");
        r.actor = QStringLiteral("zoe");
        r.caseId = 1;
        r.action = QStringLiteral("case_created");
        r.details =
            R"({"analyst":"zoe","case_number":"2024-CR-17","purpose":"Robbery at 5 Main St\nwarrant 88/24","title":""})";
        r.prevHash = AuditRecord::genesisHash();
        QCOMPARE(r.computeHash(),
                 QStringLiteral("a39a9bb123ad07dc65081ed6822e274315d0b01c065f1aa77f0c6ed70cb57826"));
    }

    void chainOfRecordsVerifies() {
        freshWorkspace();
        QCOMPARE(verified().recordCount, qint64(0));  // an empty log is intact
        QVERIFY(verified().intact());
        QCOMPARE(verified().headHash, AuditRecord::genesisHash());

        const std::vector<AuditRecord> records = appendRecords(200);
        for (std::size_t i = 1; i < records.size(); ++i) {
            QCOMPARE(records[i].seq, records[i - 1].seq + 1);
            QCOMPARE(records[i].prevHash, records[i - 1].hash);
        }
        const AuditVerification v = verified();
        QVERIFY2(v.intact(), v.firstBreak ? qPrintable(v.firstBreak->explanation) : "");
        QCOMPARE(v.recordCount, qint64(200));
        QCOMPARE(v.headSeq, qint64(200));
        QCOMPARE(v.headHash, records.back().hash);
    }

    // A busy workspace's log: many appends in one transaction, then one verification. Prints
    // the rates (a measurement, not a timed assertion).
    void verifiesALongLog() {
        freshWorkspace();
        const int n = 20000;
        QElapsedTimer clock;
        clock.start();
        {
            auto t = Transaction::begin(*m_db, Transaction::Kind::Write);
            QVERIFY(t.ok());
            AuditTrail trail(*m_db);
            for (int i = 1; i <= n; ++i) {
                AuditEntry entry{
                    QStringLiteral("search_run"),
                    QStringLiteral("zoe"),
                    1,
                    QJsonObject{{QStringLiteral("n"), i},
                                {QStringLiteral("probe_sha256"), QString(64, QLatin1Char('c'))}},
                    {}};
                auto appended = trail.append(*t, entry);
                QVERIFY2(appended.ok(), qPrintable(appended.errorMessage()));
            }
            QVERIFY(t->commit().ok());
        }
        const qint64 appendMs = clock.restart();
        const AuditVerification v = verified();
        const qint64 verifyMs = clock.elapsed();
        QVERIFY(v.intact());
        QCOMPARE(v.recordCount, qint64(n));
        qInfo("%d records: append %.1f µs each; verify %lld ms (%.0f records/s)", n,
              1000.0 * double(appendMs) / n, verifyMs,
              1000.0 * n / double(qMax<qint64>(verifyMs, 1)));
    }

    void appendOutsideAWriteTransactionIsRefused() {
        freshWorkspace();
        AuditEntry entry{QStringLiteral("probe_added"), QStringLiteral("zoe"), 1, {}, {}};
        AuditTrail trail(*m_db);
        {  // committed already
            auto t = Transaction::begin(*m_db, Transaction::Kind::Write);
            QVERIFY(t.ok());
            QVERIFY(t->commit().ok());
            auto appended = trail.append(*t, entry);
            QVERIFY(!appended.ok());
            QCOMPARE(appended.error().kind, Error::Kind::Internal);
            QVERIFY2(appended.errorMessage().contains(QStringLiteral("write transaction")),
                     qPrintable(appended.errorMessage()));
        }
        {  // a read transaction
            auto t = Transaction::begin(*m_db, Transaction::Kind::Read);
            QVERIFY(t.ok());
            QVERIFY(!trail.append(*t, entry).ok());
        }
        {  // a write transaction on another connection to the same file
            auto other = m_workspace->openConnection();
            QVERIFY(other.ok());
            auto t = Transaction::begin(*other, Transaction::Kind::Write);
            QVERIFY(t.ok());
            QVERIFY(!trail.append(*t, entry).ok());
        }
        // the Transaction object is open, but SQLite has rolled back underneath it (PostgreSQL
        // never ends a transaction by itself)
        if (m_db->dialect().mayEndTransactionByItself()) {
            auto t = Transaction::begin(*m_db, Transaction::Kind::Write);
            QVERIFY(t.ok());
            QVERIFY(m_db->exec(QStringLiteral("ROLLBACK"), QStringLiteral("roll back")).ok());
            auto appended = trail.append(*t, entry);
            QVERIFY(!appended.ok());
            QVERIFY2(appended.errorMessage().contains(QStringLiteral("rolled back")),
                     qPrintable(appended.errorMessage()));
        }
        QCOMPARE(count(*m_db, QStringLiteral("audit_log")), qint64(0));
    }

    // The record is part of the action's transaction: it goes when the action is rolled back.
    void recordCommitsAndRollsBackWithTheAction() {
        freshWorkspace();
        AuditEntry entry{QStringLiteral("case_closed"), QStringLiteral("zoe"), 1, {}, {}};
        {
            auto t = Transaction::begin(*m_db, Transaction::Kind::Write);
            QVERIFY(t.ok());
            QVERIFY(m_db->exec(QStringLiteral("UPDATE cases SET status = 'closed', closed_at = "
                                              "'2024-05-02T00:00:00.000Z'"),
                               QStringLiteral("close"))
                        .ok());
            QVERIFY(AuditTrail(*m_db).append(*t, entry).ok());
        }  // no commit
        QCOMPARE(count(*m_db, QStringLiteral("audit_log")), qint64(0));
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT status FROM cases")).toString(),
                 QStringLiteral("open"));
        auto committed = appendOne(entry);
        QVERIFY(committed.ok());
        QCOMPARE(committed->seq, qint64(1));  // the rolled-back record left no gap
        QVERIFY(verified().intact());
    }

    void badEntriesAreRefused_data() {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("actor");
        QTest::addColumn<qint64>("caseId");
        QTest::addColumn<QJsonObject>("details");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("no actor") << QStringLiteral("probe_added") << QStringLiteral("  ")
                                  << qint64(0) << QJsonObject() << QStringLiteral("needs an actor");
        QTest::newRow("action with spaces")
            << QStringLiteral("Probe added") << QStringLiteral("zoe") << qint64(0) << QJsonObject()
            << QStringLiteral("snake_case");
        QTest::newRow("fractional number")
            << QStringLiteral("search_run") << QStringLiteral("zoe") << qint64(0)
            << QJsonObject{{QStringLiteral("threshold"), 0.6}}
            << QStringLiteral("details.threshold: 0.6");
        QTest::newRow("unknown case")
            << QStringLiteral("probe_added") << QStringLiteral("zoe") << qint64(99) << QJsonObject()
            << QStringLiteral("FOREIGN KEY");
    }
    void badEntriesAreRefused() {
        QFETCH(QString, action);
        QFETCH(QString, actor);
        QFETCH(qint64, caseId);
        QFETCH(QJsonObject, details);
        QFETCH(QString, messagePart);
        freshWorkspace();
        AuditEntry entry{
            action, actor, caseId ? std::optional<qint64>(caseId) : std::nullopt, details, {}};
        auto appended = appendOne(entry);
        QVERIFY(!appended.ok());
        // Case-insensitive: SQLite says "FOREIGN KEY constraint failed", PostgreSQL "violates
        // foreign key constraint".
        QVERIFY2(appended.errorMessage().contains(messagePart, Qt::CaseInsensitive),
                 qPrintable(appended.errorMessage()));
        QCOMPARE(count(*m_db, QStringLiteral("audit_log")), qint64(0));
    }

    // The triggers stop anyone who does not remove them first, even outside FaceCase.
    void updateAndDeleteAreRefusedWhileTheTriggersExist() {
        freshWorkspace();
        const std::vector<AuditRecord> records = appendRecords(3);
        m_db.reset();
        const QString update =
            attack({QStringLiteral("UPDATE audit_log SET details = '{}' WHERE seq = 2")});
        QVERIFY2(update.contains(QStringLiteral("audit log records cannot be changed")),
                 qPrintable(update));
        const QString remove = attack({QStringLiteral("DELETE FROM audit_log WHERE seq = 3")});
        QVERIFY2(remove.contains(QStringLiteral("audit log records cannot be deleted")),
                 qPrintable(remove));
        reconnect();
        QCOMPARE(count(*m_db, QStringLiteral("audit_log")), qint64(3));
        const AuditVerification v = verified();
        QVERIFY(v.intact());
        QCOMPARE(v.headHash, records.back().hash);
    }

    void tamperingIsDetected_data() {
        QTest::addColumn<int>("how");
        QTest::addColumn<qint64>("seq");
        QTest::addColumn<int>("kind");
        // The four kinds the issue names, as a plain attacker does them...
        QTest::newRow("edit details") << 0 << qint64(5) << int(Kind::Edited);
        QTest::newRow("delete a middle record") << 1 << qint64(5) << int(Kind::Deleted);
        QTest::newRow("swap two records") << 2 << qint64(5) << int(Kind::Reordered);
        QTest::newRow("insert a forged record") << 3 << qint64(6) << int(Kind::Inserted);
        // ... and by one who covers tracks: fixes the hash, renumbers, forges badly.
        QTest::newRow("edit and recompute its hash") << 4 << qint64(5) << int(Kind::Edited);
        QTest::newRow("delete and renumber") << 5 << qint64(5) << int(Kind::Deleted);
        QTest::newRow("insert with a made-up hash") << 6 << qint64(6) << int(Kind::Inserted);
        QTest::newRow("delete the first record") << 7 << qint64(1) << int(Kind::Deleted);
        QTest::newRow("edit the actor") << 8 << qint64(3) << int(Kind::Edited);
        QTest::newRow("insert before the first record") << 9 << qint64(1) << int(Kind::Inserted);
    }
    void tamperingIsDetected() {
        QFETCH(int, how);
        QFETCH(qint64, seq);
        QFETCH(int, kind);
        freshWorkspace();
        const std::vector<AuditRecord> records = appendRecords(10);
        QVERIFY(verified().intact());
        const AuditRecord& fifth = records[4];

        QStringList sql = disableTriggers(m_workspace->backend());
        // Shifts records from `from` on up by one, making room at `from` (via negative seqs, so
        // the primary key never collides midway).
        const auto makeRoomAt = [&](qint64 from) {
            sql << QStringLiteral("UPDATE audit_log SET seq = -seq - 1 WHERE seq >= %1").arg(from)
                << QStringLiteral("UPDATE audit_log SET seq = -seq WHERE seq < 0");
        };
        AuditRecord forged;
        forged.at = fifth.at;
        forged.actor = QStringLiteral("mallory");
        forged.action = QStringLiteral("search_run");
        forged.details = R"({"note":"never happened"})";
        switch (how) {
            case 0:
                sql << (m_workspace->isPostgres()
                            ? QStringLiteral("UPDATE audit_log SET details = CAST(jsonb_set("
                                             "CAST(details AS jsonb), '{n}', '99') AS text) "
                                             "WHERE seq = 5")
                            : QStringLiteral("UPDATE audit_log SET details = "
                                             "json_set(details, '$.n', 99) WHERE seq = 5"));
                break;
            case 1:
                sql << QStringLiteral("DELETE FROM audit_log WHERE seq = 5");
                break;
            case 2:
                sql << QStringLiteral("UPDATE audit_log SET seq = -5 WHERE seq = 5")
                    << QStringLiteral("UPDATE audit_log SET seq = 5 WHERE seq = 6")
                    << QStringLiteral("UPDATE audit_log SET seq = 6 WHERE seq = -5");
                break;
            case 3:  // a well-formed record: right seq, right prev_hash, its hash computed
                makeRoomAt(6);
                forged.seq = 6;
                forged.prevHash = fifth.hash;
                forged.hash = forged.computeHash();
                sql << insertSql(forged);
                break;
            case 4: {
                AuditRecord edited = fifth;
                edited.details = R"({"n":5,"note":"rewritten"})";
                edited.hash = edited.computeHash();
                sql << QStringLiteral("UPDATE audit_log SET details = %1, hash = %2 WHERE seq = 5")
                           .arg(sqlText(QString::fromUtf8(edited.details)), sqlText(edited.hash));
                break;
            }
            case 5:
                // Via negative seqs: PostgreSQL checks the primary key row by row.
                sql << QStringLiteral("DELETE FROM audit_log WHERE seq = 5")
                    << QStringLiteral("UPDATE audit_log SET seq = 1 - seq WHERE seq > 5")
                    << QStringLiteral("UPDATE audit_log SET seq = -seq WHERE seq < 0");
                break;
            case 6:
                makeRoomAt(6);
                forged.seq = 6;
                forged.prevHash = QString(64, QLatin1Char('a'));
                forged.hash = QString(64, QLatin1Char('b'));
                sql << insertSql(forged);
                break;
            case 7:
                sql << QStringLiteral("DELETE FROM audit_log WHERE seq = 1");
                break;
            case 8:
                sql << QStringLiteral("UPDATE audit_log SET actor = 'someone else' WHERE seq = 3");
                break;
            case 9:
                makeRoomAt(1);
                forged.seq = 1;
                forged.prevHash = AuditRecord::genesisHash();
                forged.hash = forged.computeHash();
                sql << insertSql(forged);
                break;
        }
        tamper(sql);

        const AuditVerification v = verified();
        QVERIFY2(!v.intact(), "tampering went unnoticed");
        QCOMPARE(v.firstBreak->seq, seq);
        QCOMPARE(AuditVerification::kindName(v.firstBreak->kind),
                 AuditVerification::kindName(Kind(kind)));
        QVERIFY(v.firstBreak->explanation.contains(QString::number(seq)));
        qInfo("%s", qPrintable(v.firstBreak->explanation));
    }

    // Every committed head is anchored outside the database, one line each; a rolled-back
    // append anchors nothing (an anchor never names a head the database does not hold).
    void committedHeadsAreAnchored() {
        freshWorkspace();
        const std::vector<AuditRecord> records = appendRecords(3);
        {
            auto t = Transaction::begin(*m_db, Transaction::Kind::Write);
            QVERIFY(t.ok());
            AuditEntry entry{QStringLiteral("probe_added"), QStringLiteral("zoe"), 1, {}, {}};
            QVERIFY(AuditTrail(*m_db).append(*t, entry).ok());
            t->rollback();
        }
        AuditRecord last;
        {  // one transaction, two records: one anchor, its last head (the chain links the other)
            auto t = Transaction::begin(*m_db, Transaction::Kind::Write);
            QVERIFY(t.ok());
            AuditEntry entry{QStringLiteral("probe_added"), QStringLiteral("zoe"), 1, {}, {}};
            QVERIFY(AuditTrail(*m_db).append(*t, entry).ok());
            auto appended = AuditTrail(*m_db).append(*t, entry);
            QVERIFY(appended.ok());
            last = *appended;
            QVERIFY(t->commit().ok());
        }
        QCOMPARE(last.seq, qint64(5));
        QFile witness(m_workspace->auditWitnessPath());
        QVERIFY2(witness.open(QIODevice::ReadOnly), qPrintable(witness.fileName()));
        const QList<QByteArray> lines = witness.readAll().split('\n');
        QCOMPARE(lines.size(), 5);  // four lines and the final newline
        QCOMPARE(AuditWitness::parseLine(lines[3])->hash, last.hash);
        QVERIFY(lines.back().isEmpty());
        for (int i = 0; i < 3; ++i) {
            const auto anchor = AuditWitness::parseLine(lines[i]);
            QVERIFY2(anchor.has_value(), lines[i].constData());
            QCOMPARE(anchor->seq, records[i].seq);
            QCOMPARE(anchor->hash, records[i].hash);
            QCOMPARE(anchor->at, records[i].at);
            QCOMPARE(anchor->workspace, m_workspace->databasePath());
            QVERIFY(lines[i].startsWith(QByteArray(records[i].at.toUtf8() + " seq=")));  // reads well in `tail`
        }
        const AuditAnchorCheck check = anchorCheck();
        QVERIFY(check.witnessFound);
        QCOMPARE(check.anchors, qint64(4));
        QCOMPARE(check.lastSeq, qint64(5));
        QVERIFY(check.agrees());
        QVERIFY(check.findings().isEmpty());
    }

    // The owner of the database drops the triggers and deletes the newest records: the chain
    // that is left is intact, the anchors show what is missing and since when.
    void aRemovedTailIsReportedWithTheLastAnchoredSeq() {
        freshWorkspace();
        const std::vector<AuditRecord> records = appendRecords(6);
        tamper(disableTriggers(m_workspace->backend())
               << QStringLiteral("DELETE FROM audit_log WHERE seq >= 5"));
        QVERIFY(verified().intact());  // what the chain alone says
        QCOMPARE(verified().headSeq, qint64(4));

        const AuditAnchorCheck check = anchorCheck();
        QVERIFY(!check.agrees());
        QVERIFY(check.tailMissing());
        QCOMPARE(check.lastSeq, qint64(4));
        QCOMPARE(check.lastAnchor->seq, qint64(6));
        QCOMPARE(check.differenceCount, qint64(0));  // the tail is one finding, not two
        const QStringList findings = check.findings();
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.front(), QStringLiteral("records after seq 4 are missing (last anchored "
                                                  "seq 6 at %1)").arg(records[5].at));
        const QJsonObject json = check.json();
        QCOMPARE(json[QStringLiteral("missing_after_seq")].toInteger(), 4);
        QCOMPARE(json[QStringLiteral("last_anchored_seq")].toInteger(), 6);
        QCOMPARE(json[QStringLiteral("agrees")].toBool(), false);

        // The whole log gone is a missing tail too.
        tamper({QStringLiteral("DELETE FROM audit_log")});
        QCOMPARE(anchorCheck().findings().front(),
                 QStringLiteral("records after seq 0 are missing (last anchored seq 6 at %1)").arg(records[5].at));
    }

    // A log rewritten from record 3 on, every hash recomputed: the chain verifies, the anchors
    // of the rewritten records do not match.
    void aRewrittenLogDiffersFromItsAnchors() {
        freshWorkspace();
        std::vector<AuditRecord> records = appendRecords(5);
        QStringList sql = disableTriggers(m_workspace->backend());
        sql << QStringLiteral("DELETE FROM audit_log WHERE seq >= 3");
        QString prev = records[1].hash;
        for (std::size_t i = 2; i < records.size(); ++i) {
            AuditRecord forged = records[i];
            forged.actor = QStringLiteral("mallory");
            forged.prevHash = prev;
            forged.hash = forged.computeHash();
            prev = forged.hash;
            sql << insertSql(forged);
        }
        tamper(sql);
        QVERIFY(verified().intact());
        const AuditAnchorCheck check = anchorCheck();
        QVERIFY(!check.agrees());
        QVERIFY(!check.tailMissing());
        QCOMPARE(check.differenceCount, qint64(3));
        QCOMPARE(check.differences.front().seq, qint64(3));
        QCOMPARE(check.differences.front().anchoredHash, records[2].hash);
        QVERIFY2(check.findings().front().startsWith(QStringLiteral("record 3 differs from its anchor")),
                 qPrintable(check.findings().front()));
    }

    // Heads an auditor noted elsewhere count like the witness's; a workspace without a witness
    // has nothing to compare (not a finding).
    void namedHeadsAndAMissingWitness() {
        freshWorkspace();
        const std::vector<AuditRecord> records = appendRecords(2);
        QVERIFY(QFile::remove(m_workspace->auditWitnessPath()));
        QVERIFY(anchorCheck().agrees());
        QCOMPARE(anchorCheck().anchors, qint64(0));
        QVERIFY(!anchorCheck().witnessFound);

        auto head = AuditAnchorCheck::parseNamedHead(QStringLiteral("3:") + QString(64, QLatin1Char('a')));
        QVERIFY(head.ok());
        QVERIFY(!AuditAnchorCheck::parseNamedHead(QStringLiteral("3:abc")).ok());
        auto check = AuditAnchorCheck::readAnchors(m_workspace->auditWitnessPath(), {*head});
        QVERIFY(check.ok());
        QVERIFY(check->compare(*m_db).ok());
        QVERIFY(check->tailMissing());
        QCOMPARE(check->lastSeq, qint64(2));

        auto right = AuditAnchorCheck::parseNamedHead(QStringLiteral("%1:%2").arg(records[1].seq).arg(records[1].hash.toUpper()));
        QVERIFY(right.ok());
        check = AuditAnchorCheck::readAnchors(QString(), {*right});
        QVERIFY(check->compare(*m_db).ok());
        QVERIFY(check->agrees());
        QCOMPARE(check->anchors, qint64(1));
    }

    // Torn or edited lines are skipped and counted; lines of several writers in any order.
    void theWitnessIsReadLineByLine() {
        freshWorkspace();
        const std::vector<AuditRecord> records = appendRecords(2);
        QFile witness(m_workspace->auditWitnessPath());
        QVERIFY(witness.open(QIODevice::Append));
        witness.write("garbage\n2024-05-01T09:30:00.000Z seq=1 hash=zz workspace=x\n");
        witness.write(QByteArray(10000, 'x') + '\n');
        AuditAnchor earlier{1, records[0].hash, records[0].at, QStringLiteral("elsewhere with spaces")};
        witness.write(AuditWitness::formatLine(earlier));
        witness.write("2024-05-01T09:30:00.000Z seq=2 hash=");  // torn: no hash, no newline
        witness.close();
        const AuditAnchorCheck check = anchorCheck();
        QCOMPARE(check.unreadableLines, qint64(4));
        QCOMPARE(check.anchors, qint64(3));
        QVERIFY(check.agrees());
        QCOMPARE(AuditWitness::parseLine(AuditWitness::formatLine(earlier))->workspace, earlier.workspace);
    }

    // A witness that cannot be written costs a warning, never the action.
    void aFailedAnchorDoesNotFailTheAction() {
        freshWorkspace();
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        m_db->setAuditWitnessPath(dir.filePath(QStringLiteral("file/audit-witness.log")));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("audit record 1 is recorded, but its "
                                                               "chain head was not anchored")));
        AuditEntry entry{QStringLiteral("probe_added"), QStringLiteral("zoe"), 1, {}, {}};
        auto appended = appendOne(entry);
        QVERIFY2(appended.ok(), qPrintable(appended.errorMessage()));
        QCOMPARE(count(*m_db, QStringLiteral("audit_log")), qint64(1));
    }

    // The state against the trail, one disagreement per kind, each named by object.
    void crossCheckNamesEachDisagreement() {
        freshWorkspace();  // case 1, inserted behind the trail's back
        const auto crossCheck = [&] {
            auto check = AuditCrossCheck::run(*m_db);
            if (!check) qFatal("%s", qPrintable(check.errorMessage()));
            return *check;
        };
        AuditCrossCheck check = crossCheck();
        QCOMPARE(check.findings(), QStringList{QStringLiteral("case 2024-CR-17: the trail has no case_created record")});

        const auto record = [&](const QString& action, std::optional<qint64> caseId, QJsonObject details) {
            auto appended = appendOne(AuditEntry{action, QStringLiteral("zoe"), caseId, details, {}});
            if (!appended) qFatal("%s", qPrintable(appended.errorMessage()));
            return appended->seq;
        };
        record(QStringLiteral("case_created"), 1, {});
        QVERIFY(m_db->exec(QStringLiteral("UPDATE cases SET status = 'closed', closed_at = "
                                          "'2024-05-02T00:00:00.000Z' WHERE id = 1"),
                           QStringLiteral("close"))
                    .ok());
        const qint64 closed = record(QStringLiteral("case_closed"), 1, {});
        check = crossCheck();
        QVERIFY2(check.agrees(), qPrintable(check.findings().join(QLatin1Char('\n'))));
        QCOMPARE(check.objectsChecked, qint64(1));

        // A probe row with no record, records whose probe and search are gone.
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO probes (case_id, sha256, evidence_path, "
                                          "file_bytes, width, height, format, imported_at, actor) "
                                          "VALUES (1, '%1', 'evidence/x.jpg', 1, 1, 1, 'jpeg', "
                                          "'2024-05-01T09:00:00.000Z', 'zoe')")
                               .arg(QString(64, QLatin1Char('a'))),
                           QStringLiteral("add a probe"))
                    .ok());
        const qint64 probeRecord = record(QStringLiteral("probe_added"), 1, {{QStringLiteral("probe_id"), 99}});
        const qint64 searchRecord = record(QStringLiteral("search_run"), 1, {{QStringLiteral("search_id"), 7}});
        // The case_closed record deleted while the case stays closed.
        tamper(disableTriggers(m_workspace->backend())
               << QStringLiteral("DELETE FROM audit_log WHERE seq = %1").arg(closed));
        check = crossCheck();
        const QStringList findings = check.findings();
        QVERIFY2(findings.contains(QStringLiteral("case 2024-CR-17: is closed, but the trail has no "
                                                  "case_closed record after its case_created (seq 1)")),
                 qPrintable(findings.join(QLatin1Char('\n'))));
        QVERIFY2(findings.contains(QStringLiteral("probe 1: (case 2024-CR-17) has no probe_added record")),
                 qPrintable(findings.join(QLatin1Char('\n'))));
        QVERIFY(findings.contains(QStringLiteral("probe 99: (case 2024-CR-17) was recorded by probe_added "
                                                 "(seq %1), but is gone and no purge of its case is recorded")
                                      .arg(probeRecord)));
        QVERIFY(findings.contains(QStringLiteral("search 7: (case 2024-CR-17) was recorded by search_run "
                                                 "(seq %1), but is gone and no purge of its case is recorded")
                                      .arg(searchRecord)));
        QCOMPARE(check.disagreementCount, qint64(4));
        QCOMPARE(check.json()[QStringLiteral("disagreement_count")].toInteger(), 4);

        // A recorded purge accounts for what is gone (the case stays closed: no purged_at here).
        record(QStringLiteral("case_purged"), 1, {});
        check = crossCheck();
        QCOMPARE(check.disagreementCount, qint64(2));
    }

    void recordsAreFiltered() {
        freshWorkspace();
        appendRecords(9);
        AuditTrail trail(*m_db);
        AuditFilter byCase;
        byCase.caseId = 1;
        auto ofCase = trail.records(byCase);
        QVERIFY(ofCase.ok());
        QCOMPARE(ofCase->size(), std::size_t(4));  // records 2, 4, 6, 8
        for (const AuditRecord& r : *ofCase) QCOMPARE(r.caseId, std::optional<qint64>(1));
        QCOMPARE(ofCase->front().seq, qint64(2));
        QCOMPARE(ofCase->front().detailsObject().value(QStringLiteral("n")).toInt(), 2);

        AuditFilter byActionAndActor;
        byActionAndActor.action = QStringLiteral("search_run");
        byActionAndActor.actor = QStringLiteral("Zoë Analyst");
        auto searches = trail.records(byActionAndActor);
        QVERIFY(searches.ok());
        QCOMPARE(searches->size(), std::size_t(2));  // 3 and 9
        QCOMPARE(searches->back().seq, qint64(9));

        const QDateTime start = QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC);
        AuditEntry dated{QStringLiteral("probe_added"), QStringLiteral("zoe"), {}, {}, start};
        QVERIFY(appendOne(dated).ok());
        AuditFilter range;
        range.from = start;
        range.until = start.addMSecs(1);
        auto inRange = trail.records(range);
        QVERIFY(inRange.ok());
        QCOMPARE(inRange->size(), std::size_t(1));
        QCOMPARE(inRange->front().seq, qint64(10));
        range.from = start.addMSecs(1);
        range.until = {};
        QVERIFY(trail.records(range)->empty());
    }
};

QTEST_GUILESS_MAIN(TestAuditTrail)
#include "test_audit_trail.moc"
