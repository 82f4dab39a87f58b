// End-to-end case workflow through facecase-cli: a gallery of four people enrolled from real
// photos, a case, `search --case` (probe kept as evidence, search and candidates recorded),
// `case show`, `verdict set` / `history`, a closed case refused, and the audit chain intact.
#include "support/test_data.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"

using namespace facecase;
using test::CliRun;
using test::jsonLines;
using test::runCli;

namespace {
const QStringList kPeople{QStringLiteral("howard"), QStringLiteral("penny"), QStringLiteral("raj"),
                          QStringLiteral("sheldon")};

QString samples(const QString& relative) {
    return test::testDataPath(QStringLiteral("detection/face-api-samples/images/") + relative);
}

QString sha256OfFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

QJsonObject onlyJson(const CliRun& run) {
    const auto lines = jsonLines(run.out);
    return lines.size() == 1 ? lines.front() : QJsonObject();
}
}  // namespace

class TestCliCaseSearch : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_workspace;

    CliRun cli(const QStringList& args, int timeoutMs = 120'000) const {
        return runCli(args + QStringList{QStringLiteral("--workspace"), m_workspace}, timeoutMs);
    }
    CliRun search(const QString& caseNumber, const QString& probe) const {
        return cli({QStringLiteral("search"), QStringLiteral("--gallery"), QStringLiteral("bbt"),
                    QStringLiteral("--case"), caseNumber, QStringLiteral("--k"), QStringLiteral("5"),
                    QStringLiteral("--probe-kind"), QStringLiteral("camera_photo"),
                    QStringLiteral("--json"), probe});
    }
    QJsonObject show(const QString& caseNumber) const {
        const CliRun run = cli({QStringLiteral("case"), QStringLiteral("show"), caseNumber, QStringLiteral("--json")});
        if (run.exitCode != 0) qWarning("case show: %s", run.err.constData());
        return onlyJson(run);
    }

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        // Photos 1-3 of each person form the gallery; photo 5 is the probe.
        const QDir root(m_dir.path());
        for (const QString& person : kPeople) {
            QVERIFY(root.mkpath(QStringLiteral("gallery/") + person));
            for (int i = 1; i <= 3; ++i) {
                const QString name = QStringLiteral("%1%2.png").arg(person).arg(i);
                QVERIFY(QFile::link(samples(person + QLatin1Char('/') + name),
                                    root.filePath(QStringLiteral("gallery/%1/%2").arg(person, name))));
            }
        }
        m_workspace = root.filePath(QStringLiteral("ws"));
        const CliRun enroll = cli({QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("bbt"),
                                   QStringLiteral("--folder"), root.filePath(QStringLiteral("gallery"))},
                                  300'000);
        QVERIFY2(enroll.exitCode == 0, enroll.err.constData());
        const CliRun created = cli({QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"),
                                    QStringLiteral("2024-CR-17"), QStringLiteral("--purpose"),
                                    QStringLiteral("Robbery at 5 Main St; warrant 88/24")});
        QVERIFY2(created.exitCode == 0, created.err.constData());
    }

    void searchIsRecordedAndVerdictShown() {
        const QString probe = samples(QStringLiteral("sheldon/sheldon5.png"));
        const CliRun run = search(QStringLiteral("2024-CR-17"), probe);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject line = onlyJson(run);
        QCOMPARE(line.value(QStringLiteral("case")).toString(), QStringLiteral("2024-CR-17"));
        QCOMPARE(line.value(QStringLiteral("probe")).toString(), probe);  // the original's path
        const qint64 searchId = line.value(QStringLiteral("search_id")).toInteger();
        QVERIFY(searchId > 0);
        const qint64 probeId = line.value(QStringLiteral("probe_id")).toInteger();
        const QJsonArray candidates = line.value(QStringLiteral("candidates")).toArray();
        QCOMPARE(candidates.size(), 5);  // the policy's shortest list
        QCOMPARE(candidates[0].toObject().value(QStringLiteral("subject_id")).toString(), QStringLiteral("sheldon"));
        for (const QJsonValue& c : candidates)
            QVERIFY(c.toObject().value(QStringLiteral("candidate_id")).toInteger() > 0);

        // The probe is evidence of the case: an exact copy under its SHA-256.
        QFile original(probe);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray bytes = original.readAll();
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        QCOMPARE(line.value(QStringLiteral("probe_sha256")).toString(), sha);
        QFile evidence(QDir(m_workspace).filePath(QStringLiteral("evidence/%1.png").arg(sha)));
        QVERIFY(evidence.open(QIODevice::ReadOnly));
        QCOMPARE(evidence.readAll(), bytes);

        // case show lists the probe, the search with N, k and model, and its candidates.
        QJsonObject shown = show(QStringLiteral("2024-CR-17"));
        const QJsonArray probes = shown.value(QStringLiteral("probes")).toArray();
        QCOMPARE(probes.size(), 1);
        QCOMPARE(probes[0].toObject().value(QStringLiteral("id")).toInteger(), probeId);
        QCOMPARE(probes[0].toObject().value(QStringLiteral("declared_kind")).toString(), QStringLiteral("camera_photo"));
        QJsonArray searches = shown.value(QStringLiteral("searches")).toArray();
        QCOMPARE(searches.size(), 1);
        QJsonObject s = searches[0].toObject();
        QCOMPARE(s.value(QStringLiteral("search_id")).toInteger(), searchId);
        QCOMPARE(s.value(QStringLiteral("gallery_size")).toInt(), 12);
        QCOMPARE(s.value(QStringLiteral("k")).toInt(), 5);
        QCOMPARE(s.value(QStringLiteral("model")).toString(), line.value(QStringLiteral("model")).toString());
        QJsonArray listed = s.value(QStringLiteral("candidates")).toArray();
        QCOMPARE(listed.size(), 5);
        QCOMPARE(listed[0].toObject().value(QStringLiteral("candidate_id")).toInteger(),
                 candidates[0].toObject().value(QStringLiteral("candidate_id")).toInteger());
        QVERIFY(listed[0].toObject().value(QStringLiteral("verdict")).isNull());

        // A verdict without a reason is a usage error; with one it is recorded and shown.
        const QStringList target{QStringLiteral("--case"), QStringLiteral("2024-CR-17"), QStringLiteral("--search"),
                                 QString::number(searchId), QStringLiteral("--rank"), QStringLiteral("1")};
        CliRun verdict = cli(QStringList{QStringLiteral("verdict"), QStringLiteral("set"), QStringLiteral("--verdict"),
                                         QStringLiteral("possible_match")} + target);
        QCOMPARE(verdict.exitCode, 2);
        QVERIFY2(verdict.err.contains("--reason"), verdict.err.constData());
        verdict = cli(QStringList{QStringLiteral("verdict"), QStringLiteral("set"), QStringLiteral("--verdict"),
                                  QStringLiteral("possible_match"), QStringLiteral("--reason"),
                                  QStringLiteral("hairline, ear shape and nose agree"), QStringLiteral("--mark"),
                                  QStringLiteral("probe:120,88:left ear"), QStringLiteral("--json")} + target);
        QVERIFY2(verdict.exitCode == 0, verdict.err.constData());
        QCOMPARE(onlyJson(verdict).value(QStringLiteral("verdict")).toString(), QStringLiteral("possible_match"));
        verdict = cli(QStringList{QStringLiteral("verdict"), QStringLiteral("set"), QStringLiteral("--verdict"),
                                  QStringLiteral("inconclusive"), QStringLiteral("--reason"),
                                  QStringLiteral("second look: lighting hides the ear")} + target);
        QVERIFY2(verdict.exitCode == 0, verdict.err.constData());
        QVERIFY2(verdict.out.contains("inconclusive"), verdict.out.constData());

        shown = show(QStringLiteral("2024-CR-17"));
        listed = shown.value(QStringLiteral("searches")).toArray()[0].toObject().value(QStringLiteral("candidates")).toArray();
        const QJsonObject current = listed[0].toObject().value(QStringLiteral("verdict")).toObject();
        QCOMPARE(current.value(QStringLiteral("verdict")).toString(), QStringLiteral("inconclusive"));
        QCOMPARE(current.value(QStringLiteral("reason")).toString(), QStringLiteral("second look: lighting hides the ear"));
        QVERIFY(listed[1].toObject().value(QStringLiteral("verdict")).isNull());

        const CliRun history = cli(QStringList{QStringLiteral("verdict"), QStringLiteral("history"),
                                               QStringLiteral("--json")} + target);
        QVERIFY2(history.exitCode == 0, history.err.constData());
        const QJsonArray verdicts = onlyJson(history).value(QStringLiteral("verdicts")).toArray();
        QCOMPARE(verdicts.size(), 2);
        QCOMPARE(verdicts[0].toObject().value(QStringLiteral("marks")).toArray().size(), 1);

        // The text form names the verdict too.
        const CliRun text = cli({QStringLiteral("case"), QStringLiteral("show"), QStringLiteral("2024-CR-17")});
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY2(text.out.contains("N = 12 faces, k = 5"), text.out.constData());
        QVERIFY2(text.out.contains("inconclusive — second look"), text.out.constData());

        // The same photo again: the same probe, a second search.
        const CliRun again = search(QStringLiteral("2024-CR-17"), probe);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(onlyJson(again).value(QStringLiteral("probe_id")).toInteger(), probeId);
        QVERIFY(onlyJson(again).value(QStringLiteral("search_id")).toInteger() > searchId);
        QCOMPARE(show(QStringLiteral("2024-CR-17")).value(QStringLiteral("probes")).toArray().size(), 1);
    }

    // No search without an open case (issue 6): refused as usage, nothing searched or kept,
    // and the attempt is on record.
    void withoutCaseNothingIsSearched() {
        const CliRun run = cli({QStringLiteral("search"), QStringLiteral("--gallery"), QStringLiteral("bbt"),
                                QStringLiteral("--json"), samples(QStringLiteral("penny/penny5.png"))});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("search needs --case NUMBER"), run.err.constData());
        QVERIFY(run.out.isEmpty());
        const CliRun audit = cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
        QVERIFY2(audit.exitCode == 0, audit.err.constData());
    }

    void closedCaseIsRefusedAndChainVerifies() {
        const CliRun created = cli({QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"),
                                    QStringLiteral("2024-CR-99"), QStringLiteral("--purpose"), QStringLiteral("Fraud")});
        QVERIFY2(created.exitCode == 0, created.err.constData());
        const CliRun closed = cli({QStringLiteral("case"), QStringLiteral("close"), QStringLiteral("2024-CR-99")});
        QVERIFY2(closed.exitCode == 0, closed.err.constData());
        const CliRun refused = search(QStringLiteral("2024-CR-99"), samples(QStringLiteral("raj/raj5.png")));
        QCOMPARE(refused.exitCode, 6);  // the whole batch refused: nothing done
        QVERIFY2(refused.err.contains("case \"2024-CR-99\" is closed: reopen it"), refused.err.constData());
        QCOMPARE(show(QStringLiteral("2024-CR-99")).value(QStringLiteral("probes")).toArray().size(), 0);
        QVERIFY(!QDir(m_workspace).exists(
            QStringLiteral("evidence/%1.png").arg(sha256OfFile(samples(QStringLiteral("raj/raj5.png"))))));
        // The refused attempt is in the case's audit trail.
        const CliRun exported = cli({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--case"),
                                     QStringLiteral("2024-CR-99"), QStringLiteral("--format"), QStringLiteral("jsonl")});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        const auto records = jsonLines(exported.out);
        QVERIFY(!records.isEmpty());
        QCOMPARE(records.last().value(QStringLiteral("action")).toString(), QStringLiteral("search_refused"));

        const CliRun verify = cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
        QVERIFY2(verify.exitCode == 0, verify.err.constData());
        QCOMPARE(onlyJson(verify).value(QStringLiteral("intact")).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestCliCaseSearch)
#include "test_cli_case_search.moc"
