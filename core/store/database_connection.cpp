#include "store/database_connection.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <atomic>
#include <utility>

#include "store/postgres_driver_warnings.h"
#include "store/store_error.h"

namespace facecase {

namespace {
// Two connections on one thread to one file (a writer and a reader in a test, two open
// workspaces pointing at the same folder) must still get distinct Qt connection names.
std::atomic<quint64> g_nextSerial{1};

// Header bytes 18 and 19 are 2 for a database in WAL mode (https://sqlite.org/fileformat.html).
bool isIdleWalDatabase(const QString& path) {
    if (QFileInfo::exists(path + QStringLiteral("-wal")) ||
        QFileInfo::exists(path + QStringLiteral("-shm"))) {
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return false;
    const QByteArray header = file.read(20);
    return header.size() == 20 && header[18] == 2 && header[19] == 2;
}

QString uniqueConnectionName(const QString& databasePath) {
    const auto threadId = reinterpret_cast<quintptr>(QThread::currentThreadId());
    return QStringLiteral("facecase:%1:thread-%2:%3")
        .arg(databasePath)
        .arg(threadId, 0, 16)
        .arg(g_nextSerial.fetch_add(1, std::memory_order_relaxed));
}
}  // namespace

DatabaseConnection::DatabaseConnection(SqlBackend backend, QString databasePath,
                                       QString connectionName, Mode mode)
    : m_databasePath(std::move(databasePath)),
      m_connectionName(std::move(connectionName)),
      m_dialect(backend),
      m_mode(mode),
      m_thread(QThread::currentThread()) {}

Result<DatabaseConnection> DatabaseConnection::open(const QString& databasePath, Mode mode) {
    if (auto r = SqlDialect(SqlBackend::Sqlite).checkDriverAvailable(databasePath); !r) {
        return r.error();
    }
    const QString path = QFileInfo(databasePath).absoluteFilePath();
    if (mode == Mode::ReadOnly && !QFileInfo::exists(path)) {
        return Error::notFound(QStringLiteral("%1: database file not found").arg(path));
    }

    DatabaseConnection connection(SqlBackend::Sqlite, path, uniqueConnectionName(path), mode);
    connection.m_database =
        QSqlDatabase::addDatabase(connection.m_dialect.driverName(), connection.m_connectionName);
    QStringList options{QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs)};
    if (mode == Mode::ReadOnly && isIdleWalDatabase(path)) {
        // immutable=1: no locks, no -wal/-shm. Safe only because no -wal exists, so the main
        // file holds the whole database, and nobody has it open (they would have made -shm).
        options << QStringLiteral("QSQLITE_OPEN_URI");
        connection.m_database.setDatabaseName(
            QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded) +
            QStringLiteral("?mode=ro&immutable=1"));
    } else {
        connection.m_database.setDatabaseName(path);
        if (mode == Mode::ReadOnly) options << QStringLiteral("QSQLITE_OPEN_READONLY");
    }
    connection.m_database.setConnectOptions(options.join(QLatin1Char(';')));
    if (!connection.m_database.open()) {
        return databaseError(path, QStringLiteral("open the database"),
                             connection.m_database.lastError());
    }
    if (auto configured = connection.configure(); !configured) return configured.error();
    return connection;
}

Result<DatabaseConnection> DatabaseConnection::open(const PostgresAddress& address) {
    const QString url = address.url();
    const SqlDialect dialect(SqlBackend::PostgreSql);
    if (auto r = dialect.checkDriverAvailable(url); !r) return r.error();
    silenceAbortedTransactionDeallocateWarnings();

    DatabaseConnection connection(SqlBackend::PostgreSql, url, uniqueConnectionName(url),
                                  Mode::ReadWrite);
    connection.m_database =
        QSqlDatabase::addDatabase(dialect.driverName(), connection.m_connectionName);
    connection.m_database.setHostName(address.host);
    connection.m_database.setPort(address.port);
    connection.m_database.setDatabaseName(address.database);
    // An empty user name is left out of libpq's connection string: libpq then takes PGUSER,
    // else the operating-system user. Likewise an empty password, so that PGPASSWORD and
    // ~/.pgpass work; a password is only set when a front end asked the analyst for one.
    if (!address.user.isEmpty()) connection.m_database.setUserName(address.user);
    if (!address.password.isEmpty()) connection.m_database.setPassword(address.password);
    connection.m_database.setConnectOptions(dialect.postgresConnectOptions());
    if (!connection.m_database.open()) {
        // libpq's words span lines ("connection to server at … failed: FATAL:  password
        // authentication failed for user …"); one line reads better in a terminal and a banner.
        const QSqlError error = connection.m_database.lastError();
        QString reason = error.databaseText().simplified();
        if (reason.isEmpty()) reason = error.driverText().simplified();
        // libpq's words when the server wants a password and none came from PGPASSWORD,
        // ~/.pgpass or the front end: the one failure a front end answers by asking.
        if (reason.contains(QLatin1String("no password supplied"))) {
            return Error::passwordNeeded(
                QStringLiteral("%1: the server asks for the password of %2")
                    .arg(url, address.user.isEmpty() ? QStringLiteral("this login") : address.user));
        }
        return Error::invalidInput(
            QStringLiteral("%1: cannot connect to the PostgreSQL database (%2); check the host, "
                           "port, database and user in the URL and the password in PGPASSWORD "
                           "or ~/.pgpass")
                .arg(url, reason));
    }
    for (const QString& statement : dialect.postgresSessionSetup(kBusyTimeoutMs)) {
        if (auto r = connection.exec(statement, QStringLiteral("set up the session")); !r) {
            return r.error();
        }
    }
    return connection;
}

Result<Actor> DatabaseConnection::actor() const {
    if (m_dialect.backend() == SqlBackend::Sqlite) return Actor::operatingSystemUser();
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    if (!query.exec(m_dialect.sessionUserQuery()) || !query.next()) {
        return databaseError(m_databasePath, QStringLiteral("ask the database who is logged in"),
                             query.lastError());
    }
    return Actor::databaseLogin(query.value(0).toString());
}

Result<void> DatabaseConnection::configure() {
    // busy_timeout is also set through the connect option above; repeating it as a PRAGMA makes
    // the value visible to anyone reading this code next to the other settings.
    if (auto r = exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs),
                      QStringLiteral("set the busy timeout"));
        !r) {
        return r;
    }
    // Foreign keys are per connection and off by default in SQLite: without this, cascades and
    // references in the schema would silently not be enforced.
    if (auto r = exec(QStringLiteral("PRAGMA foreign_keys = ON"),
                      QStringLiteral("turn on foreign keys"));
        !r) {
        return r;
    }
    // Inspection connections stop here: journal_mode=WAL writes the file header, and a database
    // made by a newer FaceCase must be refused without changing a byte.
    if (m_mode == Mode::ReadOnly) return {};

    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !query.next()) {
        return databaseError(m_databasePath, QStringLiteral("switch to write-ahead logging"),
                             query.lastError());
    }
    const QString journalMode = query.value(0).toString();
    query.finish();
    if (journalMode.compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0) {
        // Happens on file systems without shared memory (some network shares): concurrent
        // readers and the writer would block each other, so refuse rather than limp along.
        return Error::invalidInput(QStringLiteral("%1: cannot use write-ahead logging on this file "
                                                  "system (journal mode stays \"%2\"); "
                                                  "put the workspace on a local disk")
                                       .arg(m_databasePath, journalMode));
    }
    return exec(QStringLiteral("PRAGMA synchronous = NORMAL"),
                QStringLiteral("set the synchronous mode"));
}

Result<void> DatabaseConnection::exec(const QString& sql, const QString& action) const {
    QSqlQuery query(m_database);
    if (!query.exec(sql)) return databaseError(m_databasePath, action, query.lastError());
    return {};
}

DatabaseConnection::DatabaseConnection(DatabaseConnection&& other) noexcept
    : m_databasePath(std::move(other.m_databasePath)),
      m_connectionName(std::exchange(other.m_connectionName, QString())),
      m_dialect(other.m_dialect),
      m_mode(other.m_mode),
      m_thread(other.m_thread),
      m_database(std::exchange(other.m_database, QSqlDatabase())),
      m_auditWitnessPath(std::move(other.m_auditWitnessPath)),
      m_afterCommit(std::move(other.m_afterCommit)) {}

DatabaseConnection& DatabaseConnection::operator=(DatabaseConnection&& other) noexcept {
    if (this != &other) {
        close();
        m_databasePath = std::move(other.m_databasePath);
        m_connectionName = std::exchange(other.m_connectionName, QString());
        m_dialect = other.m_dialect;
        m_mode = other.m_mode;
        m_thread = other.m_thread;
        m_database = std::exchange(other.m_database, QSqlDatabase());
        m_auditWitnessPath = std::move(other.m_auditWitnessPath);
        m_afterCommit = std::move(other.m_afterCommit);
    }
    return *this;
}

void DatabaseConnection::runAfterCommit(std::function<void()> work, const QString& key) const {
    if (!key.isEmpty()) {
        for (auto& [pendingKey, pending] : m_afterCommit) {
            if (pendingKey == key) {
                pending = std::move(work);
                return;
            }
        }
    }
    m_afterCommit.emplace_back(key, std::move(work));
}

void DatabaseConnection::transactionEnded(bool committed) const {
    // Swapped out first: the work may begin a transaction of its own on another connection,
    // and must never run twice.
    std::vector<std::pair<QString, std::function<void()>>> work;
    work.swap(m_afterCommit);
    if (!committed) return;
    for (const auto& [key, w] : work) w();
}

DatabaseConnection::~DatabaseConnection() {
    close();
}

void DatabaseConnection::close() {
    if (m_connectionName.isEmpty()) return;  // moved from
    m_database.close();
    // removeDatabase warns and disables the connection if any QSqlDatabase for it is still
    // alive, so our own handle goes first; only the registry's copy is left when we remove it.
    m_database = QSqlDatabase();
    QSqlDatabase::removeDatabase(std::exchange(m_connectionName, QString()));
}

}  // namespace facecase
