// End-to-end: `facecase-cli case create | list | close | reopen` and `audit verify | export` on
// real workspaces, including a workspace tampered with through a plain SQLite connection
// (docs/cli.md, docs/audit.md).
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"
#include "audit/canonical_json.h"

using namespace facecase;

namespace {
using Run = test::CliRun;

QByteArray fingerprint(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

QJsonObject json(const Run& run) {
    return QJsonDocument::fromJson(run.out).object();
}

// RFC 4180 rows (quoted fields may hold commas, quotes and newlines).
QList<QStringList> parseCsv(const QByteArray& bytes) {
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n')) {
            row << field;
            field.clear();
            rows << row;
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

// The hash of one exported line, recomputed from the line alone as docs/audit.md describes.
QString recomputedHash(const QJsonObject& line) {
    QJsonObject record = line;
    const QString prev = record.take(QStringLiteral("prev_hash")).toString();
    record.remove(QStringLiteral("hash"));
    auto canonical = CanonicalJson::serialize(record);
    if (!canonical) return canonical.errorMessage();
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray(prev.toUtf8() + *canonical), QCryptographicHash::Sha256).toHex());
}
}  // namespace

class TestCliAudit : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    Run cli(const QString& workspace, QStringList args) {
        args << QStringLiteral("--workspace") << m_dir.filePath(workspace);
        return test::runCli(args, 60'000);
    }
    QString databasePath(const QString& workspace) const {
        return m_dir.filePath(workspace + QStringLiteral("/facecase.sqlite"));
    }
    Run createCase(const QString& workspace, const QString& number) {
        return cli(workspace, {QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"), number,
                               QStringLiteral("--purpose"), QStringLiteral("Robbery, 5 Main St; warrant 88/24"),
                               QStringLiteral("--title"), QStringLiteral("Main St \"robbery\""), QStringLiteral("--json")});
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void caseCommands() {
        const QString ws = QStringLiteral("cases");
        Run run = createCase(ws, QStringLiteral("2024-CR-17"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QJsonObject created = json(run);
        QCOMPARE(created[QStringLiteral("number")].toString(), QStringLiteral("2024-CR-17"));
        QCOMPARE(created[QStringLiteral("status")].toString(), QStringLiteral("open"));
        QVERIFY(!created[QStringLiteral("analyst")].toString().isEmpty());  // the OS user
        QVERIFY(created[QStringLiteral("closed_at")].isNull());

        run = createCase(ws, QStringLiteral("2024-cr-17"));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("\"2024-CR-17\"") && run.err.contains("already taken"), run.err.constData());

        run = cli(ws, {QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"), QStringLiteral("9")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--purpose"), run.err.constData());

        run = cli(ws, {QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"), QStringLiteral("2024-CR-18"),
                       QStringLiteral("--purpose"), QStringLiteral("Fraud"), QStringLiteral("--analyst"), QStringLiteral("Det. Ruiz")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.contains("Opened case 2024-CR-18"));

        run = cli(ws, {QStringLiteral("case"), QStringLiteral("close"), QStringLiteral("2024-cr-17"),
                       QStringLiteral("--reason"), QStringLiteral("charged"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(json(run)[QStringLiteral("status")].toString(), QStringLiteral("closed"));
        QVERIFY(!json(run)[QStringLiteral("closed_at")].isNull());
        run = cli(ws, {QStringLiteral("case"), QStringLiteral("close"), QStringLiteral("2024-CR-17")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("already closed"), run.err.constData());
        run = cli(ws, {QStringLiteral("case"), QStringLiteral("close"), QStringLiteral("1999-X")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("no case numbered \"1999-X\""), run.err.constData());

        run = cli(ws, {QStringLiteral("case"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonArray cases = json(run)[QStringLiteral("cases")].toArray();
        QCOMPARE(cases.size(), 2);
        QCOMPARE(cases[0].toObject()[QStringLiteral("number")].toString(), QStringLiteral("2024-CR-17"));  // latest activity
        QCOMPARE(cases[1].toObject()[QStringLiteral("analyst")].toString(), QStringLiteral("Det. Ruiz"));
        run = cli(ws, {QStringLiteral("case"), QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("closed")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.contains("2024-CR-17") && !run.out.contains("2024-CR-18"));

        run = cli(ws, {QStringLiteral("case"), QStringLiteral("reopen"), QStringLiteral("2024-CR-17"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(json(run)[QStringLiteral("status")].toString(), QStringLiteral("open"));
    }

    void verifyThenTamperThenVerify() {
        const QString ws = QStringLiteral("tampered");
        for (const char* number : {"A-1", "A-2", "A-3"}) QCOMPARE(createCase(ws, QLatin1String(number)).exitCode, 0);
        QCOMPARE(cli(ws, {QStringLiteral("case"), QStringLiteral("close"), QStringLiteral("A-2")}).exitCode, 0);

        Run run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QJsonObject v = json(run);
        QCOMPARE(v[QStringLiteral("intact")].toBool(), true);
        QCOMPARE(v[QStringLiteral("records")].toInt(), 4);
        QCOMPARE(v[QStringLiteral("head_seq")].toInt(), 4);
        QCOMPARE(v[QStringLiteral("head_hash")].toString().size(), 64);
        QCOMPARE(v[QStringLiteral("recorded_seq")].toInt(), 5);  // the check itself

        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("Audit chain intact: 5 records"), run.out.constData());
        QVERIFY(run.out.contains("audit record 6 (audit_verified)"));

        // An attacker with the file: drop the guard triggers, change what record 2 says.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("attacker"));
            db.setDatabaseName(databasePath(ws));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY2(!q.exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")), "trigger missing");
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_log_is_append_only_update")));
            QVERIFY2(q.exec(QStringLiteral("UPDATE audit_log SET details = json_set(details, '$.purpose', 'none') WHERE seq = 2")),
                     qPrintable(q.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("attacker"));

        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("BROKEN at seq 2 (edited)"), run.out.constData());
        QVERIFY2(run.err.contains("broken at seq 2"), run.err.constData());
        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        v = json(run);
        QCOMPARE(v[QStringLiteral("intact")].toBool(), false);
        QCOMPARE(v[QStringLiteral("break")].toObject()[QStringLiteral("seq")].toInt(), 2);
        QCOMPARE(v[QStringLiteral("break")].toObject()[QStringLiteral("kind")].toString(), QStringLiteral("edited"));
        QCOMPARE(v[QStringLiteral("recorded_seq")].toInt(), 8);  // findings are recorded too
    }

    // The newest records deleted behind FaceCase's back (triggers dropped, as the file's owner
    // can): the chain that is left verifies, the witness beside the database shows the tail is
    // missing and since when; --read-only compares too, and the finding is on record.
    void aRemovedTailIsReported() {
        const QString ws = QStringLiteral("truncated");
        for (const char* number : {"T-1", "T-2"}) QCOMPARE(createCase(ws, QLatin1String(number)).exitCode, 0);
        QCOMPARE(cli(ws, {QStringLiteral("case"), QStringLiteral("close"), QStringLiteral("T-2")}).exitCode, 0);
        Run run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QJsonObject anchors = json(run)[QStringLiteral("anchors")].toObject();
        QCOMPARE(anchors[QStringLiteral("agrees")].toBool(), true);
        QCOMPARE(anchors[QStringLiteral("anchors")].toInt(), 3);
        QCOMPARE(json(run)[QStringLiteral("complete")].toBool(), true);
        const QString head = QStringLiteral("%1:%2").arg(json(run)[QStringLiteral("head_seq")].toInt())
                                 .arg(json(run)[QStringLiteral("head_hash")].toString());
        QVERIFY(QFileInfo(m_dir.filePath(ws + QStringLiteral("/audit-witness.log"))).isFile());

        // Delete the case_closed record (seq 3) and the check after it (seq 4).
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("truncator"));
            db.setDatabaseName(databasePath(ws));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_log_is_append_only_delete")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM audit_log WHERE seq >= 3")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("truncator"));

        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("Audit chain intact: 2 records"), run.out.constData());  // the chain alone
        QVERIFY2(run.out.contains("records after seq 2 are missing (last anchored seq 4 at "), run.out.constData());
        QVERIFY2(run.err.contains("records after seq 2 are missing"), run.err.constData());
        QVERIFY2(run.out.contains("case T-2: is closed, but the trail has no case_closed record"), run.out.constData());

        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject v = json(run);
        QCOMPARE(v[QStringLiteral("intact")].toBool(), true);
        QCOMPARE(v[QStringLiteral("complete")].toBool(), false);
        anchors = v[QStringLiteral("anchors")].toObject();
        QCOMPARE(anchors[QStringLiteral("tail_missing")].toBool(), true);
        QCOMPARE(anchors[QStringLiteral("missing_after_seq")].toInt(), 2);
        QCOMPARE(anchors[QStringLiteral("last_anchored_seq")].toInt(), 4);
        QCOMPARE(v[QStringLiteral("recorded_seq")].toInt(), 3);  // the finding, where seq 3 was
        // And the case tables no longer agree with the trail: T-2 is closed without its record.
        const QJsonObject cross = v[QStringLiteral("cross_check")].toObject();
        QCOMPARE(cross[QStringLiteral("disagreement_count")].toInt(), 1);
        QCOMPARE(cross[QStringLiteral("disagreements")].toArray()[0].toObject()[QStringLiteral("object")].toString(),
                 QStringLiteral("case T-2"));

        // The finding is in the audit_verified record's details.
        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
            db.setDatabaseName(databasePath(ws));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT details FROM audit_log WHERE seq = 3")) && q.next());
            const QJsonObject details = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
            QCOMPARE(details[QStringLiteral("complete")].toBool(), false);
            QCOMPARE(details[QStringLiteral("anchors")].toObject()[QStringLiteral("missing_after_seq")].toInt(), 2);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("reader"));

        // A head noted earlier is an anchor too, even with the witness gone.
        QVERIFY(QFile::remove(m_dir.filePath(ws + QStringLiteral("/audit-witness.log"))));
        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only"),
                       QStringLiteral("--anchor"), head});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("record 3 differs from its anchor"), run.out.constData());
        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--anchor"), QStringLiteral("3:abc")});
        QCOMPARE(run.exitCode, 2);
    }

    // A case bundle handed over earlier keeps its chain head: with the witness gone too, the
    // bundle still shows the removed tail.
    void aBundlesHeadIsAnAnchor() {
        const QString ws = QStringLiteral("bundled");
        for (const char* number : {"B-1", "B-2"}) QCOMPARE(createCase(ws, QLatin1String(number)).exitCode, 0);
        const QString bundle = m_dir.filePath(QStringLiteral("b1-bundle"));
        Run run = cli(ws, {QStringLiteral("case"), QStringLiteral("export"), QStringLiteral("B-1"),
                           QStringLiteral("--out"), bundle, QStringLiteral("--no-report")});
        QVERIFY2(run.exitCode == 0, run.err.constData());  // head seq 2, the export is record 3
        QVERIFY(QFile::remove(m_dir.filePath(ws + QStringLiteral("/audit-witness.log"))));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bundler"));
            db.setDatabaseName(databasePath(ws));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_log_is_append_only_delete")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM audit_log WHERE seq >= 2")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bundler"));
        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only")});
        QCOMPARE(run.exitCode, 1);  // only the cross-check sees it without anchors: B-2 unrecorded
        QVERIFY2(run.out.contains("case B-2: the trail has no case_created record"), run.out.constData());
        QVERIFY2(!run.out.contains("missing"), run.out.constData());
        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only"),
                       QStringLiteral("--bundle"), bundle});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("records after seq 1 are missing (last anchored seq 2 at (bundle "), run.out.constData());
    }

    // An auditor examining a copy must not change it: same bytes, no -wal/-shm left behind.
    void readOnlyVerifyChangesNothing() {
        const QString ws = QStringLiteral("readonly");
        QCOMPARE(createCase(ws, QStringLiteral("R-1")).exitCode, 0);
        const QString db = databasePath(ws);
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-wal")));
        const QByteArray before = fingerprint(db);
        const Run run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(json(run)[QStringLiteral("records")].toInt(), 1);
        QVERIFY(json(run)[QStringLiteral("recorded_seq")].isNull());
        QCOMPARE(fingerprint(db), before);
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-wal")));
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-shm")));

        const Run missing = test::runCli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only"),
                                          QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("nowhere"))});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("nowhere"))));  // not created

        // A database server's URL is no folder: refused as such, no "postgresql:" folder made.
        const Run server = test::runCli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only"),
                                         QStringLiteral("--workspace"), QStringLiteral("postgresql://auditor@127.0.0.1:1/agency")});
        QVERIFY2(server.exitCode > 0, server.err.constData());
        QVERIFY2(server.err.contains("postgresql://auditor@127.0.0.1:1/agency: --read-only opens a workspace folder"),
                 server.err.constData());
        QVERIFY(!QFileInfo::exists(QStringLiteral("postgresql:")));
    }

    void exportsJsonLinesAndCsv() {
        const QString ws = QStringLiteral("export");
        QCOMPARE(createCase(ws, QStringLiteral("E-1")).exitCode, 0);
        QCOMPARE(createCase(ws, QStringLiteral("E-2")).exitCode, 0);  // not in E-1's export
        QCOMPARE(cli(ws, {QStringLiteral("case"), QStringLiteral("close"), QStringLiteral("E-1"),
                          QStringLiteral("--reason"), QStringLiteral("done, \"finally\"\nfiled")}).exitCode, 0);

        const QString file = m_dir.filePath(QStringLiteral("e1.jsonl"));
        Run run = cli(ws, {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--case"), QStringLiteral("E-1"),
                           QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--out"), file});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("Exported 2 audit records of case E-1"), run.out.constData());
        QFile exported(file);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QByteArray bytes = exported.readAll();
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QStringList actions;
        for (const QByteArray& line : lines) {
            const QJsonObject record = QJsonDocument::fromJson(line).object();
            QCOMPARE(*CanonicalJson::serialize(record), line);  // each line is canonical JSON
            QCOMPARE(recomputedHash(record), record[QStringLiteral("hash")].toString());
            actions << record[QStringLiteral("action")].toString();
        }
        QCOMPARE(actions, (QStringList{QStringLiteral("case_created"), QStringLiteral("case_closed")}));

        // The export was recorded, with the hash of what was written; stdout gets it now too.
        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--case"), QStringLiteral("E-1"),
                       QStringLiteral("--format"), QStringLiteral("jsonl")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QJsonObject> now = test::jsonLines(run.out);
        QCOMPARE(now.size(), 3);
        QCOMPARE(now[2][QStringLiteral("action")].toString(), QStringLiteral("audit_exported"));
        const QJsonObject details = now[2][QStringLiteral("details")].toObject();
        QCOMPARE(details[QStringLiteral("records")].toInt(), 2);
        QCOMPARE(details[QStringLiteral("format")].toString(), QStringLiteral("jsonl"));
        QCOMPARE(details[QStringLiteral("destination")].toString(), file);
        QCOMPARE(details[QStringLiteral("sha256")].toString(),
                 QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        QVERIFY(run.out.startsWith(bytes));

        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--case"), QStringLiteral("E-1"),
                       QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QStringList> rows = parseCsv(run.out);
        QCOMPARE(rows.size(), 1 + 4);  // header; created, closed, 2 exports
        QCOMPARE(rows[0].join(QLatin1Char(',')), QStringLiteral("seq,at,actor,case_id,action,details,prev_hash,hash"));
        for (int i = 1; i < rows.size(); ++i) QCOMPARE(rows[i].size(), 8);
        QCOMPARE(rows[2][4], QStringLiteral("case_closed"));
        QCOMPARE(rows[2][5], QString::fromUtf8(*CanonicalJson::serialize(now[1][QStringLiteral("details")])));
        QVERIFY(rows[2][5].contains(QStringLiteral("done, \\\"finally\\\"\\nfiled")));
        QCOMPARE(rows[2][7], now[1][QStringLiteral("hash")].toString());

        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--case"), QStringLiteral("E-9")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("no case numbered \"E-9\""), run.err.constData());
        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--case"), QStringLiteral("E-1"),
                       QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(run.exitCode, 2);

        run = cli(ws, {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(json(run)[QStringLiteral("records")].toInt(), 3 + 3);  // 2 created, closed, 3 exports
    }
};

QTEST_GUILESS_MAIN(TestCliAudit)
#include "test_cli_audit.moc"
