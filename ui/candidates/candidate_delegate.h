#pragma once

#include <QStyledItemDelegate>

namespace facecase::ui {

// Paints one candidate as a card: the face thumbnail (or its placeholder), a rank badge, the
// distance, the calibrated rate in words, the subject and a verdict badge that carries its word
// as well as its colour. A candidate below the threshold shown is faded and says so on its face. Reads everything from CandidateListModel roles; paints whatever is
// there, so a row without a thumbnail (yet) is still a complete card. Geometry is in logical
// pixels and fonts follow the widget's, so it is crisp at any device pixel ratio.
class CandidateDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit CandidateDelegate(QObject* parent = nullptr);

    // The thumbnail box inside a card, in logical pixels (the model makes thumbnails this size).
    QSize thumbnailSize() const { return {m_thumbnailSide, m_thumbnailSide}; }
    void setThumbnailSide(int side) { m_thumbnailSide = side; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int m_thumbnailSide = 168;
};

}  // namespace facecase::ui
