#pragma once

#include <QString>
#include <optional>

#include "imaging/image_loader.h"
#include "store/database_connection.h"
#include "store/probe_record.h"
#include "store/probe_repository.h"
#include "store/workspace.h"
#include "types/result.h"

namespace facecase {

// Takes a probe photo into a case as evidence: reads the file's bytes once, checks they decode
// as an image (so a probe is never a file that cannot be searched), copies them to
// `<workspace>/evidence/<sha256>.<ext>` atomically (QSaveFile) and re-reads the copy to prove
// its SHA-256, then adds the `probes` row with its `probe_added` audit record in one
// transaction (ProbeRepository). An identical evidence file already there is reused; the same
// photo added to the same case again returns the existing probe and writes nothing.
//
// If the database step fails after the copy, the evidence file stays: it is named by its
// content, harmless, and reused by the next attempt.
//
// Stateless apart from the workspace paths; use from any thread with that thread's connection.
// Cost: one read, one decode and two SHA-256 passes of the file (the source's bytes and the
// evidence copy read back), one write, one transaction.
class ProbeImporter {
public:
    // The probe on record, and whether the case had this photo already (nothing was written).
    using Added = ProbeRepository::Added;

    struct Request {
        qint64 caseId = 0;
        QString path;  // the photo to import
        ProbeRecord::DeclaredKind declaredKind = ProbeRecord::DeclaredKind::Unknown;
        QString editNote;  // required for an edited image
    };

    // A probe read, decoded and copied into the evidence folder, not yet on record: the file
    // work of an import, which needs no database and so runs on a worker thread (the GUI's
    // database thread only inserts the row). Holds the decoded photo, so the face pipeline can
    // analyse it without reading, decoding and hashing the file again.
    struct Prepared {
        QString source;        // the absolute original path, or where pasted bytes came from
        LoadedImage photo;     // decoded; its sha256 is that of the bytes read
        QString evidencePath;  // relative to the workspace folder
        qint64 fileBytes = 0;
    };

    explicit ProbeImporter(Workspace workspace, ImageLoadLimits limits = {});

    // The file work of import()/importBytes() alone: one read, one decode, the evidence copy
    // and its proof. No database; any thread.
    Result<Prepared> prepare(const QString& path) const;
    Result<Prepared> prepareBytes(const QByteArray& bytes, const QString& source) const;
    // The guardrails alone, for a front end that copies the file off the database thread
    // (the GUI): the case is open and an edited image says what was edited; a refusal is
    // audited as `probe_refused`. Call before prepare(), so a refused probe copies nothing;
    // record() checks again under the write lock. `source` names the photo in the refusal.
    Result<void> check(const DatabaseConnection& connection, const Request& request,
                       const QString& source, const QString& actor) const;
    // Puts a prepared probe on record: the case must be open and an edited image say what was
    // edited (a refusal is audited as `probe_refused`), then the row and `probe_added`.
    Result<Added> record(const DatabaseConnection& connection,
                                          const Request& request, const Prepared& prepared,
                                          const QString& actor) const;

    // Errors name the file and the reason ("x.jpg: cannot read (Permission denied)", "x.jpg: not
    // an image file (...)"); a case that is not open is refused before anything is copied.
    Result<Added> import(const DatabaseConnection& connection,
                                          const Request& request, const QString& actor) const;
    // Image bytes with no file behind them (a pasted screenshot): the same checks, copy and
    // record as import(), with `source` recorded as the probe's original path, since there is
    // none; it should say where the bytes came from, e.g. "clipboard (PNG data, pasted
    // 2026-05-02T10:41:07Z)". `request.path` is not used.
    Result<Added> importBytes(const DatabaseConnection& connection,
                                               const Request& request, const QByteArray& bytes,
                                               const QString& source, const QString& actor) const;

    // "jpg", "png", ... for an ImageLoader format name; "bin" for one it does not know.
    static QString extensionFor(const QString& format);

private:
    // The guardrails checked before any byte is copied: the case is open, and an edited image
    // says what was edited. A refusal in an existing case is written to its audit log as
    // `probe_refused` (its own transaction) and returned.
    static std::optional<Error> refusal(const DatabaseConnection& connection, const Request& request,
                                        const QString& source, const QString& actor);
    Result<Prepared> prepareRead(const QByteArray& bytes, const QString& source) const;
    Result<Added> addRow(const DatabaseConnection& connection,
                                          const Request& request, const Prepared& prepared,
                                          const QString& actor) const;
    Result<QString> storeEvidence(const QByteArray& bytes, const QString& sha256,
                                  const QString& format, const QString& sourceName) const;

    Workspace m_workspace;
    ImageLoader m_loader;
};

}  // namespace facecase
