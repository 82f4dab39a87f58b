#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QRectF>
#include <QString>
#include <optional>

namespace facecase {

// A search as it was recorded in a case (SearchReader reads them back): what the case view,
// `case show`, the report and exports display.
struct RecordedSearch {
    qint64 id = 0;
    qint64 caseId = 0;
    std::optional<qint64> probeId;  // none for searches recorded before schema 3
    QString probeSha256;
    QString probeEvidencePath;
    int faceIndex = 0;
    QRectF box;
    bool manualFace = false;
    std::optional<qint64> galleryId;  // none once the gallery was removed
    QString galleryName;
    qint64 galleryRevision = 0;
    QString modelKey;
    QJsonObject parameters;  // k, threshold, method, gallery_size, weights_sha256, ...
    QString actor;
    QDateTime startedAt;
    QDateTime finishedAt;
    int candidateCount = 0;

    qint64 gallerySize() const;  // N, from the parameters
    int k() const;
};

// One recorded candidate of a search, in rank order.
struct RecordedCandidate {
    qint64 id = 0;
    qint64 searchId = 0;
    int rank = 0;
    std::optional<qint64> faceId;  // none once the gallery face was removed
    double distance = 0;
    std::optional<double> score;   // calibrated false-match rate
    QString imageSha256;
    QString subjectExternalId;
    QString subjectName;
};

}  // namespace facecase
