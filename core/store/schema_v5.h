#pragma once

#include <QStringList>

namespace facecase {

// The statements that take schema version 4 to version 5, in order (one SQL statement each),
// spelled for each backend. Run by SchemaMigrations after the earlier steps (on PostgreSQL,
// after the version-4 schema and the agency roles), inside the same migration transaction;
// never run on their own.
//
// Version 5 is the gallery's change sequence (issue 12): a search index that loaded a gallery
// follows it by reading only what changed since (DescriptorReader::loadChanges), instead of
// every descriptor again. Additions need no log: face ids are handed out in commit order (see
// schema_v5.cpp for why that holds on both backends), so the faces added since an index was
// loaded are those with a larger id than any it holds. Removals, and faces changed in place,
// are logged by the faces triggers in `face_changes`, each with the gallery revision it made.
// On PostgreSQL the revision is also bumped once per transaction and gallery instead of once
// per face (the per-row UPDATE of one galleries row was the insert bottleneck).
QStringList schemaV5Statements();
QStringList postgresSchemaV5Statements();

}  // namespace facecase
