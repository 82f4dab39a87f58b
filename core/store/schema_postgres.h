#pragma once

#include <QStringList>

namespace facecase {

// The statements that create a FaceCase workspace on an empty PostgreSQL database, at schema
// version 4, in order (one SQL statement each). Run by SchemaMigrations inside its migration
// transaction; never on its own.
//
// PostgreSQL workspaces begin at version 4: there are no older ones to upgrade, so the SQLite
// steps 1–4 are spelled once here as the tables they add up to. Every later version is one step
// with a spelling for each backend (schema_v5.h), run after these on a new database as on an
// existing one. The tables, columns, constraints and refusals are the SQLite schema's
// (schema_v1.cpp … schema_v4.cpp, which explain each one); what differs is only how PostgreSQL
// says it: identity columns, BYTEA, DOUBLE PRECISION, JSON checked by a cast,
// regular expressions instead of GLOB, a unique index on lower(name) for COLLATE NOCASE, and
// trigger functions in PL/pgSQL (a trigger's WHEN cannot hold a subquery there). Added on
// PostgreSQL only: triggers that make every recorded actor and analyst the session's login
// (facecase_actor_is_the_login), and the agency's roles and GRANTs (postgres_roles.h).
QStringList postgresSchemaStatements();

}  // namespace facecase
