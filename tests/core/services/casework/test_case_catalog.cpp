// CaseCatalog: the rules the start screen and `facecase-cli case` share. What is refused is
// refused in words that name the case and leaves no trace; what is done is on record under the
// catalog's actor, never a name the caller passes, in the same transaction as the change (and
// not at all without it). The rows themselves: tests/core/store/test_case_repository.cpp.
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include "audit/audit_trail.h"
#include "services/casework/case_catalog.h"
#include "store/transaction.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {
CaseRecord draft(const QString& number,
                 const QString& purpose = QStringLiteral("Robbery at 5 Main St; warrant 88/24")) {
    CaseRecord c;
    c.caseNumber = number;
    c.purpose = purpose;
    return c;
}
}  // namespace

class TestCaseCatalog : public QObject {
    Q_OBJECT

    FreshWorkspaces m_workspaces;

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void opensACaseOnRecordUnderItsActor() {
        DatabaseConnection db = m_workspaces.next();
        CaseRecord opened = draft(QStringLiteral(" 2024-CR-17 "),
                                  QStringLiteral("Robbery at 5 Main St\nwarrant 88/24"));
        opened.title = QStringLiteral("Main St robbery");
        auto created = CaseCatalog(db, Actor(QStringLiteral("dana"))).create(opened);
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QVERIFY(created->id > 0);
        QCOMPARE(created->caseNumber, QStringLiteral("2024-CR-17"));  // trimmed
        QCOMPARE(created->title, QStringLiteral("Main St robbery"));
        QCOMPARE(created->purpose, QStringLiteral("Robbery at 5 Main St\nwarrant 88/24"));
        QCOMPARE(created->analyst, QStringLiteral("dana"));  // the actor, when none is named
        QCOMPARE(created->status, CaseRecord::Status::Open);
        QVERIFY(!created->closedAt.isValid());
        QVERIFY(qAbs(created->openedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QCOMPARE(created->lastActivity, created->openedAt);

        const std::vector<AuditRecord> records = auditRecordsOf(db);
        QCOMPARE(records.size(), std::size_t(1));
        QCOMPARE(records.back().action, QStringLiteral("case_created"));
        QCOMPARE(records.back().actor, QStringLiteral("dana"));
        QCOMPARE(records.back().caseId, std::optional<qint64>(created->id));
        QCOMPARE(records.back().time(), created->openedAt);
        QCOMPARE(records.back().detailsObject(),
                 (QJsonObject{{QStringLiteral("case_number"), QStringLiteral("2024-CR-17")},
                              {QStringLiteral("title"), QStringLiteral("Main St robbery")},
                              {QStringLiteral("purpose"), created->purpose},
                              {QStringLiteral("analyst"), QStringLiteral("dana")}}));
    }

    // A clerk may open a case for a named analyst: the case names the analyst, the record the
    // clerk.
    void namedAnalystIsKeptAndTheActorRecorded() {
        DatabaseConnection db = m_workspaces.next();
        CaseRecord forRuiz = draft(QStringLiteral("7"), QStringLiteral("p"));
        forRuiz.analyst = QStringLiteral("Det. Ruiz");
        auto created = CaseCatalog(db, Actor(QStringLiteral("clerk"))).create(forRuiz);
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QCOMPARE(created->analyst, QStringLiteral("Det. Ruiz"));
        QCOMPARE(auditRecordsOf(db).front().actor, QStringLiteral("clerk"));
    }

    void refusesWhatCannotBeACase_data() {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("purpose");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("actor");
        QTest::addColumn<QVariant>("retentionDays");  // invalid: none
        QTest::addColumn<QString>("named");           // what the refusal must mention
        const QString ok = QStringLiteral("warrant 1/24");
        const QString dana = QStringLiteral("dana");
        QTest::newRow("blank purpose")
            << QStringLiteral("2024-CR-18") << QStringLiteral("\n ") << QString() << dana
            << QVariant() << QStringLiteral("purpose / legal basis is required");
        QTest::newRow("blank number") << QStringLiteral(" ") << ok << QString() << dana
                                      << QVariant() << QStringLiteral("case number is required");
        QTest::newRow("newline in number") << QStringLiteral("1\n2") << ok << QString() << dana
                                           << QVariant() << QStringLiteral("control character");
        QTest::newRow("tab in title") << QStringLiteral("1") << ok << QStringLiteral("a\tb") << dana
                                      << QVariant() << QStringLiteral("control character");
        QTest::newRow("long number")
            << QString(CaseCatalog::kMaxNumberLength + 1, QLatin1Char('9')) << ok << QString()
            << dana << QVariant() << QStringLiteral("too long");
        QTest::newRow("nobody") << QStringLiteral("1") << ok << QString() << QString() << QVariant()
                                << QStringLiteral("analyst is required");
        for (int days : {0, -5, CaseCatalog::kMaxRetentionDays + 1}) {
            QTest::addRow("retention %d days", days)
                << QStringLiteral("1") << ok << QString() << dana << QVariant(days)
                << QStringLiteral("retention period %1 days is out of range (1 to 36500 days)")
                       .arg(days);
        }
        const QString taken = QStringLiteral("already taken by the case \"2024-CR-17\"");
        QTest::newRow("number taken")
            << QStringLiteral("2024-CR-17") << ok << QString() << dana << QVariant() << taken;
        QTest::newRow("number taken, other capitals")
            << QStringLiteral("2024-cr-17") << ok << QString() << dana << QVariant() << taken;
        QTest::newRow("number taken, spaces")
            << QStringLiteral("  2024-CR-17\t") << ok << QString() << dana << QVariant() << taken;
    }
    void refusesWhatCannotBeACase() {
        QFETCH(QString, number);
        QFETCH(QString, purpose);
        QFETCH(QString, title);
        QFETCH(QString, actor);
        QFETCH(QVariant, retentionDays);
        QFETCH(QString, named);
        DatabaseConnection db = m_workspaces.next();
        QVERIFY(CaseCatalog(db, Actor(QStringLiteral("dana")))
                    .create(draft(QStringLiteral("2024-CR-17")))
                    .ok());

        const CaseCatalog cases(db, Actor(actor));
        CaseRecord refusedDraft = draft(number, purpose);
        refusedDraft.title = title;
        if (retentionDays.isValid()) refusedDraft.retentionDays = retentionDays.toInt();
        auto refused = cases.create(refusedDraft);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(refused.errorMessage().contains(named), qPrintable(refused.errorMessage()));
        QCOMPARE(cases.list()->size(), std::size_t(1));      // nothing opened
        QCOMPARE(auditRecordsOf(db).size(), std::size_t(1));  // nothing recorded
    }

    void closesOnRecordAndRefusesClosingAClosedCaseNamingIt() {
        DatabaseConnection db = m_workspaces.next();
        auto created = CaseCatalog(db, Actor(QStringLiteral("dana")))
                           .create(draft(QStringLiteral("2024-CR-17")));
        QVERIFY(created.ok());
        // Another analyst closes: the record names who did, not who opened the case.
        const CaseCatalog sam(db, Actor(QStringLiteral("sam")));
        auto closed = sam.close(created->id, QStringLiteral("charges filed"));
        QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));
        QCOMPARE(closed->status, CaseRecord::Status::Closed);
        QVERIFY(closed->closedAt.isValid());
        QVERIFY(closed->lastActivity >= created->lastActivity);
        const AuditRecord record = auditRecordsOf(db).back();
        QCOMPARE(record.action, QStringLiteral("case_closed"));
        QCOMPARE(record.actor, QStringLiteral("sam"));
        QCOMPARE(record.caseId, std::optional<qint64>(created->id));
        QCOMPARE(record.time(), closed->closedAt);
        QCOMPARE(record.detailsObject(),
                 (QJsonObject{{QStringLiteral("case_number"), QStringLiteral("2024-CR-17")},
                              {QStringLiteral("previous_status"), QStringLiteral("open")},
                              {QStringLiteral("reason"), QStringLiteral("charges filed")}}));

        auto again = sam.close(created->id);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, Error::Kind::InvalidInput);
        QCOMPARE(again.errorMessage(), QStringLiteral("case \"2024-CR-17\" is already closed"));
        QCOMPARE(auditRecordsOf(db).size(), std::size_t(2));  // created, closed: no third record

        QCOMPARE(sam.close(12345).error().kind, Error::Kind::NotFound);
    }

    // Two analysts at two workstations (two connections) on one case. Each change carries the
    // case's version its screen showed: one made on a stale screen is refused, naming who did
    // what and when, and writes nothing; made again on the current version it goes through.
    void aChangeOnAStaleScreenIsRefusedNamingWhoChangedTheCase() {
        DatabaseConnection zoeDesk = m_workspaces.next();
        DatabaseConnection bobDesk = m_workspaces.another();
        const CaseCatalog zoe(zoeDesk, Actor(QStringLiteral("zoe")));
        const CaseCatalog bob(bobDesk, Actor(QStringLiteral("bob")));
        auto created = zoe.create(draft(QStringLiteral("2024-CR-17")));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QVERIFY(created->changeSeq > 0);
        const CaseRecord zoeSaw = *created;  // zoe's screen, which she keeps looking at

        auto closed = bob.close(created->id, QStringLiteral("suspect charged"), created->changeSeq);
        QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));
        QVERIFY(closed->changeSeq > zoeSaw.changeSeq);
        auto reopened = bob.reopen(created->id, QStringLiteral("new witness"), closed->changeSeq);
        QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
        // Records that do not change the case's row leave its version where it was.
        {
            auto transaction = Transaction::begin(bobDesk, Transaction::Kind::Write);
            QVERIFY(transaction.ok());
            const AuditEntry exported{QStringLiteral("case_exported"), QStringLiteral("bob"), created->id,
                                      QJsonObject{{QStringLiteral("case_number"), QStringLiteral("2024-CR-17")}},
                                      {}};
            QVERIFY(AuditTrail(bobDesk).append(*transaction, exported).ok());
            QVERIFY(transaction->commit().ok());
        }
        auto afterExport = zoe.findById(created->id);
        QVERIFY(afterExport.ok());
        QCOMPARE(afterExport->changeSeq, reopened->changeSeq);

        // Zoe's screen still says "open" as at the start: closing from it would undo bob's
        // reopening unseen.
        const std::size_t recordsBefore = auditRecordsOf(zoeDesk).size();
        auto stale = zoe.close(created->id, QStringLiteral("nothing more to do"), zoeSaw.changeSeq);
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().kind, Error::Kind::Conflict);
        const QRegularExpression said(QStringLiteral(
            "^case \"2024-CR-17\" was reopened by bob at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC since "
            "your screen showed it \\(2 changes since\\); it is open now: look at it and close it "
            "again if you still mean to$"));
        QVERIFY2(said.match(stale.errorMessage()).hasMatch(), qPrintable(stale.errorMessage()));
        QCOMPARE(auditRecordsOf(zoeDesk).size(), recordsBefore);  // refused: no trace
        auto now = zoe.findById(created->id);
        QVERIFY(now.ok());
        QCOMPARE(now->status, CaseRecord::Status::Open);
        QCOMPARE(now->changeSeq, reopened->changeSeq);
        // The same for the retention period, and for a version the case never had.
        auto staleRetention = zoe.setRetention(created->id, 90, QStringLiteral("appeal"), zoeSaw.changeSeq);
        QCOMPARE(staleRetention.error().kind, Error::Kind::Conflict);
        QVERIFY2(staleRetention.errorMessage().endsWith(
                     QStringLiteral("look at it and set its retention period again if you still mean to")),
                 qPrintable(staleRetention.errorMessage()));
        auto unknown = zoe.reopen(created->id, QString(), reopened->changeSeq + 1000);
        QCOMPARE(unknown.error().kind, Error::Kind::Conflict);
        QCOMPARE(unknown.errorMessage(),
                 QStringLiteral("case \"2024-CR-17\" is not as your screen showed it (it is open "
                                "now); look at it again and reopen it again if you still mean to"));
        QCOMPARE(auditRecordsOf(zoeDesk).size(), recordsBefore);

        // Seen as it is now, zoe's close goes through; without a version (the CLI) the rules
        // of the state alone apply.
        auto fresh = zoe.close(created->id, QStringLiteral("nothing more to do"), now->changeSeq);
        QVERIFY2(fresh.ok(), qPrintable(fresh.errorMessage()));
        const AuditRecord record = auditRecordsOf(zoeDesk).back();
        QCOMPARE(record.action, QStringLiteral("case_closed"));
        QCOMPARE(record.actor, QStringLiteral("zoe"));
        QCOMPARE(record.seq, fresh->changeSeq);
        QVERIFY(bob.reopen(created->id, QStringLiteral("appeal")).ok());
        QVERIFY(AuditTrail(bobDesk).verify()->intact());
    }

    void reopeningWritesItsRecordWithReasonAndActor() {
        DatabaseConnection db = m_workspaces.next();
        auto created = CaseCatalog(db, Actor(QStringLiteral("dana"))).create(draft(QStringLiteral("2024-CR-17")));
        QVERIFY(created.ok());
        QVERIFY(CaseCatalog(db, Actor(QStringLiteral("dana"))).close(created->id).ok());
        // Another analyst reopens: the record names who did, not who opened the case.
        const CaseCatalog eli(db, Actor(QStringLiteral("eli")));
        auto reopened = eli.reopen(created->id, QStringLiteral("new witness statement"));
        QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
        QCOMPARE(reopened->status, CaseRecord::Status::Open);
        QVERIFY(!reopened->closedAt.isValid());
        QCOMPARE(reopened->openedAt, created->openedAt);

        const AuditRecord last = auditRecordsOf(db).back();
        QCOMPARE(last.action, QStringLiteral("case_reopened"));
        QCOMPARE(last.actor, QStringLiteral("eli"));
        QCOMPARE(last.detailsObject().value(QStringLiteral("reason")).toString(), QStringLiteral("new witness statement"));
        QCOMPARE(last.detailsObject().value(QStringLiteral("previous_status")).toString(), QStringLiteral("closed"));

        auto openAlready = eli.reopen(created->id);
        QVERIFY(!openAlready.ok());
        QCOMPARE(openAlready.errorMessage(), QStringLiteral("case \"2024-CR-17\" is already open"));
        QCOMPARE(auditRecordsOf(db).size(), std::size_t(3));  // refused changes recorded nothing
        auto verification = AuditTrail(db).verify();
        QVERIFY(verification.ok());
        QVERIFY(verification->intact());
        QCOMPARE(verification->recordCount, qint64(3));
    }

    // If the audit record cannot be written, the action does not happen either.
    void noCaseChangeWithoutItsAuditRecord() {
        DatabaseConnection db = m_workspaces.next();
        const CaseCatalog cases(db, Actor(QStringLiteral("dana")));
        auto created = cases.create(draft(QStringLiteral("1")));
        QVERIFY(created.ok());
        auto broken = injectInsertFailure(db, QStringLiteral("audit_log"), QStringLiteral("1 = 1"),
                                          QStringLiteral("audit log unavailable"));
        QVERIFY2(broken.ok(), qPrintable(broken.errorMessage()));
        auto second = cases.create(draft(QStringLiteral("2")));
        QVERIFY(!second.ok());
        QVERIFY2(second.errorMessage().contains(QStringLiteral("audit log unavailable")),
                 qPrintable(second.errorMessage()));
        QVERIFY(!cases.close(created->id).ok());
        QVERIFY(!cases.setRetention(created->id, 90, QStringLiteral("appeal")).ok());
        QCOMPARE(cases.list()->size(), std::size_t(1));
        QCOMPARE(cases.findById(created->id)->status, CaseRecord::Status::Open);
        QCOMPARE(cases.findById(created->id)->retentionDays, std::optional<int>());
        QCOMPARE(count(db, QStringLiteral("audit_log")), qint64(1));
    }

    void retentionIsSetAtOpeningOnRecord() {
        DatabaseConnection db = m_workspaces.next();
        const CaseCatalog cases(db, Actor(QStringLiteral("dana")));
        CaseRecord own = draft(QStringLiteral("R-1"));
        own.retentionDays = 90;
        auto created = cases.create(own);
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QCOMPARE(created->retentionDays, std::optional<int>(90));
        QCOMPARE(auditRecordsOf(db)
                     .back()
                     .detailsObject()
                     .value(QStringLiteral("retention_days"))
                     .toInt(),
                 90);
        // On the policy default the creation record reads as it did before retention existed.
        auto plain = cases.create(draft(QStringLiteral("R-2")));
        QVERIFY(plain.ok());
        QCOMPARE(plain->retentionDays, std::optional<int>());
        QVERIFY(
            !auditRecordsOf(db).back().detailsObject().contains(QStringLiteral("retention_days")));

        // Expiry: closing time + own period or the policy's.
        auto closed = cases.close(created->id);
        QVERIFY(closed.ok());
        QCOMPARE(closed->expiresAt(730), closed->closedAt.addDays(90));
        auto plainClosed = cases.close(plain->id);
        QCOMPARE(plainClosed->expiresAt(730), plainClosed->closedAt.addDays(730));
    }

    void retentionChangesNeedAReasonAndAChange() {
        DatabaseConnection db = m_workspaces.next();
        const CaseCatalog cases(db, Actor(QStringLiteral("dana")));
        auto created = cases.create(draft(QStringLiteral("2024-CR-17")));
        QVERIFY(created.ok());

        auto noReason = cases.setRetention(created->id, 90, QStringLiteral(" "));
        QVERIFY(!noReason.ok());
        QCOMPARE(noReason.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(noReason.errorMessage().contains(QStringLiteral("reason is required")),
                 qPrintable(noReason.errorMessage()));
        auto outOfRange = cases.setRetention(created->id, CaseCatalog::kMaxRetentionDays + 1, QStringLiteral("appeal"));
        QVERIFY(!outOfRange.ok());
        auto policyAlready =
            cases.setRetention(created->id, std::nullopt, QStringLiteral("appeal"));
        QCOMPARE(
            policyAlready.errorMessage(),
            QStringLiteral("case \"2024-CR-17\" already keeps its data for the policy default"));
        QCOMPARE(auditRecordsOf(db).size(), std::size_t(1));

        auto kept = cases.setRetention(created->id, 90, QStringLiteral("appeal pending"));
        QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
        QCOMPARE(kept->retentionDays, std::optional<int>(90));
        AuditRecord last = auditRecordsOf(db).back();
        QCOMPARE(last.action, QStringLiteral("case_retention_changed"));
        QCOMPARE(last.actor, QStringLiteral("dana"));
        QCOMPARE(last.caseId, std::optional<qint64>(created->id));
        QCOMPARE(QString::fromUtf8(last.details),
                 QStringLiteral("{\"case_number\":\"2024-CR-17\",\"from\":\"policy "
                                "default\",\"reason\":\"appeal pending\",\"to\":90}"));

        auto unchanged = cases.setRetention(created->id, 90, QStringLiteral("again"));
        QVERIFY(!unchanged.ok());
        QCOMPARE(unchanged.errorMessage(),
                 QStringLiteral("case \"2024-CR-17\" already keeps its data for 90 days"));

        // Allowed in a closed case too (a longer period holds its data); by whoever acts.
        QVERIFY(cases.close(created->id).ok());
        auto back = CaseCatalog(db, Actor(QStringLiteral("sgt")))
                        .setRetention(created->id, std::nullopt, QStringLiteral("appeal decided"));
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QCOMPARE(back->retentionDays, std::optional<int>());
        last = auditRecordsOf(db).back();
        QCOMPARE(last.actor, QStringLiteral("sgt"));
        QCOMPARE(QString::fromUtf8(last.details),
                 QStringLiteral("{\"case_number\":\"2024-CR-17\",\"from\":90,\"reason\":\"appeal "
                                "decided\",\"to\":\"policy default\"}"));
        QVERIFY(AuditTrail(db).verify()->intact());
    }

    void purgedCaseIsNeitherReopenedNorKeptLonger() {
        DatabaseConnection db = m_workspaces.next();
        const CaseCatalog cases(db, Actor(QStringLiteral("dana")));
        auto created = cases.create(draft(QStringLiteral("P-1")));
        QVERIFY(cases.close(created->id).ok());
        // CasePurger (core/services/retention) sets purged_at; here by hand.
        QVERIFY(db.exec(QStringLiteral("UPDATE cases SET purged_at = '2026-03-04T05:06:07.000Z' "
                                       "WHERE id = %1")
                            .arg(created->id),
                        QStringLiteral("mark purged"))
                    .ok());
        const QString notice = QStringLiteral(
            "case \"P-1\" was purged on 2026-03-04; its data is gone and it "
            "cannot be reopened");
        auto reopened = cases.reopen(created->id, QStringLiteral("new lead"));
        QVERIFY(!reopened.ok());
        QCOMPARE(reopened.errorMessage(), notice);
        auto kept = cases.setRetention(created->id, 9000, QStringLiteral("hold"));
        QVERIFY(!kept.ok());
        QCOMPARE(kept.errorMessage(), notice);
        QCOMPARE(cases.findById(created->id)->status, CaseRecord::Status::Closed);
        QCOMPARE(auditRecordsOf(db).size(), std::size_t(2));  // created, closed
    }

    void findsByNumberIgnoringCapitalsAndNamesWhatIsMissing() {
        DatabaseConnection db = m_workspaces.next();
        const CaseCatalog cases(db, Actor(QStringLiteral("dana")));
        auto created = cases.create(draft(QStringLiteral("2024-CR-17")));
        QVERIFY(created.ok());
        auto found = cases.findByNumber(QStringLiteral(" 2024-cr-17 "));
        QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
        QCOMPARE(found->id, created->id);
        QCOMPARE(cases.findById(created->id)->caseNumber, QStringLiteral("2024-CR-17"));

        auto missing = cases.findByNumber(QStringLiteral("2024-CR-99"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QVERIFY2(missing.errorMessage().contains(QStringLiteral("\"2024-CR-99\"")), qPrintable(missing.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestCaseCatalog)
#include "test_case_catalog.moc"
