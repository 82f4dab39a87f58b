#pragma once

#include <QImage>

#include "types/image.h"

namespace facecase::ui {

// facecase::Image -> QImage without OpenCV. Both functions are safe on any thread (QImage, unlike
// QPixmap, is not tied to the GUI thread), so jobs convert before handing results to the GUI.

// Shares the pixels, no copy: the QImage holds a reference to the Image's buffer until its last
// copy is gone. Format_RGB888 and read-only: writing to it detaches into a deep copy.
QImage toQImage(const Image& image);

// A deep copy in Format_RGB32, the format the raster paint engine draws without converting.
QImage toDisplayImage(const Image& image);

}  // namespace facecase::ui
