#pragma once

#include "store/workspace.h"
#include "types/result.h"

#include <QLockFile>

#include <memory>

namespace facecase {

// "Only one program enrolls into (or removes) a gallery at a time": a lock file in the
// workspace folder per gallery, held while the owner lives. A lock left by a process that died
// (kill -9, crash) is recognised by its process id and taken over, so a crashed run never
// blocks the re-run that resumes it. Movable; released by the destructor.
class GalleryLock {
public:
    // Fails (InvalidInput) naming the process that holds the lock.
    static Result<GalleryLock> acquire(const Workspace& workspace, qint64 galleryId,
                                       const QString& galleryName);
    // Whether a live process holds the gallery's lock (an enrollment is running).
    static bool isHeld(const Workspace& workspace, qint64 galleryId);

    GalleryLock(GalleryLock&&) noexcept = default;
    GalleryLock& operator=(GalleryLock&&) noexcept = default;
    ~GalleryLock();

private:
    explicit GalleryLock(std::unique_ptr<QLockFile> lock) : m_lock(std::move(lock)) {}
    static QString lockPath(const Workspace& workspace, qint64 galleryId);

    std::unique_ptr<QLockFile> m_lock;
};

}  // namespace facecase
