// CaseExporter where the workspace keeps no files: a PostgreSQL workspace has no folder for the
// probes' evidence (issue 12), and the export must not read the stored relative paths against
// the current directory instead. The export itself is test_case_exporter's (SQLite).
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include "casefile/case_exporter.h"
#include "case_test_support.h"

using namespace facecase;
using namespace facecase::test;

class TestCaseExportWithoutFolder : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;

private slots:
    // Refused naming the workspace, before any output is made, with nothing on record. A decoy
    // at the probe's relative path under the current directory is not taken as its evidence.
    void refusedWithoutAWorkspaceFolder() {
        CaseFixture f = CaseFixture::create(m_workspaces, 3);
        if (!f.workspace->isPostgres())
            QSKIP("a SQLite workspace always has its folder; see the @postgresql run");
        QTemporaryDir elsewhere;
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(elsewhere.path()));
        QVERIFY(QDir().mkpath(Workspace::evidenceFolderName()));
        QFile decoy(elsewhere.filePath(f.probe.evidencePath));
        QVERIFY(decoy.open(QIODevice::WriteOnly));
        decoy.write("probe photo");
        decoy.close();
        const qint64 auditBefore = f.auditCount();
        CaseExporter::Options options;
        options.output = elsewhere.filePath(QStringLiteral("bundle"));
        options.actor = QStringLiteral("zoe");
        auto exported = CaseExporter(*f.workspace, *f.db).exportCase(f.theCase.id, options);
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY(!exported.ok());
        QVERIFY2(exported.errorMessage().startsWith(f.workspace->databasePath()) &&
                     exported.errorMessage().contains(QStringLiteral("issue 12")),
                 qPrintable(exported.errorMessage()));
        QVERIFY(!QFileInfo::exists(options.output));
        QCOMPARE(f.auditCount(), auditBefore);
    }
};

QTEST_GUILESS_MAIN(TestCaseExportWithoutFolder)
#include "test_case_export_without_folder.moc"
