// BatchCaseSearch on both backends (FACECASE_TEST_BACKEND): a real photo becomes evidence of the
// case -- the folder's evidence/ file, or the agency database's evidence row fetched into this
// workstation's cache -- and that checked copy is what gets searched; nothing lands in the
// current directory. (The search's own contract is covered by tests/cli/test_cli_case_search.)
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "case_test_support.h"
#include "services/pipeline/descriptor_model_key.h"
#include "services/pipeline/face_models.h"
#include "services/search/batch_case_search.h"
#include "store/evidence_store.h"
#include "support/test_data.h"

using namespace facecase;
using namespace facecase::test;

class TestBatchCaseSearch : public QObject {
    Q_OBJECT

    QTemporaryDir m_cache;
    TestWorkspaces m_workspaces;

private slots:
    void initTestCase() {
        // This workstation's caches (index, fetched evidence) in a folder of the test's own.
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cache.path()));
    }

    void searchesTheCheckedEvidenceCopy() {
        const QString photo =
            testDataPath(QStringLiteral("detection/face-api-samples/images/angry.jpg"));
        if (!QFile::exists(photo)) QSKIP("test photos not found (FACECASE_TESTDATA)");
        CaseFixture f = CaseFixture::create(m_workspaces, 3);
        // Faces described by the real network, so the default search has something to rank.
        auto models = FaceModels::loadDefault();
        QVERIFY2(models.ok(), qPrintable(models.errorMessage()));
        FaceRecordWriter writer(*f.db, DescriptorModelKey::of(**models, PipelineOptions{}.descriptorMode));
        for (int n = 100; n < 105; ++n) QVERIFY(writer.insert(f.galleryId, syntheticRecord(n)).ok());
        const QStringList before = QDir::current().entryList(QDir::AllEntries | QDir::Hidden);
        BatchCaseSearch::Request request;
        request.caseNumber = f.theCase.caseNumber;
        request.galleryName = QStringLiteral("Bookings");
        request.probePaths = {photo};
        const std::atomic_bool cancel{false};
        QStringList problems;
        BatchCaseSearch::Listener listener;
        listener.problem = [&](const BatchCaseSearch::Problem& p) { problems << p.error.message; };
        auto run = BatchCaseSearch(*f.workspace, *f.db, Actor(QStringLiteral("zoe")))
                       .run(request, listener, cancel);
        QVERIFY2(run.ok(), qPrintable(run.errorMessage()));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QCOMPARE(run->searchedFaces, 1);
        QCOMPARE(count(*f.db, QStringLiteral("searches")), qint64(1));

        QFile file(photo);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString sha = sha256Of(file.readAll());
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT probe_sha256 FROM searches")).toString(), sha);
        const QString evidencePath =
            scalar(*f.db, QStringLiteral("SELECT evidence_path FROM probes WHERE sha256 = '%1'")
                              .arg(sha))
                .toString();
        QCOMPARE(evidencePath, EvidenceStore::relativePath(sha, QStringLiteral("jpg")));
        if (f.workspace->isPostgres()) {
            QCOMPARE(scalar(*f.db, QStringLiteral("SELECT file_bytes FROM evidence WHERE sha256 "
                                                  "= '%1'")
                                       .arg(sha))
                         .toLongLong(),
                     QFileInfo(photo).size());
            QVERIFY(QFile::exists(QDir(f.workspace->localCacheFolder()).filePath(evidencePath)));
        } else {
            QVERIFY(QFile::exists(QDir(f.workspace->folder()).filePath(evidencePath)));
        }
        QCOMPARE(QDir::current().entryList(QDir::AllEntries | QDir::Hidden), before);
    }
};

QTEST_GUILESS_MAIN(TestBatchCaseSearch)
#include "test_batch_case_search.moc"
