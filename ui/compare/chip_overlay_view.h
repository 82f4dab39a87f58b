#pragma once

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <array>
#include <optional>

#include "types/landmarks.h"

class QPainter;

namespace facecase::ui {

// One or two aligned face chips on top of each other. With one chip it simply shows it; with
// two, `blend` (0..100) cross-fades from the first (probe) to the second (candidate), and
// flicker alternates them twice a second -- the classic way to see where two aligned faces
// differ. Landmarks (in chip coordinates) are drawn per layer in its own colour. Everything is
// painted from the 150x150 chips at the widget's device pixel ratio; no file access.
class ChipOverlayView : public QWidget {
    Q_OBJECT

public:
    using Points = std::array<QPointF, Landmarks::kCount>;
    struct Layer {
        QImage chip;                   // 150x150 aligned face
        std::optional<Points> points;  // landmarks on the chip
        QString label;                 // "Probe", "Candidate #2"
        QColor color;                  // of its landmarks and label
    };

    explicit ChipOverlayView(QWidget* parent = nullptr);

    void setFirst(const Layer& layer);
    void setSecond(const Layer& layer);
    void clearSecond();
    void clear();
    const Layer& first() const { return m_first; }
    const Layer& second() const { return m_second; }
    bool hasFirst() const { return !m_first.chip.isNull(); }
    bool hasSecond() const { return !m_second.chip.isNull(); }

    int blend() const { return m_blend; }
    bool isFlickering() const { return m_flicker.isActive(); }
    bool landmarksVisible() const { return m_landmarks; }
    void setPlaceholderText(const QString& text);

    // What is shown now at chip resolution (the blend, or the flicker's current layer): lets
    // tests and exports see the overlay without a screen.
    QImage composedImage() const;

    QSize sizeHint() const override { return {220, 220}; }
    QSize minimumSizeHint() const override { return {120, 120}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

public slots:
    void setBlend(int percent);
    void setFlicker(bool on);
    void setLandmarksVisible(bool visible);

signals:
    void composedImageChanged();

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double secondWeight() const;  // 0..1, the share of the second layer shown now
    void paintPoints(QPainter& painter, const Points& points, const QColor& color,
                     const QRectF& target) const;

    Layer m_first;
    Layer m_second;
    int m_blend = 50;
    bool m_landmarks = false;
    bool m_flickerShowsSecond = false;
    QTimer m_flicker;
    QString m_placeholder;
};

}  // namespace facecase::ui
