#include <QTest>

#include "store/workspace_location.h"

using namespace facecase;

// What --workspace means: a folder (SQLite) or postgresql://[USER@]HOST[:PORT]/DB. Pure
// parsing: no file, no server.
class TestWorkspaceLocation : public QObject {
    Q_OBJECT
private slots:
    void postgresUrlsAreRead_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("url");

        QTest::newRow("host and database") << "postgresql://db.agency.local/facecase"
                                           << "db.agency.local" << 5432 << "facecase"
                                           << ""
                                           << "postgresql://db.agency.local:5432/facecase";
        QTest::newRow("postgres scheme, user, port") << "postgres://alice@10.0.0.5:6543/gallery"
                                                     << "10.0.0.5" << 6543 << "gallery"
                                                     << "alice"
                                                     << "postgresql://alice@10.0.0.5:6543/gallery";
        QTest::newRow("scheme in capitals") << "PostgreSQL://Alice@db:5433/Gallery"
                                            << "db" << 5433 << "Gallery"
                                            << "Alice"
                                            << "postgresql://Alice@db:5433/Gallery";
        QTest::newRow("IPv6 with port") << "postgresql://[::1]:5433/facecase"
                                        << "::1" << 5433 << "facecase"
                                        << ""
                                        << "postgresql://[::1]:5433/facecase";
        QTest::newRow("IPv6 without port") << "postgresql://bob@[fe80::1]/facecase"
                                           << "fe80::1" << 5432 << "facecase"
                                           << "bob"
                                           << "postgresql://bob@[fe80::1]:5432/facecase";
        QTest::newRow("percent-encoded user and database")
            << "postgresql://j%2Edoe%40agency@localhost/case%20files"
            << "localhost" << 5432 << "case files"
            << "j.doe@agency"
            << "postgresql://j.doe%40agency@localhost:5432/case%20files";
        QTest::newRow("surrounding spaces") << "  postgresql://host_1:1/db  "
                                            << "host_1" << 1 << "db"
                                            << ""
                                            << "postgresql://host_1:1/db";
        QTest::newRow("default port") << "postgresql://h/db"
                                      << "h" << 5432 << "db"
                                      << ""
                                      << "postgresql://h:5432/db";
        QTest::newRow("port 65535") << "postgresql://h:65535/db"
                                    << "h" << 65535 << "db"
                                    << ""
                                    << "postgresql://h:65535/db";
    }
    void postgresUrlsAreRead() {
        QFETCH(QString, text);
        auto location = WorkspaceLocation::parse(text);
        QVERIFY2(location.ok(), qPrintable(location.errorMessage()));
        QVERIFY(location->isPostgres());
        QCOMPARE(location->backend(), SqlBackend::PostgreSql);
        QVERIFY(location->folder().isEmpty());
        QTEST(location->postgres().host, "host");
        QTEST(location->postgres().port, "port");
        QTEST(location->postgres().database, "database");
        QTEST(location->postgres().user, "user");
        QTEST(location->postgres().url(), "url");
        QTEST(location->displayName(), "url");
        QVERIFY(WorkspaceLocation::looksLikeUrl(text));
    }

    // Each refusal names the location and says what is wrong; none repeats a password.
    void badUrlsAreRefusedNamingTheProblem_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("start");   // the message starts with this
        QTest::addColumn<QString>("says");    // and contains this
        QTest::addColumn<QString>("secret");  // and never this (empty: nothing to hide)

        QTest::newRow("password") << "postgresql://alice:s3cret@db/facecase"
                                  << "postgresql://alice:…@db/facecase:"
                                  << "PGPASSWORD or ~/.pgpass, or type it when asked"
                                  << "s3cret";
        QTest::newRow("empty password") << "postgresql://alice:@db/facecase"
                                        << "postgresql://alice:…@db/facecase:"
                                        << "a password does not belong"
                                        << "";
        QTest::newRow("password with a slash") << "postgres://alice:pa/ss@db/facecase"
                                               << "postgres://…:"
                                               << "a password does not belong"
                                               << "pa/ss";
        QTest::newRow("empty user") << "postgresql://@db/facecase"
                                    << "postgresql://@db/facecase:"
                                    << "no user name before '@'"
                                    << "";
        QTest::newRow("no host") << "postgresql:///facecase"
                                 << "postgresql:///facecase:"
                                 << "no server is named"
                                 << "";
        QTest::newRow("nothing after the scheme") << "postgresql://"
                                                  << "postgresql://:"
                                                  << "no server is named"
                                                  << "";
        QTest::newRow("no database") << "postgresql://db"
                                     << "postgresql://db:"
                                     << "no database is named"
                                     << "";
        QTest::newRow("empty database") << "postgresql://db:5432/"
                                        << "postgresql://db:5432/:"
                                        << "no database is named"
                                        << "";
        QTest::newRow("database with slash") << "postgresql://db/a/b"
                                             << "postgresql://db/a/b:"
                                             << "\"a/b\" is not a database name"
                                             << "";
        QTest::newRow("port not a number") << "postgresql://db:abc/x"
                                           << "postgresql://db:abc/x:"
                                           << "\"abc\" is not a port number (1 to 65535)"
                                           << "";
        QTest::newRow("port zero") << "postgresql://db:0/x"
                                   << "postgresql://db:0/x:"
                                   << "\"0\" is not a port number"
                                   << "";
        QTest::newRow("port too high") << "postgresql://db:65536/x"
                                       << "postgresql://db:65536/x:"
                                       << "\"65536\" is not a port number"
                                       << "";
        QTest::newRow("empty port") << "postgresql://db:/x"
                                    << "postgresql://db:/x:"
                                    << "\"\" is not a port number"
                                    << "";
        QTest::newRow("several hosts") << "postgresql://db1,db2/x"
                                       << "postgresql://db1,db2/x:"
                                       << "several servers are not supported"
                                       << "";
        QTest::newRow("IPv6 without brackets") << "postgresql://::1/x"
                                               << "postgresql://::1/x:"
                                               << "an IPv6 address goes in brackets"
                                               << "";
        QTest::newRow("unclosed bracket") << "postgresql://[::1/x"
                                          << "postgresql://[::1/x:"
                                          << "never closed"
                                          << "";
        QTest::newRow("not IPv6 in brackets") << "postgresql://[db]/x"
                                              << "postgresql://[db]/x:"
                                              << "\"db\" is not an IPv6 address"
                                              << "";
        QTest::newRow("space in host") << "postgresql://d b/x"
                                       << "postgresql://d b/x:"
                                       << "\"d b\" is not a host name"
                                       << "";
        QTest::newRow("options") << "postgresql://db/x?sslmode=require&password=hunter2"
                                 << "postgresql://db/x?…:"
                                 << "connection options after '?'"
                                 << "hunter2";
        QTest::newRow("fragment") << "postgresql://db/x#y"
                                  << "postgresql://db/x#…:"
                                  << "unexpected '#…'"
                                  << "";
        QTest::newRow("missing slashes") << "postgresql:alice:pw@db/x"
                                         << "postgresql:…:"
                                         << "written postgresql://[USER@]HOST[:PORT]/DB"
                                         << "pw";
        // What QDir::cleanPath makes of a URL: never a folder "postgresql:" with "db" in it.
        QTest::newRow("cleaned as a path") << "postgresql:/db/x"
                                           << "postgresql:…:"
                                           << "start it with ./"
                                           << "";
        QTest::newRow("another database") << "mysql://root:pw@db/x"
                                          << "mysql://…:"
                                          << "not a kind of workspace FaceCase knows"
                                          << "pw";
        QTest::newRow("empty") << ""
                               << "no workspace folder given"
                               << ""
                               << "";
        QTest::newRow("blank") << "   "
                               << "no workspace folder given"
                               << ""
                               << "";
    }
    void badUrlsAreRefusedNamingTheProblem() {
        QFETCH(QString, text);
        QFETCH(QString, start);
        QFETCH(QString, says);
        QFETCH(QString, secret);
        auto location = WorkspaceLocation::parse(text);
        QVERIFY(!location.ok());
        QCOMPARE(location.error().kind, Error::Kind::InvalidInput);
        const QString message = location.errorMessage();
        QVERIFY2(message.startsWith(start), qPrintable(message));
        QVERIFY2(message.contains(says), qPrintable(message));
        if (!secret.isEmpty()) QVERIFY2(!message.contains(secret), qPrintable(message));
    }

    // Colons alone do not make a URL: these stay folders, exactly as given.
    void foldersStayFolders_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("absolute") << "/srv/facecase/workspace";
        QTest::newRow("relative") << "cases/2024";
        QTest::newRow("colon in a name") << "cases:2024";
        QTest::newRow("colon in a path") << "/data/bookings:old/ws";
        QTest::newRow("one-letter prefix") << "a:b";
        QTest::newRow("Windows-like drive") << "C:\\cases";
        QTest::newRow("URL-looking folder, made explicit") << "./postgresql://db/x";
        QTest::newRow("URL-looking absolute path") << "/tmp/postgresql://db/x";
        QTest::newRow("trailing space kept") << "ws ";
    }
    void foldersStayFolders() {
        QFETCH(QString, text);
        auto location = WorkspaceLocation::parse(text);
        QVERIFY2(location.ok(), qPrintable(location.errorMessage()));
        QVERIFY(!location->isPostgres());
        QCOMPARE(location->backend(), SqlBackend::Sqlite);
        QCOMPARE(location->folder(), text);
        QCOMPARE(location->displayName(), text);
        QVERIFY(!WorkspaceLocation::looksLikeUrl(text));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceLocation)
#include "test_workspace_location.moc"
