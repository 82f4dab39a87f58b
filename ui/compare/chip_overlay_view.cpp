#include "compare/chip_overlay_view.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "types/face_chip.h"

namespace facecase::ui {

namespace {
constexpr int kFlickerMs = 500;  // 2 Hz: slow enough to read each face, fast enough to compare
}

ChipOverlayView::ChipOverlayView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("chipOverlayView"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    m_flicker.setInterval(kFlickerMs);
    connect(&m_flicker, &QTimer::timeout, this, [this] {
        m_flickerShowsSecond = !m_flickerShowsSecond;
        update();
        emit composedImageChanged();
    });
}

void ChipOverlayView::setFirst(const Layer& layer) {
    m_first = layer;
    update();
    emit composedImageChanged();
}

void ChipOverlayView::setSecond(const Layer& layer) {
    m_second = layer;
    update();
    emit composedImageChanged();
}

void ChipOverlayView::clearSecond() {
    setFlicker(false);
    m_second = {};
    update();
    emit composedImageChanged();
}

void ChipOverlayView::clear() {
    setFlicker(false);
    m_first = {};
    m_second = {};
    update();
    emit composedImageChanged();
}

void ChipOverlayView::setPlaceholderText(const QString& text) {
    m_placeholder = text;
    update();
}

void ChipOverlayView::setBlend(int percent) {
    percent = std::clamp(percent, 0, 100);
    if (percent == m_blend) return;
    m_blend = percent;
    update();
    emit composedImageChanged();
}

void ChipOverlayView::setFlicker(bool on) {
    if (on == m_flicker.isActive()) return;
    m_flickerShowsSecond = false;
    if (on)
        m_flicker.start();
    else
        m_flicker.stop();
    update();
    emit composedImageChanged();
}

void ChipOverlayView::setLandmarksVisible(bool visible) {
    if (visible == m_landmarks) return;
    m_landmarks = visible;
    update();
}

double ChipOverlayView::secondWeight() const {
    if (!hasSecond()) return 0;
    if (!hasFirst()) return 1;
    if (m_flicker.isActive()) return m_flickerShowsSecond ? 1 : 0;
    return m_blend / 100.0;
}

QImage ChipOverlayView::composedImage() const {
    if (!hasFirst() && !hasSecond()) return {};
    const QImage& base = hasFirst() ? m_first.chip : m_second.chip;
    QImage composed(base.size(), QImage::Format_RGB32);
    composed.fill(Qt::black);
    QPainter painter(&composed);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const QRectF target(QPointF(0, 0), QSizeF(composed.size()));
    const double w = secondWeight();
    if (hasFirst()) painter.drawImage(target, m_first.chip);
    if (hasSecond() && w > 0) {
        painter.setOpacity(w);
        painter.drawImage(target, m_second.chip);
    }
    return composed;
}

void ChipOverlayView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0x1e, 0x20, 0x23));
    const double side = std::min(width(), height());
    const QRectF target((width() - side) / 2, (height() - side) / 2, side, side);
    if (!hasFirst() && !hasSecond()) {
        painter.setPen(QColor(0xc4, 0xc8, 0xce));
        painter.drawText(QRectF(rect()).adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                         m_placeholder);
        return;
    }
    // The chips are small: beyond 2x show real pixels rather than invented smoothness.
    const double zoom = side * devicePixelRatioF() / FaceChip::kSize;
    painter.setRenderHint(QPainter::SmoothPixmapTransform, zoom < 2.0);
    painter.drawImage(target, composedImage());

    painter.setRenderHint(QPainter::Antialiasing);
    const double w = secondWeight();
    if (m_landmarks) {
        if (hasFirst() && m_first.points && w < 1)
            paintPoints(painter, *m_first.points, m_first.color, target);
        if (hasSecond() && m_second.points && w > 0)
            paintPoints(painter, *m_second.points, m_second.color, target);
    }

    // Say what is on screen: a blend is not a photo.
    QString caption;
    if (hasFirst() && hasSecond()) {
        if (m_flicker.isActive())
            caption = w > 0 ? m_second.label : m_first.label;
        else if (m_blend == 0)
            caption = m_first.label;
        else if (m_blend == 100)
            caption = m_second.label;
        else
            caption = tr("%1 %2% \u00B7 %3 %4%")
                          .arg(m_first.label)
                          .arg(100 - m_blend)
                          .arg(m_second.label)
                          .arg(m_blend);
    } else {
        caption = hasFirst() ? m_first.label : m_second.label;
    }
    if (caption.isEmpty()) return;
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    const QFontMetricsF metrics(small);
    const QString text = metrics.elidedText(caption, Qt::ElideRight, target.width() - 12);
    const QRectF pill(target.left() + 4, target.bottom() - metrics.height() - 8,
                      metrics.horizontalAdvance(text) + 10, metrics.height() + 4);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(20, 20, 22, 190));
    painter.drawRoundedRect(pill, 4, 4);
    painter.setPen(Qt::white);
    painter.drawText(pill, Qt::AlignCenter, text);
}

void ChipOverlayView::paintPoints(QPainter& painter, const Points& points, const QColor& color,
                                  const QRectF& target) const {
    const double scale = target.width() / FaceChip::kSize;
    const double radius = std::clamp(target.width() / 110.0, 1.2, 2.6);
    painter.setPen(QPen(QColor(0, 0, 0, 160), 0.8));
    painter.setBrush(color);
    for (const QPointF& p : points)
        painter.drawEllipse(target.topLeft() + (p + QPointF(0.5, 0.5)) * scale, radius, radius);
}

}  // namespace facecase::ui
