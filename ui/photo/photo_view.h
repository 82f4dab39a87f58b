#pragma once

#include <QString>
#include <QWidget>
#include <array>
#include <vector>

#include "photo/photo_pyramid.h"
#include "types/detected_face.h"

namespace facecase::ui {

// The photo, scaled to fit (or zoomed and panned), with every face as a numbered box coloured by
// its quality and, when switched on, its 68 landmarks. Overlays are drawn in view coordinates,
// so lines and labels stay crisp and readable at any zoom and device pixel ratio. Clicking a box
// (or pressing its number) reports faceClicked(); the owner decides the selection and sets it
// back with setSelectedFace(). Paints only what it was given: no decoding, no file access.
class PhotoView : public QWidget {
    Q_OBJECT

public:
    explicit PhotoView(QWidget* parent = nullptr);
    ~PhotoView() override;

    void setPhoto(PhotoPyramid photo, const std::vector<DetectedFace>& faces);
    void clearPhoto();
    bool hasPhoto() const { return !m_photo.isNull(); }
    QSize photoSize() const { return m_photo.size(); }

    int faceCount() const { return int(m_faces.size()); }
    int selectedFace() const { return m_selected; }  // row, -1 for none
    void setSelectedFace(int row);
    int faceAt(const QPointF& viewPos) const;  // row of the box under a point, -1 for none
    QRectF faceRectInView(int row) const;

    // Whether clicking a box (or pressing its number) reports faceClicked(). Off where the
    // face fills the view and a drag on it must pan (the compare view).
    bool faceSelectionEnabled() const { return m_faceSelection; }
    void setFaceSelectionEnabled(bool enabled) { m_faceSelection = enabled; }

    bool landmarksVisible() const { return m_landmarks; }
    void setLandmarksVisible(bool visible);

    void setPlaceholderText(const QString& text);  // with no photo
    void setMessage(const QString& text);          // over the photo, e.g. "No face found…"
    QString message() const { return m_message; }
    void setBusyText(const QString& text);  // dims the view while a job runs
    QString busyText() const { return m_busyText; }
    void setDropHighlight(bool on);

    bool isFitToWindow() const { return m_fit; }
    double zoom() const;  // photo pixels to device pixels: 1 = actual pixels
    // The viewport as logical view pixels per photo pixel and the photo point at the view's
    // centre: what a second view needs to follow this one (see PhotoViewSync).
    double viewScale() const { return m_scale; }
    QPointF viewCenter() const;
    // Shows `photoCenter` at the view's centre at `scale` (clamped like a wheel zoom). Emits
    // zoomChanged() but not viewportChanged(), so two views following each other don't loop.
    void setViewport(double scale, const QPointF& photoCenter);

    QSize sizeHint() const override { return {880, 640}; }
    QSize minimumSizeHint() const override { return {240, 180}; }

public slots:
    void fitToWindow();
    void zoomIn();
    void zoomOut();
    void showActualPixels();

signals:
    void faceClicked(int row);
    void zoomChanged();
    // The analyst zoomed or panned (wheel, drag, keys, zoom slots); not sent by setViewport().
    void viewportChanged();

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Face {
        int number = 0;
        QRectF rect;
        std::array<QPointF, Landmarks::kCount> points{};
        FaceQuality::Level level = FaceQuality::Level::Good;
        QString toolTip;
    };

    QPointF toView(const QPointF& photoPoint) const;
    QRectF toView(const QRectF& photoRect) const;
    QPointF toPhoto(const QPointF& viewPoint) const;
    double fitScale() const;
    double clampScale(double scale) const;
    void applyFit();
    void setScaleAround(double scale, const QPointF& anchor);
    void clampOffset();
    bool canPan() const;
    void updateCursor(const QPointF& pos);

    void paintPlaceholder(QPainter& painter);
    void paintPhoto(QPainter& painter);
    void paintFace(QPainter& painter, const Face& face, bool selected);
    void paintLandmarks(QPainter& painter, const Face& face);
    void paintPill(QPainter& painter, const QString& text, const QPointF& anchor,
                   Qt::Alignment alignment, bool strong);

    PhotoPyramid m_photo;
    std::vector<Face> m_faces;
    int m_selected = -1;
    bool m_landmarks = false;
    bool m_faceSelection = true;
    bool m_fit = true;
    double m_scale = 1.0;  // logical view pixels per photo pixel
    QPointF m_offset;      // where the photo's top-left corner sits in the view
    bool m_panning = false;
    QPointF m_panStart;
    QPointF m_panOffset;
    QString m_placeholder;
    QString m_message;
    QString m_busyText;
    bool m_dropHighlight = false;
};

}  // namespace facecase::ui
