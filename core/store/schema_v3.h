#pragma once

#include <QStringList>

namespace facecase {

// The statements that take schema version 2 to version 3, in order (one SQL statement each).
// Run by SchemaMigrations after the earlier steps, inside the same migration transaction;
// never run on its own.
//
// Version 3 is the case workflow: probe photos as evidence of a case (`probes`), searches that
// name their probe and whether its face was boxed by hand, verdict reasons and the marks an
// analyst puts on either image (`annotation_marks`), and the indexes the audit view filters by.
QStringList schemaV3Statements();

}  // namespace facecase
