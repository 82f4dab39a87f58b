#pragma once

#include <QObject>
#include <QPointer>
#include <QRectF>

namespace facecase::ui {

class PhotoView;

// Keeps two PhotoViews on the same part of the face: zooming or panning either moves the other
// so both show the same region relative to their face box (anchor) at the same face size on
// screen. Two photos of different sizes and framings thus stay comparable feature by feature.
// Without anchors the whole photos are matched instead. Fit-to-window is mirrored as such.
class PhotoViewSync : public QObject {
    Q_OBJECT

public:
    PhotoViewSync(PhotoView* first, PhotoView* second, QObject* parent = nullptr);

    // The face boxes, in each photo's pixels; an empty rect means "the whole photo".
    void setAnchors(const QRectF& first, const QRectF& second);
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);

private:
    void follow(PhotoView* leader, PhotoView* follower);
    QRectF anchorOf(const PhotoView* view) const;

    QPointer<PhotoView> m_first;
    QPointer<PhotoView> m_second;
    QRectF m_firstAnchor;
    QRectF m_secondAnchor;
    bool m_enabled = true;
    bool m_following = false;  // breaks the loop: a follower's change is not followed back
};

}  // namespace facecase::ui
