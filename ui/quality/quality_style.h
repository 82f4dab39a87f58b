#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QString>

#include "types/face_quality.h"

namespace facecase::ui {

// Colours, words and icons for the quality levels, shared by the photo overlay, the face list
// and the details, so a level always looks the same everywhere. GUI thread only (icons).
class QualityStyle {
    Q_DECLARE_TR_FUNCTIONS(QualityStyle)

public:
    using Level = FaceQuality::Level;

    static QColor color(Level level);      // strong, for boxes and dots on a photo
    static QColor textColor(Level level);  // readable on a light background
    static QString word(Level level);      // "Good", "Caution", "Poor"
    static QIcon icon(Level level);        // a round dot in color(level); callers cache it
    // The face's warnings as one tooltip, or a line saying there are none.
    static QString warningsText(const FaceQuality& quality);
};

}  // namespace facecase::ui
