#pragma once

#include <QStringList>

namespace facecase {

// The statements that create schema version 1 from an empty database, in order. Each entry is
// one SQL statement (the Qt SQLite driver runs one statement per exec). Run by SchemaMigrations
// inside its migration transaction; never run on its own.
QStringList schemaV1Statements();

}  // namespace facecase
