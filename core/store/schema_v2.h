#pragma once

#include <QStringList>

namespace facecase {

// The statements that take schema version 1 to version 2, in order (one SQL statement each).
// Run by SchemaMigrations after the version 1 steps, inside the same migration transaction;
// never run on its own.
//
// Version 2 marks galleries as real (photos of people) or synthetic (benchmark fixtures made by
// `facecase-cli gallery synth`), and lets the database itself keep the two apart.
QStringList schemaV2Statements();

}  // namespace facecase
