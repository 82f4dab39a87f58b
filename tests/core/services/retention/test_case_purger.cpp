// The retention purge over real workspaces: which cases have expired (policy default and a
// case's own period), what a purge removes and keeps (the case row, every audit record, the
// chain, evidence another case still uses), its case_purged record, refusals, the message for
// a purged case, evidence files that could not be deleted and the orphan sweep that follows.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

#include "case_test_support.h"
#include "services/casework/case_catalog.h"
#include "services/casework/case_work.h"
#include "services/retention/case_purger.h"
#include "services/retention/evidence_sweeper.h"
#include "store/evidence_store.h"
#include "store/case_repository.h"
#include "store/open_case_guard.h"
#include "store/verdict_repository.h"

using namespace facecase;
using namespace facecase::test;

namespace {
constexpr int kPolicyDays = 730;  // AgencyPolicy's default

void exec(const DatabaseConnection& db, const QString& sql, const QVariantList& values = {}) {
    QSqlQuery query(db.database());
    query.prepare(sql);
    for (int i = 0; i < values.size(); ++i) query.bindValue(i, values[i]);
    if (!query.exec()) qFatal("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
}

// Moves a closed case's closing time `days` days into the past, as if it had closed then.
void closedDaysAgo(const DatabaseConnection& db, qint64 caseId, int days) {
    exec(db, QStringLiteral("UPDATE cases SET closed_at = ? WHERE id = ?"),
         {QDateTime::currentDateTimeUtc().addDays(-days).toString(Qt::ISODateWithMs), caseId});
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

void age(const QString& path, int hours) {
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) ||
        !file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3600 * hours),
                          QFileDevice::FileModificationTime))
        qFatal("cannot age %s", qPrintable(path));
}
}  // namespace

class TestCasePurger : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;

    CaseFixture fixture() {
        return CaseFixture::create(m_workspaces, 6);
    }

    static QString onDisk(const CaseFixture& f, const QString& relative) {
        return QDir(f.workspace->folder()).filePath(relative);
    }

    static CaseRecord openCase(const CaseFixture& f, const QString& number,
                               std::optional<int> retentionDays = {}) {
        CaseRecord draft;
        draft.caseNumber = number;
        draft.purpose = QStringLiteral("Burglary, warrant 12/24");
        draft.retentionDays = retentionDays;
        auto created = CaseCatalog(*f.db, Actor(QStringLiteral("zoe"))).create(draft);
        if (!created) qFatal("%s", qPrintable(created.errorMessage()));
        return *created;
    }

    static void close(const CaseFixture& f, qint64 caseId, int daysAgo) {
        auto closed = CaseCatalog(*f.db, Actor(QStringLiteral("zoe")))
                          .close(caseId, QStringLiteral("charged"));
        if (!closed) qFatal("%s", qPrintable(closed.errorMessage()));
        closedDaysAgo(*f.db, caseId, daysAgo);
    }

    // The fixture's case with its probe file on disk, a search of 3 candidates, a verdict with
    // a mark on rank 1 and a note, then closed `daysAgo` days ago.
    static SearchRecorder::Recorded fillAndClose(CaseFixture& f, int daysAgo) {
        writeFile(onDisk(f, f.probe.evidencePath), QByteArray("probe photo"));
        auto recorded = SearchRecorder(*f.db).record(f.searchDraft(3), QStringLiteral("zoe"));
        if (!recorded) qFatal("%s", qPrintable(recorded.errorMessage()));
        CaseWork::VerdictDraft verdict;
        verdict.candidateId = recorded->candidateIds.front();
        verdict.verdict = VerdictRecord::Verdict::PossibleMatch;
        verdict.reason = QStringLiteral("same scar, same ear shape");
        verdict.marks.push_back({VerdictRecord::Mark::Side::Probe, QPointF(10, 20), QStringLiteral("scar")});
        auto set = CaseWork(*f.db, Actor(QStringLiteral("zoe"))).setVerdict(verdict);
        if (!set) qFatal("%s", qPrintable(set.errorMessage()));
        exec(*f.db,
             QStringLiteral("INSERT INTO annotations (case_id, search_id, kind, note, analyst, "
                            "created_at) VALUES (?, ?, 'note', 'call the witness', 'zoe', ?)"),
             {f.theCase.id, recorded->searchId, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)});
        close(f, f.theCase.id, daysAgo);
        return *recorded;
    }

private slots:
    void expiryFollowsPolicyDefaultAndOwnPeriod() {
        CaseFixture f = fixture();
        close(f, f.theCase.id, 800);                                     // default 730: expired
        const CaseRecord longer = openCase(f, QStringLiteral("B-1000"), 1000);  // not yet
        close(f, longer.id, 800);
        const CaseRecord shorter = openCase(f, QStringLiteral("C-30"), 30);     // expired
        close(f, shorter.id, 40);
        const CaseRecord recent = openCase(f, QStringLiteral("D-default"));      // not yet
        close(f, recent.id, 10);
        openCase(f, QStringLiteral("E-open"));                            // open: never

        auto found = CaseRepository(*f.db).findById(longer.id);
        QVERIFY(found.ok());
        QCOMPARE(found->retentionDays, std::optional<int>(1000));
        QCOMPARE(found->expiresAt(kPolicyDays), found->closedAt.addDays(1000));
        auto open = CaseRepository(*f.db).findByNumber(QStringLiteral("E-open"));
        QVERIFY(open.ok());
        QVERIFY(!open->expiresAt(kPolicyDays).isValid());

        CasePurger purger(*f.workspace, *f.db);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto expired = purger.expired(now);
        QVERIFY2(expired.ok(), qPrintable(expired.errorMessage()));
        QStringList numbers;
        for (const ExpiredCase& e : *expired) numbers << e.record.caseNumber;
        // Oldest expiry first: 2024-CR-17 expired 70 days ago, C-30 10 days ago.
        QCOMPARE(numbers, (QStringList{QStringLiteral("2024-CR-17"), QStringLiteral("C-30")}));
        QCOMPARE(expired->at(0).retentionDays, kPolicyDays);
        QVERIFY(expired->at(0).policyDefault);
        QCOMPARE(expired->at(1).retentionDays, 30);
        QVERIFY(!expired->at(1).policyDefault);
        QCOMPARE(expired->at(1).expiredAt, expired->at(1).record.closedAt.addDays(30));
        QCOMPARE(expired->at(0).counts.probes, qint64(1));

        // 300 days on, B-1000 (expires in 200 days) has expired too; D and E still have not.
        auto later = purger.expired(now.addDays(300));
        QVERIFY(later.ok());
        QCOMPARE(later->size(), std::size_t(3));
        QCOMPARE(later->at(2).record.caseNumber, QStringLiteral("B-1000"));
    }

    void purgeRemovesDataKeepsCaseAndAudit() {
        FACECASE_SKIP_WITHOUT_WORKSPACE_FOLDER("evidence");
        CaseFixture f = fixture();
        // A second case used the same photo: the evidence file is shared and must stay.
        const CaseRecord other = openCase(f, QStringLiteral("2024-CR-99"));
        auto shared = f.addProbe(other.id, QByteArray("probe photo"));
        QVERIFY2(shared.ok(), qPrintable(shared.errorMessage()));
        QCOMPARE(shared->probe.evidencePath, f.probe.evidencePath);
        // A photo only this case used: its file goes.
        auto own = f.addProbe(f.theCase.id, QByteArray("second still"));
        QVERIFY(own.ok());
        writeFile(onDisk(f, own->probe.evidencePath), QByteArray("second still"));
        const SearchRecorder::Recorded search = fillAndClose(f, 800);

        const qint64 auditBefore = f.auditCount();
        const std::vector<AuditRecord> recordsBefore = *AuditTrail(*f.db).records();
        CasePurger purger(*f.workspace, *f.db);
        auto purged = purger.purge(f.theCase.id, QStringLiteral("records-officer"));
        QVERIFY2(purged.ok(), qPrintable(purged.errorMessage()));

        const PurgeCounts& n = purged->purged.counts;
        QCOMPARE(n.probes, qint64(2));
        QCOMPARE(n.searches, qint64(1));
        QCOMPARE(n.candidates, qint64(3));
        QCOMPARE(n.verdicts, qint64(1));
        QCOMPARE(n.notes, qint64(1));
        QCOMPARE(n.marks, qint64(1));
        QCOMPARE(n.evidenceFiles, qint64(2));
        QCOMPARE(n.sharedEvidenceFiles, qint64(1));

        // The case's rows are gone; the other case's are not.
        const QString id = QString::number(f.theCase.id);
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT count(*) FROM probes WHERE case_id = ") + id).toInt(), 0);
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT count(*) FROM searches WHERE case_id = ") + id).toInt(), 0);
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT count(*) FROM annotations WHERE case_id = ") + id).toInt(), 0);
        QCOMPARE(scalar(*f.db, QStringLiteral("SELECT count(*) FROM candidates WHERE search_id = %1").arg(search.searchId)).toInt(), 0);
        QCOMPARE(count(*f.db, QStringLiteral("annotation_marks")), qint64(0));
        QCOMPARE(count(*f.db, QStringLiteral("probes")), qint64(1));  // the other case's

        // The case row stays, marked; every audit record stays, plus the purge's; chain intact.
        auto after = CaseRepository(*f.db).findById(f.theCase.id);
        QVERIFY(after.ok());
        QVERIFY(after->isPurged());
        QCOMPARE(after->status, CaseRecord::Status::Closed);
        QCOMPARE(f.auditCount(), auditBefore + 1);
        const std::vector<AuditRecord> recordsAfter = *AuditTrail(*f.db).records();
        for (std::size_t i = 0; i < recordsBefore.size(); ++i)
            QCOMPARE(recordsAfter[i].hash, recordsBefore[i].hash);
        QVERIFY(f.chainIntact());

        const AuditRecord record = f.lastAudit();
        QCOMPARE(record.action, QStringLiteral("case_purged"));
        QCOMPARE(record.actor, QStringLiteral("records-officer"));
        QCOMPARE(record.caseId, std::optional<qint64>(f.theCase.id));
        QCOMPARE(record.seq, purged->audit.seq);
        const QJsonObject d = record.detailsObject();
        QCOMPARE(d.value(QStringLiteral("case_number")).toString(), QStringLiteral("2024-CR-17"));
        QCOMPARE(d.value(QStringLiteral("probes")).toInt(), 2);
        QCOMPARE(d.value(QStringLiteral("searches")).toInt(), 1);
        QCOMPARE(d.value(QStringLiteral("candidates")).toInt(), 3);
        QCOMPARE(d.value(QStringLiteral("verdicts")).toInt(), 1);
        QCOMPARE(d.value(QStringLiteral("evidence_files")).toInt(), 2);
        QCOMPARE(d.value(QStringLiteral("evidence_files_shared")).toInt(), 1);
        QCOMPARE(d.value(QStringLiteral("retention_days")).toInt(), kPolicyDays);
        QCOMPARE(d.value(QStringLiteral("retention_source")).toString(), QStringLiteral("policy"));
        QCOMPARE(d.value(QStringLiteral("closed_at")).toString(),
                 after->closedAt.toString(Qt::ISODateWithMs));
        QCOMPARE(d.value(QStringLiteral("expired_at")).toString(),
                 after->closedAt.addDays(kPolicyDays).toString(Qt::ISODateWithMs));

        // Files: this case's own photo deleted, the shared one kept.
        QCOMPARE(purged->files.deleted, QStringList{own->probe.evidencePath});
        QCOMPARE(purged->files.stillReferenced, QStringList{f.probe.evidencePath});
        QVERIFY(purged->files.failed.isEmpty());
        QVERIFY(!QFile::exists(onDisk(f, own->probe.evidencePath)));
        QVERIFY(QFile::exists(onDisk(f, f.probe.evidencePath)));

        // Nothing more to purge, and a second purge is refused.
        auto expired = purger.expired(QDateTime::currentDateTimeUtc());
        QVERIFY(expired.ok());
        QVERIFY(expired->empty());
        auto again = purger.purge(f.theCase.id, QStringLiteral("records-officer"));
        QVERIFY(!again.ok());
        QVERIFY2(again.errorMessage().contains(QStringLiteral("already purged")), qPrintable(again.errorMessage()));
    }

    void purgeRefusedForOpenOrUnexpiredCase() {
        CaseFixture f = fixture();
        CasePurger purger(*f.workspace, *f.db);
        const qint64 auditBefore = f.auditCount();
        auto open = purger.purge(f.theCase.id, QStringLiteral("zoe"));
        QVERIFY(!open.ok());
        QCOMPARE(open.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(open.errorMessage().contains(QStringLiteral("\"2024-CR-17\" is open")), qPrintable(open.errorMessage()));

        close(f, f.theCase.id, 100);
        auto unexpired = purger.purge(f.theCase.id, QStringLiteral("zoe"));
        QVERIFY(!unexpired.ok());
        QCOMPARE(unexpired.error().kind, Error::Kind::InvalidInput);
        auto c = CaseRepository(*f.db).findById(f.theCase.id);
        const QString expiry = c->closedAt.addDays(kPolicyDays).date().toString(Qt::ISODate);
        QVERIFY2(unexpired.errorMessage().contains(QStringLiteral("\"2024-CR-17\"")) &&
                     unexpired.errorMessage().contains(expiry),
                 qPrintable(unexpired.errorMessage()));
        // Refusals change nothing.
        QCOMPARE(f.auditCount(), auditBefore + 1);  // the close
        QCOMPARE(count(*f.db, QStringLiteral("probes")), qint64(1));

        // A longer own period is respected too; a shorter one lets it go.
        auto held = CaseCatalog(*f.db, Actor(QStringLiteral("zoe")))
                        .setRetention(f.theCase.id, 50, QStringLiteral("appeal lapsed"));
        QVERIFY2(held.ok(), qPrintable(held.errorMessage()));
        auto purged = purger.purge(f.theCase.id, QStringLiteral("zoe"));
        QVERIFY2(purged.ok(), qPrintable(purged.errorMessage()));
        QCOMPARE(purged->purged.retentionDays, 50);
        QCOMPARE(f.lastAudit().detailsObject().value(QStringLiteral("retention_source")).toString(),
                 QStringLiteral("case"));
    }

    void purgedCaseCannotBeReopened() {
        CaseFixture f = fixture();
        close(f, f.theCase.id, 800);
        auto purged = CasePurger(*f.workspace, *f.db).purge(f.theCase.id, QStringLiteral("zoe"));
        QVERIFY2(purged.ok(), qPrintable(purged.errorMessage()));
        const QString day = purged->purgedAt.date().toString(Qt::ISODate);
        const QString expected =
            QStringLiteral("case \"2024-CR-17\" was purged on %1; its data is gone and it cannot "
                           "be reopened").arg(day);

        auto reopened = CaseCatalog(*f.db, Actor(QStringLiteral("zoe"))).reopen(f.theCase.id);
        QVERIFY(!reopened.ok());
        QCOMPARE(reopened.error().kind, Error::Kind::InvalidInput);
        QCOMPARE(reopened.errorMessage(), expected);

        auto guard = OpenCaseGuard::require(*f.db, f.theCase.id, QStringLiteral("add a probe"));
        QVERIFY(!guard.ok());
        QCOMPARE(guard.errorMessage(), expected);

        auto retention = CaseCatalog(*f.db, Actor(QStringLiteral("zoe")))
                             .setRetention(f.theCase.id, 9000, QStringLiteral("hold"));
        QVERIFY(!retention.ok());
        QCOMPARE(retention.errorMessage(), expected);
        QVERIFY(f.chainIntact());
    }

    void undeletableFileIsReportedThenSwept() {
        FACECASE_SKIP_WITHOUT_WORKSPACE_FOLDER("evidence");
        CaseFixture f = fixture();
        close(f, f.theCase.id, 800);
        // A directory where the evidence file should be: removing it fails, as a file held open
        // or on a read-only medium would.
        const QString path = onDisk(f, f.probe.evidencePath);
        writeFile(path + QStringLiteral("/blocker"), QByteArray("x"));

        CasePurger purger(*f.workspace, *f.db);
        auto run = purger.purgeAll({f.theCase.id}, QStringLiteral("zoe"));
        QVERIFY2(run.ok(), qPrintable(run.errorMessage()));
        QCOMPARE(run->purged.size(), std::size_t(1));
        QVERIFY(run->failures.isEmpty());
        QCOMPARE(run->purged.front().files.failed.size(), 1);
        QVERIFY(run->purged.front().files.failed.front().startsWith(f.probe.evidencePath));
        QVERIFY(CaseRepository(*f.db).findById(f.theCase.id)->isPurged());  // committed anyway

        // Later the obstacle is gone and an ordinary file is left behind: the next run sweeps it.
        QVERIFY(QDir(path).removeRecursively());
        writeFile(path, QByteArray("probe photo"));
        age(path, 2);
        // Young files (an import in flight writes its file before its row) and files not named
        // like evidence are left alone.
        const QString young = f.workspace->evidenceFolder() + QLatin1Char('/') +
                              sha256Of("young") + QStringLiteral(".png");
        writeFile(young, QByteArray("young"));
        const QString foreign = f.workspace->evidenceFolder() + QStringLiteral("/README.txt");
        writeFile(foreign, QByteArray("notes"));
        age(foreign, 48);

        auto sweep = purger.purgeAll({}, QStringLiteral("zoe"));
        QVERIFY2(sweep.ok(), qPrintable(sweep.errorMessage()));
        QVERIFY(sweep->purged.empty());
        QCOMPARE(sweep->orphans.deleted, QStringList{f.probe.evidencePath});
        QVERIFY(!QFile::exists(path));
        QVERIFY(QFile::exists(young));
        QVERIFY(QFile::exists(foreign));
    }

    // An agency database keeps its evidence as rows: the purge deletes the case's evidence row
    // with its other rows and touches no file, not even one at the stored relative path under
    // the current directory.
    void agencyPurgeDeletesEvidenceRowsNotFiles() {
        CaseFixture f = fixture();
        if (!f.workspace->isPostgres())
            QSKIP("a SQLite workspace keeps its evidence as files; see the @postgresql run");
        QVERIFY(EvidenceStore(*f.workspace, *f.db)
                    .keep(QByteArray("probe photo"), f.probe.sha256, QStringLiteral("jpg"),
                          QStringLiteral("test"))
                    .ok());
        QCOMPARE(count(*f.db, QStringLiteral("evidence")), qint64(1));
        close(f, f.theCase.id, 800);
        QTemporaryDir elsewhere;
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(elsewhere.path()));
        const QString decoy = elsewhere.filePath(f.probe.evidencePath);
        writeFile(decoy, QByteArray("probe photo"));
        age(decoy, 2);
        auto run = CasePurger(*f.workspace, *f.db).purgeAll({f.theCase.id}, QStringLiteral("zoe"));
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY2(run.ok(), qPrintable(run.errorMessage()));
        QCOMPARE(run->purged.size(), std::size_t(1));
        QCOMPARE(run->purged.front().purged.counts.probes, qint64(1));
        QCOMPARE(count(*f.db, QStringLiteral("probes")), qint64(0));
        QCOMPARE(run->purged.front().files.deleted, QStringList{f.probe.evidencePath});
        QVERIFY(run->purged.front().files.failed.isEmpty());
        QCOMPARE(count(*f.db, QStringLiteral("evidence")), qint64(0));
        QVERIFY(QFile::exists(decoy));
    }

    // An evidence row nobody refers to (an import that stopped between keeping the bytes and
    // recording the probe) is swept once it is older than the grace an import needs.
    void agencyOrphanEvidenceIsSwept() {
        CaseFixture f = fixture();
        if (!f.workspace->isPostgres())
            QSKIP("a SQLite workspace keeps its evidence as files; see the @postgresql run");
        const QByteArray orphan("a photo whose import never finished");
        QVERIFY(EvidenceStore(*f.workspace, *f.db)
                    .keep(orphan, sha256Of(orphan), QStringLiteral("jpg"), QStringLiteral("test"))
                    .ok());
        const EvidenceSweeper sweeper(*f.workspace, *f.db);
        auto young = sweeper.sweepOrphans(QDateTime::currentDateTimeUtc());
        QVERIFY2(young.ok(), qPrintable(young.errorMessage()));
        QVERIFY(young->deleted.isEmpty());
        auto later = sweeper.sweepOrphans(QDateTime::currentDateTimeUtc().addDays(1));
        QVERIFY2(later.ok(), qPrintable(later.errorMessage()));
        QCOMPARE(later->deleted, QStringList{QStringLiteral("evidence/") + sha256Of(orphan)});
        QCOMPARE(count(*f.db, QStringLiteral("evidence")), qint64(0));
    }

    void purgeAllKeepsGoingPastARefusal() {
        CaseFixture f = fixture();
        close(f, f.theCase.id, 800);
        const CaseRecord recent = openCase(f, QStringLiteral("2024-CR-20"));
        close(f, recent.id, 1);
        auto run = CasePurger(*f.workspace, *f.db).purgeAll({recent.id, f.theCase.id}, QStringLiteral("zoe"));
        QVERIFY(run.ok());
        QCOMPARE(run->purged.size(), std::size_t(1));
        QCOMPARE(run->purged.front().purged.record.id, f.theCase.id);
        QCOMPARE(run->failures.size(), 1);
        QVERIFY(run->failures.front().contains(QStringLiteral("2024-CR-20")));
    }
};

QTEST_GUILESS_MAIN(TestCasePurger)
#include "test_case_purger.moc"
