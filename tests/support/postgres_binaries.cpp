#include "postgres_binaries.h"

#include <pwd.h>
#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <cerrno>
#include <cstring>

namespace facecase::test {

namespace {
Result<QByteArray> runProcess(const QString& program, const QStringList& arguments,
                              const QString& workingDirectory,
                              const QProcessEnvironment& environment, const QByteArray& input,
                              int timeoutMs) {
    const QString commandLine = (QStringList{program} + arguments).join(QLatin1Char(' '));
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty()) process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    if (!process.waitForStarted(timeoutMs)) {
        return Error::internal(
            QStringLiteral("%1: cannot start (%2)").arg(commandLine, process.errorString()));
    }
    if (!input.isEmpty()) process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(timeoutMs);
        return Error::internal(QStringLiteral("%1: did not finish within %2 s; output: %3")
                                   .arg(commandLine)
                                   .arg(timeoutMs / 1000)
                                   .arg(QString::fromLocal8Bit(process.readAll()).trimmed()));
    }
    const QByteArray output = process.readAll();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        return Error::internal(QStringLiteral("%1: failed (exit code %2): %3")
                                   .arg(commandLine)
                                   .arg(process.exitCode())
                                   .arg(QString::fromLocal8Bit(output).trimmed()));
    }
    return output;
}

// The test's environment without PG* variables (PGHOST, PGSERVICE, PGSSLMODE, PGPASSFILE …
// would point the tools elsewhere), in the C locale so that messages are in English.
QProcessEnvironment cleanEnvironment() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& name : environment.keys()) {
        if (name.startsWith(QStringLiteral("PG"))) environment.remove(name);
    }
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return environment;
}
}  // namespace

Result<PostgresBinaries> PostgresBinaries::find() {
    PostgresBinaries binaries;
    const QString fromEnvironment = qEnvironmentVariable("FACECASE_POSTGRES_BINDIR");
    binaries.m_binDir = fromEnvironment.isEmpty() ? defaultBinDir() : fromEnvironment;
    for (const char* tool : {"initdb", "pg_ctl", "psql", "postgres"}) {
        const QFileInfo program(QDir(binaries.m_binDir).filePath(QString::fromLatin1(tool)));
        if (!program.isExecutable()) {
            return Error::notFound(
                QStringLiteral("%1: not found; the PostgreSQL tests need PostgreSQL 15's server "
                               "programs: install the Debian package postgresql-15 "
                               "(installer/setup.sh does), or set FACECASE_POSTGRES_BINDIR to "
                               "the folder holding initdb, pg_ctl, postgres and psql")
                    .arg(program.filePath()));
        }
    }
    if (::geteuid() != 0) return binaries;

    const passwd* nobody = ::getpwnam("nobody");
    if (!nobody) {
        return Error::notFound(QStringLiteral(
            "running as root, and PostgreSQL refuses to run as root, but there is no user "
            "\"nobody\" to run the private test cluster as"));
    }
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty()) {
        return Error::notFound(QStringLiteral(
            "running as root, and PostgreSQL refuses to run as root, but setpriv (package "
            "util-linux) is not on PATH to run the private test cluster as \"nobody\""));
    }
    binaries.m_serverUser = ServerUser{nobody->pw_uid, nobody->pw_gid, setpriv};
    return binaries;
}

Result<void> PostgresBinaries::handOver(const QString& path) const {
    if (!m_serverUser) return {};
    if (::chown(QFile::encodeName(path).constData(), m_serverUser->uid, m_serverUser->gid) != 0) {
        return Error::internal(
            QStringLiteral("%1: cannot hand it to uid %2 for the test server (%3)")
                .arg(path)
                .arg(m_serverUser->uid)
                .arg(QString::fromLocal8Bit(::strerror(errno))));
    }
    return {};
}

Result<QByteArray> PostgresBinaries::runServerTool(const QString& program,
                                                   const QStringList& arguments,
                                                   const QString& workingDirectory,
                                                   int timeoutMs) const {
    const QString path = QDir(m_binDir).filePath(program);
    if (!m_serverUser) {
        return runProcess(path, arguments, workingDirectory, cleanEnvironment(), {}, timeoutMs);
    }
    const QStringList asServerUser{QStringLiteral("--reuid=%1").arg(m_serverUser->uid),
                                   QStringLiteral("--regid=%1").arg(m_serverUser->gid),
                                   QStringLiteral("--clear-groups"), QStringLiteral("--"), path};
    QProcessEnvironment environment = cleanEnvironment();
    // nobody's home is /nonexistent; root's is not readable to it.
    environment.insert(QStringLiteral("HOME"), workingDirectory);
    return runProcess(m_serverUser->setpriv, asServerUser + arguments, workingDirectory,
                      environment, {}, timeoutMs);
}

Result<QByteArray> PostgresBinaries::runPsql(const QStringList& arguments, const QByteArray& input,
                                             const QString& password, int timeoutMs) const {
    QProcessEnvironment environment = cleanEnvironment();
    environment.insert(QStringLiteral("PGPASSWORD"), password);
    // -X: no ~/.psqlrc; ON_ERROR_STOP: the first failing statement fails the run.
    const QStringList common{QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"),
                             QStringLiteral("ON_ERROR_STOP=1")};
    return runProcess(QDir(m_binDir).filePath(QStringLiteral("psql")), common + arguments, {},
                      environment, input, timeoutMs);
}

QString PostgresBinaries::runsAs() const {
    if (!m_serverUser) return QStringLiteral("as the current user");
    return QStringLiteral("as nobody (uid %1) through setpriv").arg(m_serverUser->uid);
}

}  // namespace facecase::test
