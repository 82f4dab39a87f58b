#include "services/enrollment/gallery_lock.h"

#include <QDir>
#include <QStringList>

namespace facecase {

namespace {
// What the session locks of galleries are told apart by ('FCAG' as a number).
constexpr int kGalleryLockKind = 0x46434147;

QString inUse(const QString& galleryName, const QString& who) {
    return QStringLiteral("gallery \"%1\" is in use by %2: wait for its enrollment to finish, or "
                          "stop it")
        .arg(galleryName, who);
}
}  // namespace

QString GalleryLock::lockPath(const Workspace& workspace, qint64 galleryId) {
    return QDir(workspace.folder()).filePath(QStringLiteral("gallery-%1.lock").arg(galleryId));
}

Result<GalleryLock> GalleryLock::acquire(const Workspace& workspace, qint64 galleryId,
                                         const QString& galleryName) {
    return workspace.isPostgres() ? acquireSession(workspace, galleryId, galleryName)
                                  : acquireFile(workspace, galleryId, galleryName);
}

Result<GalleryLock> GalleryLock::acquireSession(const Workspace& workspace, qint64 galleryId,
                                                const QString& galleryName) {
    PostgresSessionLock::Holder holder;
    auto lock = PostgresSessionLock::tryAcquire(workspace, kGalleryLockKind, galleryId, &holder);
    if (!lock) return lock.error();
    if (lock->has_value()) return GalleryLock(std::move(**lock));
    QStringList details;
    if (!holder.application.isEmpty()) details << holder.application;
    if (!holder.clientAddress.isEmpty()) details << QStringLiteral("from %1").arg(holder.clientAddress);
    details << QStringLiteral("server process %1").arg(holder.serverProcess);
    const QString who = QStringLiteral("%1 (%2)").arg(
        holder.login.isEmpty() ? QStringLiteral("another session") : holder.login,
        details.join(QStringLiteral(", ")));
    return Error::invalidInput(inUse(galleryName, who));
}

Result<GalleryLock> GalleryLock::acquireFile(const Workspace& workspace, qint64 galleryId,
                                             const QString& galleryName) {
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
            inUse(galleryName, QStringLiteral("another program (%1, process %2 on %3)")
                                   .arg(app.isEmpty() ? QStringLiteral("FaceCase") : app)
                                   .arg(pid)
                                   .arg(host)));
    }
    return Error::invalidInput(
        QStringLiteral("%1: cannot create the gallery lock file; check that the workspace folder "
                       "is writable")
            .arg(lockPath(workspace, galleryId)));
}

bool GalleryLock::isHeld(const Workspace& workspace, qint64 galleryId) {
    if (workspace.isPostgres()) {
        auto connection = workspace.openConnection();
        if (!connection) return false;
        auto held = PostgresSessionLock::isHeld(*connection, kGalleryLockKind, galleryId);
        return held.ok() && *held;
    }
    QLockFile lock(lockPath(workspace, galleryId));
    lock.setStaleLockTime(0);
    if (lock.tryLock(0)) {
        lock.unlock();
        return false;
    }
    return lock.error() == QLockFile::LockFailedError;
}

GalleryLock::~GalleryLock() {
    if (m_file) m_file->unlock();  // removes the lock file
    // m_session: its connection closes, the session ends, the server releases the lock.
}

}  // namespace facecase
