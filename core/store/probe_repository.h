#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "store/database_connection.h"
#include "store/probe_record.h"
#include "types/result.h"

namespace facecase {

// The probes of a case (`probes`). add() writes the row and its `probe_added` audit record in
// one write transaction; the evidence file must already be in place (ProbeImporter puts it
// there). A photo is added to a case once: adding the same bytes again returns the existing
// probe and writes nothing.
//
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`,
// which must outlive it. Each call is one transaction of a few indexed statements.
class ProbeRepository {
public:
    struct Added {
        ProbeRecord probe;
        bool alreadyInCase = false;  // the case had this photo already; nothing was written
    };

    explicit ProbeRepository(const DatabaseConnection& connection) : m_connection(connection) {}

    // From draft.caseId, sha256, evidencePath, originalPath, fileBytes, width, height, format,
    // declaredKind and editNote; the import time and `actor` are set here. Refuses a case that
    // is not open (naming it and how to reopen it), an edited image without an edit note, and
    // malformed hashes or paths.
    Result<Added> add(const ProbeRecord& draft, const QString& actor);

    Result<ProbeRecord> findById(qint64 id) const;  // NotFound names the id
    Result<std::optional<ProbeRecord>> findInCase(qint64 caseId, const QString& sha256) const;
    Result<std::vector<ProbeRecord>> listForCase(qint64 caseId) const;  // in import order

    static constexpr int kMaxEditNoteLength = 4000;

private:
    Result<std::vector<ProbeRecord>> select(const QString& where, const QVariantList& values) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
