// CaseExporter on both backends (FACECASE_TEST_BACKEND): the probe's evidence leaves through
// the workspace's EvidenceStore -- the folder's file, or the agency database's bytes -- and a
// decoy at the probe's relative path under the current directory is never taken for it. The
// bundle's contract is test_case_exporter's.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "casefile/case_exporter.h"
#include "case_test_support.h"
#include "store/evidence_store.h"

using namespace facecase;
using namespace facecase::test;

class TestCaseExportEvidence : public QObject {
    Q_OBJECT

    QTemporaryDir m_cache;
    TestWorkspaces m_workspaces;

private slots:
    void initTestCase() { qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cache.path())); }

    void probeEvidenceLeavesThroughTheStore() {
        CaseFixture f = CaseFixture::create(m_workspaces, 3);
        const QByteArray photo("probe photo");
        auto kept = EvidenceStore(*f.workspace, *f.db)
                        .keep(photo, f.probe.sha256, QStringLiteral("jpg"), QStringLiteral("test"));
        QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
        QCOMPARE(*kept, f.probe.evidencePath);

        QTemporaryDir elsewhere;
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(elsewhere.path()));
        QVERIFY(QDir().mkpath(Workspace::evidenceFolderName()));
        QFile decoy(elsewhere.filePath(f.probe.evidencePath));
        QVERIFY(decoy.open(QIODevice::WriteOnly));
        decoy.write("a decoy, not the evidence");
        decoy.close();
        CaseExporter::Options options;
        options.output = elsewhere.filePath(QStringLiteral("bundle"));
        options.actor = QStringLiteral("zoe");
        auto exported = CaseExporter(*f.workspace, *f.db).exportCase(f.theCase.id, options);
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY2(exported.ok(), qPrintable(exported.errorMessage()));

        QFile copied(QDir(options.output).filePath(QStringLiteral("evidence/%1.jpg").arg(f.probe.sha256)));
        QVERIFY2(copied.open(QIODevice::ReadOnly), qPrintable(copied.fileName()));
        QCOMPARE(copied.readAll(), photo);
        for (const auto& missing : exported->notCopied) QVERIFY(missing.sha256 != f.probe.sha256);
    }
};

QTEST_GUILESS_MAIN(TestCaseExportEvidence)
#include "test_case_export_evidence.moc"
