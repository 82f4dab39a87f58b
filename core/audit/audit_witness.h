#pragma once

#include <QByteArray>
#include <QString>
#include <optional>
#include <vector>

#include "types/result.h"

namespace facecase {

// One chain head noted outside the database: record `seq` had hash `hash` when it was written.
// Plain value.
struct AuditAnchor {
    qint64 seq = 0;
    QString hash;       // 64 lower-case hex characters
    QString at;         // the record's time, as stored ("2024-05-01T09:30:00.000Z")
    QString workspace;  // the database it belongs to: SQLite file or PostgreSQL URL (no password)
};

// The audit witness: a small append-only text file outside the database, one line per chain
// head AuditTrail::append committed, so that `audit verify` can tell a log whose newest records
// were removed (or which was rewritten and re-hashed) from an honest one (docs/audit.md, "Anchors
// outside the database"). A line, readable with `tail`:
//
//     2024-05-01T09:30:00.000Z seq=42 hash=<64 hex> workspace=/cases/ws/facecase.sqlite
//
// Each line is written with one write() on a file opened O_APPEND, so lines of several
// processes appending at once do not interleave (their order may differ from seq order; readers
// sort). Anchoring is best effort by design: it runs after the action committed, never fails or
// blocks the action, and a failure is a warning.
class AuditWitness {
public:
    static QString fileName() { return QStringLiteral("audit-witness.log"); }

    static QByteArray formatLine(const AuditAnchor& anchor);  // with the trailing '\n'
    // nullopt for anything that is not a well-formed line (a torn or edited line).
    static std::optional<AuditAnchor> parseLine(const QByteArray& line);

    // Appends `anchor` to the witness file at `path` (creating it and its folder) and sends the
    // same line to the system journal, if there is one. An error only says the file could not
    // be written; the journal's absence is not one.
    static Result<void> anchor(const QString& path, const AuditAnchor& anchor);
    // The same, reporting a failure as a warning (qWarning): for AuditTrail's after-commit work,
    // which must not fail an action that has already happened.
    static void anchorOrWarn(const QString& path, const AuditAnchor& anchor);

    struct Contents {
        bool found = false;             // false: there is no witness file at that path
        std::vector<AuditAnchor> anchors;  // well-formed lines, sorted by seq (stable)
        qint64 unreadableLines = 0;     // lines that did not parse (skipped)
    };
    // Reads the whole file, line by line (lines over 4 KiB count as unreadable). An error only
    // when the file exists but cannot be read.
    static Result<Contents> read(const QString& path);
};

}  // namespace facecase
