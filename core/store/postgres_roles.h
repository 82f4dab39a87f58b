#pragma once

#include <QString>
#include <QStringList>
#include <optional>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// The four kinds of people an agency's FaceCase database knows, as PostgreSQL group roles
// (NOLOGIN) that each analyst's own login is a member of. The database, not FaceCase, enforces
// what each may do (GRANTs below), so a modified client or a psql session gets no further:
//   analyst     open and close cases, import probes, search, record verdicts and reviews
//   enroller    create galleries, enroll and remove photos
//   supervisor  an analyst who may also change the policy, purge expired cases and change a
//               case's retention
//   auditor     read everything and run `audit verify`; writes nothing but the record of
//               that check (audit_verified)
// Nobody but the database owner may UPDATE, DELETE or TRUNCATE the audit log, and the schema's
// triggers refuse even the owner.
//
// Role names are per PostgreSQL cluster, not per database: one FaceCase database per cluster
// (docs/deployment.md says so).
enum class AgencyRole { Analyst, Enroller, Supervisor, Auditor };

struct AgencyRoles {
    static QString groupRole(AgencyRole role);       // "facecase_analyst", …
    static QString name(AgencyRole role);            // "analyst", … (what the CLI takes)
    static std::optional<AgencyRole> fromName(const QString& name);
    static QStringList names();                      // analyst, enroller, supervisor, auditor

    // Whether the session's login may act as `role`: a member of its group role (directly or
    // through another), a superuser, or the database's owner. For a readable refusal before
    // the database's own; the GRANTs decide either way. PostgreSQL connections only.
    static Result<bool> loginActsAs(const DatabaseConnection& connection, AgencyRole role);

    // Run after the tables exist, in the same migration transaction: creates the group roles
    // that do not exist yet (needs CREATEROLE, which the database's administrator has) and
    // grants each its privileges on this database's tables.
    static QStringList schemaStatements();
};

}  // namespace facecase
