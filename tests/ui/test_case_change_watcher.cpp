// CaseChangeWatcher on a real workspace, on both backends: the first read is a baseline, a
// verdict recorded through another connection (another analyst's workstation) is reported with
// the case's new sequence, a record in another case is not, and a change made while the watcher
// was stopped is reported once it starts again. Waits on the signal, never sleeps.
#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

#include "audit/audit_trail.h"
#include "case_test_support.h"
#include "jobs/case_change_watcher.h"
#include "jobs/database_worker.h"
#include "services/casework/case_work.h"

using namespace facecase;
using namespace facecase::ui;
using namespace facecase::test;

class TestCaseChangeWatcher : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;

    static Result<VerdictRecord> setVerdict(const RecordedCase& r, std::size_t index, const QString& analyst) {
        CaseWork::VerdictDraft d;
        d.candidateId = r.search.candidateIds[index];
        d.verdict = VerdictRecord::Verdict::PossibleMatch;
        d.reason = QStringLiteral("same scar");
        return CaseWork(*r.f.db, Actor(analyst)).setVerdict(d);
    }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void reportsWhatAnotherConnectionRecordsInTheCase() {
        RecordedCase r = RecordedCase::create(m_workspaces);
        DatabaseWorker worker(*r.f.workspace);
        CaseChangeWatcher watcher;
        watcher.setInterval(100);  // the test need not wait the default second
        watcher.setDatabase(&worker);
        watcher.setCase(r.f.theCase.id);
        QSignalSpy changed(&watcher, &CaseChangeWatcher::changed);
        QTRY_VERIFY(watcher.lastSequence().has_value());
        QCOMPARE(*watcher.lastSequence(), r.f.lastAudit().seq);
        watcher.start();

        // Another case's record, then one in this case: one signal, with this case's number.
        CaseRecord other;
        other.caseNumber = QStringLiteral("2024-CR-18");
        other.purpose = QStringLiteral("another case");
        QVERIFY(CaseCatalog(*r.f.db, Actor(QStringLiteral("ana"))).create(other).ok());
        QVERIFY(setVerdict(r, 0, QStringLiteral("ana")).ok());
        const qint64 afterVerdict = r.f.lastAudit().seq;
        QVERIFY(changed.wait(10'000));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toLongLong(), r.f.theCase.id);
        QCOMPARE(changed[0][1].toLongLong(), afterVerdict);
        QCOMPARE(*watcher.lastSequence(), afterVerdict);

        // Stopped, it reads nothing; started again, it reports what came meanwhile at once.
        watcher.stop();
        QVERIFY(!watcher.isActive());
        QVERIFY(setVerdict(r, 1, QStringLiteral("ben")).ok());
        watcher.start();
        QVERIFY(changed.wait(10'000));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed[1][1].toLongLong(), r.f.lastAudit().seq);

        // No case followed: nothing to read.
        watcher.setCase(0);
        QVERIFY(!watcher.lastSequence().has_value());
        watcher.setDatabase(nullptr);
    }
};

QTEST_GUILESS_MAIN(TestCaseChangeWatcher)
#include "test_case_change_watcher.moc"
