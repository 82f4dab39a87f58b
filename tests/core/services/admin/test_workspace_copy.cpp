// WorkspaceCopy: a single analyst's workspace folder (SQLite) moved into an agency database
// (a private PostgreSQL cluster) -- every row with its id, the audit chain verbatim and then
// continued by a workspace_copied record, the evidence checked into the database -- or, when
// anything is wrong, nothing at all.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "case_test_support.h"
#include "services/admin/workspace_copy.h"
#include "services/casework/case_work.h"
#include "store/gallery_image_remover.h"
#include "support/private_postgres.h"

using namespace facecase;
using namespace facecase::test;

class TestWorkspaceCopy : public QObject {
    Q_OBJECT

    std::unique_ptr<PrivatePostgres> m_cluster;
    QTemporaryDir m_dir;
    int m_serial = 0;

    Workspace freshTarget() {
        const QString name = QStringLiteral("agency_%1").arg(++m_serial);
        auto created = m_cluster->superuserQuery(QStringLiteral("CREATE DATABASE %1").arg(name),
                                                 QStringLiteral("postgres"));
        if (!created) qFatal("%s", qPrintable(created.errorMessage()));
        auto workspace = Workspace::open(QStringLiteral("postgresql://%1@%2:%3/%4")
                                             .arg(m_cluster->superuser(), PrivatePostgres::host())
                                             .arg(m_cluster->port())
                                             .arg(name));
        if (!workspace) qFatal("%s", qPrintable(workspace.errorMessage()));
        return *workspace;
    }

    // A folder workspace with a gallery, a case, a probe with its evidence file, a recorded
    // search, a possible-match verdict by ana and ben's confirming review.
    CaseFixture source() {
        CaseFixture f = CaseFixture::create(m_dir.filePath(QStringLiteral("ws_%1").arg(++m_serial)));
        const QString evidence = QDir(f.workspace->folder()).filePath(f.probe.evidencePath);
        QFile file(evidence);
        if (!file.open(QIODevice::WriteOnly) || file.write("probe photo") != 11) qFatal("evidence");
        file.close();
        auto search = SearchRecorder(*f.db).record(f.searchDraft(3), QStringLiteral("zoe"));
        if (!search) qFatal("%s", qPrintable(search.errorMessage()));
        CaseWork::VerdictDraft verdict;
        verdict.candidateId = search->candidateIds.front();
        verdict.verdict = VerdictRecord::Verdict::PossibleMatch;
        verdict.reason = QStringLiteral("Scar above the left eyebrow on both");
        verdict.analyst = QStringLiteral("ana");
        if (auto set = CaseWork(*f.db, Actor(QStringLiteral("ana"))).setVerdict(verdict); !set) {
            qFatal("%s", qPrintable(set.errorMessage()));
        }
        // A photo enrolled by mistake and removed: the gallery's change log has a row.
        auto mistake = FaceRecordWriter(*f.db, kCaseModel).insert(f.galleryId, syntheticRecord(99));
        if (!mistake) qFatal("%s", qPrintable(mistake.errorMessage()));
        GalleryImageKey key;
        key.imageId = mistake->imageId;
        if (auto r = GalleryImageRemover(*f.db).remove(f.galleryId, key, QStringLiteral("zoe"),
                                                        QStringLiteral("Enrolled by mistake"));
            !r) {
            qFatal("%s", qPrintable(r.errorMessage()));
        }
        CaseWork::ReviewDraft review;
        review.candidateId = verdict.candidateId;
        review.outcome = VerdictReview::Outcome::Confirmed;
        review.reason = QStringLiteral("Compared independently");
        review.analyst = QStringLiteral("ben");
        if (auto r = CaseWork(*f.db, Actor(QStringLiteral("ben"))).reviewVerdict(review); !r) {
            qFatal("%s", qPrintable(r.errorMessage()));
        }
        return f;
    }

    static qint64 rowsIn(const Workspace& workspace) {
        auto db = workspace.openConnection();
        qint64 rows = 0;
        for (const QString& table : WorkspaceCopy::tables()) rows += count(*db, table);
        return rows + count(*db, QStringLiteral("evidence"));
    }

private slots:
    void initTestCase() {
        auto cluster = PrivatePostgres::start(QStringLiteral("postgres_unused"));
        QVERIFY2(cluster.ok(), qPrintable(cluster.errorMessage()));
        m_cluster = std::move(cluster).value();
        m_cluster->lendSuperuserPasswordToLibpq();
    }
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void cleanupTestCase() { m_cluster.reset(); }

    void copiesEverythingAndContinuesTheChain() {
        CaseFixture f = source();
        const Workspace target = freshTarget();
        const qint64 sourceRecords = f.auditCount();
        const AuditRecord sourceHead = f.lastAudit();
        QStringList progress;
        auto report = WorkspaceCopy::copy(*f.workspace, target, [&](const QString& what, qint64) {
            progress << what;
        });
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->tables.size(), std::size_t(WorkspaceCopy::tables().size()));
        QVERIFY(progress.contains(QStringLiteral("faces")));
        QCOMPARE(report->evidenceFiles, qint64(1));
        QCOMPARE(report->sourceHeadSeq, sourceHead.seq);

        auto db = target.openConnection();
        QVERIFY(db.ok());
        for (const auto& [table, rows] : report->tables) {
            QCOMPARE(count(*db, table) - (table == QLatin1String("audit_log") ? 1 : 0),
                     count(*f.db, table));
            QCOMPARE(rows, count(*f.db, table));
        }
        QVERIFY(count(*db, QStringLiteral("faces")) == 6);
        QVERIFY(count(*db, QStringLiteral("face_changes")) == 1);

        // The chain: the source's records verbatim, then the move, chained to its last record.
        auto verified = AuditTrail(*db).verify();
        QVERIFY(verified.ok() && verified->intact());
        QCOMPARE(verified->recordCount, sourceRecords + 1);
        QCOMPARE(report->copied.action, QStringLiteral("workspace_copied"));
        QCOMPARE(report->copied.seq, sourceHead.seq + 1);
        QCOMPARE(report->copied.prevHash, sourceHead.hash);
        QCOMPARE(QJsonDocument::fromJson(report->copied.details)
                     .object()
                     .value(QStringLiteral("source_head_hash"))
                     .toString(),
                 sourceHead.hash);

        // Names as recorded in the folder (the actor rule does not rewrite history), the
        // evidence in the database under its SHA-256, and new ids past the copied ones.
        QCOMPARE(scalar(*db, QStringLiteral("SELECT analyst FROM verdict_reviews")).toString(),
                 QStringLiteral("ben"));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT sha256 FROM evidence")).toString(),
                 f.probe.sha256);
        CaseRecord draft;
        draft.caseNumber = QStringLiteral("2025-CR-1");
        draft.purpose = QStringLiteral("After the move");
        auto created = CaseCatalog(*db, target.actor()).create(draft);
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QVERIFY(created->id > f.theCase.id);
    }

    void refusalsCopyNothing() {
        CaseFixture f = source();
        // A target that already holds data.
        const Workspace used = freshTarget();
        QVERIFY(WorkspaceCopy::copy(*f.workspace, used).ok());
        const qint64 usedRows = rowsIn(used);
        auto twice = WorkspaceCopy::copy(*f.workspace, used);
        QVERIFY(!twice.ok());
        QVERIFY2(twice.errorMessage().contains(QStringLiteral("already holds FaceCase data")),
                 qPrintable(twice.errorMessage()));
        QCOMPARE(rowsIn(used), usedRows);

        // A missing evidence file.
        const Workspace target = freshTarget();
        const QString evidence = QDir(f.workspace->folder()).filePath(f.probe.evidencePath);
        QVERIFY(QFile::rename(evidence, evidence + QStringLiteral(".moved")));
        auto missing = WorkspaceCopy::copy(*f.workspace, target);
        QVERIFY(!missing.ok());
        QVERIFY2(missing.errorMessage().contains(evidence + QStringLiteral(": the evidence file is "
                                                                           "missing")),
                 qPrintable(missing.errorMessage()));
        QCOMPARE(rowsIn(target), qint64(0));
        QVERIFY(QFile::rename(evidence + QStringLiteral(".moved"), evidence));

        // A broken chain in the source.
        QVERIFY(f.db->exec(QStringLiteral("DROP TRIGGER audit_log_is_append_only_update"),
                           QStringLiteral("tamper"))
                    .ok());
        QVERIFY(f.db->exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"),
                           QStringLiteral("tamper"))
                    .ok());
        auto broken = WorkspaceCopy::copy(*f.workspace, target);
        QVERIFY(!broken.ok());
        QVERIFY2(broken.errorMessage().contains(QStringLiteral("the audit chain is broken at "
                                                               "record 2")),
                 qPrintable(broken.errorMessage()));
        QCOMPARE(rowsIn(target), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceCopy)
#include "test_workspace_copy.moc"
