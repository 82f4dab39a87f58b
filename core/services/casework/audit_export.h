#pragma once

#include <QIODevice>
#include <QString>
#include <optional>

#include "store/case_record.h"
#include "store/database_connection.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// A case's audit records handed to someone outside (`facecase-cli audit export`): in seq
// order, as JSON Lines (each record's canonical JSON with prev_hash and hash, so anyone can
// recompute the chain) or CSV, then the export itself on record as `audit_exported` (format,
// count, seq range, SHA-256 of the bytes, destination).
//
// The records are read, written out and recorded under one write lock, so the audit_exported
// record describes exactly the records handed out; a file is committed only with the record
// and removed again if the record cannot be committed (an export not in the log does not
// exist). Uses the calling thread's connection; keeps a reference to it.
class AuditExport {
public:
    enum class Format { JsonLines, Csv };
    // "jsonl" or "csv"; none for anything else.
    static std::optional<Format> formatFromName(const QString& name);
    static QString formatName(Format format);

    struct Request {
        QString caseNumber;
        Format format = Format::JsonLines;
        QString outPath;     // a file, replaced whole or not at all; empty: to the stream given
        bool record = true;  // false: a look at a database opened read-only; writes nothing to it
    };
    struct Summary {
        CaseRecord theCase;
        qint64 records = 0;
        QString destination;  // the file's absolute path, or "stdout"
    };

    AuditExport(const DatabaseConnection& connection, Actor actor)
        : m_connection(connection), m_actor(std::move(actor)) {}

    // `stream` (open for writing) receives the bytes when request.outPath is empty. Refuses an
    // unknown case (NotFound) and a file that cannot be written (InvalidInput, naming it).
    Result<Summary> exportCase(const Request& request, QIODevice* stream = nullptr) const;

private:
    const DatabaseConnection& m_connection;
    Actor m_actor;
};

}  // namespace facecase
