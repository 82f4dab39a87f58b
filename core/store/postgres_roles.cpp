#include "store/postgres_roles.h"

#include <QSqlQuery>

#include "store/store_error.h"

namespace facecase {

namespace {
constexpr AgencyRole kAll[] = {AgencyRole::Analyst, AgencyRole::Enroller, AgencyRole::Supervisor,
                               AgencyRole::Auditor};

// What each role writes; everyone reads every table. Derived from the statements the store
// sends: a write a role's use-cases never make is not granted.
const QStringList kAnalystGrants = {
    // cases: open (INSERT), close and reopen (status, closed_at)
    QStringLiteral("GRANT INSERT, UPDATE (status, closed_at) ON cases TO facecase_analyst"),
    QStringLiteral("GRANT INSERT ON probes, evidence, searches, candidates, annotations, "
                   "annotation_marks, verdict_reviews TO facecase_analyst"),
    // A search names its descriptor model, registered on first use.
    QStringLiteral("GRANT INSERT ON descriptor_models TO facecase_analyst"),
    QStringLiteral("GRANT INSERT ON audit_log TO facecase_analyst"),
};
const QStringList kEnrollerGrants = {
    QStringLiteral("GRANT INSERT, UPDATE, DELETE ON galleries, subjects, images, faces, "
                   "enrollment_jobs, enrollment_items TO facecase_enroller"),
    QStringLiteral("GRANT INSERT ON descriptor_models TO facecase_enroller"),
    QStringLiteral("GRANT INSERT ON audit_log TO facecase_enroller"),
};
// An auditor changes nothing, but the check itself goes on record (audit_verified, under the
// auditor's own login: the actor trigger), as oversight bodies expect.
const QStringList kAuditorGrants = {
    QStringLiteral("GRANT INSERT ON audit_log TO facecase_auditor"),
};
const QStringList kSupervisorGrants = {
    // Policy, retention and the purge: deletes of a case's biometric data, purged_at.
    QStringLiteral("GRANT INSERT, UPDATE, DELETE ON policy_settings TO facecase_supervisor"),
    QStringLiteral("GRANT UPDATE (retention_days, purged_at) ON cases TO facecase_supervisor"),
    QStringLiteral("GRANT DELETE ON probes, evidence, searches, candidates, annotations, "
                   "annotation_marks, verdict_reviews TO facecase_supervisor"),
};
}  // namespace

QString AgencyRoles::groupRole(AgencyRole role) {
    return QStringLiteral("facecase_") + name(role);
}

QString AgencyRoles::name(AgencyRole role) {
    switch (role) {
        case AgencyRole::Analyst:
            return QStringLiteral("analyst");
        case AgencyRole::Enroller:
            return QStringLiteral("enroller");
        case AgencyRole::Supervisor:
            return QStringLiteral("supervisor");
        case AgencyRole::Auditor:
            return QStringLiteral("auditor");
    }
    return {};
}

std::optional<AgencyRole> AgencyRoles::fromName(const QString& text) {
    for (AgencyRole role : kAll) {
        if (name(role) == text) return role;
    }
    return std::nullopt;
}

QStringList AgencyRoles::names() {
    QStringList all;
    for (AgencyRole role : kAll) all << name(role);
    return all;
}

Result<bool> AgencyRoles::loginActsAs(const DatabaseConnection& connection, AgencyRole role) {
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT pg_catalog.pg_has_role(session_user, CAST(? AS text), 'MEMBER') "
        "OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user) "
        "OR session_user = (SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_catalog.pg_database "
        "WHERE datname = current_database())"));
    query.bindValue(0, groupRole(role));
    if (!query.exec() || !query.next()) {
        return databaseError(connection.databasePath(),
                             QStringLiteral("look up the roles of the login"), query.lastError());
    }
    return query.value(0).toBool();
}

QStringList AgencyRoles::schemaStatements() {
    QStringList statements;
    // CREATE ROLE has no IF NOT EXISTS; a second FaceCase database on the cluster finds them.
    QString create = QStringLiteral("DO $do$ BEGIN\n");
    QStringList groups;
    for (AgencyRole role : kAll) {
        create += QStringLiteral(
                      "    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '%1') "
                      "THEN CREATE ROLE %1 NOLOGIN; END IF;\n")
                      .arg(groupRole(role));
        groups << groupRole(role);
    }
    create += QStringLiteral("END $do$");
    statements << create;
    // A supervisor does an analyst's work too.
    statements << QStringLiteral("GRANT facecase_analyst TO facecase_supervisor");
    // GRANT … ON DATABASE needs the name, which only the server knows here.
    statements << QStringLiteral(
                      "DO $do$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO %s', "
                      "current_database(), '%1'); END $do$")
                      .arg(groups.join(QStringLiteral(", ")));
    statements << QStringLiteral("GRANT USAGE ON SCHEMA public TO %1")
                      .arg(groups.join(QStringLiteral(", ")));
    statements << QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1")
                      .arg(groups.join(QStringLiteral(", ")));
    statements << kAnalystGrants << kEnrollerGrants << kSupervisorGrants << kAuditorGrants;
    return statements;
}

}  // namespace facecase
