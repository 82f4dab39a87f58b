#pragma once

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QPixmap>
#include <QRectF>
#include <QSize>
#include <QString>
#include <optional>

#include "jobs/pool_task.h"
#include "types/landmarks.h"

class QThread;
class QThreadPool;

namespace facecase::ui {

class DatabaseWorker;

// Asynchronous face thumbnails for item models whose data() must never block (digiKam's
// thumbnail-model pattern): pixmap() answers from a bounded cache at once; request() decodes
// the photo on the engine's thread pool, checks its SHA-256 against the one on record
// (RecordedPhoto, as the compare view does), cuts the aligned face chip from the stored
// landmarks (the face as the descriptor network saw it, as the compare view shows it) or,
// for a face without landmarks, crops the box with a margin, and scales it to device pixels
// there, then signals thumbnailReady(key) on the GUI thread. A file that is missing, unreadable or changed
// since enrollment gives an error thumbnail plus errorText(key), never a crash.
//
// A face with a chip stored at enrollment (schema 6) is shown by that chip instead: read on the
// database worker, and the original only hashed (OriginalCheck), never decoded. The stored chip
// is the same picture the aligned thumbnail would be (the chip the descriptor saw, JPEG), so
// the grid costs a ~8 KB read per card instead of decoding a 12-MP original from a share, and
// it stays whole when the share is down; noteText(key) then says the original is unreachable
// or changed. Faces without one (enrolled before schema 6) are made from the original as before.
//
// GUI thread only (QPixmap). clear() drops the cache and makes every request in flight stale:
// queued decodes are skipped, running ones are ignored when they finish.
class ThumbnailLoader : public QObject {
    Q_OBJECT

public:
    struct Request {
        QString path;
        QString sha256;  // expected lower-case hex; empty skips the check
        QRectF box;      // the face, in the upright photo's pixels
        // The face's stored landmarks: the thumbnail is then its aligned chip. Without them
        // (none on record) it is the box with a margin.
        std::optional<Landmarks> landmarks;
        qint64 faceId = 0;
        bool storedChip = false;  // the workspace keeps its chip (CandidateProvenance)
    };

    // `threadPool` must outlive the loader's work (EngineHost's pool does).
    explicit ThumbnailLoader(QThreadPool* threadPool, QObject* parent = nullptr);
    ~ThumbnailLoader() override;

    // Where stored chips are read; nullptr (no workspace): every thumbnail from its original.
    void setDatabase(DatabaseWorker* database) { m_database = database; }

    // The cache key of a face at a size in device pixels.
    static QString keyFor(const Request& request, const QSize& devicePixels);

    // Cached thumbnail (device pixel ratio set) or an error thumbnail; null when not loaded yet.
    QPixmap pixmap(const QString& key) const;
    bool isLoaded(const QString& key) const { return m_cache.contains(key); }
    bool isPending(const QString& key) const { return m_pending.contains(key); }
    // Why the thumbnail could not be made ("sheldon2.png: file not found"); empty if it could.
    QString errorText(const QString& key) const { return m_errors.value(key); }
    // Set when the thumbnail is the chip stored at enrollment because the original is
    // unreachable or changed ("Original unreachable at … — showing the chip stored at
    // enrollment"); empty otherwise.
    QString noteText(const QString& key) const { return m_notes.value(key); }

    // Starts loading unless cached or already in flight; returns the key. `logicalSize` is the
    // box the thumbnail must fit in, `devicePixelRatio` that of the screen it is shown on.
    QString request(const Request& request, const QSize& logicalSize, qreal devicePixelRatio);
    void clear();

    int cacheLimitKiB() const { return int(m_cache.maxCost()); }
    void setCacheLimitKiB(int kib) { m_cache.setMaxCost(kib); }
    int pendingCount() const { return int(m_pending.size()); }
    // The thread that decoded the last thumbnail: lets tests prove it was not the GUI thread.
    QThread* lastDecodeThread() const { return m_lastDecodeThread; }

    // What a worker hands back; public for the worker function only.
    struct Made {
        QImage image;
        QString error;
        QThread* thread = nullptr;
        QString note;
    };

signals:
    void thumbnailReady(const QString& key);

private:
    void onFinished(const QString& key, const Made& made);
    void startFromOriginal(const QString& key, const Request& request, const QSize& devicePixels);
    void startFromStoredChip(const QString& key, const Request& request,
                             const QSize& devicePixels);
    QPixmap errorPixmap(const QSize& devicePixels, qreal devicePixelRatio) const;

    QThreadPool* m_threadPool = nullptr;
    QCache<QString, QPixmap> m_cache;  // cost in KiB
    QHash<QString, QString> m_errors;
    QHash<QString, QString> m_notes;
    DatabaseWorker* m_database = nullptr;
    struct Pending {
        QSize devicePixels;
        qreal devicePixelRatio = 1;
    };
    QHash<QString, Pending> m_pending;  // requests in flight
    // One generation of requests, renewed by clear(): runOnPool skips or drops the older ones.
    RequestGate m_generation;
    QThread* m_lastDecodeThread = nullptr;
};

}  // namespace facecase::ui
