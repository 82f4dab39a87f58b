// Over 500 lines: one zoomable photo with three tools (navigate, box a face, place marks) and their painting.
#include "photo/photo_view.h"

#include <QCursor>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "quality/quality_style.h"

namespace facecase::ui {

namespace {
const QColor kBackground(0x1e, 0x20, 0x23);
const QColor kPlaceholderText(0xc4, 0xc8, 0xce);
const QColor kAccent(0x4c, 0x9a, 0xff);
const QColor kLandmarkLine(0x3d, 0xe0, 0xff, 190);
const QColor kLandmarkDot(0xe6, 0xfb, 0xff);
const QColor kMarkColor(0xff, 0xd4, 0x3b);  // amber: apart from quality colours and landmarks
constexpr double kZoomStep = 1.25;
constexpr double kClickSlop = 4.0;  // logical px a click may move before it is a drag (pan)
constexpr double kFitMargin = 8.0;

// The iBUG-300W contours: jaw, brows, nose bridge, nostrils, eyes, outer and inner lips.
struct Contour {
    int first;
    int last;
    bool closed;
};
constexpr std::array<Contour, 9> kContours{{{0, 16, false},
                                            {17, 21, false},
                                            {22, 26, false},
                                            {27, 30, false},
                                            {31, 35, false},
                                            {36, 41, true},
                                            {42, 47, true},
                                            {48, 59, true},
                                            {60, 67, true}}};

QColor labelTextColor(const QColor& background) {
    return background.lightnessF() > 0.55 ? QColor(0x10, 0x10, 0x10) : Qt::white;
}
}  // namespace

PhotoView::PhotoView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("photoView"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Photo"));
    setAccessibleDescription(
        tr("The photo with a numbered box on every face found. Press a face's "
           "number to select it; + and - zoom, 0 fits the photo."));
}

PhotoView::~PhotoView() = default;

void PhotoView::setPhoto(PhotoPyramid photo, const std::vector<DetectedFace>& faces) {
    m_photo = std::move(photo);
    m_faces.clear();
    m_faces.reserve(faces.size());
    for (const DetectedFace& detected : faces) m_faces.push_back(makeFace(detected));
    m_selected = -1;
    m_message.clear();
    m_marks.clear();
    m_banding = false;
    m_fit = true;
    applyFit();
    update();
    emit zoomChanged();
}

PhotoView::Face PhotoView::makeFace(const DetectedFace& detected) const {
    Face face;
    face.number = detected.index;
    face.rect = detected.box.rect;
    face.points = detected.landmarks.points;
    face.level = detected.quality.overall();
    face.manual = detected.box.manual;
    const QString title = face.manual ? tr("Face %1 (drawn by hand)").arg(detected.index)
                                      : tr("Face %1").arg(detected.index);
    face.toolTip = tr("%1 \u2014 quality: %2\n%3")
                       .arg(title, QualityStyle::word(face.level),
                            QualityStyle::warningsText(detected.quality));
    return face;
}

void PhotoView::addFace(const DetectedFace& face) {
    m_faces.push_back(makeFace(face));
    update();
}

bool PhotoView::isFaceManual(int row) const {
    return row >= 0 && row < faceCount() && m_faces[std::size_t(row)].manual;
}

void PhotoView::setTool(Tool tool) {
    if (tool == m_tool) return;
    m_tool = tool;
    m_banding = false;
    m_clickPending = false;
    m_toolNote.clear();
    updateCursor(mapFromGlobal(QCursor::pos()));
    update();
    emit toolChanged(tool);
}

void PhotoView::setMarks(std::vector<Mark> marks) {
    m_marks = std::move(marks);
    update();
}

QPointF PhotoView::clampToPhoto(const QPointF& p) const {
    const QSize size = m_photo.size();
    return {std::clamp(p.x(), 0.0, double(size.width())),
            std::clamp(p.y(), 0.0, double(size.height()))};
}

QRectF PhotoView::bandRect() const {
    // Whole-pixel edges: the box goes on record, and nobody can aim finer than a pixel anyway.
    const QRectF r = QRectF(m_bandStart, m_bandEnd).normalized();
    const QPointF topLeft(std::round(r.left()), std::round(r.top()));
    const QPointF bottomRight(std::round(r.right()), std::round(r.bottom()));
    return QRectF(topLeft, bottomRight);
}

int PhotoView::markAt(const QPointF& viewPos) const {
    for (int i = int(m_marks.size()) - 1; i >= 0; --i) {
        const QPointF d = toView(m_marks[std::size_t(i)].position) - viewPos;
        if (d.x() * d.x() + d.y() * d.y() <= 12.0 * 12.0) return i;
    }
    return -1;
}

void PhotoView::clearPhoto() {
    m_photo = {};
    m_faces.clear();
    m_marks.clear();
    m_banding = false;
    m_selected = -1;
    m_message.clear();
    update();
}

void PhotoView::setSelectedFace(int row) {
    if (row < -1 || row >= faceCount()) row = -1;
    if (row == m_selected) return;
    m_selected = row;
    update();
}

QRectF PhotoView::faceRectInView(int row) const {
    if (row < 0 || row >= faceCount()) return {};
    return toView(m_faces[std::size_t(row)].rect);
}

int PhotoView::faceAt(const QPointF& viewPos) const {
    int best = -1;
    double bestArea = 0;
    for (int row = 0; row < faceCount(); ++row) {
        const QRectF r = faceRectInView(row);
        const QRectF label(r.left(), r.top() - 24, 40, 24);  // the number tag above the box
        if (!r.contains(viewPos) && !label.contains(viewPos)) continue;
        const double area = r.width() * r.height();
        if (best < 0 || area < bestArea) {  // nested boxes: the innermost wins
            best = row;
            bestArea = area;
        }
    }
    return best;
}

void PhotoView::setLandmarksVisible(bool visible) {
    if (visible == m_landmarks) return;
    m_landmarks = visible;
    update();
}

void PhotoView::setPlaceholderText(const QString& text) {
    m_placeholder = text;
    if (!hasPhoto()) update();
}

void PhotoView::setMessage(const QString& text) {
    m_message = text;
    update();
}

void PhotoView::setBusyText(const QString& text) {
    m_busyText = text;
    update();
}

double PhotoView::zoom() const {
    return m_scale * devicePixelRatioF();
}

QPointF PhotoView::viewCenter() const {
    return toPhoto(QRectF(rect()).center());
}

void PhotoView::setViewport(double scale, const QPointF& photoCenter) {
    if (!hasPhoto()) return;
    m_scale = clampScale(scale);
    m_fit = false;
    m_offset = QRectF(rect()).center() - photoCenter * m_scale;
    clampOffset();
    update();
    emit zoomChanged();
}

// --- geometry ---------------------------------------------------------------------------------

QPointF PhotoView::toView(const QPointF& p) const {
    return m_offset + p * m_scale;
}

QRectF PhotoView::toView(const QRectF& r) const {
    return QRectF(toView(r.topLeft()), r.size() * m_scale);
}

QPointF PhotoView::toPhoto(const QPointF& p) const {
    return (p - m_offset) / m_scale;
}

double PhotoView::fitScale() const {
    if (!hasPhoto()) return 1.0;
    const QSize photo = m_photo.size();
    const double w = std::max(1.0, width() - 2 * kFitMargin);
    const double h = std::max(1.0, height() - 2 * kFitMargin);
    return std::min(w / photo.width(), h / photo.height());
}

void PhotoView::applyFit() {
    m_scale = fitScale();
    clampOffset();
}

void PhotoView::clampOffset() {
    if (!hasPhoto()) return;
    const QSizeF scaled = QSizeF(m_photo.size()) * m_scale;
    const auto axis = [](double offset, double extent, double view) {
        if (extent <= view) return (view - extent) / 2;  // smaller than the view: centred
        return std::clamp(offset, view - extent, 0.0);   // larger: no empty margin inside
    };
    m_offset = {axis(m_offset.x(), scaled.width(), width()),
                axis(m_offset.y(), scaled.height(), height())};
}

bool PhotoView::canPan() const {
    if (!hasPhoto()) return false;
    const QSizeF scaled = QSizeF(m_photo.size()) * m_scale;
    return scaled.width() > width() + 0.5 || scaled.height() > height() + 0.5;
}

double PhotoView::clampScale(double scale) const {
    const double dpr = devicePixelRatioF();
    const double smallest = std::min(fitScale(), 1.0 / dpr) / 2;
    const double largest = 32.0 / dpr;
    return std::clamp(scale, smallest, largest);
}

void PhotoView::setScaleAround(double scale, const QPointF& anchor) {
    if (!hasPhoto()) return;
    const QPointF photoPoint = toPhoto(anchor);
    m_scale = clampScale(scale);
    m_fit = false;
    m_offset = anchor - photoPoint * m_scale;
    clampOffset();
    update();
    emit zoomChanged();
    emit viewportChanged();
}

void PhotoView::fitToWindow() {
    m_fit = true;
    applyFit();
    update();
    emit zoomChanged();
    emit viewportChanged();
}

void PhotoView::zoomIn() {
    setScaleAround(m_scale * kZoomStep, QRectF(rect()).center());
}

void PhotoView::zoomOut() {
    setScaleAround(m_scale / kZoomStep, QRectF(rect()).center());
}

void PhotoView::showActualPixels() {
    setScaleAround(1.0 / devicePixelRatioF(), QRectF(rect()).center());
}

// --- events -----------------------------------------------------------------------------------

bool PhotoView::event(QEvent* event) {
    if (event->type() == QEvent::ShortcutOverride && m_tool != Tool::Navigate &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
        event->accept();  // Esc ends the tool here, before any "dismiss" shortcut around us
        return true;
    }
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int row = faceAt(help->pos());
        if (const int mark = markAt(help->pos()); mark >= 0) {
            const Mark& m = m_marks[std::size_t(mark)];
            QToolTip::showText(help->globalPos(),
                               tr("Mark %1: %2\nat %3, %4 (photo pixels)")
                                   .arg(m.number)
                                   .arg(m.label.isEmpty() ? tr("(no label yet)") : m.label)
                                   .arg(m.position.x(), 0, 'f', 0)
                                   .arg(m.position.y(), 0, 'f', 0),
                               this);
        } else if (row >= 0) {
            QToolTip::showText(help->globalPos(), m_faces[std::size_t(row)].toolTip, this,
                               faceRectInView(row).toAlignedRect());
        } else if (!toolTip().isEmpty()) {
            QToolTip::showText(help->globalPos(), toolTip(), this);  // the view's own help
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

void PhotoView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (m_fit)
        applyFit();
    else
        clampOffset();
}

void PhotoView::mousePressEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (m_tool == Tool::MarkFace && event->button() == Qt::LeftButton && hasPhoto()) {
        m_banding = true;
        m_toolNote.clear();
        m_bandStart = clampToPhoto(toPhoto(pos));
        m_bandEnd = m_bandStart;
        update();
        event->accept();
        return;
    }
    if (m_tool == Tool::PlaceMark && event->button() == Qt::LeftButton && hasPhoto()) {
        m_clickPending = true;  // a click places a mark; a drag (below) still pans
        m_clickStart = pos;
    } else if (m_tool == Tool::Navigate && event->button() == Qt::LeftButton && m_faceSelection) {
        if (const int row = faceAt(pos); row >= 0) {
            emit faceClicked(row);
            event->accept();
            return;
        }
    }
    if ((event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton) && canPan()) {
        m_panning = true;
        m_panStart = pos;
        m_panOffset = m_offset;
        if (!m_clickPending) setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (m_clickPending) {
        event->accept();  // the release must come back here to place the mark
        return;
    }
    QWidget::mousePressEvent(event);
}

void PhotoView::mouseMoveEvent(QMouseEvent* event) {
    if (m_banding) {
        m_bandEnd = clampToPhoto(toPhoto(event->position()));
        update();
        return;
    }
    if (m_clickPending) {
        const QPointF moved = event->position() - m_clickStart;
        if (std::abs(moved.x()) + std::abs(moved.y()) > kClickSlop) m_clickPending = false;
    }
    if (m_panning) {
        m_offset = m_panOffset + (event->position() - m_panStart);
        clampOffset();
        update();
        emit viewportChanged();
        return;
    }
    updateCursor(event->position());
}

void PhotoView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_banding && event->button() == Qt::LeftButton) {
        m_banding = false;
        m_bandEnd = clampToPhoto(toPhoto(event->position()));
        const QRectF box = bandRect();
        if (box.width() < kMinFaceBoxSide || box.height() < kMinFaceBoxSide) {
            m_toolNote = tr("Too small: drag a box around the whole face, at least %1 \u00D7 %1 "
                            "photo pixels (zoom in to draw it precisely)")
                             .arg(kMinFaceBoxSide, 0, 'f', 0);
            update();
            return;
        }
        setTool(Tool::Navigate);  // one face per use: the analyst checks the fitted landmarks
        emit faceBoxDrawn(box);
        return;
    }
    if (m_clickPending && event->button() == Qt::LeftButton) {
        m_clickPending = false;
        m_panning = false;
        const QPointF point = toPhoto(event->position());
        if (QRectF(QPointF(0, 0), QSizeF(m_photo.size())).contains(point)) emit pointPicked(point);
        updateCursor(event->position());
        return;
    }
    if (m_panning) {
        m_panning = false;
        updateCursor(event->position());
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void PhotoView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (m_tool != Tool::Navigate) {  // a quick second click/drag belongs to the tool
        mousePressEvent(event);
        return;
    }
    if (event->button() == Qt::LeftButton && (!m_faceSelection || faceAt(event->position()) < 0)) {
        if (m_fit)
            showActualPixels();
        else
            fitToWindow();
        return;
    }
    QWidget::mouseDoubleClickEvent(event);
}

void PhotoView::wheelEvent(QWheelEvent* event) {
    const int delta = event->angleDelta().y();
    if (delta == 0 || !hasPhoto()) {
        event->ignore();
        return;
    }
    setScaleAround(m_scale * std::pow(kZoomStep, delta / 120.0), event->position());
    event->accept();
}

void PhotoView::keyPressEvent(QKeyEvent* event) {
    const int key = event->key();
    if (key == Qt::Key_Escape && m_tool != Tool::Navigate) {
        if (m_banding) {  // first Esc drops the box being drawn, the second leaves the tool
            m_banding = false;
            update();
        } else {
            setTool(Tool::Navigate);
        }
        return;
    }
    const bool plain = (event->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
    if (plain && m_faceSelection && key >= Qt::Key_1 && key <= Qt::Key_9) {
        const int row = key - Qt::Key_1;
        if (row < faceCount()) emit faceClicked(row);
        return;
    }
    const double step = 0.15;
    switch (key) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomIn();
            return;
        case Qt::Key_Minus:
            zoomOut();
            return;
        case Qt::Key_0:
            fitToWindow();
            return;
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_Up:
        case Qt::Key_Down:
            if (canPan()) {
                const double dx = key == Qt::Key_Left ? 1 : key == Qt::Key_Right ? -1 : 0;
                const double dy = key == Qt::Key_Up ? 1 : key == Qt::Key_Down ? -1 : 0;
                m_offset += QPointF(dx * width() * step, dy * height() * step);
                clampOffset();
                update();
                emit viewportChanged();
                return;
            }
            break;
        default:
            break;
    }
    QWidget::keyPressEvent(event);
}

void PhotoView::updateCursor(const QPointF& pos) {
    if (m_tool != Tool::Navigate && hasPhoto())
        setCursor(Qt::CrossCursor);
    else if (m_tool == Tool::Navigate && m_faceSelection && faceAt(pos) >= 0)
        setCursor(Qt::PointingHandCursor);
    else if (canPan())
        setCursor(Qt::OpenHandCursor);
    else
        unsetCursor();
}

// --- painting ---------------------------------------------------------------------------------

void PhotoView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), kBackground);
    if (!hasPhoto()) {
        paintPlaceholder(painter);
        return;
    }
    paintPhoto(painter);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    for (int row = 0; row < faceCount(); ++row)
        if (row != m_selected) paintFace(painter, m_faces[std::size_t(row)], false);
    if (m_selected >= 0) paintFace(painter, m_faces[std::size_t(m_selected)], true);
    for (const Mark& mark : m_marks) paintMark(painter, mark);
    if (m_banding) paintBand(painter);

    if (!m_busyText.isEmpty()) {
        painter.fillRect(rect(), QColor(10, 10, 12, 150));
        paintPill(painter, m_busyText, QRectF(rect()).center(), Qt::AlignCenter, true);
    } else if (m_tool != Tool::Navigate) {
        const QString hint =
            !m_toolNote.isEmpty()      ? m_toolNote
            : m_tool == Tool::MarkFace ? tr("Drag a box around the face the detector missed "
                                            "\u00B7 Esc cancels")
                                       : tr("Click a feature to mark it \u00B7 Esc ends");
        paintPill(painter, hint, QPointF(width() / 2.0, 14), Qt::AlignHCenter | Qt::AlignTop,
                  true);
    } else if (!m_message.isEmpty()) {
        paintPill(painter, m_message, QPointF(width() / 2.0, 14), Qt::AlignHCenter | Qt::AlignTop,
                  true);
    }
    const int percent = int(std::lround(zoom() * 100));
    paintPill(painter, m_fit ? tr("Fit \u00B7 %1%").arg(percent) : tr("%1%").arg(percent),
              QPointF(width() - 10, height() - 10), Qt::AlignRight | Qt::AlignBottom, false);
}

void PhotoView::paintPlaceholder(QPainter& painter) {
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(28, 28, -28, -28);
    QPen border(QColor(0x5a, 0x5f, 0x66), 2);
    border.setStyle(Qt::DashLine);
    painter.setPen(border);
    painter.setBrush(Qt::transparent);
    painter.drawRoundedRect(area, 14, 14);

    const QString text = m_busyText.isEmpty() ? m_placeholder : m_busyText;
    const QStringList lines = text.split(QLatin1Char('\n'));
    QFont headline = font();
    headline.setPointSizeF(headline.pointSizeF() * 1.6);
    headline.setBold(true);
    const QFont body = font();
    const double headlineHeight = QFontMetricsF(headline).height();
    const double bodyHeight = QFontMetricsF(body).height() * 1.3;
    double y = area.center().y() - (headlineHeight + bodyHeight * double(lines.size() - 1)) / 2;
    painter.setPen(kPlaceholderText);
    for (int i = 0; i < lines.size(); ++i) {
        painter.setFont(i == 0 ? headline : body);
        const double h = i == 0 ? headlineHeight : bodyHeight;
        painter.drawText(QRectF(area.left() + 12, y, area.width() - 24, h),
                         Qt::AlignCenter | Qt::TextWordWrap, lines[i]);
        y += h;
    }
}

void PhotoView::paintPhoto(QPainter& painter) {
    const QRectF target = toView(QRectF(QPointF(0, 0), QSizeF(m_photo.size())));
    const QImage& level = m_photo.levelFor(target.width() * devicePixelRatioF());
    // Beyond 2x, show the real pixels as blocks rather than invent smooth detail.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, zoom() < 2.0);
    painter.drawImage(target, level);
}

void PhotoView::paintFace(QPainter& painter, const Face& face, bool selected) {
    const QRectF r = toView(face.rect);
    const QColor color = QualityStyle::color(face.level);
    const double width = selected ? 3.5 : 2.0;
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0, 0, 0, 150), width + 2.5));  // halo: visible on any background
    painter.drawRect(r);
    if (selected) {
        painter.setPen(QPen(Qt::white, width + 1.5));
        painter.drawRect(r);
    }
    // A box drawn by hand is dashed: the detector did not vouch for it.
    painter.setPen(QPen(color, width, face.manual ? Qt::DashLine : Qt::SolidLine));
    painter.drawRect(r);

    if (m_landmarks) paintLandmarks(painter, face);

    // The number tag, on the box's top-left corner (inside when there is no room above).
    QFont tagFont = font();
    tagFont.setBold(true);
    tagFont.setPointSizeF(tagFont.pointSizeF() * (selected ? 1.25 : 1.1));
    painter.setFont(tagFont);
    const QFontMetricsF metrics(tagFont);
    const QString number = face.manual ? tr("%1 \u00B7 hand").arg(face.number)
                                       : QString::number(face.number);
    const double h = metrics.height() + 4;
    const double w = std::max(h, metrics.horizontalAdvance(number) + 12);
    const double left = r.left() - width / 2;
    const double top = r.top() - h - width / 2 >= 0 ? r.top() - h - width / 2 : r.top() + width / 2;
    const QRectF tag(left, top, w, h);
    QPainterPath path;
    path.addRoundedRect(tag, 3, 3);
    if (selected)
        painter.setPen(QPen(Qt::white, 1.5));
    else
        painter.setPen(QPen(QColor(0, 0, 0, 150), 1));
    painter.setBrush(color);
    painter.drawPath(path);
    painter.setPen(labelTextColor(color));
    painter.drawText(tag, Qt::AlignCenter, number);
}

void PhotoView::paintLandmarks(QPainter& painter, const Face& face) {
    const double side = face.rect.width() * m_scale;
    const double radius = std::clamp(side / 110.0, 1.2, 3.2);
    const double line = std::clamp(side / 220.0, 0.8, 1.8);
    painter.setBrush(Qt::NoBrush);
    for (const Contour& contour : kContours) {
        QPolygonF polygon;
        for (int i = contour.first; i <= contour.last; ++i)
            polygon << toView(face.points[std::size_t(i)]);
        painter.setPen(
            QPen(QColor(0, 0, 0, 120), line + 1.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        if (contour.closed)
            painter.drawPolygon(polygon);
        else
            painter.drawPolyline(polygon);
        painter.setPen(QPen(kLandmarkLine, line, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        if (contour.closed)
            painter.drawPolygon(polygon);
        else
            painter.drawPolyline(polygon);
    }
    painter.setPen(QPen(QColor(0, 0, 0, 170), 0.8));
    painter.setBrush(kLandmarkDot);
    for (const QPointF& point : face.points) painter.drawEllipse(toView(point), radius, radius);
}

void PhotoView::paintBand(QPainter& painter) {
    const QRectF box = bandRect();
    const QRectF r = toView(box);
    const bool big = box.width() >= kMinFaceBoxSide && box.height() >= kMinFaceBoxSide;
    painter.setBrush(QColor(kAccent.red(), kAccent.green(), kAccent.blue(), 35));
    painter.setPen(QPen(QColor(0, 0, 0, 170), 3.5));
    painter.drawRect(r);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(big ? QColor(Qt::white) : QColor(0xff, 0x6b, 0x6b), 1.5, Qt::DashLine));
    painter.drawRect(r);
    // Its size in photo pixels: what the record will say, and why a tiny box is refused.
    paintPill(painter,
              tr("%1 \u00D7 %2 px").arg(box.width(), 0, 'f', 0).arg(box.height(), 0, 'f', 0),
              QPointF(r.right(), r.bottom() + 6), Qt::AlignRight | Qt::AlignTop, false);
}

void PhotoView::paintMark(QPainter& painter, const Mark& mark) {
    const QPointF c = toView(mark.position);
    constexpr double radius = 7.0;  // view pixels: a mark stays the same size at any zoom
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0, 0, 0, 170), 4.0));
    painter.drawEllipse(c, radius, radius);
    painter.setPen(QPen(kMarkColor, 2.0, mark.pending ? Qt::DotLine : Qt::SolidLine));
    painter.drawEllipse(c, radius, radius);
    // The exact point: a one-pixel cross inside the ring.
    painter.setPen(QPen(QColor(0, 0, 0, 200), 3.0));
    painter.drawLine(c - QPointF(3, 0), c + QPointF(3, 0));
    painter.drawLine(c - QPointF(0, 3), c + QPointF(0, 3));
    painter.setPen(QPen(kMarkColor, 1.2));
    painter.drawLine(c - QPointF(3, 0), c + QPointF(3, 0));
    painter.drawLine(c - QPointF(0, 3), c + QPointF(0, 3));

    QFont tagFont = font();
    tagFont.setBold(true);
    painter.setFont(tagFont);
    const QFontMetricsF metrics(tagFont);
    const QString number = QString::number(mark.number);
    const double h = metrics.height() + 2;
    const double w = std::max(h, metrics.horizontalAdvance(number) + 8);
    const QRectF tag(c.x() + radius + 1, c.y() - radius - h + 3, w, h);
    painter.setPen(QPen(QColor(0, 0, 0, 170), 1));
    painter.setBrush(kMarkColor);
    painter.drawRoundedRect(tag, 3, 3);
    painter.setPen(labelTextColor(kMarkColor));
    painter.drawText(tag, Qt::AlignCenter, number);
}

void PhotoView::paintPill(QPainter& painter, const QString& text, const QPointF& anchor,
                          Qt::Alignment alignment, bool strong) {
    QFont pillFont = font();
    if (strong)
        pillFont.setPointSizeF(pillFont.pointSizeF() * 1.15);
    else
        pillFont.setPointSizeF(pillFont.pointSizeF() * 0.9);
    painter.setFont(pillFont);
    const QFontMetricsF metrics(pillFont);
    const double maxWidth = std::max(120.0, width() - 60.0);
    const QRectF textRect = metrics.boundingRect(QRectF(0, 0, maxWidth, 10000),
                                                 Qt::AlignCenter | Qt::TextWordWrap, text);
    const QSizeF padding = strong ? QSizeF(16, 10) : QSizeF(8, 4);
    QRectF pill(QPointF(0, 0), textRect.size() + 2 * padding);
    if (alignment & Qt::AlignRight)
        pill.moveRight(anchor.x());
    else if (alignment & Qt::AlignLeft)
        pill.moveLeft(anchor.x());
    else
        pill.moveLeft(anchor.x() - pill.width() / 2);
    if (alignment & Qt::AlignBottom)
        pill.moveBottom(anchor.y());
    else if (alignment & Qt::AlignTop)
        pill.moveTop(anchor.y());
    else
        pill.moveTop(anchor.y() - pill.height() / 2);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(24, 25, 28, strong ? 225 : 170));
    painter.drawRoundedRect(pill, strong ? 8 : 5, strong ? 8 : 5);
    painter.setPen(strong ? QColor(Qt::white) : QColor(0xd0, 0xd4, 0xda));
    painter.drawText(
        pill.adjusted(padding.width(), padding.height(), -padding.width(), -padding.height()),
        Qt::AlignCenter | Qt::TextWordWrap, text);
}

}  // namespace facecase::ui
