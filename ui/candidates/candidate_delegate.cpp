#include "candidates/candidate_delegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <cmath>

#include "candidates/candidate_list_model.h"
#include "candidates/candidate_verdict.h"

namespace facecase::ui {

namespace {
constexpr int kPadding = 8;
constexpr int kMargin = 4;  // between the item rect and the card
constexpr int kLineGap = 2;

QFont scaled(const QFont& base, double factor, bool bold = false) {
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

struct Fonts {
    QFont subject;
    QFont detail;
    QFont small;
    QFont badge;
};

Fonts fontsFor(const QFont& base) {
    return {scaled(base, 1.0, true), scaled(base, 0.92), scaled(base, 0.84),
            scaled(base, 0.88, true)};
}

QColor mix(const QColor& a, const QColor& b, double t) {
    const auto channel = [t](double x, double y) { return float(x + (y - x) * t); };
    return QColor::fromRgbF(channel(a.redF(), b.redF()), channel(a.greenF(), b.greenF()),
                            channel(a.blueF(), b.blueF()));
}

// Draws `text` in a rounded pill; returns the pill's rect.
QRectF drawPill(QPainter* painter, const QPointF& topLeft, const QString& text, const QFont& font,
                const QColor& background, const QColor& foreground, const QColor& border) {
    const QFontMetricsF metrics(font);
    const QRectF pill(topLeft, QSizeF(metrics.horizontalAdvance(text) + 14, metrics.height() + 4));
    painter->setFont(font);
    painter->setPen(border.isValid() ? QPen(border, 1) : Qt::NoPen);
    painter->setBrush(background);
    painter->drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
    painter->setPen(foreground);
    painter->drawText(pill, Qt::AlignCenter, text);
    return pill;
}
}  // namespace

CandidateDelegate::CandidateDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QSize CandidateDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const Fonts fonts = fontsFor(option.font);
    const double text = QFontMetricsF(fonts.subject).height() +
                        QFontMetricsF(fonts.detail).height() * 2 +
                        QFontMetricsF(fonts.small).height() * 2 +
                        QFontMetricsF(fonts.badge).height() + 4 + 5 * kLineGap + 6;
    const int width = m_thumbnailSide + 2 * kPadding + 2 * kMargin;
    const int height =
        int(std::ceil(m_thumbnailSide + 2 * kPadding + 2 * kMargin + kPadding + text));
    return {width, height};
}

void CandidateDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);

    const QPalette& palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const bool focused = option.state & QStyle::State_HasFocus;
    const bool hovered = option.state & QStyle::State_MouseOver;
    const CandidateVerdict verdict =
        CandidateVerdict(index.data(CandidateListModel::VerdictRole).toInt());
    const bool excluded = verdict == CandidateVerdict::NotAMatch;
    const bool weak = index.data(CandidateListModel::BelowThresholdRole).toBool();

    // The card.
    const QRectF card = QRectF(option.rect).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const QColor highlight = palette.color(QPalette::Highlight);
    const QColor base = palette.color(QPalette::Base);
    const QColor background = selected ? mix(base, highlight, 0.14) : base;
    painter->setPen(QPen(selected ? highlight : palette.color(QPalette::Mid), selected ? 3 : 1));
    painter->setBrush(background);
    painter->drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    if (hovered && !selected) {
        painter->setPen(QPen(highlight.lighter(140), 1.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card.adjusted(1, 1, -1, -1), 8, 8);
    }

    // The thumbnail, centred in its square box.
    const QRectF thumbBox(card.left() + kPadding, card.top() + kPadding, m_thumbnailSide,
                          m_thumbnailSide);
    const QVariant decoration = index.data(Qt::DecorationRole);
    QPixmap pixmap = decoration.value<QPixmap>();
    {
        QPainterPath clip;
        clip.addRoundedRect(thumbBox, 5, 5);
        painter->save();
        painter->setClipPath(clip);
        painter->fillRect(thumbBox, QColor(0xe8, 0xea, 0xed));
        if (!pixmap.isNull()) {
            const QSizeF logical = QSizeF(pixmap.size()) / pixmap.devicePixelRatio();
            const QSizeF fitted = logical.scaled(thumbBox.size(), Qt::KeepAspectRatio);
            QRectF target(QPointF(0, 0), fitted);
            target.moveCenter(thumbBox.center());
            painter->drawPixmap(target, pixmap, QRectF(pixmap.rect()));
        }
        if (excluded || weak)
            painter->fillRect(thumbBox, QColor(255, 255, 255, 110));  // fades, stays legible
        painter->restore();
    }

    const Fonts fonts = fontsFor(option.font);

    // Rank badge on the thumbnail's top-left corner.
    const QString rank =
        QStringLiteral("#%1").arg(index.data(CandidateListModel::RankRole).toInt());
    drawPill(painter, thumbBox.topLeft() + QPointF(5, 5), rank, fonts.badge,
             QColor(0x20, 0x21, 0x24, 215), Qt::white, QColor());
    // Below the threshold shown: said in words on the face, not only by the fading.
    if (weak) {
        const QString below = tr("Below threshold");
        const double height = QFontMetricsF(fonts.small).height() + 4;
        drawPill(painter, QPointF(thumbBox.left() + 5, thumbBox.bottom() - 5 - height), below,
                 fonts.small, QColor(0x5f, 0x63, 0x68, 225), Qt::white, QColor());
    }

    // Text lines under the thumbnail.
    const double textLeft = card.left() + kPadding;
    const double textWidth = card.width() - 2 * kPadding;
    double y = thumbBox.bottom() + kPadding;
    const QColor text = palette.color(QPalette::Text);
    const QColor muted = palette.color(QPalette::PlaceholderText);
    const auto line = [&](const QString& s, const QFont& font, const QColor& color, int lines) {
        painter->setFont(font);
        painter->setPen(color);
        const QFontMetricsF metrics(font);
        const double h = metrics.height() * lines;
        const QRectF r(textLeft, y, textWidth, h);
        if (lines == 1) {
            painter->drawText(r, Qt::AlignLeft | Qt::AlignVCenter,
                              metrics.elidedText(s, Qt::ElideRight, textWidth));
        } else {
            painter->drawText(r, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, s);
        }
        y += h + kLineGap;
    };

    const QString name = index.data(CandidateListModel::SubjectNameRole).toString();
    const QString externalId = index.data(CandidateListModel::SubjectExternalIdRole).toString();
    line(name.isEmpty() ? index.data(CandidateListModel::SubjectRole).toString() : name,
         fonts.subject, text, 1);
    line(externalId.isEmpty() ? tr("No subject ID") : tr("ID %1").arg(externalId), fonts.detail,
         muted, 1);
    line(tr("Distance %1").arg(index.data(CandidateListModel::DistanceTextRole).toString()),
         fonts.detail, text, 1);
    line(index.data(CandidateListModel::FmrTextRole).toString(), fonts.small, weak ? muted : text, 2);

    // Verdict badge: its word and colour; an outline when no verdict yet.
    y += 2;
    const bool none = verdict == CandidateVerdict::None;
    const QString word = VerdictStyle::shortWord(verdict);
    drawPill(painter, QPointF(textLeft, y), word, fonts.badge, VerdictStyle::color(verdict),
             VerdictStyle::textColor(verdict), none ? QColor(0xba, 0xbd, 0xc2) : QColor());

    if (focused && !selected) {
        painter->setPen(QPen(highlight, 1.5, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card.adjusted(2.5, 2.5, -2.5, -2.5), 7, 7);
    }
    painter->restore();
}

}  // namespace facecase::ui
