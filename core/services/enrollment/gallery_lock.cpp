#include "services/enrollment/gallery_lock.h"

#include <QDir>

namespace facecase {

QString GalleryLock::lockPath(const Workspace& workspace, qint64 galleryId) {
    return QDir(workspace.folder()).filePath(QStringLiteral("gallery-%1.lock").arg(galleryId));
}

Result<GalleryLock> GalleryLock::acquire(const Workspace& workspace, qint64 galleryId,
                                         const QString& galleryName) {
    // The lock is a file in the workspace folder; never one in the current directory.
    if (auto folder = workspace.requireFolder(
            QStringLiteral("lock gallery \"%1\" for enrolling or removing").arg(galleryName));
        !folder) {
        return folder.error();
    }
    auto lock = std::make_unique<QLockFile>(lockPath(workspace, galleryId));
    // Never stale by age: an enrollment of 300,000 photos holds it for hours. A dead owner is
    // recognised by its process id instead.
    lock->setStaleLockTime(0);
    // A short wait: isHeld() (job list, gallery stats) takes the lock for a moment to test it.
    if (lock->tryLock(1000)) return GalleryLock(std::move(lock));
    if (lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, app;
        lock->getLockInfo(&pid, &host, &app);
        return Error::invalidInput(
            QStringLiteral("gallery \"%1\" is in use by another program (%2, process %3 on %4): "
                           "wait for its enrollment to finish, or stop it")
                .arg(galleryName, app.isEmpty() ? QStringLiteral("FaceCase") : app)
                .arg(pid)
                .arg(host));
    }
    return Error::invalidInput(
        QStringLiteral("%1: cannot create the gallery lock file; check that the workspace folder "
                       "is writable")
            .arg(lockPath(workspace, galleryId)));
}

bool GalleryLock::isHeld(const Workspace& workspace, qint64 galleryId) {
    // No folder, no lock file: acquire() refuses there, so nothing can hold the gallery.
    if (workspace.folder().isEmpty()) return false;
    QLockFile lock(lockPath(workspace, galleryId));
    lock.setStaleLockTime(0);
    if (lock.tryLock(0)) {
        lock.unlock();
        return false;
    }
    return lock.error() == QLockFile::LockFailedError;
}

GalleryLock::~GalleryLock() {
    if (m_lock) m_lock->unlock();  // removes the lock file
}

}  // namespace facecase
