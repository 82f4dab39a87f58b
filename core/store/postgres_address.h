#pragma once

#include <QString>

#include "types/result.h"

namespace facecase {

// Where a PostgreSQL workspace lives: the server, the database and the login, as written in
// postgresql://[USER@]HOST[:PORT]/DB. The URL never carries a password: libpq takes it from
// PGPASSWORD or ~/.pgpass, or the front end asks for it (terminal prompt, the GUI's connect
// dialog) and puts it in `password` -- in memory only, never in url(), a message, a settings
// file or a log. A small value; thread-safe to copy.
struct PostgresAddress {
    static constexpr int kDefaultPort = 5432;

    QString host;  // a name or an IP address (an IPv6 address without brackets)
    int port = kDefaultPort;
    QString database;
    QString user;  // empty: libpq's default (PGUSER, else the operating-system user)
    // Asked by a front end when the server wanted one (Error::Kind::PasswordNeeded); empty:
    // libpq's own ways. Kept for the process's later connections (other threads, the gallery
    // lock), which is why it lives here and not only in the first connection.
    QString password;

    // Reads postgresql://[USER@]HOST[:PORT]/DB or postgres://…; user and database may be
    // percent-encoded, an IPv6 host goes in brackets. Refuses, naming what is wrong: a password
    // (say where it goes instead), an empty user, a missing or invalid host, several hosts, a
    // port outside 1..65535, a missing database or one with '/', and "?options" or "#…".
    // Messages start with the URL with any password and options replaced by "…".
    static Result<PostgresAddress> fromUrl(const QString& url);

    // postgresql://[user@]host:port/database, percent-encoded where needed; the form messages
    // and connection names use. The port is always spelled out so a message shows where
    // FaceCase really tried to connect.
    QString url() const;

    friend bool operator==(const PostgresAddress&, const PostgresAddress&) = default;
};

}  // namespace facecase
