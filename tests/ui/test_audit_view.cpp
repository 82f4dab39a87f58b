// The audit view (File ▸ Audit log…): its table model passes QAbstractItemModelTester through
// loads and filter changes; the filters (case, action, analyst, dates) select what AuditTrail
// selects; "Verify chain" shows the chain intact on a fresh workspace with the head hash, is
// itself recorded (audit_verified), and names the first broken record after the database file
// was edited behind FaceCase's back.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <optional>

#include "audit/audit_dialog.h"
#include "audit/audit_table_model.h"
#include "audit/audit_trail.h"
#include "jobs/database_worker.h"
#include "services/casework/case_catalog.h"
#include "store/workspace.h"

using namespace facecase;
using namespace facecase::ui;

class TestAuditView : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_workspace;

    static QStringList column(const AuditTableModel* model, int column) {
        QStringList values;
        for (int row = 0; row < model->rowCount(); ++row) values << model->index(row, column).data().toString();
        return values;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto workspace = Workspace::open(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        for (const auto& [number, analyst] : {std::pair{"2026-CR-0001", "ann"}, std::pair{"2026-CR-0002", "ben"}}) {
            CaseRecord draft;
            draft.caseNumber = QString::fromLatin1(number);
            draft.title = QStringLiteral("Title");
            draft.purpose = QStringLiteral("Purpose and legal basis");
            draft.analyst = QString::fromLatin1(analyst);
            auto created =
                CaseCatalog(*connection, Actor(QString::fromLatin1(analyst))).create(draft);
            QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        }
        const CaseCatalog ben(*connection, Actor(QStringLiteral("ben")));
        auto closed =
            ben.close(ben.findByNumber(QStringLiteral("2026-CR-0002"))->id, QStringLiteral("done"));
        QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));
    }

    void filtersSelectRecordsAndVerifyShowsIntact() {
        DatabaseWorker worker(*m_workspace);
        AuditDialog dialog(&worker);
        QAbstractItemModelTester tester(dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        AuditTableModel* model = dialog.model();
        QTRY_COMPARE(dialog.caseFilter()->count(), 3);  // All cases + two
        QTRY_COMPARE(model->rowCount(), 3);
        QCOMPARE(column(model, AuditTableModel::SeqColumn), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
        QCOMPARE(column(model, AuditTableModel::CaseColumn),
                 (QStringList{QStringLiteral("2026-CR-0001"), QStringLiteral("2026-CR-0002"), QStringLiteral("2026-CR-0002")}));
        QVERIFY(model->index(0, AuditTableModel::DetailsColumn).data().toString().contains(QStringLiteral("2026-CR-0001")));
        // The stored ISO time shown as every stored time is (issue 11): "2026-12-07 11:13:22 UTC".
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$"))
                    .match(model->index(0, AuditTableModel::TimeColumn).data().toString())
                    .hasMatch());

        // Case filter.
        QSignalSpy loaded(&dialog, &AuditDialog::recordsLoaded);
        dialog.caseFilter()->setCurrentIndex(dialog.caseFilter()->findText(QStringLiteral("2026-CR-0002")));
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(column(model, AuditTableModel::ActionColumn), (QStringList{QStringLiteral("case_created"), QStringLiteral("case_closed")}));
        // Action filter on top of it.
        dialog.actionFilter()->setText(QStringLiteral("case_closed"));
        emit dialog.actionFilter()->editingFinished();
        QTRY_COMPARE(loaded.size(), 2);
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, AuditTableModel::ActorColumn).data().toString(), QStringLiteral("ben"));
        // Analyst filter, all cases, no action.
        dialog.caseFilter()->setCurrentIndex(0);
        dialog.actionFilter()->clear();
        dialog.analystFilter()->setText(QStringLiteral("ann"));
        emit dialog.analystFilter()->editingFinished();
        QTRY_VERIFY(!loaded.isEmpty() && loaded.last().at(0).toInt() == 1);
        QTRY_COMPARE(column(model, AuditTableModel::ActorColumn), QStringList{QStringLiteral("ann")});
        // Dates (UTC days, as the table's times): everything was recorded today; a window
        // ending yesterday selects nothing.
        dialog.analystFilter()->clear();
        emit dialog.analystFilter()->editingFinished();
        QTRY_COMPARE(model->rowCount(), 3);
        const QDate today = QDateTime::currentDateTimeUtc().date();
        dialog.untilDate()->setDate(today.addDays(-1));
        dialog.untilEnabled()->setChecked(true);
        QTRY_COMPARE(model->rowCount(), 0);
        dialog.untilDate()->setDate(today);
        dialog.fromDate()->setDate(today);
        dialog.fromEnabled()->setChecked(true);
        QTRY_COMPARE(model->rowCount(), 3);
        dialog.fromEnabled()->setChecked(false);
        dialog.untilEnabled()->setChecked(false);

        // Verify chain: intact, with the head hash; the check is recorded and listed.
        QSignalSpy verified(&dialog, &AuditDialog::chainVerified);
        QTest::mouseClick(dialog.verifyButton(), Qt::LeftButton);
        QTRY_COMPARE(verified.size(), 1);
        QCOMPARE(verified.at(0).at(0).toBool(), true);
        auto connection = m_workspace->openConnection();
        QVERIFY(connection.ok());
        auto chain = AuditTrail(*connection).verify();
        QVERIFY(chain.ok() && chain->intact());
        QCOMPARE(chain->headSeq, 4);  // the audit_verified record itself
        auto head = AuditTrail(*connection).records();
        QVERIFY(head.ok());
        QCOMPARE(head->back().action, QStringLiteral("audit_verified"));
        const QString text = dialog.verifyResult()->text();
        QVERIFY2(text.contains(QStringLiteral("Chain intact")) && text.contains(head->at(2).hash), qPrintable(text));
        QTRY_COMPARE(model->rowCount(), 4);
        QCOMPARE(model->index(3, AuditTableModel::ActionColumn).data().toString(), QStringLiteral("audit_verified"));
    }

    // Someone edits a record with sqlite3 after dropping the append-only trigger: the view names it.
    void verifyNamesTheFirstBrokenRecord() {
        {
            auto connection = m_workspace->openConnection();
            QVERIFY(connection.ok());
            QSqlQuery query(connection->database());
            QVERIFY(query.exec(QStringLiteral("DROP TRIGGER audit_log_is_append_only_update")));
            QVERIFY(query.exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")));
        }
        DatabaseWorker worker(*m_workspace);
        AuditDialog dialog(&worker);
        QSignalSpy verified(&dialog, &AuditDialog::chainVerified);
        dialog.verifyChain();
        QTRY_COMPARE(verified.size(), 1);
        QCOMPARE(verified.at(0).at(0).toBool(), false);
        const QString text = dialog.verifyResult()->text();
        QVERIFY2(text.contains(QStringLiteral("BROKEN at record #2 (edited)")), qPrintable(text));
    }
};

QTEST_MAIN(TestAuditView)
#include "test_audit_view.moc"
