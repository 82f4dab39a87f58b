#pragma once

#include <sys/types.h>

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

#include "types/result.h"

namespace facecase::test {

// PostgreSQL 15's programs (initdb, pg_ctl, psql) and how to run them for a private test
// cluster. The server refuses to run as root, so when the tests run as root (a CI container)
// initdb and pg_ctl run as the unprivileged user `nobody` through util-linux's setpriv (no PAM,
// no extra process: setpriv sets the ids and execs), and the cluster's folder is handed to that
// user. psql, a client, runs as whoever runs the test.
class PostgresBinaries {
public:
    // Where Debian's postgresql-15 puts them; FACECASE_POSTGRES_BINDIR overrides (another
    // distribution, a self-built server).
    static QString defaultBinDir() { return QStringLiteral("/usr/lib/postgresql/15/bin"); }

    // Refuses, saying what to install, when a program is missing, or when running as root
    // without `nobody` or setpriv.
    static Result<PostgresBinaries> find();

    // Hands `path` to the server's user (root only; otherwise it already is the server's).
    Result<void> handOver(const QString& path) const;

    // Runs initdb or pg_ctl as the server's user in `workingDirectory`; waits for it to end
    // (at most `timeoutMs`). Its output, or an Error with the command line and its output.
    Result<QByteArray> runServerTool(const QString& program, const QStringList& arguments,
                                     const QString& workingDirectory, int timeoutMs) const;

    // Runs psql with `arguments`, feeding `input` on stdin (so that passwords in SQL stay out
    // of the process list), with PGPASSWORD set to `password` and every other PG* variable of
    // the test's environment removed, so none of them can redirect it.
    Result<QByteArray> runPsql(const QStringList& arguments, const QByteArray& input,
                               const QString& password, int timeoutMs) const;

    // "as nobody (uid 65534) through setpriv" or "as the current user": for messages and logs.
    QString runsAs() const;

private:
    struct ServerUser {
        uid_t uid = 0;
        gid_t gid = 0;
        QString setpriv;
    };

    QString m_binDir;
    std::optional<ServerUser> m_serverUser;  // set when running as root
};

}  // namespace facecase::test
