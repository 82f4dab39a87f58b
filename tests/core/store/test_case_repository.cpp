// Cases: numbers unique ignoring case, purpose required, open/close/reopen, last activity, and
// every change committed together with its audit record (and not at all without it).
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "audit/audit_trail.h"
#include "store/case_repository.h"
#include "store/workspace.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {
CaseRecord draft(const QString& number,
                 const QString& purpose = QStringLiteral("Robbery at 5 Main St; warrant 88/24"),
                 const QString& title = {}, const QString& analyst = {}) {
    CaseRecord c;
    c.caseNumber = number;
    c.purpose = purpose;
    c.title = title;
    c.analyst = analyst;
    return c;
}
}  // namespace

class TestCaseRepository : public QObject {
    Q_OBJECT

    FreshWorkspaces m_workspaces;

    DatabaseConnection freshConnection() { return m_workspaces.next(); }
    static std::vector<AuditRecord> auditRecords(const DatabaseConnection& db) { return auditRecordsOf(db); }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void createsWithItsAuditRecord() {
        DatabaseConnection db = freshConnection();
        CaseRepository cases(db);
        auto created = cases.create(draft(QStringLiteral(" 2024-CR-17 "),
                                          QStringLiteral("Robbery at 5 Main St\nwarrant 88/24"),
                                          QStringLiteral("Main St robbery")),
                                    QStringLiteral("zoe"));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QVERIFY(created->id > 0);
        QCOMPARE(created->caseNumber, QStringLiteral("2024-CR-17"));  // trimmed
        QCOMPARE(created->title, QStringLiteral("Main St robbery"));
        QCOMPARE(created->purpose, QStringLiteral("Robbery at 5 Main St\nwarrant 88/24"));
        QCOMPARE(created->analyst, QStringLiteral("zoe"));  // defaults to the actor
        QCOMPARE(created->status, CaseRecord::Status::Open);
        QVERIFY(!created->closedAt.isValid());
        QVERIFY(qAbs(created->openedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QCOMPARE(created->lastActivity, created->openedAt);

        const std::vector<AuditRecord> records = auditRecords(db);
        QCOMPARE(records.size(), std::size_t(1));
        const AuditRecord& r = records.front();
        QCOMPARE(r.action, QStringLiteral("case_created"));
        QCOMPARE(r.actor, QStringLiteral("zoe"));
        QCOMPARE(r.caseId, std::optional<qint64>(created->id));
        QCOMPARE(r.time(), created->openedAt);
        const QJsonObject details = r.detailsObject();
        QCOMPARE(details.value(QStringLiteral("case_number")).toString(),
                 QStringLiteral("2024-CR-17"));
        QCOMPARE(details.value(QStringLiteral("purpose")).toString(), created->purpose);
        QCOMPARE(details.value(QStringLiteral("title")).toString(), created->title);
        QCOMPARE(details.value(QStringLiteral("analyst")).toString(), QStringLiteral("zoe"));

        auto byNumber = cases.findByNumber(QStringLiteral("2024-cr-17"));  // any ASCII case
        QVERIFY2(byNumber.ok(), qPrintable(byNumber.errorMessage()));
        QCOMPARE(byNumber->id, created->id);
        auto byId = cases.findById(created->id);
        QVERIFY(byId.ok());
        QCOMPARE(byId->caseNumber, created->caseNumber);
        auto missing = cases.findByNumber(QStringLiteral("2024-CR-18"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QVERIFY(missing.errorMessage().contains(QStringLiteral("\"2024-CR-18\"")));
    }

    void namedAnalystIsKept() {
        DatabaseConnection db = freshConnection();
        auto created = CaseRepository(db).create(
            draft(QStringLiteral("7"), QStringLiteral("p"), {}, QStringLiteral("Det. Ruiz")),
            QStringLiteral("clerk"));
        QVERIFY(created.ok());
        QCOMPARE(created->analyst, QStringLiteral("Det. Ruiz"));
        QCOMPARE(auditRecords(db).front().actor, QStringLiteral("clerk"));
    }

    void duplicateNumbersAreRefused_data() {
        QTest::addColumn<QString>("second");
        QTest::newRow("same") << QStringLiteral("2024-CR-17");
        QTest::newRow("other case") << QStringLiteral("2024-cr-17");
        QTest::newRow("spaces") << QStringLiteral("  2024-CR-17\t");
    }
    void duplicateNumbersAreRefused() {
        QFETCH(QString, second);
        DatabaseConnection db = freshConnection();
        CaseRepository cases(db);
        QVERIFY(cases.create(draft(QStringLiteral("2024-CR-17")), QStringLiteral("zoe")).ok());
        auto duplicate = cases.create(draft(second), QStringLiteral("zoe"));
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(duplicate.errorMessage().contains(QStringLiteral("\"2024-CR-17\"")) &&
                     duplicate.errorMessage().contains(QStringLiteral("already taken")),
                 qPrintable(duplicate.errorMessage()));
        QCOMPARE(count(db, QStringLiteral("cases")), qint64(1));
        QCOMPARE(count(db, QStringLiteral("audit_log")), qint64(1));
    }

    void invalidCasesAreRefused_data() {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("purpose");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("actor");
        QTest::addColumn<QString>("messagePart");
        const QString ok = QStringLiteral("Robbery");
        QTest::newRow("no number")
            << QStringLiteral(" ") << ok << QString() << QStringLiteral("zoe")
            << QStringLiteral("case number is required");
        QTest::newRow("no purpose")
            << QStringLiteral("1") << QStringLiteral("\n ") << QString() << QStringLiteral("zoe")
            << QStringLiteral("legal basis is required");
        QTest::newRow("newline in number")
            << QStringLiteral("1\n2") << ok << QString() << QStringLiteral("zoe")
            << QStringLiteral("control character");
        QTest::newRow("tab in title")
            << QStringLiteral("1") << ok << QStringLiteral("a\tb") << QStringLiteral("zoe")
            << QStringLiteral("control character");
        QTest::newRow("long number") << QString(65, QLatin1Char('9')) << ok << QString()
                                     << QStringLiteral("zoe") << QStringLiteral("too long");
        QTest::newRow("nobody") << QStringLiteral("1") << ok << QString() << QString()
                                << QStringLiteral("analyst is required");
    }
    void invalidCasesAreRefused() {
        QFETCH(QString, number);
        QFETCH(QString, purpose);
        QFETCH(QString, title);
        QFETCH(QString, actor);
        QFETCH(QString, messagePart);
        DatabaseConnection db = freshConnection();
        auto created = CaseRepository(db).create(draft(number, purpose, title), actor);
        QVERIFY(!created.ok());
        QCOMPARE(created.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(created.errorMessage().contains(messagePart), qPrintable(created.errorMessage()));
        QCOMPARE(count(db, QStringLiteral("cases")), qint64(0));
        QCOMPARE(count(db, QStringLiteral("audit_log")), qint64(0));
    }

    void closesAndReopensWithAuditRecords() {
        DatabaseConnection db = freshConnection();
        CaseRepository cases(db);
        auto created = cases.create(draft(QStringLiteral("2024-CR-17")), QStringLiteral("zoe"));
        QVERIFY(created.ok());

        auto closed =
            cases.close(created->id, QStringLiteral("sam"), QStringLiteral("suspect charged"));
        QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));
        QCOMPARE(closed->status, CaseRecord::Status::Closed);
        QVERIFY(closed->closedAt.isValid());
        QVERIFY(closed->lastActivity >= created->lastActivity);

        auto again = cases.close(created->id, QStringLiteral("sam"));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(again.errorMessage().contains(QStringLiteral("already closed")),
                 qPrintable(again.errorMessage()));

        auto reopened =
            cases.reopen(created->id, QStringLiteral("zoe"), QStringLiteral("new lead"));
        QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
        QCOMPARE(reopened->status, CaseRecord::Status::Open);
        QVERIFY(!reopened->closedAt.isValid());
        QCOMPARE(reopened->openedAt, created->openedAt);
        QVERIFY(!cases.reopen(created->id, QStringLiteral("zoe")).ok());  // already open

        const std::vector<AuditRecord> records = auditRecords(db);
        QCOMPARE(records.size(), std::size_t(3));  // refused changes recorded nothing
        QCOMPARE(records[1].action, QStringLiteral("case_closed"));
        QCOMPARE(records[1].actor, QStringLiteral("sam"));
        QCOMPARE(records[1].caseId, std::optional<qint64>(created->id));
        QCOMPARE(records[1].time(), closed->closedAt);
        QCOMPARE(records[1].detailsObject(),
                 (QJsonObject{{QStringLiteral("case_number"), QStringLiteral("2024-CR-17")},
                              {QStringLiteral("previous_status"), QStringLiteral("open")},
                              {QStringLiteral("reason"), QStringLiteral("suspect charged")}}));
        QCOMPARE(records[2].action, QStringLiteral("case_reopened"));
        QCOMPARE(records[2].detailsObject().value(QStringLiteral("previous_status")).toString(),
                 QStringLiteral("closed"));
        QCOMPARE(records[2].detailsObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("new lead"));

        auto verification = AuditTrail(db).verify();
        QVERIFY(verification.ok());
        QVERIFY(verification->intact());
        QCOMPARE(verification->recordCount, qint64(3));

        QCOMPARE(cases.close(12345, QStringLiteral("zoe")).error().kind, Error::Kind::NotFound);
    }

    // If the audit record cannot be written, the action does not happen either.
    void noCaseChangeWithoutItsAuditRecord() {
        DatabaseConnection db = freshConnection();
        CaseRepository cases(db);
        auto created = cases.create(draft(QStringLiteral("1")), QStringLiteral("zoe"));
        QVERIFY(created.ok());
        QVERIFY(db.exec(QStringLiteral("CREATE TEMP TRIGGER audit_fails BEFORE INSERT ON audit_log "
                                       "BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END"),
                        QStringLiteral("break the audit log"))
                    .ok());
        auto second = cases.create(draft(QStringLiteral("2")), QStringLiteral("zoe"));
        QVERIFY(!second.ok());
        QVERIFY2(second.errorMessage().contains(QStringLiteral("audit log unavailable")),
                 qPrintable(second.errorMessage()));
        QVERIFY(!cases.close(created->id, QStringLiteral("zoe")).ok());
        QCOMPARE(count(db, QStringLiteral("cases")), qint64(1));
        QCOMPARE(cases.findById(created->id)->status, CaseRecord::Status::Open);
        QCOMPARE(count(db, QStringLiteral("audit_log")), qint64(1));
    }

    void listsByLastActivity() {
        DatabaseConnection db = freshConnection();
        CaseRepository cases(db);
        auto a =
            cases.create(draft(QStringLiteral("A-1"), QStringLiteral("p"), QStringLiteral("first")),
                         QStringLiteral("zoe"));
        // Distinct millisecond timestamps: B is created once the clock has moved past A's.
        QVERIFY(a.ok());
        QVERIFY(QTest::qWaitFor([&] { return QDateTime::currentDateTimeUtc() > a->openedAt; }, 30'000));
        auto b = cases.create(draft(QStringLiteral("B-2")), QStringLiteral("zoe"));
        QVERIFY(a.ok() && b.ok());
        auto listed = cases.list();
        QVERIFY(listed.ok());
        QCOMPARE(listed->size(), std::size_t(2));
        QCOMPARE(listed->front().caseNumber, QStringLiteral("B-2"));
        QCOMPARE(listed->back().title, QStringLiteral("first"));

        const QDateTime latest = listed->front().lastActivity;
        QVERIFY(QTest::qWaitFor([&] { return QDateTime::currentDateTimeUtc() > latest; }, 30'000));
        QVERIFY(cases.close(a->id, QStringLiteral("zoe")).ok());  // an audit record for A
        listed = cases.list();
        QCOMPARE(listed->front().caseNumber, QStringLiteral("A-1"));
        QCOMPARE(listed->front().lastActivity, cases.findById(a->id)->closedAt);

        // A search counts as activity too (searches are written by the search service; here
        // by hand, finishing after everything else).
        QVERIFY(db.exec(QStringLiteral("INSERT INTO descriptor_models (id, name, dimensions) "
                                       "VALUES (1, 'test', 128)"),
                        QStringLiteral("add a model"))
                    .ok());
        QVERIFY(db.exec(QStringLiteral(
                            "INSERT INTO searches (case_id, gallery_name, gallery_revision, "
                            "probe_sha256, probe_evidence_path, probe_face_index, probe_box_x, "
                            "probe_box_y, probe_box_width, probe_box_height, probe_descriptor, "
                            "model_id, actor, started_at, finished_at) VALUES (%1, 'g', 1, "
                            "printf('%064d', 0), 'evidence/x.jpg', 1, 0, 0, 10, 10, x'00', 1, "
                            "'zoe', '2090-01-01T00:00:00.000Z', '2090-01-01T00:00:02.000Z')")
                            .arg(b->id),
                        QStringLiteral("add a search"))
                    .ok());
        listed = cases.list();
        QCOMPARE(listed->front().caseNumber, QStringLiteral("B-2"));
        QCOMPARE(listed->front().lastActivity,
                 QDateTime(QDate(2090, 1, 1), QTime(0, 0, 2), Qt::UTC));
    }

    void retentionPeriodIsSetAndChangedWithItsRecord() {
        DatabaseConnection db = freshConnection();
        CaseRepository cases(db);
        CaseRecord own = draft(QStringLiteral("R-1"));
        own.retentionDays = 90;
        auto created = cases.create(own, QStringLiteral("zoe"));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QCOMPARE(created->retentionDays, std::optional<int>(90));
        QVERIFY(!created->isPurged());
        QCOMPARE(auditRecords(db).back().detailsObject().value(QStringLiteral("retention_days")).toInt(), 90);
        // On the policy default the creation record reads as it did before retention existed.
        auto plain = cases.create(draft(QStringLiteral("R-2")), QStringLiteral("zoe"));
        QVERIFY(plain.ok());
        QCOMPARE(plain->retentionDays, std::optional<int>());
        QVERIFY(!auditRecords(db).back().detailsObject().contains(QStringLiteral("retention_days")));

        for (int bad : {0, -5, CaseRepository::kMaxRetentionDays + 1}) {
            CaseRecord d = draft(QStringLiteral("R-bad"));
            d.retentionDays = bad;
            auto refused = cases.create(d, QStringLiteral("zoe"));
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().kind, Error::Kind::InvalidInput);
        }

        // Expiry: closing time + own period or the policy's; none while open.
        QVERIFY(!created->expiresAt(730).isValid());
        auto closed = cases.close(created->id, QStringLiteral("zoe"));
        QVERIFY(closed.ok());
        QCOMPARE(closed->expiresAt(730), closed->closedAt.addDays(90));
        auto plainClosed = cases.close(plain->id, QStringLiteral("zoe"));
        QCOMPARE(plainClosed->expiresAt(730), plainClosed->closedAt.addDays(730));

        const std::size_t before = auditRecords(db).size();
        auto noReason = cases.setRetention(created->id, 365, QStringLiteral("zoe"), QStringLiteral("  "));
        QVERIFY(!noReason.ok());
        QVERIFY(noReason.errorMessage().contains(QStringLiteral("reason is required")));
        auto same = cases.setRetention(created->id, 90, QStringLiteral("zoe"), QStringLiteral("x"));
        QVERIFY(!same.ok());
        QCOMPARE(auditRecords(db).size(), before);

        auto longer = cases.setRetention(created->id, 3650, QStringLiteral("sgt"),
                                         QStringLiteral("appeal pending"));
        QVERIFY2(longer.ok(), qPrintable(longer.errorMessage()));
        QCOMPARE(longer->retentionDays, std::optional<int>(3650));
        AuditRecord r = auditRecords(db).back();
        QCOMPARE(r.action, QStringLiteral("case_retention_changed"));
        QCOMPARE(r.actor, QStringLiteral("sgt"));
        QCOMPARE(r.caseId, std::optional<qint64>(created->id));
        QCOMPARE(QString::fromUtf8(r.details),
                 QStringLiteral("{\"case_number\":\"R-1\",\"from\":90,\"reason\":\"appeal pending\",\"to\":3650}"));

        auto back = cases.setRetention(created->id, std::nullopt, QStringLiteral("sgt"),
                                       QStringLiteral("appeal decided"));
        QVERIFY(back.ok());
        QCOMPARE(back->retentionDays, std::optional<int>());
        r = auditRecords(db).back();
        QCOMPARE(QString::fromUtf8(r.details),
                 QStringLiteral("{\"case_number\":\"R-1\",\"from\":3650,\"reason\":\"appeal decided\",\"to\":\"policy default\"}"));
        QVERIFY(AuditTrail(db).verify()->intact());
    }

    void purgedCaseIsNamedAsSuch() {
        DatabaseConnection db = freshConnection();
        CaseRepository cases(db);
        auto created = cases.create(draft(QStringLiteral("P-1")), QStringLiteral("zoe"));
        QVERIFY(cases.close(created->id, QStringLiteral("zoe")).ok());
        // CasePurger (core/services) sets purged_at; here by hand.
        QVERIFY(db.exec(QStringLiteral("UPDATE cases SET purged_at = '2026-03-04T05:06:07.000Z' "
                                       "WHERE id = %1").arg(created->id),
                        QStringLiteral("mark purged"))
                    .ok());
        auto found = cases.findById(created->id);
        QVERIFY(found->isPurged());
        QCOMPARE(found->purgedAt, QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7), Qt::UTC));
        auto reopened = cases.reopen(created->id, QStringLiteral("zoe"), QStringLiteral("new lead"));
        QVERIFY(!reopened.ok());
        QCOMPARE(reopened.errorMessage(),
                 QStringLiteral("case \"P-1\" was purged on 2026-03-04; its data is gone and it "
                                "cannot be reopened"));
        QCOMPARE(cases.findById(created->id)->status, CaseRecord::Status::Closed);
    }
};

QTEST_GUILESS_MAIN(TestCaseRepository)
#include "test_case_repository.moc"
