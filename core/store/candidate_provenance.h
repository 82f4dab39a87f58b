#pragma once

#include <QJsonObject>
#include <QRectF>
#include <QString>
#include <optional>

#include "types/landmarks.h"

namespace facecase {

// Everything the workspace knows about where a gallery face came from: the analyst weighs a
// candidate by it, and exports print it. Read fresh from the database for each result, so it is
// what the record says now (not a copy taken at enrollment).
struct CandidateProvenance {
    qint64 faceId = 0;
    int faceIndex = 0;     // 1-based position of the face in its image
    QRectF box;            // in the upright image's pixels
    QString qualityLevel;  // 'good', 'caution', 'poor'
    bool manualFace = false;
    // The 68 points stored at enrollment: the aligned chip of the face is re-cut from them.
    // Absent when the row's blob does not decode (never for rows the writers store).
    std::optional<Landmarks> landmarks;
    // Whether the workspace keeps the face's chip and thumbnail (schema 6, FaceImageReader):
    // what the analyst is shown when the original at imagePath cannot be reached or has
    // changed. False for faces enrolled before schema 6 and synthetic faces.
    bool storedChip = false;

    qint64 galleryId = 0;
    qint64 imageId = 0;
    QString imagePath;  // where the photo was enrolled from
    QString imageSha256;
    qint64 fileBytes = 0;
    int width = 0;
    int height = 0;
    QString format;
    QString importedAt;  // ISO 8601 UTC
    QString source;      // 'enrollment', 'synthetic', ...

    std::optional<qint64> jobId;  // the enrollment job that stored it (gone if the job was removed)
    QString jobSourceFolder;
    QString jobActor;

    std::optional<qint64> subjectId;
    QString subjectExternalId;  // booking number or similar; empty when unknown
    QString subjectName;
    QJsonObject subjectAttributes;
};

}  // namespace facecase
