#include "private_postgres.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QtDebug>

namespace facecase::test {

namespace {
constexpr int kToolTimeoutMs = 120 * 1000;
constexpr int kStartAttempts = 3;

// A port nobody listens on right now: the kernel's pick for 127.0.0.1:0. Another process may
// take it before the server binds it; startServer() then tries a new one.
Result<int> freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return Error::internal(QStringLiteral("cannot create a socket to find a free port"));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    ::close(fd);
    if (!ok) return Error::internal(QStringLiteral("cannot find a free port on 127.0.0.1"));
    return int(ntohs(address.sin_port));
}

QString randomPassword() {
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return QString::fromLatin1(bytes.toHex());
}

QString sqlIdentifier(QString name) {
    return QLatin1Char('"') + name.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
           QLatin1Char('"');
}

QString sqlLiteral(QString text) {
    return QLatin1Char('\'') + text.replace(QLatin1Char('\''), QStringLiteral("''")) +
           QLatin1Char('\'');
}

Result<void> writePrivateFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        return Error::internal(
            QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()));
    }
    return {};
}

Result<void> appendToFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::Append) || file.write(bytes) != bytes.size()) {
        return Error::internal(
            QStringLiteral("%1: cannot append (%2)").arg(path, file.errorString()));
    }
    return {};
}
}  // namespace

PrivatePostgres::PrivatePostgres(PostgresBinaries binaries)
    : m_binaries(std::move(binaries)),
      m_directory(QDir(QDir::tempPath()).filePath(QStringLiteral("facecase-pg-XXXXXX"))),
      m_superuserPassword(randomPassword()) {}

// A test process that crashed (or was killed) never ran its destructor: its server runs on,
// orphaned. Every start stops those first -- each folder names its owner's pid in owner.pid --
// so a crash costs one stray server until the next test, never an accumulation.
void PrivatePostgres::stopAbandonedClusters(const PostgresBinaries& binaries) {
    const QDir temp(QDir::tempPath());
    for (const QString& name :
         temp.entryList({QStringLiteral("facecase-pg-*")}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString folder = temp.filePath(name);
        QFile owner(QDir(folder).filePath(QStringLiteral("owner.pid")));
        if (!owner.open(QIODevice::ReadOnly)) continue;  // starting right now, or not ours
        bool ok = false;
        const pid_t pid = pid_t(owner.readAll().trimmed().toLongLong(&ok));
        owner.close();
        if (!ok || pid <= 0 || ::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive
        (void)binaries.runServerTool(
            QStringLiteral("pg_ctl"),
            {QStringLiteral("stop"), QStringLiteral("--pgdata=%1").arg(QDir(folder).filePath(QStringLiteral("data"))),
             QStringLiteral("--mode=immediate"), QStringLiteral("--wait")},
            folder, kToolTimeoutMs);
        QDir(folder).removeRecursively();
    }
}

namespace {
// A PostgreSQL workspace keeps its local files (the audit witness, index caches) in the user's
// cache folder, named after server, port and database: a database of an earlier run's cluster
// on the same port and name would find that run's anchors, and every run would leave files in
// the real home. Each test process gets a cache of its own (unless the test chose one), kept
// until the process ends, as a workstation's cache outlives its connections.
void isolateUserCache() {
    static QTemporaryDir cache;
    if (qEnvironmentVariableIsEmpty("XDG_CACHE_HOME") && cache.isValid()) {
        qputenv("XDG_CACHE_HOME", QFile::encodeName(cache.path()));
    }
}
}  // namespace

Result<std::unique_ptr<PrivatePostgres>> PrivatePostgres::start(const QString& database) {
    isolateUserCache();
    auto binaries = PostgresBinaries::find();
    if (!binaries) return binaries.error();
    stopAbandonedClusters(*binaries);
    std::unique_ptr<PrivatePostgres> cluster(new PrivatePostgres(std::move(binaries).value()));
    cluster->m_database = database;
    if (!cluster->m_directory.isValid()) {
        return Error::internal(QStringLiteral("cannot create a temporary folder for the test "
                                              "cluster (%1)")
                                   .arg(cluster->m_directory.errorString()));
    }
    if (auto r = writePrivateFile(cluster->m_directory.filePath(QStringLiteral("owner.pid")),
                                  QByteArray::number(qint64(::getpid())));
        !r) {
        return r.error();
    }
    if (auto r = cluster->initialise(); !r) return r.error();
    if (auto r = cluster->startServer(); !r) return r.error();
    if (auto r = cluster->superuserQuery(
            QStringLiteral("CREATE DATABASE %1").arg(sqlIdentifier(database)),
            QStringLiteral("postgres"));
        !r) {
        return r.error();
    }
    return cluster;
}

PrivatePostgres::~PrivatePostgres() {
    stop();
}

QString PrivatePostgres::dataDirectory() const {
    return m_directory.filePath(QStringLiteral("data"));
}

QString PrivatePostgres::logFile() const {
    return m_directory.filePath(QStringLiteral("server.log"));
}

QString PrivatePostgres::serverLog() const {
    QFile file(logFile());
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll()) : QString();
}

Result<void> PrivatePostgres::initialise() {
    if (auto r = m_binaries.handOver(m_directory.path()); !r) return r;
    const QString pwfile = m_directory.filePath(QStringLiteral("superuser-password"));
    if (auto r = writePrivateFile(pwfile, m_superuserPassword.toLatin1()); !r) return r;
    if (auto r = m_binaries.handOver(pwfile); !r) return r;

    // --no-sync and fsync=off: the cluster lives for one test run; durability would only cost
    // time. C locale: messages and sorting do not depend on the machine.
    auto initdb = m_binaries.runServerTool(
        QStringLiteral("initdb"),
        {QStringLiteral("--pgdata=%1").arg(dataDirectory()),
         QStringLiteral("--username=%1").arg(superuser()), QStringLiteral("--auth=scram-sha-256"),
         QStringLiteral("--pwfile=%1").arg(pwfile), QStringLiteral("--encoding=UTF8"),
         QStringLiteral("--locale=C"), QStringLiteral("--no-sync"),
         QStringLiteral("--no-instructions")},
        m_directory.path(), kToolTimeoutMs);
    if (!initdb) {
        return Error::internal(
            QStringLiteral("initdb %1 failed: %2").arg(m_binaries.runsAs(), initdb.errorMessage()));
    }
    QFile::remove(pwfile);  // in the cluster now, as a SCRAM verifier; psql gets PGPASSWORD

    // Loopback only, and the socket in our own folder rather than /var/run/postgresql, which
    // the system's server owns. The port is given at start, as it may have to change.
    const QByteArray settings = QStringLiteral(
                                    "\n# FaceCase private test cluster\n"
                                    "listen_addresses = '127.0.0.1'\n"
                                    "unix_socket_directories = '%1'\n"
                                    "fsync = off\n"
                                    "synchronous_commit = off\n"
                                    "full_page_writes = off\n")
                                    .arg(m_directory.path())
                                    .toUtf8();
    return appendToFile(QDir(dataDirectory()).filePath(QStringLiteral("postgresql.conf")),
                        settings);
}

Result<void> PrivatePostgres::startServer() {
    Error lastError = Error::internal(QString());
    for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
        auto port = freeLoopbackPort();
        if (!port) return port.error();
        // -w: pg_ctl returns once the server accepts connections (it reads postmaster.pid),
        // so nothing here polls or sleeps.
        auto started = m_binaries.runServerTool(
            QStringLiteral("pg_ctl"),
            {QStringLiteral("start"), QStringLiteral("--pgdata=%1").arg(dataDirectory()),
             QStringLiteral("--log=%1").arg(logFile()), QStringLiteral("--wait"),
             QStringLiteral("--timeout=60"), QStringLiteral("--options=-p %1").arg(*port)},
            m_directory.path(), kToolTimeoutMs);
        if (started) {
            m_port = *port;
            m_running = true;
            return {};
        }
        const QString log = serverLog();
        lastError = Error::internal(QStringLiteral("pg_ctl start %1 failed: %2\nserver log:\n%3")
                                        .arg(m_binaries.runsAs(), started.errorMessage(), log));
        // Someone took the port between our look and the server's bind: try another one.
        if (!log.contains(QStringLiteral("could not bind"))) break;
    }
    return lastError;
}

void PrivatePostgres::stop() {
    if (!m_running) return;
    m_running = false;
    auto fast = m_binaries.runServerTool(
        QStringLiteral("pg_ctl"),
        {QStringLiteral("stop"), QStringLiteral("--pgdata=%1").arg(dataDirectory()),
         QStringLiteral("--mode=fast"), QStringLiteral("--wait"), QStringLiteral("--timeout=60")},
        m_directory.path(), kToolTimeoutMs);
    if (fast) return;
    auto immediate = m_binaries.runServerTool(
        QStringLiteral("pg_ctl"),
        {QStringLiteral("stop"), QStringLiteral("--pgdata=%1").arg(dataDirectory()),
         QStringLiteral("--mode=immediate"), QStringLiteral("--wait")},
        m_directory.path(), kToolTimeoutMs);
    qWarning("private PostgreSQL cluster: fast stop failed (%s); immediate stop %s",
             qPrintable(fast.errorMessage()),
             immediate ? "succeeded" : qPrintable(immediate.errorMessage()));
}

Result<QString> PrivatePostgres::superuserQuery(const QString& sql, const QString& database) const {
    auto output = m_binaries.runPsql(
        {QStringLiteral("-At"), QStringLiteral("--host=%1").arg(host()),
         QStringLiteral("--port=%1").arg(m_port), QStringLiteral("--username=%1").arg(superuser()),
         QStringLiteral("--dbname=%1").arg(database.isEmpty() ? m_database : database)},
        sql.toUtf8(), m_superuserPassword, kToolTimeoutMs);
    if (!output) return output.error();
    return QString::fromUtf8(*output).trimmed();
}

void PrivatePostgres::lendSuperuserPasswordToLibpq() const {
    qputenv("PGPASSWORD", m_superuserPassword.toUtf8());
}

Result<void> PrivatePostgres::createLoginRole(const QString& name, const QString& password) const {
    auto created = superuserQuery(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD %2")
                                      .arg(sqlIdentifier(name), sqlLiteral(password)));
    if (!created) return created.error();
    return {};
}

}  // namespace facecase::test
