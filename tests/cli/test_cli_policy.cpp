// `facecase-cli policy` end to end: defaults shown, no change before a supervisor passphrase
// exists, passphrases read from standard input (never from an option), wrong passphrase and
// out-of-bounds values refused and audited, a change obeyed by the next `search --case`.
#include "support/test_data.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"

using namespace facecase;
using test::CliRun;
using test::jsonLines;
using test::runCli;
using test::runCliWithInput;

namespace {
const QByteArray kPass = "the supervisor's passphrase";

QJsonObject onlyJson(const CliRun& run) {
    const auto lines = jsonLines(run.out);
    return lines.size() == 1 ? lines.front() : QJsonObject();
}

QString settingValue(const QJsonObject& shown, const QString& key) {
    for (const QJsonValue& s : shown.value(QStringLiteral("settings")).toArray())
        if (s.toObject().value(QStringLiteral("key")).toString() == key)
            return s.toObject().value(QStringLiteral("value")).toString();
    return QStringLiteral("<missing>");
}
}  // namespace

class TestCliPolicy : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_workspace;

    QStringList ws(QStringList args) const { return args << QStringLiteral("--workspace") << m_workspace; }
    CliRun cli(const QStringList& args) const { return runCli(ws(args), 300'000); }
    CliRun withInput(const QStringList& args, const QByteArray& input) const {
        return runCliWithInput(ws(args), input);
    }
    QJsonObject show() const { return onlyJson(cli({QStringLiteral("policy"), QStringLiteral("show"), QStringLiteral("--json")})); }

    // The workspace's audit actions in order, read with plain SQL as an auditor would.
    QStringList auditActions() const {
        QStringList actions;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("audit"));
            db.setDatabaseName(QDir(m_workspace).filePath(QStringLiteral("facecase.sqlite")));
            if (db.open()) {
                QSqlQuery q(db);
                q.exec(QStringLiteral("SELECT action FROM audit_log ORDER BY seq"));
                while (q.next()) actions << q.value(0).toString();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("audit"));
        return actions;
    }

private slots:
    void initTestCase() { m_workspace = m_dir.filePath(QStringLiteral("ws")); }

    void defaultsAndNoChangeWithoutAPassphrase() {
        const QJsonObject shown = show();
        QCOMPARE(shown.value(QStringLiteral("supervisor_passphrase_set")).toBool(), false);
        QCOMPARE(settingValue(shown, QStringLiteral("search.max_false_match_one_in")), QStringLiteral("10000"));
        QCOMPARE(settingValue(shown, QStringLiteral("search.min_candidates")), QStringLiteral("5"));
        const CliRun text = cli({QStringLiteral("policy"), QStringLiteral("show")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("No supervisor passphrase is set"));

        const CliRun refused = withInput({QStringLiteral("policy"), QStringLiteral("set"),
                                          QStringLiteral("search.min_candidates=10"), QStringLiteral("--reason"),
                                          QStringLiteral("tighter"), QStringLiteral("--passphrase-stdin")},
                                         kPass + '\n');
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("no supervisor passphrase is set"), refused.err.constData());
        QCOMPARE(auditActions(), QStringList{QStringLiteral("policy_change_refused")});
    }

    void passphraseComesFromStdinOrATerminal() {
        // No terminal here and no --passphrase-stdin: refused as usage, nothing recorded.
        const QStringList before = auditActions();
        const CliRun noTty = cli({QStringLiteral("policy"), QStringLiteral("set-passphrase")});
        QCOMPARE(noTty.exitCode, 2);
        QVERIFY2(noTty.err.contains("--passphrase-stdin"), noTty.err.constData());
        const CliRun mismatch = withInput({QStringLiteral("policy"), QStringLiteral("set-passphrase"),
                                           QStringLiteral("--passphrase-stdin")},
                                          kPass + "\nsomething else entirely\n");
        QCOMPARE(mismatch.exitCode, 1);
        QVERIFY(mismatch.err.contains("the two new passphrases differ"));
        QCOMPARE(auditActions(), before);

        const CliRun set = withInput({QStringLiteral("policy"), QStringLiteral("set-passphrase"),
                                      QStringLiteral("--passphrase-stdin")},
                                     kPass + '\n' + kPass + '\n');
        QVERIFY2(set.exitCode == 0, set.err.constData());
        QVERIFY(set.out.contains("Supervisor passphrase set"));
        QCOMPARE(show().value(QStringLiteral("supervisor_passphrase_set")).toBool(), true);
        QCOMPARE(auditActions().last(), QStringLiteral("supervisor_passphrase_set"));
    }

    void changesAreCheckedAndAudited() {
        const QStringList set{QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("--passphrase-stdin")};
        // Usage: no reason, not KEY=VALUE.
        CliRun run = withInput(set + QStringList{QStringLiteral("search.min_candidates=10")}, kPass + '\n');
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("--reason"));
        run = withInput(set + QStringList{QStringLiteral("min_candidates"), QStringLiteral("--reason"), QStringLiteral("r")},
                        kPass + '\n');
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("is not KEY=VALUE"));

        const QStringList before = auditActions();
        run = withInput(set + QStringList{QStringLiteral("search.min_candidates=10"), QStringLiteral("--reason"),
                                          QStringLiteral("r")},
                        "a wrong passphrase\n");
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("passphrase is not correct"), run.err.constData());
        run = withInput(set + QStringList{QStringLiteral("search.max_false_match_one_in=100"),
                                          QStringLiteral("--reason"), QStringLiteral("looser")},
                        kPass + '\n');
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("search.max_false_match_one_in cannot be \"100\": a whole number from 1,000 to 10,000,000"),
                 run.err.constData());
        const QStringList refusedTwice{QStringLiteral("policy_change_refused"),
                                       QStringLiteral("policy_change_refused")};
        QCOMPARE(auditActions(), before + refusedTwice);
        QCOMPARE(settingValue(show(), QStringLiteral("search.min_candidates")), QStringLiteral("5"));

        run = withInput(set + QStringList{QStringLiteral("search.min_candidates=10"),
                                          QStringLiteral("search.default_candidates=25"), QStringLiteral("--reason"),
                                          QStringLiteral("Sheriff's directive 2026-3"), QStringLiteral("--json")},
                        kPass + '\n');
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonArray changes = onlyJson(run).value(QStringLiteral("changes")).toArray();
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes[0].toObject().value(QStringLiteral("from")).toString(), QStringLiteral("5"));
        QCOMPARE(changes[0].toObject().value(QStringLiteral("to")).toString(), QStringLiteral("10"));
        const QJsonObject shown = show();
        QCOMPARE(settingValue(shown, QStringLiteral("search.min_candidates")), QStringLiteral("10"));
        QCOMPARE(settingValue(shown, QStringLiteral("search.default_candidates")), QStringLiteral("25"));
        QCOMPARE(auditActions().last(), QStringLiteral("policy_changed"));

        // A new passphrase needs the current one first.
        const QByteArray next = "a second passphrase for 2027";
        run = withInput({QStringLiteral("policy"), QStringLiteral("set-passphrase"), QStringLiteral("--passphrase-stdin")},
                        "not the current one\n" + next + '\n' + next + '\n');
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.contains("current supervisor passphrase is not correct"));
        run = withInput({QStringLiteral("policy"), QStringLiteral("set-passphrase"), QStringLiteral("--passphrase-stdin")},
                        kPass + '\n' + next + '\n' + next + '\n');
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(auditActions().last(), QStringLiteral("supervisor_passphrase_changed"));
        const CliRun verified = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verified.exitCode == 0, verified.out.constData());
    }

    // The stored policy reaches the search: the default list length is the policy's, and a
    // list shorter than its minimum is refused (and recorded). A search without a case is
    // refused and recorded too.
    void searchObeysTheStoredPolicy() {
        FACECASE_REQUIRE_TESTDATA();
        const QDir root(m_dir.path());
        QVERIFY(root.mkpath(QStringLiteral("gallery")));
        const QString samples = test::testDataPath(QStringLiteral("detection/face-api-samples/images/"));
        for (const char* name : {"sheldon/sheldon1.png", "penny/penny1.png", "raj/raj1.png"}) {
            const QString file = QString::fromLatin1(name).section(QLatin1Char('/'), 1);
            QVERIFY(QFile::link(samples + QLatin1String(name), root.filePath(QStringLiteral("gallery/") + file)));
        }
        CliRun run = cli({QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("bbt"),
                          QStringLiteral("--folder"), root.filePath(QStringLiteral("gallery"))});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        run = cli({QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"), QStringLiteral("P-1"),
                   QStringLiteral("--purpose"), QStringLiteral("Assault, warrant 12/26")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString probe = samples + QStringLiteral("sheldon/sheldon5.png");

        run = cli({QStringLiteral("search"), QStringLiteral("--gallery"), QStringLiteral("bbt"), QStringLiteral("--json"), probe});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("search needs --case NUMBER"), run.err.constData());
        QCOMPARE(auditActions().last(), QStringLiteral("search_refused"));
        run = cli({QStringLiteral("search"), QStringLiteral("--gallery"), QStringLiteral("bbt"), QStringLiteral("--case"),
                   QStringLiteral("P-404"), probe});
        QCOMPARE(run.exitCode, 6);  // the batch refused as a whole: nothing searched
        QCOMPARE(auditActions().last(), QStringLiteral("search_refused"));

        run = cli({QStringLiteral("search"), QStringLiteral("--gallery"), QStringLiteral("bbt"), QStringLiteral("--case"),
                   QStringLiteral("P-1"), QStringLiteral("--k"), QStringLiteral("5"), QStringLiteral("--json"), probe});
        QCOMPARE(run.exitCode, 6);
        QVERIFY2(run.err.contains("a candidate list of 5 is outside the policy's 10 to 100"), run.err.constData());
        QCOMPARE(auditActions().last(), QStringLiteral("search_refused"));

        run = cli({QStringLiteral("search"), QStringLiteral("--gallery"), QStringLiteral("bbt"), QStringLiteral("--case"),
                   QStringLiteral("P-1"), QStringLiteral("--probe-kind"), QStringLiteral("camera_photo"),
                   QStringLiteral("--json"), probe});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject line = onlyJson(run);
        QCOMPARE(line.value(QStringLiteral("k")).toInt(), 25);  // the policy's default
        QCOMPARE(line.value(QStringLiteral("candidates")).toArray().size(), 3);  // the whole gallery
        QCOMPARE(auditActions().last(), QStringLiteral("search_run"));
    }
};

QTEST_GUILESS_MAIN(TestCliPolicy)
#include "test_cli_policy.moc"
