#pragma once

#include <QStringList>

namespace facecase {

// The statements that take schema version 3 to version 4, in order (one SQL statement each).
// Run by SchemaMigrations after the earlier steps, inside the same migration transaction;
// never run on its own.
//
// Version 4 is the agency's guardrails (issue 6): policy settings and the supervisor passphrase
// that guards them, per-case retention with a purge mark, and second-reviewer confirmations of
// possible-match verdicts (issue 5).
QStringList schemaV4Statements();

}  // namespace facecase
