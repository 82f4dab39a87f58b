// BatchCaseSearch where it cannot keep files: a PostgreSQL workspace has no folder for the
// probes' evidence copies and the index cache (issue 12). The searches themselves need the face
// models and are covered by the CLI tests (tests/cli/test_cli_case_search.cpp).
#include <QDir>
#include <QTest>

#include "case_test_support.h"
#include "services/search/batch_case_search.h"

using namespace facecase;
using namespace facecase::test;

class TestBatchCaseSearch : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;

private slots:
    // Refused naming the workspace, before any probe is read or copied, and on record as a
    // refused search; nothing lands in the current directory.
    void refusedWithoutAWorkspaceFolder() {
        CaseFixture f = CaseFixture::create(m_workspaces, 3);
        if (!f.workspace->isPostgres())
            QSKIP("a SQLite workspace always has its folder; see the @postgresql run");
        const QStringList before = QDir::current().entryList(QDir::AllEntries | QDir::Hidden);
        const qint64 auditBefore = f.auditCount();
        BatchCaseSearch::Request request;
        request.caseNumber = f.theCase.caseNumber;
        request.galleryName = QStringLiteral("Bookings");
        request.probePaths = {QStringLiteral("/media/usb/still-0043.jpg")};
        const std::atomic_bool cancel{false};
        auto run = BatchCaseSearch(*f.workspace, *f.db, Actor(QStringLiteral("zoe")))
                       .run(request, {}, cancel);
        QVERIFY(!run.ok());
        QCOMPARE(run.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(run.errorMessage().startsWith(f.workspace->databasePath()) &&
                     run.errorMessage().contains(QStringLiteral("issue 12")),
                 qPrintable(run.errorMessage()));
        QCOMPARE(count(*f.db, QStringLiteral("probes")), qint64(1));  // the fixture's own
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(0));
        QCOMPARE(f.auditCount(), auditBefore + 1);
        QCOMPARE(f.lastAudit().action, QStringLiteral("search_refused"));
        QCOMPARE(QDir::current().entryList(QDir::AllEntries | QDir::Hidden), before);
    }
};

QTEST_GUILESS_MAIN(TestBatchCaseSearch)
#include "test_batch_case_search.moc"
