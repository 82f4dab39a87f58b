#include "quality/quality_style.h"

#include <QPainter>
#include <QPixmap>

namespace facecase::ui {

QColor QualityStyle::color(Level level) {
    switch (level) {
        case Level::Good:
            return QColor(0x2e, 0xb8, 0x5c);
        case Level::Caution:
            return QColor(0xf5, 0xb4, 0x00);
        case Level::Poor:
            return QColor(0xe5, 0x39, 0x35);
    }
    return Qt::gray;
}

QColor QualityStyle::textColor(Level level) {
    switch (level) {
        case Level::Good:
            return QColor(0x1b, 0x6e, 0x35);
        case Level::Caution:
            return QColor(0x8a, 0x5a, 0x00);
        case Level::Poor:
            return QColor(0xb7, 0x1c, 0x1c);
    }
    return Qt::black;
}

QString QualityStyle::word(Level level) {
    switch (level) {
        case Level::Good:
            return tr("Good");
        case Level::Caution:
            return tr("Caution");
        case Level::Poor:
            return tr("Poor");
    }
    return {};
}

QIcon QualityStyle::icon(Level level) {
    QIcon icon;
    for (const int side : {16, 32, 48}) {  // crisp at 1x, 2x and 3x
        QPixmap pixmap(side, side);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const double s = side / 16.0;
        painter.setPen(QPen(color(level).darker(130), 1.0 * s));
        painter.setBrush(color(level));
        painter.drawEllipse(QRectF(3.5 * s, 3.5 * s, 9 * s, 9 * s));
        painter.end();
        icon.addPixmap(pixmap);
        icon.addPixmap(pixmap, QIcon::Selected);  // keep the colour on a selected row
    }
    return icon;
}

QString QualityStyle::warningsText(const FaceQuality& quality) {
    if (quality.warnings.isEmpty()) return tr("No quality warnings.");
    QStringList lines;
    for (const QString& warning : quality.warnings) lines << QStringLiteral("• ") + warning;
    return lines.join(QLatin1Char('\n'));
}

}  // namespace facecase::ui
