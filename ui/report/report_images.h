#pragma once

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <map>
#include <vector>

#include "casefile/aligned_chip.h"
#include "casefile/exported_evidence.h"

namespace facecase {

// The pictures of a case report, cut from the evidence copies in the bundle being written (so
// the report shows exactly the bytes the manifest hashes): a probe with its face boxes, face
// crops with an analyst's marks, and aligned chips (cut by core) with the marks mapped onto them. Decodes with EXIF orientation applied, because face boxes and
// marks are in upright pixels. Keeps the last few decoded photos (a case shows each probe in
// several places). Not thread-safe; Qt Gui (QImage, QPainter) on the calling thread.
class ReportImages {
public:
    struct Mark {
        QPointF position;  // upright pixels of the photo
        int number = 0;    // the label's number in the report's list
    };

    ReportImages(QString bundleFolder, const std::map<QString, ExportedEvidence>& evidence)
        : m_bundleFolder(std::move(bundleFolder)), m_evidence(evidence) {}

    // The photo scaled into maxSide x maxSide with each box drawn and numbered 1, 2, ...; a
    // labelled placeholder when the photo is not in the bundle.
    QImage withBoxes(const QString& sha256, const std::vector<QRectF>& boxes, int maxSide);
    // The face box with a margin, scaled into side x side, marks drawn as numbered circles.
    QImage faceCrop(const QString& sha256, const QRectF& box, int side, const std::vector<Mark>& marks = {});
    // The aligned chip scaled to side x side, marks (photo pixels) mapped onto it with
    // ChipGeometry and drawn as numbered circles; a labelled placeholder if the PNG is unreadable.
    QImage alignedChip(const AlignedChip& chip, int side, const std::vector<Mark>& marks = {});

private:
    struct Decoded {
        QImage image;
        double scale = 1.0;  // decoded pixels per upright photo pixel
    };
    const Decoded* decode(const QString& sha256);
    static QImage placeholder(int width, int height, const QString& text);
    // Numbered circles at `points` (already in `image`'s pixels), sized for a `side`-pixel face.
    static void drawMarks(QImage& image, const std::vector<std::pair<QPointF, int>>& points, int side);

    QString m_bundleFolder;
    const std::map<QString, ExportedEvidence>& m_evidence;
    std::map<QString, Decoded> m_cache;
};

}  // namespace facecase
