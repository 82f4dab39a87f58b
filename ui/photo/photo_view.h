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
//
// Two tools besides navigating: MarkFace, where a drag draws a box (in photo pixels) around a
// face the detector missed and reports faceBoxDrawn(); and PlaceMark, where a click (a drag
// still pans) reports pointPicked() so the owner can put a labelled mark there. Marks given to
// setMarks() are drawn as numbered rings; faces drawn by hand get a dashed outline.
class PhotoView : public QWidget {
    Q_OBJECT

public:
    enum class Tool { Navigate, MarkFace, PlaceMark };
    Q_ENUM(Tool)

    // A labelled point on the photo (a morphological feature), in photo pixels.
    struct Mark {
        int number = 0;
        QPointF position;
        QString label;
        bool pending = false;  // placed, its label still being typed
    };

    // Smallest hand-drawn face box side, in photo pixels: the landmark fitter needs a face of
    // at least this size to place 68 points meaningfully.
    static constexpr double kMinFaceBoxSide = 20.0;

    explicit PhotoView(QWidget* parent = nullptr);
    ~PhotoView() override;

    void setPhoto(PhotoPyramid photo, const std::vector<DetectedFace>& faces);
    void clearPhoto();
    bool hasPhoto() const { return !m_photo.isNull(); }
    QSize photoSize() const { return m_photo.size(); }

    // Appends a face (one drawn by hand) without touching zoom, pan or selection.
    void addFace(const DetectedFace& face);
    int faceCount() const { return int(m_faces.size()); }
    bool isFaceManual(int row) const;
    int selectedFace() const { return m_selected; }  // row, -1 for none
    void setSelectedFace(int row);
    int faceAt(const QPointF& viewPos) const;  // row of the box under a point, -1 for none
    QRectF faceRectInView(int row) const;

    // Whether clicking a box (or pressing its number) reports faceClicked(). Off where the
    // face fills the view and a drag on it must pan (the compare view).
    bool faceSelectionEnabled() const { return m_faceSelection; }
    void setFaceSelectionEnabled(bool enabled) { m_faceSelection = enabled; }

    Tool tool() const { return m_tool; }
    void setTool(Tool tool);  // Esc (or a finished box) returns to Navigate
    bool isDrawingBox() const { return m_banding; }

    void setMarks(std::vector<Mark> marks);
    const std::vector<Mark>& marks() const { return m_marks; }

    // Photo pixels <-> logical view pixels (what mouse events and the painter use), at the
    // current zoom and pan.
    QPointF photoToView(const QPointF& photoPoint) const { return toView(photoPoint); }
    QPointF viewToPhoto(const QPointF& viewPoint) const { return toPhoto(viewPoint); }

    bool landmarksVisible() const { return m_landmarks; }
    void setLandmarksVisible(bool visible);

    void setPlaceholderText(const QString& text);  // with no photo
    void setMessage(const QString& text);          // over the photo, e.g. "No face found…"
    QString message() const { return m_message; }
    void setBusyText(const QString& text);  // dims the view while a job runs
    QString busyText() const { return m_busyText; }

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
    void toolChanged(facecase::ui::PhotoView::Tool tool);
    // MarkFace: a box at least kMinFaceBoxSide square was drawn, in photo pixels (whole-pixel
    // edges, inside the photo).
    void faceBoxDrawn(const QRectF& photoRect);
    // PlaceMark: a click on the photo, in photo pixels.
    void pointPicked(const QPointF& photoPoint);
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
        bool manual = false;
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
    QPointF clampToPhoto(const QPointF& photoPoint) const;
    QRectF bandRect() const;  // the box being drawn, in photo pixels
    int markAt(const QPointF& viewPos) const;
    Face makeFace(const DetectedFace& detected) const;

    void paintPlaceholder(QPainter& painter);
    void paintPhoto(QPainter& painter);
    void paintFace(QPainter& painter, const Face& face, bool selected);
    void paintLandmarks(QPainter& painter, const Face& face);
    void paintBand(QPainter& painter);
    void paintMark(QPainter& painter, const Mark& mark);
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
    Tool m_tool = Tool::Navigate;
    QString m_toolNote;  // replaces the tool's hint after a refused box
    bool m_banding = false;
    QPointF m_bandStart;  // photo pixels
    QPointF m_bandEnd;
    bool m_clickPending = false;  // PlaceMark: a press that is a click unless it moves
    QPointF m_clickStart;
    std::vector<Mark> m_marks;
};

}  // namespace facecase::ui
