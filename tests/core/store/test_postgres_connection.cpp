#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "store/database_connection.h"
#include "store/workspace.h"
#include "store/workspace_location.h"
#include "support/private_postgres.h"

using namespace facecase;
using namespace facecase::test;

namespace {
const auto kAlicePassword = QStringLiteral("alice's correct horse");
const auto kBobPassword = QStringLiteral("bob-battery-staple");
const auto kCarolPassword = QStringLiteral("carol: typed at the prompt");

// libpq's own settings; any of them in the test's environment would change what is tested.
constexpr const char* kLibpqVariables[] = {"PGPASSWORD",    "PGPASSFILE", "PGUSER",     "PGHOST",
                                           "PGHOSTADDR",    "PGPORT",     "PGDATABASE", "PGSERVICE",
                                           "PGSERVICEFILE", "PGSSLMODE",  "PGOPTIONS"};
}  // namespace

// DatabaseConnection on a real PostgreSQL 15 server of the test's own (PrivatePostgres): logins
// with SCRAM passwords from ~/.pgpass-style files and PGPASSWORD, never from FaceCase; the
// database, not the client, says who is acting. Fails (never skips) without postgresql-15.
class TestPostgresConnection : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        for (const char* variable : kLibpqVariables) qunsetenv(variable);
        auto cluster = PrivatePostgres::start();
        QVERIFY2(cluster.ok(), qPrintable(cluster.errorMessage()));
        m_cluster = std::move(cluster).value();
        for (const auto& [name, password] : {std::pair{QStringLiteral("alice"), kAlicePassword},
                                             std::pair{QStringLiteral("bob"), kBobPassword}}) {
            auto created = m_cluster->createLoginRole(name, password);
            QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        }
        // The server keeps SCRAM verifiers, not MD5 hashes or the passwords.
        auto stored = m_cluster->superuserQuery(QStringLiteral(
            "SELECT rolname || ' ' || split_part(rolpassword, '$', 1) FROM pg_authid "
            "WHERE rolname IN ('alice', 'bob') ORDER BY rolname"));
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(*stored, QStringLiteral("alice SCRAM-SHA-256\nbob SCRAM-SHA-256"));

        // alice's password is in a pgpass file (libpq reads it through PGPASSFILE, as it would
        // read ~/.pgpass); bob's is not, he gets PGPASSWORD where a test wants him in.
        m_pgpass = QDir(m_cluster->directory()).filePath(QStringLiteral("pgpass"));
        QFile pgpass(m_pgpass);
        QVERIFY(pgpass.open(QIODevice::WriteOnly));
        pgpass.write(QStringLiteral("%1:%2:%3:alice:%4\n")
                         .arg(PrivatePostgres::host())
                         .arg(m_cluster->port())
                         .arg(m_cluster->database(), kAlicePassword)
                         .toUtf8());
        pgpass.close();
        // libpq ignores a password file others can read.
        QVERIFY(pgpass.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        qputenv("PGPASSFILE", QFile::encodeName(m_pgpass));
    }

    void init() {
        // QPSQL reports misuse only as warnings; any warning here is a bug.
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        qunsetenv("PGPASSWORD");
    }

    void cleanupTestCase() {
        for (const char* variable : kLibpqVariables) qunsetenv(variable);
        m_cluster.reset();  // pg_ctl stop -m fast
    }

    void loginWithPasswordFromPgpassIsTheActor() {
        auto connection = DatabaseConnection::open(address(QStringLiteral("alice")));
        QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
        QCOMPARE(connection->dialect().backend(), SqlBackend::PostgreSql);
        QCOMPARE(connection->databasePath(), QStringLiteral("postgresql://alice@127.0.0.1:%1/%2")
                                                 .arg(m_cluster->port())
                                                 .arg(m_cluster->database()));
        auto actor = connection->actor();
        QVERIFY2(actor.ok(), qPrintable(actor.errorMessage()));
        QCOMPARE(actor->name(), QStringLiteral("alice"));
    }

    void loginWithPgpasswordIsTheActor() {
        qputenv("PGPASSWORD", kBobPassword.toUtf8());
        auto connection = DatabaseConnection::open(address(QStringLiteral("bob")));
        QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
        auto actor = connection->actor();
        QVERIFY2(actor.ok(), qPrintable(actor.errorMessage()));
        QCOMPARE(actor->name(), QStringLiteral("bob"));
    }

    // Two analysts on one thread: each connection knows its own login.
    void eachConnectionSaysItsOwnLogin() {
        auto alice = DatabaseConnection::open(address(QStringLiteral("alice")));
        qputenv("PGPASSWORD", kBobPassword.toUtf8());
        auto bob = DatabaseConnection::open(address(QStringLiteral("bob")));
        QVERIFY2(alice.ok(), qPrintable(alice.errorMessage()));
        QVERIFY2(bob.ok(), qPrintable(bob.errorMessage()));
        QVERIFY(alice->connectionName() != bob->connectionName());
        QCOMPARE(alice->actor()->name(), QStringLiteral("alice"));
        QCOMPARE(bob->actor()->name(), QStringLiteral("bob"));
    }

    // The actor is the login, not a role the session switched to: a client that may SET ROLE
    // still cannot act under another name.
    void setRoleDoesNotChangeTheActor() {
        auto granted = m_cluster->superuserQuery(QStringLiteral("GRANT alice TO bob"));
        QVERIFY2(granted.ok(), qPrintable(granted.errorMessage()));
        qputenv("PGPASSWORD", kBobPassword.toUtf8());
        auto connection = DatabaseConnection::open(address(QStringLiteral("bob")));
        QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
        auto switched = connection->exec(QStringLiteral("SET ROLE alice"),
                                         QStringLiteral("switch to alice's role"));
        QVERIFY2(switched.ok(), qPrintable(switched.errorMessage()));
        QCOMPARE(connection->actor()->name(), QStringLiteral("bob"));
    }

    void wrongPasswordIsAReadableError() {
        qputenv("PGPASSWORD", "not bob's password");
        auto connection = DatabaseConnection::open(address(QStringLiteral("bob")));
        QVERIFY(!connection.ok());
        QCOMPARE(connection.error().kind, Error::Kind::InvalidInput);
        const QString message = connection.errorMessage();
        QVERIFY2(message.startsWith(QStringLiteral("postgresql://bob@127.0.0.1:%1/%2: cannot "
                                                   "connect to the PostgreSQL database")
                                        .arg(m_cluster->port())
                                        .arg(m_cluster->database())),
                 qPrintable(message));
        QVERIFY2(
            message.contains(QStringLiteral("password authentication failed for user \"bob\"")),
            qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("PGPASSWORD or ~/.pgpass")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("not bob's password")), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    }

    // libpq's "fe_sendauth: no password supplied" is the one failure a front end answers by
    // asking: it gets its own kind and plain words.
    void noPasswordIsAReadableError() {
        auto connection =
            DatabaseConnection::open(address(QStringLiteral("bob")));  // not in pgpass
        QVERIFY(!connection.ok());
        QCOMPARE(connection.error().kind, Error::Kind::PasswordNeeded);
        QCOMPARE(connection.errorMessage(), address(QStringLiteral("bob")).url() +
                                                QStringLiteral(": the server asks for the password of bob"));
    }

    void unknownDatabaseIsAReadableError() {
        qputenv("PGPASSWORD", kAlicePassword.toUtf8());  // her pgpass line names the test database
        PostgresAddress elsewhere = address(QStringLiteral("alice"));
        elsewhere.database = QStringLiteral("no_such_gallery");
        auto connection = DatabaseConnection::open(elsewhere);
        QVERIFY(!connection.ok());
        const QString message = connection.errorMessage();
        QVERIFY2(
            message.startsWith(QStringLiteral("postgresql://alice@127.0.0.1:%1/no_such_gallery:")
                                   .arg(m_cluster->port())),
            qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("database \"no_such_gallery\" does not exist")),
                 qPrintable(message));
    }

    // carol has no password in PGPASSWORD or the pgpass file: the server's demand comes back as
    // PasswordNeeded (what the front ends answer with a prompt), nothing is created where the
    // command ran, and the same location with the typed password opens the workspace.
    void passwordNeededIsAskedForThenTheTypedOneOpens() {
        auto created = m_cluster->createLoginRole(QStringLiteral("carol"), kCarolPassword);
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        // carol owns her database and may create roles, so the first open may create
        // FaceCase's schema and its agency roles in it.
        auto database = m_cluster->superuserQuery(
            QStringLiteral("ALTER ROLE carol CREATEROLE; CREATE DATABASE carols_workspace OWNER carol"),
            QStringLiteral("postgres"));
        QVERIFY2(database.ok(), qPrintable(database.errorMessage()));
        PostgresAddress carol = address(QStringLiteral("carol"));
        carol.database = QStringLiteral("carols_workspace");
        auto location = WorkspaceLocation::parse(carol.url());
        QVERIFY2(location.ok(), qPrintable(location.errorMessage()));

        QTemporaryDir cwd;
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(cwd.path()));
        auto refused = Workspace::open(*location);
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::PasswordNeeded);
        QCOMPARE(refused.errorMessage(),
                 carol.url() + QStringLiteral(": the server asks for the password of carol"));
        QCOMPARE(QDir(cwd.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList());

        auto wrong = Workspace::open(location->withPassword(QStringLiteral("not carol's")));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(wrong.errorMessage().contains(QStringLiteral("password authentication failed")),
                 qPrintable(wrong.errorMessage()));
        QVERIFY2(!wrong.errorMessage().contains(QStringLiteral("not carol's")), qPrintable(wrong.errorMessage()));

        auto workspace = Workspace::open(location->withPassword(kCarolPassword));
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        QCOMPARE(workspace->actor().name(), QStringLiteral("carol"));
        QCOMPARE(workspace->databasePath(), carol.url());  // never the password
        // Another thread's connection (the gallery lock's, a worker's) needs no second prompt.
        auto second = workspace->openConnection();
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    }

private:
    PostgresAddress address(const QString& user) const {
        PostgresAddress address;
        address.host = PrivatePostgres::host();
        address.port = m_cluster->port();
        address.database = m_cluster->database();
        address.user = user;
        return address;
    }

    std::unique_ptr<PrivatePostgres> m_cluster;
    QString m_pgpass;
};

QTEST_GUILESS_MAIN(TestPostgresConnection)
#include "test_postgres_connection.moc"
