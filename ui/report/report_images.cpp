#include "report/report_images.h"

#include <QDir>
#include <QImageReader>
#include <QPainter>
#include <algorithm>

#include "types/chip_geometry.h"

namespace facecase {

namespace {
// Larger photos are decoded at reduced size: the report never prints more than ~2000 px of one.
constexpr int kMaxDecodedSide = 2000;
constexpr std::size_t kCachedPhotos = 8;
}  // namespace

const ReportImages::Decoded* ReportImages::decode(const QString& sha256) {
    if (const auto cached = m_cache.find(sha256); cached != m_cache.end()) return &cached->second;
    const auto e = m_evidence.find(sha256);
    if (e == m_evidence.end() || !e->second.copied()) return nullptr;
    QImageReader reader(QDir(m_bundleFolder).filePath(e->second.bundlePath));
    reader.setAutoTransform(true);
    const QSize stored = reader.size();
    double scale = 1.0;
    if (stored.isValid() && std::max(stored.width(), stored.height()) > kMaxDecodedSide) {
        scale = double(kMaxDecodedSide) / std::max(stored.width(), stored.height());
        reader.setScaledSize(stored * scale);
    }
    Decoded decoded{reader.read(), scale};
    if (decoded.image.isNull()) return nullptr;
    if (m_cache.size() >= kCachedPhotos) m_cache.clear();
    return &m_cache.emplace(sha256, std::move(decoded)).first->second;
}

QImage ReportImages::placeholder(int width, int height, const QString& text) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(0xee, 0xee, 0xee));
    QPainter painter(&image);
    painter.setPen(QColor(0x66, 0x66, 0x66));
    QFont font = painter.font();
    font.setPixelSize(std::max(9, height / 12));
    painter.setFont(font);
    painter.drawText(image.rect().adjusted(4, 4, -4, -4), Qt::AlignCenter | Qt::TextWordWrap, text);
    return image;
}

QImage ReportImages::withBoxes(const QString& sha256, const std::vector<QRectF>& boxes, int maxSide) {
    const Decoded* d = decode(sha256);
    if (!d) return placeholder(maxSide, maxSide * 3 / 4, QStringLiteral("photo not in the bundle"));
    QImage image = d->image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                       .convertToFormat(QImage::Format_RGB32);
    const double k = d->scale * image.width() / d->image.width();
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setPixelSize(std::max(10, maxSide / 30));
    font.setBold(true);
    painter.setFont(font);
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const QRectF r(boxes[i].x() * k, boxes[i].y() * k, boxes[i].width() * k, boxes[i].height() * k);
        painter.setPen(QPen(QColor(0xff, 0xd0, 0x00), std::max(2.0, maxSide / 200.0)));
        painter.drawRect(r);
        const QString label = QString::number(i + 1);
        const QRectF tag(r.left(), std::max(0.0, r.top() - font.pixelSize() - 6), font.pixelSize() * 1.6, font.pixelSize() + 6);
        painter.fillRect(tag, QColor(0xff, 0xd0, 0x00));
        painter.setPen(Qt::black);
        painter.drawText(tag, Qt::AlignCenter, label);
    }
    return image;
}

QImage ReportImages::faceCrop(const QString& sha256, const QRectF& box, int side, const std::vector<Mark>& marks) {
    const Decoded* d = decode(sha256);
    if (!d) return placeholder(side, side, QStringLiteral("image not in the bundle"));
    // A quarter of the box's size around it: hairline, ears and chin are part of a comparison.
    const double margin = 0.25 * std::max(box.width(), box.height());
    const QRectF wanted = box.adjusted(-margin, -margin, margin, margin);
    const QRectF scaled(wanted.x() * d->scale, wanted.y() * d->scale, wanted.width() * d->scale,
                        wanted.height() * d->scale);
    const QRect crop = scaled.toAlignedRect().intersected(d->image.rect());
    if (crop.isEmpty()) return placeholder(side, side, QStringLiteral("face box outside the photo"));
    QImage image = d->image.copy(crop)
                       .scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                       .convertToFormat(QImage::Format_RGB32);
    const double k = double(image.width()) / crop.width();
    std::vector<std::pair<QPointF, int>> points;
    for (const Mark& m : marks)
        points.emplace_back(QPointF((m.position.x() * d->scale - crop.x()) * k, (m.position.y() * d->scale - crop.y()) * k), m.number);
    drawMarks(image, points, side);
    return image;
}

QImage ReportImages::alignedChip(const AlignedChip& chip, int side, const std::vector<Mark>& marks) {
    const QImage decoded = QImage::fromData(chip.png, "PNG");
    if (decoded.isNull()) return placeholder(side, side, QStringLiteral("aligned chip unreadable"));
    QImage image = decoded.scaled(side, side, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    // Chip pixel centres map to (i + 0.5) * side / kSize on the scaled image.
    const double k = double(side) / FaceChip::kSize;
    std::vector<std::pair<QPointF, int>> points;
    for (const Mark& m : marks) {
        const QPointF onChip = ChipGeometry::toChip(chip.chip, m.position);
        points.emplace_back((onChip + QPointF(0.5, 0.5)) * k, m.number);
    }
    drawMarks(image, points, side);
    return image;
}

void ReportImages::drawMarks(QImage& image, const std::vector<std::pair<QPointF, int>>& points, int side) {
    if (points.empty()) return;
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setPixelSize(std::max(9, side / 22));
    font.setBold(true);
    painter.setFont(font);
    const double radius = font.pixelSize() * 0.75;
    for (const auto& [at, number] : points) {
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(QColor(0x00, 0xc8, 0xff));
        painter.drawEllipse(at, radius, radius);
        painter.drawText(QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius), Qt::AlignCenter,
                         QString::number(number));
    }
}

}  // namespace facecase
