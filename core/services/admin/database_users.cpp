#include "services/admin/database_users.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

#include "audit/audit_trail.h"
#include "store/scram_verifier.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
// Plain, unquoted-safe PostgreSQL names: no quoting surprises, no look-alike Unicode.
const QRegularExpression kLoginPattern(QStringLiteral("^[a-z][a-z0-9_]*$"));

QString quotedIdentifier(const QString& login) {  // already checked against kLoginPattern
    return QLatin1Char('"') + login + QLatin1Char('"');
}

Result<void> checkLogin(const QString& login) {
    if (login.isEmpty()) return Error::invalidInput(QStringLiteral("a login needs a name"));
    if (login.size() > DatabaseUsers::kMaxLoginLength || !kLoginPattern.match(login).hasMatch()) {
        return Error::invalidInput(
            QStringLiteral("login \"%1\": use lower-case letters, digits and _ (starting with a "
                           "letter, at most %2 characters)")
                .arg(login.simplified())
                .arg(DatabaseUsers::kMaxLoginLength));
    }
    if (login.startsWith(QLatin1String("facecase_")) || login.startsWith(QLatin1String("pg_"))) {
        return Error::invalidInput(
            QStringLiteral("login \"%1\": names starting with facecase_ or pg_ are reserved for "
                           "the roles of FaceCase and PostgreSQL")
                .arg(login));
    }
    return {};
}
}  // namespace

Result<void> DatabaseUsers::requirePostgres() const {
    if (m_connection.dialect().backend() == SqlBackend::PostgreSql) return {};
    return Error::invalidInput(
        QStringLiteral("%1: a workspace folder has no logins: the operating-system user is the "
                       "actor. Logins belong to an agency database (postgresql://…)")
            .arg(m_connection.databasePath()));
}

Result<std::optional<DatabaseUsers::User>> DatabaseUsers::find(const QString& login) const {
    auto all = list();
    if (!all) return all.error();
    for (const User& user : *all) {
        if (user.login == login) return std::optional<User>(user);
    }
    return std::optional<User>();
}

Result<DatabaseUsers::User> DatabaseUsers::add(const QString& login, AgencyRole role,
                                               const QString& password) const {
    if (auto r = requirePostgres(); !r) return r.error();
    if (auto r = checkLogin(login); !r) return r.error();
    if (password.size() < kMinPasswordLength) {
        return Error::invalidInput(
            QStringLiteral("login \"%1\": the password needs at least %2 characters")
                .arg(login)
                .arg(kMinPasswordLength));
    }
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    QSqlQuery exists(m_connection.database());
    exists.prepare(QStringLiteral("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?"));
    exists.bindValue(0, login);
    if (!exists.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("look up login \"%1\"").arg(login), exists.lastError());
    }
    if (exists.next()) {
        return Error::invalidInput(
            QStringLiteral("%1: login \"%2\" exists already; choose another name")
                .arg(m_connection.databasePath(), login));
    }
    // A verifier in single quotes: base64 and '$', ':' only, nothing to escape.
    if (auto r = m_connection.exec(
            QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2' IN ROLE %3")
                .arg(quotedIdentifier(login), ScramVerifier::forPassword(password),
                     AgencyRoles::groupRole(role)),
            QStringLiteral("create login \"%1\"").arg(login));
        !r) {
        return r.error();
    }
    AuditEntry entry;
    entry.action = QStringLiteral("user_added");
    entry.actor = m_actor.name();
    entry.details = QJsonObject{{QStringLiteral("login"), login},
                                {QStringLiteral("role"), AgencyRoles::name(role)}};
    if (auto r = AuditTrail(m_connection).append(*transaction, entry); !r) return r.error();
    if (auto r = transaction->commit(); !r) return r.error();
    return User{login, {AgencyRoles::name(role)}, true};
}

Result<std::vector<DatabaseUsers::User>> DatabaseUsers::list() const {
    if (auto r = requirePostgres(); !r) return r.error();
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // Members of the group roles, the group roles themselves (a supervisor is an analyst
    // through facecase_supervisor) left out.
    if (!query.exec(QStringLiteral(
            "SELECT u.rolname, u.rolcanlogin, "
            "       string_agg(substr(g.rolname, 10), ',' ORDER BY g.rolname) "
            "FROM pg_catalog.pg_roles u "
            "JOIN pg_catalog.pg_auth_members m ON m.member = u.oid "
            "JOIN pg_catalog.pg_roles g ON g.oid = m.roleid "
            "WHERE g.rolname IN ('facecase_analyst', 'facecase_enroller', 'facecase_supervisor', "
            "                    'facecase_auditor') "
            "  AND u.rolname NOT IN ('facecase_analyst', 'facecase_enroller', "
            "                        'facecase_supervisor', 'facecase_auditor') "
            "GROUP BY u.rolname, u.rolcanlogin ORDER BY u.rolname"))) {
        return databaseError(m_connection.databasePath(), QStringLiteral("list the logins"),
                             query.lastError());
    }
    std::vector<User> users;
    while (query.next()) {
        users.push_back(User{query.value(0).toString(),
                             query.value(2).toString().split(QLatin1Char(',')),
                             query.value(1).toBool()});
    }
    return users;
}

Result<DatabaseUsers::User> DatabaseUsers::disable(const QString& login) const {
    if (auto r = requirePostgres(); !r) return r.error();
    if (auto r = checkLogin(login); !r) return r.error();
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    auto user = find(login);
    if (!user) return user.error();
    if (!*user) {
        return Error::notFound(QStringLiteral("%1: no FaceCase login \"%2\"")
                                   .arg(m_connection.databasePath(), login));
    }
    if (!(*user)->canLogIn) {
        return Error::invalidInput(QStringLiteral("%1: login \"%2\" is already disabled")
                                       .arg(m_connection.databasePath(), login));
    }
    if (auto r = m_connection.exec(
            QStringLiteral("ALTER ROLE %1 NOLOGIN").arg(quotedIdentifier(login)),
            QStringLiteral("disable login \"%1\"").arg(login));
        !r) {
        return r.error();
    }
    AuditEntry entry;
    entry.action = QStringLiteral("user_disabled");
    entry.actor = m_actor.name();
    entry.details = QJsonObject{{QStringLiteral("login"), login},
                                {QStringLiteral("roles"), (*user)->roles.join(QLatin1Char(','))}};
    if (auto r = AuditTrail(m_connection).append(*transaction, entry); !r) return r.error();
    if (auto r = transaction->commit(); !r) return r.error();
    User disabled = **user;
    disabled.canLogIn = false;
    return disabled;
}

}  // namespace facecase
