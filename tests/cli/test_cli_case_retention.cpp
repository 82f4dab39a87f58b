// End-to-end: `facecase-cli case create --retention-days`, `case retention`, retention in
// `case list` / `case show`, and `purge --expired [--dry-run] [--json]` on a real workspace
// whose case is made old through the store (docs/cli.md).
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"
#include "services/casework/case_catalog.h"
#include "store/probe_repository.h"
#include "store/workspace.h"

using namespace facecase;

namespace {
using Run = test::CliRun;

QJsonObject json(const Run& run) {
    return QJsonDocument::fromJson(run.out).object();
}

QString sha256Of(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}
}  // namespace

class TestCliCaseRetention : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_workspace;

    Run cli(QStringList args) {
        args << QStringLiteral("--workspace") << m_workspace;
        return test::runCli(args);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_workspace = m_dir.filePath(QStringLiteral("ws"));
    }

    void retentionOnCreateAndChange() {
        Run created = cli({QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"),
                           QStringLiteral("OLD-1"), QStringLiteral("--purpose"), QStringLiteral("Robbery"),
                           QStringLiteral("--retention-days"), QStringLiteral("30"), QStringLiteral("--json")});
        QVERIFY2(created.exitCode == 0, created.err.constData());
        QCOMPARE(json(created).value(QStringLiteral("retention_days")).toInt(), 30);
        QCOMPARE(json(created).value(QStringLiteral("retention_source")).toString(), QStringLiteral("case"));
        QVERIFY(json(created).value(QStringLiteral("expires_at")).isNull());  // open

        Run plain = cli({QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"),
                         QStringLiteral("NEW-2"), QStringLiteral("--purpose"), QStringLiteral("Fraud"),
                         QStringLiteral("--json")});
        QCOMPARE(plain.exitCode, 0);
        QCOMPARE(json(plain).value(QStringLiteral("retention_days")).toInt(), 730);
        QCOMPARE(json(plain).value(QStringLiteral("retention_source")).toString(), QStringLiteral("policy"));

        QCOMPARE(cli({QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"), QStringLiteral("X"),
                      QStringLiteral("--purpose"), QStringLiteral("p"), QStringLiteral("--retention-days"), QStringLiteral("0")})
                     .exitCode,
                 2);

        // case retention: one of --days / --policy-default, and a reason.
        const QStringList base{QStringLiteral("case"), QStringLiteral("retention"), QStringLiteral("NEW-2")};
        QCOMPARE(cli(base + QStringList{QStringLiteral("--days"), QStringLiteral("90")}).exitCode, 2);
        QCOMPARE(cli(base + QStringList{QStringLiteral("--days"), QStringLiteral("90"), QStringLiteral("--policy-default"),
                                        QStringLiteral("--reason"), QStringLiteral("r")})
                     .exitCode,
                 2);
        Run changed = cli(base + QStringList{QStringLiteral("--days"), QStringLiteral("3650"), QStringLiteral("--reason"),
                                             QStringLiteral("appeal pending"), QStringLiteral("--json")});
        QVERIFY2(changed.exitCode == 0, changed.err.constData());
        QCOMPARE(json(changed).value(QStringLiteral("retention_days")).toInt(), 3650);
        Run text = cli(base + QStringList{QStringLiteral("--policy-default"), QStringLiteral("--reason"),
                                          QStringLiteral("appeal decided")});
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY2(text.out.contains("kept 730 days after closing (policy default)"), text.out.constData());
        Run same = cli(base + QStringList{QStringLiteral("--policy-default"), QStringLiteral("--reason"), QStringLiteral("x")});
        QCOMPARE(same.exitCode, 1);
        QVERIFY(same.err.contains("already"));

        Run audit = cli({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--case"), QStringLiteral("NEW-2"),
                         QStringLiteral("--format"), QStringLiteral("jsonl")});
        QCOMPARE(audit.exitCode, 0);
        QCOMPARE(audit.out.count("\"action\":\"case_retention_changed\""), 2);
        QVERIFY(audit.out.contains("\"from\":3650,\"reason\":\"appeal decided\",\"to\":\"policy default\""));
    }

    void purgeExpired() {
        // OLD-1 gets a probe (its evidence file on disk), is closed and made 40 days old: past
        // its 30 days. NEW-2 is closed today: kept.
        QByteArray photo("probe bytes");
        QString evidence;
        {
            auto workspace = Workspace::open(m_workspace);
            QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
            auto db = workspace->openConnection();
            QVERIFY(db.ok());
            const CaseCatalog cases(*db, Actor(QStringLiteral("zoe")));
            auto old = cases.findByNumber(QStringLiteral("OLD-1"));
            QVERIFY(old.ok());
            ProbeRecord p;
            p.caseId = old->id;
            p.sha256 = sha256Of(photo);
            p.evidencePath = QStringLiteral("evidence/%1.jpg").arg(p.sha256);
            p.fileBytes = photo.size();
            p.width = 640;
            p.height = 480;
            p.format = QStringLiteral("JPEG");
            p.declaredKind = ProbeRecord::DeclaredKind::CameraPhoto;
            auto added = ProbeRepository(*db).add(p, QStringLiteral("zoe"));
            QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
            evidence = QDir(workspace->folder()).filePath(p.evidencePath);
            QFile file(evidence);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(photo);
            file.close();
            QVERIFY(cases.close(old->id).ok());
            QVERIFY(cases.close(cases.findByNumber(QStringLiteral("NEW-2"))->id).ok());
            QVERIFY(db->exec(QStringLiteral("UPDATE cases SET closed_at = '%1' WHERE id = %2")
                                 .arg(QDateTime::currentDateTimeUtc().addDays(-40).toString(Qt::ISODateWithMs))
                                 .arg(old->id),
                             QStringLiteral("age the case"))
                        .ok());
        }

        QCOMPARE(cli({QStringLiteral("purge")}).exitCode, 2);  // --expired is required

        Run dry = cli({QStringLiteral("purge"), QStringLiteral("--expired"), QStringLiteral("--dry-run")});
        QVERIFY2(dry.exitCode == 0, dry.err.constData());
        QVERIFY2(dry.out.contains("Would purge 1 expired case"), dry.out.constData());
        QVERIFY(dry.out.contains("OLD-1"));
        QVERIFY(dry.out.contains("1 probe"));
        QVERIFY(!dry.out.contains("NEW-2"));
        QVERIFY(QFile::exists(evidence));

        Run dryJson = cli({QStringLiteral("purge"), QStringLiteral("--expired"), QStringLiteral("--dry-run"),
                           QStringLiteral("--json")});
        QCOMPARE(dryJson.exitCode, 0);
        QVERIFY(json(dryJson).value(QStringLiteral("dry_run")).toBool());
        const QJsonArray listed = json(dryJson).value(QStringLiteral("cases")).toArray();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0].toObject().value(QStringLiteral("number")).toString(), QStringLiteral("OLD-1"));
        QCOMPARE(listed[0].toObject().value(QStringLiteral("retention_days")).toInt(), 30);
        QCOMPARE(listed[0].toObject().value(QStringLiteral("counts")).toObject().value(QStringLiteral("probes")).toInt(), 1);

        Run purged = cli({QStringLiteral("purge"), QStringLiteral("--expired"), QStringLiteral("--json")});
        QVERIFY2(purged.exitCode == 0, purged.err.constData());
        const QJsonObject report = json(purged);
        QVERIFY(!report.value(QStringLiteral("dry_run")).toBool());
        const QJsonArray cases = report.value(QStringLiteral("cases")).toArray();
        QCOMPARE(cases.size(), 1);
        QCOMPARE(cases[0].toObject().value(QStringLiteral("number")).toString(), QStringLiteral("OLD-1"));
        QVERIFY(cases[0].toObject().value(QStringLiteral("audit_seq")).toInt() > 0);
        QCOMPARE(report.value(QStringLiteral("evidence_files_deleted")).toInt(), 1);
        QVERIFY(report.value(QStringLiteral("failures")).toArray().isEmpty());
        QVERIFY(!QFile::exists(evidence));

        Run nothing = cli({QStringLiteral("purge"), QStringLiteral("--expired")});
        QCOMPARE(nothing.exitCode, 0);
        QVERIFY2(nothing.out.contains("nothing to purge"), nothing.out.constData());

        Run show = cli({QStringLiteral("case"), QStringLiteral("show"), QStringLiteral("OLD-1"), QStringLiteral("--json")});
        QCOMPARE(show.exitCode, 0);
        const QJsonObject shown = json(show).value(QStringLiteral("case")).toObject();
        QVERIFY(!shown.value(QStringLiteral("purged_at")).isNull());
        QVERIFY(json(show).value(QStringLiteral("probes")).toArray().isEmpty());
        Run list = cli({QStringLiteral("case"), QStringLiteral("list")});
        QVERIFY2(list.out.contains("data purged"), list.out.constData());
        QVERIFY(list.out.contains("kept 730 days after closing (policy default), expires"));

        Run reopen = cli({QStringLiteral("case"), QStringLiteral("reopen"), QStringLiteral("OLD-1")});
        QCOMPARE(reopen.exitCode, 1);
        QVERIFY2(reopen.err.contains("was purged on") && reopen.err.contains("cannot be reopened"),
                 reopen.err.constData());

        Run verify = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.exitCode == 0, verify.out.constData());
        Run records = cli({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--case"), QStringLiteral("OLD-1"),
                           QStringLiteral("--format"), QStringLiteral("jsonl")});
        QVERIFY(records.out.contains("\"action\":\"probe_added\""));  // kept
        QVERIFY(records.out.contains("\"action\":\"case_purged\""));
    }
};

QTEST_GUILESS_MAIN(TestCliCaseRetention)
#include "test_cli_case_retention.moc"
