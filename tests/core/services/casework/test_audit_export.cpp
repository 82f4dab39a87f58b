// AuditExport: a case's records handed out whole, and the handing out on record with the hash
// of exactly the bytes handed out; read-only, not a byte of the database changes; a file that
// cannot be written leaves no record of an export.
#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include "services/casework/audit_export.h"
#include "services/casework/case_catalog.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

class TestAuditExport : public QObject {
    Q_OBJECT

    FreshWorkspaces m_workspaces;
    QTemporaryDir m_out;

    // A workspace with case 2024-CR-17 (opened, closed: two records) and case 2024-CR-18.
    static void openCases(const DatabaseConnection& db) {
        const CaseCatalog cases(db, Actor(QStringLiteral("dana")));
        CaseRecord draft;
        draft.caseNumber = QStringLiteral("2024-CR-17");
        draft.purpose = QStringLiteral("Robbery; warrant 88/24");
        auto first = cases.create(draft);
        QVERIFY(first.ok());
        QVERIFY(cases.close(first->id, QStringLiteral("charges filed")).ok());
        draft.caseNumber = QStringLiteral("2024-CR-18");
        QVERIFY(cases.create(draft).ok());
    }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void exportsTheCasesRecordsAndRecordsTheExport() {
        DatabaseConnection db = m_workspaces.next();
        openCases(db);
        AuditExport::Request request;
        request.caseNumber = QStringLiteral("2024-cr-17");
        request.outPath = m_out.filePath(QStringLiteral("cr17.jsonl"));
        auto exported = AuditExport(db, Actor(QStringLiteral("audrey"))).exportCase(request);
        QVERIFY2(exported.ok(), qPrintable(exported.errorMessage()));
        QCOMPARE(exported->records, qint64(2));
        QCOMPARE(exported->theCase.caseNumber, QStringLiteral("2024-CR-17"));

        QFile file(request.outPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);  // case_created, case_closed: not the other case's record
        QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value(QStringLiteral("action")).toString(),
                 QStringLiteral("case_closed"));

        const AuditRecord last = auditRecordsOf(db).back();
        QCOMPARE(last.action, QStringLiteral("audit_exported"));
        QCOMPARE(last.actor, QStringLiteral("audrey"));
        const QJsonObject details = last.detailsObject();
        QCOMPARE(details.value(QStringLiteral("records")).toInt(), 2);
        QCOMPARE(details.value(QStringLiteral("format")).toString(), QStringLiteral("jsonl"));
        QCOMPARE(details.value(QStringLiteral("destination")).toString(), exported->destination);
        QCOMPARE(details.value(QStringLiteral("sha256")).toString(), sha256Of(bytes));
    }

    void readOnlyWritesNothingToTheDatabase() {
        DatabaseConnection db = m_workspaces.next();
        openCases(db);
        const std::size_t before = auditRecordsOf(db).size();
        QBuffer out;
        QVERIFY(out.open(QIODevice::WriteOnly));
        AuditExport::Request request;
        request.caseNumber = QStringLiteral("2024-CR-17");
        request.format = AuditExport::Format::Csv;
        request.record = false;
        auto exported = AuditExport(db, Actor(QStringLiteral("audrey"))).exportCase(request, &out);
        QVERIFY2(exported.ok(), qPrintable(exported.errorMessage()));
        QCOMPARE(exported->destination, QStringLiteral("stdout"));
        QVERIFY(out.data().startsWith("seq,at,actor,case_id,action,details,prev_hash,hash\r\n"));
        QCOMPARE(out.data().count("\r\n"), 3);  // header and two records
        QCOMPARE(auditRecordsOf(db).size(), before);
    }

    void aFileThatCannotBeWrittenLeavesNoRecord() {
        DatabaseConnection db = m_workspaces.next();
        openCases(db);
        const std::size_t before = auditRecordsOf(db).size();
        AuditExport::Request request;
        request.caseNumber = QStringLiteral("2024-CR-17");
        request.outPath = m_out.filePath(QStringLiteral("no-such-folder/cr17.jsonl"));
        auto exported = AuditExport(db, Actor(QStringLiteral("audrey"))).exportCase(request);
        QVERIFY(!exported.ok());
        QCOMPARE(exported.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(exported.errorMessage().contains(QStringLiteral("cannot write")), qPrintable(exported.errorMessage()));
        QCOMPARE(auditRecordsOf(db).size(), before);
    }

    void anUnknownCaseIsNamed() {
        DatabaseConnection db = m_workspaces.next();
        AuditExport::Request request;
        request.caseNumber = QStringLiteral("2024-CR-99");
        auto exported = AuditExport(db, Actor(QStringLiteral("audrey"))).exportCase(request);
        QVERIFY(!exported.ok());
        QCOMPARE(exported.error().kind, Error::Kind::NotFound);
        QVERIFY(exported.errorMessage().contains(QStringLiteral("\"2024-CR-99\"")));
    }

    void formatsByName() {
        QCOMPARE(AuditExport::formatFromName(QStringLiteral("csv")), std::optional(AuditExport::Format::Csv));
        QCOMPARE(AuditExport::formatFromName(QStringLiteral("jsonl")), std::optional(AuditExport::Format::JsonLines));
        QVERIFY(!AuditExport::formatFromName(QStringLiteral("xml")));
    }
};

QTEST_GUILESS_MAIN(TestAuditExport)
#include "test_audit_export.moc"
