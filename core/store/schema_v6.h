#pragma once

#include <QStringList>

namespace facecase {

// The statements that take schema version 5 to version 6, spelled for each backend; run by
// SchemaMigrations inside the migration transaction, never on their own.
//
// Version 6 keeps, for every real enrolled face, the aligned chip the descriptor saw and a small
// thumbnail of the face in context (issue 12, "evidence without a shared drive"): a candidate
// stays reviewable when its original is unreachable from the analyst's workstation or has
// changed. Written by FaceRecordWriter in the face's own transaction; gone with the face (ON
// DELETE CASCADE). Faces enrolled before version 6 and synthetic faces have no row: readers
// treat a missing row as "no stored chip", never as an error.
//
// The table is not `faces`: the faces triggers (revision, change log) do not fire for it, and a
// search that loads descriptors never reads its pages.
QStringList schemaV6Statements();
QStringList postgresSchemaV6Statements();

}  // namespace facecase
