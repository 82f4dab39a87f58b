#include "candidates/thumbnail_loader.h"

#include <QFileInfo>
#include <QIcon>
#include <QPainter>
#include <QThread>
#include <QThreadPool>
#include <algorithm>
#include <cmath>

#include "candidates/stored_face_images.h"
#include "photo/image_conversion.h"
#include "services/casework/original_check.h"
#include "services/casework/recorded_photo.h"

namespace facecase::ui {

namespace {
// Context around the box when there are no landmarks to align by: the detector's box is tight
// (brows to chin), and an analyst judges a face with its hairline, ears and jaw line.
constexpr double kMargin = 0.35;
constexpr int kDefaultCacheKiB = 64 * 1024;

// Runs on a pool thread: decode, verify, align (or crop), scale. Never touches a QPixmap.
ThumbnailLoader::Made make(const ThumbnailLoader::Request& request, const QSize& devicePixels) {
    ThumbnailLoader::Made made;
    made.thread = QThread::currentThread();
    const QString name = QFileInfo(request.path).fileName();
    auto loaded = RecordedPhoto::load(request.path, request.sha256);
    if (!loaded) {
        made.error = loaded.errorMessage();
        return made;
    }
    if (request.landmarks) {
        auto chip = RecordedPhoto::alignedChip(loaded->image, *request.landmarks);
        if (!chip) {
            made.error = ThumbnailLoader::tr("%1: the face could not be aligned (%2)")
                             .arg(name, chip.errorMessage());
            return made;
        }
        made.image = toDisplayImage(chip->image).scaled(devicePixels, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                         .convertToFormat(QImage::Format_RGB32);
        return made;
    }
    const QImage photo = toQImage(loaded->image);
    // A square around the face (cards are square), grown by the margin, inside the photo.
    const QRectF box = request.box.normalized();
    const double side = std::max(box.width(), box.height()) * (1 + 2 * kMargin);
    QRectF square(0, 0, side, side);
    square.moveCenter(box.center());
    const QRect crop = square.toAlignedRect().intersected(photo.rect());
    if (box.isEmpty() || crop.isEmpty()) {
        made.error = ThumbnailLoader::tr("%1: the face box lies outside the photo").arg(name);
        return made;
    }
    made.image = photo.copy(crop)
                     .scaled(devicePixels, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                     .convertToFormat(QImage::Format_RGB32);
    return made;
}
// Runs on a pool thread: the stored chip scaled, and the original hashed (not decoded) so the
// card can say whether the analyst could open it.
ThumbnailLoader::Made fromStoredChip(const ThumbnailLoader::Request& request, const QImage& chip,
                                     const QSize& devicePixels) {
    ThumbnailLoader::Made made;
    made.thread = QThread::currentThread();
    made.image = chip.scaled(devicePixels, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                     .convertToFormat(QImage::Format_RGB32);
    const OriginalCheck original = OriginalCheck::of(request.path, request.sha256);
    if (!original.verified()) {
        made.note = ThumbnailLoader::tr("Original %1 \u2014 showing the chip stored at enrollment")
                        .arg(original.describe());
    }
    return made;
}
}  // namespace

ThumbnailLoader::ThumbnailLoader(QThreadPool* threadPool, QObject* parent)
    : QObject(parent), m_threadPool(threadPool), m_cache(kDefaultCacheKiB) {
    m_generation.open();
}

ThumbnailLoader::~ThumbnailLoader() {
    m_generation.close();  // queued work is skipped; running work finishes unseen
}

QString ThumbnailLoader::keyFor(const Request& request, const QSize& devicePixels) {
    const QRect box = request.box.toAlignedRect();
    // Aligned and cropped thumbnails of one face are different pictures.
    return QStringLiteral("%1|%2|%3,%4,%5,%6|%7x%8|%9")
        .arg(request.path, request.sha256)
        .arg(box.x())
        .arg(box.y())
        .arg(box.width())
        .arg(box.height())
        .arg(devicePixels.width())
        .arg(devicePixels.height())
        .arg(request.landmarks ? QLatin1String("aligned") : QLatin1String("crop"));
}

QPixmap ThumbnailLoader::pixmap(const QString& key) const {
    if (const QPixmap* cached = m_cache.object(key)) return *cached;
    return {};
}

QString ThumbnailLoader::request(const Request& request, const QSize& logicalSize,
                                 qreal devicePixelRatio) {
    const QSize devicePixels(int(std::ceil(logicalSize.width() * devicePixelRatio)),
                             int(std::ceil(logicalSize.height() * devicePixelRatio)));
    const QString key = keyFor(request, devicePixels);
    if (m_cache.contains(key) || m_pending.contains(key)) return key;
    m_pending.insert(key, Pending{devicePixels, devicePixelRatio});
    if (request.storedChip && m_database) {
        startFromStoredChip(key, request, devicePixels);
    } else {
        startFromOriginal(key, request, devicePixels);
    }
    return key;
}

void ThumbnailLoader::startFromStoredChip(const QString& key, const Request& request,
                                          const QSize& devicePixels) {
    const RequestToken token = m_generation.latest();
    StoredFaceImages::fetch(
        m_database, request.faceId, this,
        [this, key, request, devicePixels,
         token](const Result<std::optional<StoredFaceImages>>& stored) {
            if (!token.isWanted()) return;  // cleared meanwhile
            // No row after all (or it cannot be read): the original, as for older faces.
            if (!stored || !*stored) {
                startFromOriginal(key, request, devicePixels);
                return;
            }
            runOnPool<Made>(
                m_threadPool, this, token, QFileInfo(request.path).fileName(),
                [request, chip = (*stored)->chip, devicePixels](const RequestToken&) -> Result<Made> {
                    return fromStoredChip(request, chip, devicePixels);
                },
                [this, key](const Result<Made>& made) {
                    onFinished(key, made ? *made : Made{{}, made.errorMessage(), nullptr, {}});
                });
        });
}

void ThumbnailLoader::startFromOriginal(const QString& key, const Request& request,
                                        const QSize& devicePixels) {
    runOnPool<Made>(
        m_threadPool, this, m_generation.latest(), QFileInfo(request.path).fileName(),
        [request, devicePixels](const RequestToken&) -> Result<Made> {
            return make(request, devicePixels);
        },
        [this, key](const Result<Made>& made) {
            // An escaped exception is this face's error thumbnail like any other failure.
            onFinished(key, made ? *made : Made{{}, made.errorMessage(), nullptr, {}});
        });
}

void ThumbnailLoader::clear() {
    m_generation.open();
    m_cache.clear();
    m_errors.clear();
    m_notes.clear();
    m_pending.clear();
}

void ThumbnailLoader::onFinished(const QString& key, const Made& made) {
    const Pending pending = m_pending.take(key);
    if (made.thread) m_lastDecodeThread = made.thread;
    QPixmap pixmap;
    if (made.error.isEmpty()) {
        pixmap = QPixmap::fromImage(made.image);
        pixmap.setDevicePixelRatio(pending.devicePixelRatio);
    } else {
        pixmap = errorPixmap(pending.devicePixels, pending.devicePixelRatio);
        m_errors.insert(key, made.error);
    }
    if (!made.note.isEmpty()) m_notes.insert(key, made.note);
    const qint64 kib = std::max<qint64>(1, qint64(pixmap.width()) * pixmap.height() * 4 / 1024);
    m_cache.insert(key, new QPixmap(pixmap), kib);
    emit thumbnailReady(key);
}

QPixmap ThumbnailLoader::errorPixmap(const QSize& devicePixels, qreal devicePixelRatio) const {
    QPixmap pixmap(devicePixels.expandedTo(QSize(16, 16)));
    pixmap.setDevicePixelRatio(devicePixelRatio);
    const QSizeF logical = QSizeF(pixmap.size()) / devicePixelRatio;
    pixmap.fill(QColor(0xfc, 0xe8, 0xe6));
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(0xd9, 0x30, 0x25), 1.5, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(QPointF(0, 0), logical).adjusted(1, 1, -1, -1));
    const double iconSide = std::min(logical.width(), logical.height()) * 0.35;
    const QRectF iconRect((logical.width() - iconSide) / 2, (logical.height() - iconSide) / 2,
                          iconSide, iconSide);
    QIcon(QStringLiteral(":/icons/dialog-error.svg")).paint(&painter, iconRect.toAlignedRect());
    return pixmap;
}

}  // namespace facecase::ui
