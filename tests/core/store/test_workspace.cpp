#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/schema_migrations.h"
#include "store/workspace.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {
QByteArray writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) return {};
    return bytes;
}

QStringList entriesOf(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                                  QDir::Name);
}

// A closed workspace whose database spans many pages: 2,000 faces, about 3 MB.
QString populatedWorkspace(const QTemporaryDir& dir) {
    auto workspace = Workspace::open(dir.path());
    if (!workspace) return {};
    auto connection = workspace->openConnection();
    if (!connection) return {};
    auto gallery = GalleryRepository(*connection).create(QStringLiteral("Bookings"));
    if (!gallery) return {};
    std::vector<EnrollmentRecord> records;
    for (int i = 0; i < 2000; ++i) records.push_back(syntheticRecord(i));
    if (!FaceRecordWriter(*connection, QStringLiteral("m")).insertBatch(gallery->id, records))
        return {};
    return workspace->databasePath();
}
}  // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void freshWorkspaceIsCreatedAtTheLatestSchema() {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("cases/2024/ws"));  // parents too
        auto workspace = Workspace::open(folder);
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        QCOMPARE(workspace->schemaVersion(), SchemaMigrations::kLatestVersion);
        QCOMPARE(workspace->folder(), QFileInfo(folder).canonicalFilePath());
        QCOMPARE(workspace->databasePath(),
                 workspace->folder() + QStringLiteral("/facecase.sqlite"));
        QVERIFY(QFileInfo(workspace->databasePath()).isFile());
        QVERIFY(QFileInfo(workspace->evidenceFolder()).isDir());

        auto connection = workspace->openConnection();
        QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
        QCOMPARE(scalar(*connection,
                        QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'"))
                     .toString(),
                 QString::number(SchemaMigrations::kLatestVersion));
        QCOMPARE(scalar(*connection, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(scalar(*connection, QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QCOMPARE(scalar(*connection, QStringLiteral("PRAGMA application_id")).toInt(),
                 SchemaMigrations::kApplicationId);
        // No leftovers of the writability probe.
        QVERIFY2(!entriesOf(workspace->folder())
                      .join(QLatin1Char(' '))
                      .contains(QStringLiteral("write-test")),
                 qPrintable(entriesOf(workspace->folder()).join(QLatin1Char(' '))));
        QVERIFY(workspace->checkIntegrity().ok());
    }

    void reopeningChangesNothing() {
        QTemporaryDir dir;
        QString workspaceId;
        {
            auto workspace = Workspace::open(dir.path());
            QVERIFY(workspace.ok());
            auto connection = workspace->openConnection();
            QVERIFY(connection.ok());
            QVERIFY(GalleryRepository(*connection).create(QStringLiteral("Case 42 images")).ok());
            workspaceId =
                scalar(*connection,
                       QStringLiteral("SELECT value FROM meta WHERE key = 'workspace_id'"))
                    .toString();
        }
        const QString dbPath = QDir(dir.path()).filePath(Workspace::databaseFileName());
        const QByteArray before = fileFingerprint(dbPath);
        for (int i = 0; i < 2; ++i) {
            auto again = Workspace::open(dir.path());
            QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
            QCOMPARE(again->schemaVersion(), SchemaMigrations::kLatestVersion);
            auto connection = again->openConnection();
            QVERIFY(connection.ok());
            QCOMPARE(count(*connection, QStringLiteral("galleries")), qint64(1));
            QCOMPARE(scalar(*connection,
                            QStringLiteral("SELECT value FROM meta WHERE key = 'workspace_id'"))
                         .toString(),
                     workspaceId);
        }
        QCOMPARE(fileFingerprint(dbPath), before);
    }

    void aFileIsNotAWorkspace() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.txt"));
        QVERIFY(!writeFile(path, "case notes\n").isEmpty());
        auto workspace = Workspace::open(path);
        QVERIFY(!workspace.ok());
        QCOMPARE(
            workspace.errorMessage(),
            path + QStringLiteral(": is a file, not a folder; give a folder for the workspace"));
    }

    void unwritableFolderIsRefused() {
        QTemporaryDir dir;
        QString folder = dir.filePath(QStringLiteral("locked"));
        QVERIFY(QDir().mkdir(folder));
        if (::geteuid() == 0) {
            // Permission bits do not stop root; /proc refuses new files to everybody.
            folder = QStringLiteral("/proc");
        } else {
            QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
        }
        auto workspace = Workspace::open(folder);
        QVERIFY(!workspace.ok());
        QVERIFY2(workspace.errorMessage().startsWith(
                     folder + QStringLiteral(": the workspace folder is not writable")),
                 qPrintable(workspace.errorMessage()));

        auto below = Workspace::open(folder + QStringLiteral("/sub/ws"));
        QVERIFY(!below.ok());
        QVERIFY2(below.errorMessage().startsWith(
                     folder + QStringLiteral("/sub/ws: cannot create the workspace folder")),
                 qPrintable(below.errorMessage()));
        QFile::setPermissions(dir.filePath(QStringLiteral("locked")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    void nonDatabaseFileIsRefusedUntouched_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("text") << QByteArray("booking number,name\n1001,Doe\n");
        QTest::newRow("short") << QByteArray("SQLite");
        QTest::newRow("jpeg") << QByteArray("\xff\xd8\xff\xe0\x00\x10JFIF\x00", 11) +
                                     QByteArray(4000, 'x');
        QTest::newRow("sqlite 2") << QByteArray("** This file contains an SQLite 2.1 database **") +
                                         QByteArray(2000, '\0');
    }
    void nonDatabaseFileIsRefusedUntouched() {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString dbPath = dir.filePath(Workspace::databaseFileName());
        QVERIFY(!writeFile(dbPath, bytes).isEmpty());
        const QStringList entries = entriesOf(dir.path());
        auto workspace = Workspace::open(dir.path());
        QVERIFY(!workspace.ok());
        QCOMPARE(workspace.errorMessage(),
                 dbPath + QStringLiteral(
                              ": not a FaceCase workspace database (file is not a database)"));
        QFile file(dbPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), bytes);
        QCOMPARE(entriesOf(dir.path()), entries);  // no -wal, -shm or evidence/ created
    }

    // Header intact, body damaged: only SQLite can tell, and it must be asked before trusting
    // the file.
    void damagedDatabaseIsRefused_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("truncated to half") << QStringLiteral("truncate");
        QTest::newRow("schema page overwritten") << QStringLiteral("schema");
        QTest::newRow("header page size garbled") << QStringLiteral("pagesize");
    }
    void damagedDatabaseIsRefused() {
        QFETCH(QString, damage);
        QTemporaryDir dir;
        const QString dbPath = populatedWorkspace(dir);
        QVERIFY(!dbPath.isEmpty());
        QFile file(dbPath);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 size = file.size();
        QVERIFY2(size > 1000000, qPrintable(QString::number(size)));
        if (damage == QStringLiteral("truncate")) {
            QVERIFY(file.resize(size / 2));
        } else if (damage == QStringLiteral("schema")) {
            QVERIFY(file.seek(100));  // page 1 after the 100-byte header: sqlite_master's root
            QVERIFY(file.write(QByteArray(4096 - 100, '\x5a')) == 4096 - 100);
        } else {
            QVERIFY(file.seek(16));  // page size field: 0x1234 is not a power of two
            QVERIFY(file.write(QByteArray("\x12\x34", 2)) == 2);
        }
        file.close();
        const QByteArray before = fileFingerprint(dbPath);

        auto workspace = Workspace::open(dir.path());
        QVERIFY(!workspace.ok());
        const QString message = workspace.errorMessage();
        QVERIFY2(message.startsWith(dbPath + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("damaged")) ||
                     message.contains(QStringLiteral("not a FaceCase workspace database")),
                 qPrintable(message));
        qInfo("%s", qPrintable(message));
        QCOMPARE(fileFingerprint(dbPath), before);
    }

    // Damage in a data page is invisible when opening (that would need reading every page);
    // checkIntegrity() finds it.
    void integrityCheckFindsDamageOpeningCannotSee() {
        QTemporaryDir dir;
        const QString dbPath = populatedWorkspace(dir);
        QVERIFY(!dbPath.isEmpty());
        QFile file(dbPath);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 pageSize = 4096;
        const qint64 page = file.size() / pageSize / 2;  // a faces page, far from the schema
        QVERIFY(file.seek(page * pageSize));
        QVERIFY(file.write(QByteArray(int(pageSize), '\x7f')) == pageSize);
        file.close();

        auto workspace = Workspace::open(dir.path());
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        auto checked = workspace->checkIntegrity();
        QVERIFY(!checked.ok());
        QVERIFY2(checked.errorMessage().startsWith(
                     dbPath + QStringLiteral(": the workspace database is damaged (")),
                 qPrintable(checked.errorMessage()));
        QVERIFY(checked.errorMessage().endsWith(QStringLiteral("; restore it from a backup")));
    }

    void newerDatabaseIsRefusedByteIdentical() {
        QTemporaryDir tmp;
        // Characters that need escaping in the SQLite URI the untouched inspection opens.
        const QString folder = tmp.filePath(QStringLiteral("Case #42 ?100% ß"));
        QVERIFY(QDir().mkpath(folder));
        const QString dbPath = QDir(folder).filePath(Workspace::databaseFileName());
        {
            auto workspace = Workspace::open(folder);
            QVERIFY(workspace.ok());
            auto connection = workspace->openConnection();
            QVERIFY(connection.ok());
            QVERIFY(connection
                        ->exec(QStringLiteral(
                                   "UPDATE meta SET value = '7' WHERE key = 'schema_version'"),
                               QStringLiteral("pretend to be newer"))
                        .ok());
        }
        QVERIFY(QDir(folder).rmdir(Workspace::evidenceFolderName()));
        const QByteArray before = fileFingerprint(dbPath);
        const QStringList entries = entriesOf(folder);

        auto workspace = Workspace::open(folder);
        QVERIFY(!workspace.ok());
        QCOMPARE(workspace.errorMessage(),
                 dbPath + QStringLiteral(": made by a newer FaceCase (schema 7, this build knows "
                                         "up to %1); upgrade FaceCase")
                              .arg(SchemaMigrations::kLatestVersion));
        QCOMPARE(workspace.error().kind, Error::Kind::InvalidInput);
        QCOMPARE(fileFingerprint(dbPath), before);
        QCOMPARE(entriesOf(folder), entries);  // not even evidence/ was created
    }

    void otherProgramsDatabaseIsRefused() {
        QTemporaryDir dir;
        const QString dbPath = QDir(dir.path()).filePath(Workspace::databaseFileName());
        {
            auto db = DatabaseConnection::open(dbPath);
            QVERIFY(db.ok());
            QVERIFY(
                db->exec(QStringLiteral("CREATE TABLE contacts (name)"), QStringLiteral("c")).ok());
        }
        const QByteArray before = fileFingerprint(dbPath);
        auto workspace = Workspace::open(dir.path());
        QVERIFY(!workspace.ok());
        QCOMPARE(workspace.errorMessage(),
                 dbPath + QStringLiteral(": not a FaceCase workspace database (an SQLite database "
                                         "of another program)"));
        QCOMPARE(fileFingerprint(dbPath), before);
    }

    void evidenceNameTakenByAFileIsExplained() {
        QTemporaryDir dir;
        const QString evidence = dir.filePath(QStringLiteral("evidence"));
        QVERIFY(!writeFile(evidence, "x").isEmpty());
        auto workspace = Workspace::open(dir.path());
        QVERIFY(!workspace.ok());
        QVERIFY2(workspace.errorMessage().startsWith(evidence + QStringLiteral(": is a file")),
                 qPrintable(workspace.errorMessage()));
    }

    // Before the location was parsed, "postgresql://db/x" made a folder "postgresql:" in the
    // current directory. Now a URL is a database to connect to (here nobody listens on port 1
    // of this machine), a malformed one is refused, naming it, and nothing appears anywhere.
    void postgresLocationIsRefusedAndCreatesNothing_data() {
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("says");
        QTest::newRow("postgresql") << "postgresql://alice@127.0.0.1:1/facecase"
                                    << "postgresql://alice@127.0.0.1:1/facecase: cannot connect "
                                       "to the PostgreSQL database";
        QTest::newRow("postgres, defaults") << "postgres://127.0.0.1:1/facecase"
                                            << "postgresql://127.0.0.1:1/facecase: cannot "
                                               "connect to the PostgreSQL database";
        QTest::newRow("password") << "postgresql://alice:pw@db.example/facecase"
                                  << "a password does not belong in the workspace URL";
        QTest::newRow("cleaned as a path") << "postgresql:/db.example/facecase"
                                           << "start it with ./";
        QTest::newRow("unknown scheme") << "sqlite://ws"
                                        << "not a kind of workspace";
    }
    void postgresLocationIsRefusedAndCreatesNothing() {
        QFETCH(QString, location);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir.path()));
        auto workspace = Workspace::open(location);
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY(!workspace.ok());
        QCOMPARE(workspace.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(workspace.errorMessage().contains(says), qPrintable(workspace.errorMessage()));
        QCOMPARE(entriesOf(dir.path()), QStringList());
    }

    // What the GUI's folder chooser and the CLI pass: a folder path with a colon in it.
    void folderWithAColonIsAWorkspace() {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("cases:2024"));
        auto workspace = Workspace::open(folder);
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        QCOMPARE(workspace->folder(), QFileInfo(folder).canonicalFilePath());
        QVERIFY(workspace->actor().name() == Actor::operatingSystemUser().name());
    }

    void defaultLocationDoesNotDependOnTheExecutableName() {
        const QString before = Workspace::defaultLocation();
        const QString oldName = QCoreApplication::applicationName();
        QCoreApplication::setApplicationName(QStringLiteral("facecase-cli"));
        QCOMPARE(Workspace::defaultLocation(), before);
        QCoreApplication::setApplicationName(oldName);
        QVERIFY2(before.endsWith(QStringLiteral("/FaceCase/workspace")), qPrintable(before));
        QVERIFY(QFileInfo(before).isAbsolute());
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "test_workspace.moc"
