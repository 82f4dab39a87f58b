// `facecase-cli admin user add | list | disable` against a private PostgreSQL cluster: the
// new login can connect with its own password (sent to the server only as a SCRAM verifier),
// acts as itself, and after `disable` cannot connect; every change has its audit record;
// bad names, short passwords and workspace folders are refused in words.
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "cli_runner.h"
#include "store/database_connection.h"
#include "support/private_postgres.h"

using namespace facecase;
using namespace facecase::test;

class TestCliAdminUser : public QObject {
    Q_OBJECT

    std::unique_ptr<PrivatePostgres> m_cluster;

    QString adminUrl() const {
        return QStringLiteral("postgresql://%1@%2:%3/%4")
            .arg(m_cluster->superuser(), PrivatePostgres::host())
            .arg(m_cluster->port())
            .arg(m_cluster->database());
    }
    QStringList admin(const QStringList& args) const {
        return QStringList{QStringLiteral("admin"), QStringLiteral("user")} + args +
               QStringList{QStringLiteral("--workspace"), adminUrl()};
    }
    Result<DatabaseConnection> connectAs(const QString& login, const QString& password) const {
        PostgresAddress address;
        address.host = PrivatePostgres::host();
        address.port = m_cluster->port();
        address.database = m_cluster->database();
        address.user = login;
        qputenv("PGPASSWORD", password.toUtf8());
        auto connection = DatabaseConnection::open(address);
        m_cluster->lendSuperuserPasswordToLibpq();
        return connection;
    }

private slots:
    void initTestCase() {
        auto cluster = PrivatePostgres::start(QStringLiteral("agency"));
        QVERIFY2(cluster.ok(), qPrintable(cluster.errorMessage()));
        m_cluster = std::move(cluster).value();
        m_cluster->lendSuperuserPasswordToLibpq();  // inherited by the CLI processes
    }
    void cleanupTestCase() { m_cluster.reset(); }

    void addListDisable() {
        const QString password = QStringLiteral("Schwarzwälder Kirschtorte 42");  // not ASCII
        const CliRun added = runCliWithInput(
            admin({QStringLiteral("add"), QStringLiteral("alice"), QStringLiteral("--role"),
                   QStringLiteral("analyst"), QStringLiteral("--password-stdin"),
                   QStringLiteral("--json")}),
            password.toUtf8() + '\n');
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QJsonObject user = QJsonDocument::fromJson(added.out).object();
        QCOMPARE(user.value(QStringLiteral("login")).toString(), QStringLiteral("alice"));
        QCOMPARE(user.value(QStringLiteral("roles")).toArray(),
                 QJsonArray{QStringLiteral("analyst")});

        // The server holds a SCRAM verifier, and alice logs in with her password.
        auto stored = m_cluster->superuserQuery(
            QStringLiteral("SELECT split_part(rolpassword, '$', 1) FROM pg_authid WHERE rolname "
                           "= 'alice'"));
        QVERIFY(stored.ok());
        QCOMPARE(*stored, QStringLiteral("SCRAM-SHA-256"));
        {
            auto alice = connectAs(QStringLiteral("alice"), password);
            QVERIFY2(alice.ok(), qPrintable(alice.errorMessage()));
            auto actor = alice->actor();
            QVERIFY(actor.ok());
            QCOMPARE(actor->name(), QStringLiteral("alice"));
            QVERIFY(!connectAs(QStringLiteral("alice"), QStringLiteral("wrong password 1234")).ok());
        }

        const CliRun listed = runCli(admin({QStringLiteral("list"), QStringLiteral("--json")}));
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const QJsonArray users =
            QJsonDocument::fromJson(listed.out).object().value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 1);
        QCOMPARE(users[0].toObject().value(QStringLiteral("can_log_in")).toBool(), true);

        const CliRun disabled = runCli(admin({QStringLiteral("disable"), QStringLiteral("alice")}));
        QVERIFY2(disabled.exitCode == 0, disabled.err.constData());
        QCOMPARE(disabled.out.trimmed(), QByteArray("Login alice disabled."));
        auto refused = connectAs(QStringLiteral("alice"), password);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("not permitted to log in")),
                 qPrintable(refused.errorMessage()));
        const CliRun again = runCli(admin({QStringLiteral("disable"), QStringLiteral("alice")}));
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("login \"alice\" is already disabled"), again.err.constData());

        auto records = m_cluster->superuserQuery(QStringLiteral(
            "SELECT string_agg(action || ' ' || actor || ' ' || details, '|' ORDER BY seq) "
            "FROM audit_log WHERE action LIKE 'user_%'"));
        QVERIFY(records.ok());
        QCOMPARE(*records, QStringLiteral(
                               "user_added facecase_admin {\"login\":\"alice\",\"role\":\"analyst\"}|"
                               "user_disabled facecase_admin {\"login\":\"alice\",\"roles\":\"analyst\"}"));
    }

    // The audit trail of an agency database is checked with the same command as a folder's.
    void auditVerifyOnTheAgencyDatabase() {
        const CliRun run = runCli({QStringLiteral("audit"), QStringLiteral("verify"),
                                   QStringLiteral("--json"), QStringLiteral("--workspace"),
                                   adminUrl()});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(run.out).object();
        QVERIFY2(result.value(QStringLiteral("intact")).toBool(), run.out.constData());
        QCOMPARE(result.value(QStringLiteral("records")).toInt(), 2);  // user_added, user_disabled
    }

    void refusals_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        const QByteArray good("a good long password\n");
        const auto row = [](const char* name, const char* args, const QByteArray& input,
                            int exitCode, const char* says) {
            QTest::newRow(name) << QString::fromLatin1(args).split(QLatin1Char(' ')) << input
                                << exitCode << QString::fromLatin1(says);
        };
        row("upper case", "add Bob --role analyst --password-stdin", good, 1,
            "login \"Bob\": use lower-case letters");
        row("reserved", "add facecase_x --role analyst --password-stdin", good, 1,
            "reserved for the roles of FaceCase");
        row("short password", "add bob --role analyst --password-stdin", "short\n", 1,
            "at least 12 characters");
        row("no role", "add bob --password-stdin", good, 2,
            "needs --role analyst|enroller|supervisor|auditor");
        row("taken", "add alice --role auditor --password-stdin", good, 1,
            "login \"alice\" exists already");
        row("unknown", "disable nobody_here", {}, 1, "no FaceCase login \"nobody_here\"");
    }
    void refusals() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, input);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const CliRun run = runCliWithInput(admin(args), input);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.err).contains(says), run.err.constData());
    }

    // `workspace copy` into a second, empty database of the cluster: the folder's one case and
    // its chain arrive, and the move is the next audit record.
    void workspaceCopyIntoAnEmptyDatabase() {
        QVERIFY(m_cluster->superuserQuery(QStringLiteral("CREATE DATABASE moved"),
                                          QStringLiteral("postgres"))
                    .ok());
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("ws"));
        const CliRun created = runCli({QStringLiteral("case"), QStringLiteral("create"),
                                       QStringLiteral("--number"), QStringLiteral("2024-CR-5"),
                                       QStringLiteral("--purpose"), QStringLiteral("Robbery"),
                                       QStringLiteral("--workspace"), folder});
        QVERIFY2(created.exitCode == 0, created.err.constData());
        const QString url = adminUrl().replace(m_cluster->database(), QStringLiteral("moved"));
        const CliRun copied = runCli({QStringLiteral("workspace"), QStringLiteral("copy"),
                                      QStringLiteral("--from"), folder, QStringLiteral("--to"), url,
                                      QStringLiteral("--json")});
        QVERIFY2(copied.exitCode == 0, copied.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(copied.out).object();
        QCOMPARE(report.value(QStringLiteral("rows")).toObject().value(QStringLiteral("cases")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("audit_seq")).toInt(),
                 report.value(QStringLiteral("source_head_seq")).toInt() + 1);
        const CliRun verified = runCli({QStringLiteral("audit"), QStringLiteral("verify"),
                                        QStringLiteral("--json"), QStringLiteral("--workspace"), url});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
        QVERIFY(QJsonDocument::fromJson(verified.out).object().value(QStringLiteral("intact")).toBool());
        const CliRun again = runCli({QStringLiteral("workspace"), QStringLiteral("copy"),
                                     QStringLiteral("--from"), folder, QStringLiteral("--to"), url});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("already holds FaceCase data"), again.err.constData());
    }

    // An analyst works on the agency database with the same commands as on a folder, as her own
    // login. Her password is not in PGPASSWORD or ~/.pgpass and there is no terminal to ask on:
    // the command says where it goes instead of hanging or failing obscurely.
    void analystOpensTheAgencyDatabaseWithHerLogin() {
        const QString password = QStringLiteral("bruna's long passphrase");
        const CliRun added = runCliWithInput(
            admin({QStringLiteral("add"), QStringLiteral("bruna"), QStringLiteral("--role"),
                   QStringLiteral("analyst"), QStringLiteral("--password-stdin")}),
            password.toUtf8() + '\n');
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QString url = adminUrl().replace(m_cluster->superuser() + QLatin1Char('@'),
                                               QStringLiteral("bruna@"));
        const QStringList create{QStringLiteral("case"), QStringLiteral("create"),
                                 QStringLiteral("--number"), QStringLiteral("2026-AG-1"),
                                 QStringLiteral("--purpose"), QStringLiteral("Burglary lead"),
                                 QStringLiteral("--json"), QStringLiteral("--workspace"), url};

        qunsetenv("PGPASSWORD");
        const CliRun asked = runCliWithInput(create, QByteArray());  // stdin is no terminal
        QCOMPARE(asked.exitCode, 1);
        const QString says = url + QStringLiteral(": the server asks for the password of bruna; "
                                                  "without a terminal to ask on, put it in ~/.pgpass");
        QVERIFY2(QString::fromUtf8(asked.err).contains(says),
                 asked.err.constData());

        qputenv("PGPASSWORD", password.toUtf8());
        const CliRun created = runCli(create);
        m_cluster->lendSuperuserPasswordToLibpq();
        QVERIFY2(created.exitCode == 0, created.err.constData());
        const QJsonObject createdCase = QJsonDocument::fromJson(created.out).object();
        QCOMPARE(createdCase.value(QStringLiteral("analyst")).toString(), QStringLiteral("bruna"));
        auto actor = m_cluster->superuserQuery(QStringLiteral(
            "SELECT actor FROM audit_log WHERE action = 'case_created' ORDER BY seq DESC LIMIT 1"));
        QVERIFY(actor.ok());
        QCOMPARE(*actor, QStringLiteral("bruna"));
    }

    void workspaceFolderHasNoLogins() {
        QTemporaryDir dir;
        const CliRun run = runCli({QStringLiteral("admin"), QStringLiteral("user"),
                                   QStringLiteral("list"), QStringLiteral("--workspace"), dir.path()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("a workspace folder has no logins"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliAdminUser)
#include "test_cli_admin_user.moc"
