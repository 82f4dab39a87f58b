#include "compare/photo_view_sync.h"

#include <algorithm>

#include "photo/photo_view.h"

namespace facecase::ui {

PhotoViewSync::PhotoViewSync(PhotoView* first, PhotoView* second, QObject* parent)
    : QObject(parent), m_first(first), m_second(second) {
    connect(first, &PhotoView::viewportChanged, this, [this] { follow(m_first, m_second); });
    connect(second, &PhotoView::viewportChanged, this, [this] { follow(m_second, m_first); });
}

void PhotoViewSync::setAnchors(const QRectF& first, const QRectF& second) {
    m_firstAnchor = first;
    m_secondAnchor = second;
}

void PhotoViewSync::setEnabled(bool enabled) {
    m_enabled = enabled;
    if (enabled && m_first && m_second) follow(m_first, m_second);
}

QRectF PhotoViewSync::anchorOf(const PhotoView* view) const {
    const QRectF anchor = view == m_first ? m_firstAnchor : m_secondAnchor;
    if (!anchor.isEmpty()) return anchor;
    return QRectF(QPointF(0, 0), QSizeF(view->photoSize()));
}

void PhotoViewSync::follow(PhotoView* leader, PhotoView* follower) {
    if (!m_enabled || m_following || !leader || !follower) return;
    if (!leader->hasPhoto() || !follower->hasPhoto()) return;
    m_following = true;
    if (leader->isFitToWindow()) {
        follower->fitToWindow();
    } else {
        // Same face width on screen, same point of the face in the middle.
        const QRectF from = anchorOf(leader);
        const QRectF to = anchorOf(follower);
        const double faceOnScreen = leader->viewScale() * from.width();
        const QPointF relative = (leader->viewCenter() - from.center()) / from.width();
        follower->setViewport(faceOnScreen / std::max(1.0, to.width()),
                              to.center() + relative * to.width());
    }
    m_following = false;
}

}  // namespace facecase::ui
