// End-to-end `facecase-cli bench gallery-search --record` on both stores: every timed search of
// a small `gallery synth` gallery is on record in the benchmark case as `search --case` records
// one (the searches row, its candidates and the `search_run` audit record), the probe photo is
// imported once and reused, the audit chain verifies, and the JSON reports the recording's
// latencies (docs/cli.md). `search --case` itself still refuses the synthetic gallery.
#include "store/database_connection.h"
#include "support/test_data.h"
#include "support/test_workspaces.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

#include "cli_runner.h"

using namespace facecase;

namespace {
using Run = test::CliRun;

QJsonObject lastJson(const Run& run) {
    const auto lines = test::jsonLines(run.out);
    return lines.isEmpty() ? QJsonObject() : lines.last();
}

qint64 scalar(const DatabaseConnection& db, const QString& sql, qint64 caseId) {
    QSqlQuery q(db.database());
    q.prepare(sql);
    q.bindValue(0, caseId);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

constexpr int kK = 20;
}  // namespace

class TestCliBenchRecord : public QObject {
    Q_OBJECT

    test::TestWorkspaces m_workspaces;
    std::optional<Workspace> m_workspace;
    QString m_location;  // what --workspace gets: the folder or the postgresql:// URL
    QString m_photo;
    qint64 m_caseId = 0;  // the benchmark case

    QStringList ws() const { return {QStringLiteral("--workspace"), m_location}; }
    Run benchRecord(int probes) const {
        return test::runCli(QStringList{QStringLiteral("bench"), QStringLiteral("gallery-search"),
                                        QStringLiteral("--gallery"), QStringLiteral("Bench 2k"),
                                        QStringLiteral("--probes"), QString::number(probes),
                                        QStringLiteral("--k"), QString::number(kK), QStringLiteral("--record"),
                                        QStringLiteral("--probe-photo"), m_photo, QStringLiteral("--json")} +
                            ws());
    }

private slots:
    void initTestCase() {
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        m_location = m_workspace->isPostgres() ? m_workspace->databasePath() : m_workspace->folder();
        const Run synth = test::runCli(QStringList{QStringLiteral("gallery"), QStringLiteral("synth"),
                                                   QStringLiteral("--gallery"), QStringLiteral("Bench 2k"),
                                                   QStringLiteral("--count"), QStringLiteral("2000"),
                                                   QStringLiteral("--json")} +
                                       ws());
        QVERIFY2(synth.exitCode == 0, synth.err.constData());
    }

    void recordsEveryTimedSearch() {
        FACECASE_REQUIRE_TESTDATA();
        m_photo = test::testDataPath(QStringLiteral("detection/debian/astronaut.png"));
        const Run first = benchRecord(4);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const QJsonObject out = lastJson(first);
        QCOMPARE(out[QStringLiteral("probes")].toInt(), 4);
        QCOMPARE(out[QStringLiteral("mate_rank1")].toDouble(), 1.0);
        const QJsonObject recorded = out[QStringLiteral("recorded")].toObject();
        QCOMPARE(recorded[QStringLiteral("case_number")].toString(), QStringLiteral("BENCH-GALLERY-SEARCH"));
        QCOMPARE(recorded[QStringLiteral("probe_imported")].toBool(), true);
        QCOMPARE(recorded[QStringLiteral("searches_in_case")].toInt(), 4);
        for (const QString& key : {QStringLiteral("record"), QStringLiteral("search_and_record")}) {
            const QJsonObject latency = recorded[key].toObject();
            QVERIFY2(latency[QStringLiteral("p50_ms")].toDouble() > 0, qPrintable(key));
            QVERIFY(latency[QStringLiteral("p99_ms")].toDouble() >= latency[QStringLiteral("p50_ms")].toDouble());
        }
        const qint64 caseId = recorded[QStringLiteral("case_id")].toInteger();
        m_caseId = caseId;

        // The same case and probe again: more searches, no second import.
        const Run second = benchRecord(3);
        QVERIFY2(second.exitCode == 0, second.err.constData());
        const QJsonObject again = lastJson(second)[QStringLiteral("recorded")].toObject();
        QCOMPARE(again[QStringLiteral("case_id")].toInteger(), caseId);
        QCOMPARE(again[QStringLiteral("probe_id")].toInteger(), recorded[QStringLiteral("probe_id")].toInteger());
        QCOMPARE(again[QStringLiteral("probe_imported")].toBool(), false);
        QCOMPARE(again[QStringLiteral("searches_in_case")].toInt(), 4 + 3);

        // Each search on record as CaseSearch records it: its row, k candidates, one search_run.
        auto db = m_workspace->openConnection();
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM probes WHERE case_id = ?"), caseId), qint64(1));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM searches WHERE case_id = ?"), caseId), qint64(7));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM candidates c JOIN searches s ON s.id = c.search_id "
                                            "WHERE s.case_id = ?"),
                        caseId),
                 qint64(7 * kK));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'search_run' AND case_id = ?"),
                        caseId),
                 qint64(7));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'probe_added' AND case_id = ?"),
                        caseId),
                 qint64(1));

        const Run verify = test::runCli(QStringList{QStringLiteral("audit"), QStringLiteral("verify"),
                                                    QStringLiteral("--json")} + ws());
        QVERIFY2(verify.exitCode == 0, verify.out.constData());
        QCOMPARE(lastJson(verify)[QStringLiteral("intact")].toBool(), true);
    }

    // The benchmark case does not open the synthetic gallery to casework: `search --case` in it
    // is refused before searching, and the refusal is on record.
    void searchCaseStillRefusesTheSyntheticGallery() {
        FACECASE_REQUIRE_TESTDATA();
        QVERIFY(!m_photo.isEmpty());
        const Run search = test::runCli(QStringList{QStringLiteral("search"), QStringLiteral("--case"),
                                                    QStringLiteral("BENCH-GALLERY-SEARCH"), QStringLiteral("--gallery"),
                                                    QStringLiteral("Bench 2k"), m_photo} +
                                            ws(),
                                        300'000);
        QVERIFY(search.exitCode != 0);
        QVERIFY2(search.err.contains("is a synthetic benchmark gallery"), search.err.constData());
        auto db = m_workspace->openConnection();
        QVERIFY(db.ok());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM searches WHERE case_id = ?"), m_caseId), qint64(7));
    }

    void recordNeedsItsPhoto() {
        const Run run = test::runCli(QStringList{QStringLiteral("bench"), QStringLiteral("gallery-search"),
                                                 QStringLiteral("--gallery"), QStringLiteral("Bench 2k"),
                                                 QStringLiteral("--record")} +
                                     ws());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--record and --probe-photo PATH go together"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliBenchRecord)
#include "test_cli_bench_record.moc"
