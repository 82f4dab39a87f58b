#pragma once

#include <QByteArray>
#include <QString>

namespace facecase {

// What the workspace keeps of an enrolled face besides its numbers (schema 6, `face_images`):
// the 150x150 aligned chip the descriptor network saw and a thumbnail of the face with some of
// the photo around it (long side at most kThumbnailMaxSide), both encoded files ("jpeg" or
// "png"). Lets a candidate be reviewed when its original photo cannot be reached. Plain value;
// the byte arrays are implicitly shared, so copies are cheap.
struct FaceImages {
    static constexpr int kThumbnailMaxSide = 200;
    static constexpr double kThumbnailMargin = 0.4;  // of the face box, on every side

    QByteArray chip;
    QString chipFormat;
    QByteArray thumbnail;
    QString thumbnailFormat;

    bool isEmpty() const { return chip.isEmpty() || thumbnail.isEmpty(); }
};

}  // namespace facecase
