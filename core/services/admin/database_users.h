#pragma once

#include <QString>
#include <QStringList>
#include <vector>

#include "store/database_connection.h"
#include "store/postgres_roles.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// The logins of an agency's PostgreSQL workspace (`facecase-cli admin user add|list|disable`):
// each person gets their own login role, member of one FaceCase group role (AgencyRoles),
// with a SCRAM password of their own. Run by the database's administrator -- a login that may
// create roles and owns the workspace (docs/deployment.md); anyone else is refused by the
// server, in words.
//
// add and disable are one transaction each with their audit record (user_added,
// user_disabled; actor: the administrator's login). A disabled login keeps its name in every
// record it made and can no longer connect; it is never dropped, so no later person can take
// over its name. The password goes to the server only as a SCRAM verifier (ScramVerifier).
//
// Uses the calling thread's connection (PostgreSQL only); keeps a reference to it.
class DatabaseUsers {
public:
    static constexpr int kMinPasswordLength = 12;
    static constexpr int kMaxLoginLength = 63;  // PostgreSQL's NAMEDATALEN - 1

    struct User {
        QString login;
        QStringList roles;  // "analyst", … (AgencyRoles::name)
        bool canLogIn = true;
    };

    DatabaseUsers(const DatabaseConnection& connection, Actor actor)
        : m_connection(connection), m_actor(std::move(actor)) {}

    // Refuses a login that is not lower-case letters, digits and '_' (starting with a letter,
    // at most 63), one that exists already, a name reserved for FaceCase's or PostgreSQL's
    // own roles, and a password shorter than kMinPasswordLength characters.
    Result<User> add(const QString& login, AgencyRole role, const QString& password) const;

    // Every login that is a member of a FaceCase role, by name.
    Result<std::vector<User>> list() const;

    // Refuses a login that is not a FaceCase user; disabling a disabled login is a refusal too
    // ("already disabled"), so the audit trail holds one record per change.
    Result<User> disable(const QString& login) const;

private:
    Result<void> requirePostgres() const;
    Result<std::optional<User>> find(const QString& login) const;

    const DatabaseConnection& m_connection;
    Actor m_actor;
};

}  // namespace facecase
