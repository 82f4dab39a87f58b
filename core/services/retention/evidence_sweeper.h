#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include "store/database_connection.h"
#include "store/workspace.h"
#include "types/result.h"

namespace facecase {

// Deletes evidence files (evidence/<sha256>.<ext>) that no probe or search row of any case
// refers to any more: after a retention purge has committed, and as a sweep of orphans that an
// earlier purge could not delete (a crash between its commit and the deletion, a file held
// open). Files go after the database, never before, so a crash leaves at worst an orphan file,
// never a row whose evidence is gone.
//
// Each call holds the database's write lock (an empty write transaction) while it checks the
// references and deletes, so no probe or search that refers to a file can commit in between.
// Imports write their evidence file before the row that refers to it, so the orphan sweep
// leaves files younger than kOrphanGraceSeconds alone. Known gap: an import of a photo whose
// file is there only for a case being purged reuses the file without writing it; should the
// purge delete it between the import's check and its row's commit (milliseconds), the new
// probe refers to a missing file. Closing that needs the import to re-check the file under
// its write lock.
//
// On an agency database (PostgreSQL) the evidence is rows of its `evidence` table
// (EvidenceStore): both calls delete rows instead of files, in the transaction that holds the
// write lock, and never touch a file.
//
// Uses the calling thread's connection; not thread-safe. Cost: one lookup per file (the
// evidence path columns have no index: a scan of probes and searches), plus the folder listing.
class EvidenceSweeper {
public:
    struct Outcome {
        QStringList deleted;          // relative paths, "evidence/<sha256>.jpg"
        QStringList stillReferenced;  // kept: another case's probe or search uses them
        QStringList failed;           // "evidence/….jpg: why"; swept by a later run
        void merge(const Outcome& other);
    };

    EvidenceSweeper(Workspace workspace, const DatabaseConnection& connection);

    // Deletes those of `relativePaths` (as stored in probes.evidence_path and
    // searches.probe_evidence_path) that no row refers to. A path outside the evidence folder
    // is never touched (reported in `failed`). A file already gone counts as deleted.
    Result<Outcome> removeUnreferenced(const QStringList& relativePaths) const;
    // Deletes every evidence file that no row refers to and that was last modified at least
    // kOrphanGraceSeconds before `now` (the clock when invalid). Files not named like evidence
    // are left alone.
    Result<Outcome> sweepOrphans(const QDateTime& now = {}) const;

    static constexpr qint64 kOrphanGraceSeconds = 3600;

private:
    // Absolute path of `relative` when it lies inside the evidence folder, else empty.
    QString insideEvidence(const QString& relative) const;
    void removeRow(const QString& sha256, const QString& relative, Outcome& outcome) const;
    // Deletes one file (made writable first: evidence copies are read-only).
    void remove(const QString& relative, Outcome& outcome) const;

    Workspace m_workspace;
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
