#pragma once

#include "store/postgres_session_lock.h"
#include "store/workspace.h"
#include "types/result.h"

#include <QLockFile>

#include <memory>
#include <optional>

namespace facecase {

// "Only one program enrolls into (or removes) a gallery at a time", across processes and, on an
// agency database, across workstations:
// - workspace folder (SQLite): a lock file per gallery, held while the owner lives. A lock left
//   by a process that died (kill -9, crash) is recognised by its process id and taken over.
// - PostgreSQL: a session advisory lock per gallery (PostgresSessionLock), which the server
//   drops when the holder's session ends, killed or not.
// Either way a crashed run never blocks the re-run that resumes it. Movable; released by the
// destructor, on the thread that acquired it.
class GalleryLock {
public:
    // Fails (InvalidInput) naming who holds the lock: process and host, or login and workstation.
    static Result<GalleryLock> acquire(const Workspace& workspace, qint64 galleryId,
                                       const QString& galleryName);
    // Whether a live process holds the gallery's lock (an enrollment is running). On PostgreSQL
    // this asks the server on a short connection of its own; false when it cannot be asked.
    static bool isHeld(const Workspace& workspace, qint64 galleryId);

    GalleryLock(GalleryLock&&) noexcept = default;
    GalleryLock& operator=(GalleryLock&&) noexcept = default;
    ~GalleryLock();

private:
    explicit GalleryLock(std::unique_ptr<QLockFile> lock) : m_file(std::move(lock)) {}
    explicit GalleryLock(PostgresSessionLock lock) : m_session(std::move(lock)) {}
    static QString lockPath(const Workspace& workspace, qint64 galleryId);
    static Result<GalleryLock> acquireFile(const Workspace& workspace, qint64 galleryId,
                                           const QString& galleryName);
    static Result<GalleryLock> acquireSession(const Workspace& workspace, qint64 galleryId,
                                              const QString& galleryName);

    std::unique_ptr<QLockFile> m_file;
    std::optional<PostgresSessionLock> m_session;
};

}  // namespace facecase
