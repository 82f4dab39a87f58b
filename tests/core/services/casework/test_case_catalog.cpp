// CaseCatalog: the rules the start screen and `facecase-cli case` share. What is refused is
// refused in words that name the case and leaves no trace; what is done is on record under the
// catalog's actor, never a name the caller passes.
#include <QRegularExpression>
#include <QTest>

#include "services/casework/case_catalog.h"
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
        auto created = CaseCatalog(db, Actor(QStringLiteral("dana"))).create(draft(QStringLiteral("2024-CR-17")));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QCOMPARE(created->analyst, QStringLiteral("dana"));  // the actor, when none is named
        const std::vector<AuditRecord> records = auditRecordsOf(db);
        QCOMPARE(records.size(), std::size_t(1));
        QCOMPARE(records.back().action, QStringLiteral("case_created"));
        QCOMPARE(records.back().actor, QStringLiteral("dana"));
        QCOMPARE(records.back().caseId, std::optional<qint64>(created->id));
    }

    void refusesWhatCannotBeACase_data() {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("purpose");
        QTest::addColumn<QString>("named");  // what the refusal must mention
        QTest::newRow("blank purpose") << QStringLiteral("2024-CR-18") << QStringLiteral("  ")
                                       << QStringLiteral("purpose");
        QTest::newRow("blank number") << QStringLiteral(" ") << QStringLiteral("warrant 1/24")
                                      << QStringLiteral("case number");
        QTest::newRow("number taken, other capitals")
            << QStringLiteral("2024-cr-17") << QStringLiteral("warrant 2/24") << QStringLiteral("\"2024-CR-17\"");
    }
    void refusesWhatCannotBeACase() {
        QFETCH(QString, number);
        QFETCH(QString, purpose);
        QFETCH(QString, named);
        DatabaseConnection db = m_workspaces.next();
        const CaseCatalog cases(db, Actor(QStringLiteral("dana")));
        QVERIFY(cases.create(draft(QStringLiteral("2024-CR-17"))).ok());

        auto refused = cases.create(draft(number, purpose));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(refused.errorMessage().contains(named), qPrintable(refused.errorMessage()));
        QCOMPARE(cases.list()->size(), std::size_t(1));      // nothing opened
        QCOMPARE(auditRecordsOf(db).size(), std::size_t(1));  // nothing recorded
    }

    void closingAClosedCaseIsRefusedNamingIt() {
        DatabaseConnection db = m_workspaces.next();
        const CaseCatalog cases(db, Actor(QStringLiteral("dana")));
        auto created = cases.create(draft(QStringLiteral("2024-CR-17")));
        QVERIFY(created.ok());
        auto closed = cases.close(created->id, QStringLiteral("charges filed"));
        QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));
        QCOMPARE(closed->status, CaseRecord::Status::Closed);
        QCOMPARE(auditRecordsOf(db).back().action, QStringLiteral("case_closed"));

        auto again = cases.close(created->id);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, Error::Kind::InvalidInput);
        QCOMPARE(again.errorMessage(), QStringLiteral("case \"2024-CR-17\" is already closed"));
        QCOMPARE(auditRecordsOf(db).size(), std::size_t(2));  // created, closed: no third record
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

        const AuditRecord last = auditRecordsOf(db).back();
        QCOMPARE(last.action, QStringLiteral("case_reopened"));
        QCOMPARE(last.actor, QStringLiteral("eli"));
        QCOMPARE(last.detailsObject().value(QStringLiteral("reason")).toString(), QStringLiteral("new witness statement"));
        QCOMPARE(last.detailsObject().value(QStringLiteral("previous_status")).toString(), QStringLiteral("closed"));

        auto openAlready = eli.reopen(created->id);
        QVERIFY(!openAlready.ok());
        QCOMPARE(openAlready.errorMessage(), QStringLiteral("case \"2024-CR-17\" is already open"));
    }

    void retentionChangesNeedAReasonAndAChange() {
        DatabaseConnection db = m_workspaces.next();
        const CaseCatalog cases(db, Actor(QStringLiteral("dana")));
        auto created = cases.create(draft(QStringLiteral("2024-CR-17")));
        QVERIFY(created.ok());

        auto noReason = cases.setRetention(created->id, 90, QStringLiteral(" "));
        QVERIFY(!noReason.ok());
        QCOMPARE(noReason.error().kind, Error::Kind::InvalidInput);
        auto outOfRange = cases.setRetention(created->id, CaseCatalog::kMaxRetentionDays + 1, QStringLiteral("appeal"));
        QVERIFY(!outOfRange.ok());
        QCOMPARE(auditRecordsOf(db).size(), std::size_t(1));

        auto kept = cases.setRetention(created->id, 90, QStringLiteral("appeal pending"));
        QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
        QCOMPARE(kept->retentionDays, std::optional<int>(90));
        const AuditRecord last = auditRecordsOf(db).back();
        QCOMPARE(last.action, QStringLiteral("case_retention_changed"));
        QCOMPARE(last.actor, QStringLiteral("dana"));

        auto unchanged = cases.setRetention(created->id, 90, QStringLiteral("again"));
        QVERIFY(!unchanged.ok());
        QVERIFY2(unchanged.errorMessage().contains(QStringLiteral("\"2024-CR-17\" already keeps")),
                 qPrintable(unchanged.errorMessage()));
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
