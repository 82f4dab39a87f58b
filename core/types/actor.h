#pragma once

#include <QString>

namespace facecase {

// Who is acting: the one source of an audit record's actor and of the default analyst of a
// verdict. Front ends never name the actor themselves; they get it from the workspace
// (Workspace::actor()), which on the embedded SQLite workspace is the operating-system user
// running FaceCase, and on an agency database the login the database authenticated.
// A small value; thread-safe to copy.
class Actor {
public:
    explicit Actor(QString name) : m_name(std::move(name)) {}

    // $USER / $LOGNAME / $USERNAME, else the password database's name for this uid (services
    // and cron jobs often run without USER), else "uid N".
    static Actor operatingSystemUser();
    // The login a PostgreSQL server authenticated (its session_user), as the database reports
    // it: the database, not the client, says who is acting.
    static Actor databaseLogin(QString login) { return Actor(std::move(login)); }

    const QString& name() const { return m_name; }

private:
    QString m_name;
};

}  // namespace facecase
