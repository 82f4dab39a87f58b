#pragma once

#include <QByteArray>
#include <QString>

#include "store/database_connection.h"
#include "store/workspace.h"
#include "types/result.h"

namespace facecase {

// Where a workspace keeps its evidence -- the probe photos, byte for byte -- named by SHA-256,
// so two cases with the same photo share one copy and any change to a copy shows:
//  - SQLite: the file evidence/<sha256>.<ext> in the workspace folder, read-only, as always;
//  - PostgreSQL: a row of the `evidence` table, whose CHECK recomputes the SHA-256 of the bytes
//    (the database itself keeps the name honest), so every workstation of the agency sees the
//    same photo without a shared drive. Reading fetches it once into the workspace's local
//    cache folder (Workspace::localCacheFolder()/evidence) and checks the copy on every read.
// Either way the probe's evidence path is the same relative text, "evidence/<sha256>.<ext>".
//
// Uses the calling thread's connection (PostgreSQL), or without one opens its own for each
// call that needs the database (a new session: for callers that have no connection at hand).
// Keeps references to its arguments.
class EvidenceStore {
public:
    EvidenceStore(const Workspace& workspace, const DatabaseConnection& connection)
        : m_workspace(workspace), m_connection(&connection) {}
    explicit EvidenceStore(const Workspace& workspace) : m_workspace(workspace) {}

    // "evidence/<sha256>.<extension>": the path recorded with a probe.
    static QString relativePath(const QString& sha256, const QString& extension);

    // Keeps `bytes`, whose SHA-256 the caller computed as `sha256`; returns the relative path.
    // Keeping the same bytes again is a no-op. A folder copy that exists with other content
    // (altered behind FaceCase's back) is kept as found and refused, naming `sourceName`; on
    // PostgreSQL a wrong SHA-256 is refused by the database.
    Result<QString> keep(const QByteArray& bytes, const QString& sha256, const QString& extension,
                         const QString& sourceName) const;

    // A local file holding the evidence at `relativePath`, checked against the SHA-256 in its
    // name: the workspace's file, or on PostgreSQL the cached copy (fetched, or fetched again
    // when the cached copy was changed or lost). NotFound when the evidence is gone (purged).
    Result<QString> localFile(const QString& relativePath) const;

private:
    Result<QString> keepInFolder(const QByteArray& bytes, const QString& sha256,
                                 const QString& relative, const QString& sourceName) const;
    Result<QString> keepInDatabase(const QByteArray& bytes, const QString& sha256,
                                   const QString& relative, const QString& sourceName) const;
    Result<QString> fetchIntoCache(const QString& sha256, const QString& cached) const;
    // Runs `work` on the store's connection, or on one opened for the call.
    template <typename T, typename Work>
    Result<T> withConnection(Work work) const;

    const Workspace& m_workspace;
    const DatabaseConnection* m_connection = nullptr;
};

}  // namespace facecase
