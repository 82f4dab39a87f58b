#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QRectF>
#include <QString>
#include <optional>
#include <vector>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// Reads recorded searches and their candidate lists back, for the case view, `case show` and
// exports. Read-only; uses the calling thread's connection; not thread-safe. Keeps a reference
// to `connection`, which must outlive it.
class SearchReader {
public:
    struct Search {
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

    struct Candidate {
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

    explicit SearchReader(const DatabaseConnection& connection) : m_connection(connection) {}

    Result<std::vector<Search>> searchesOfCase(qint64 caseId) const;  // oldest first
    Result<Search> findSearch(qint64 searchId) const;                 // NotFound names the id
    Result<std::vector<Candidate>> candidatesOf(qint64 searchId) const;  // in rank order

private:
    Result<std::vector<Search>> select(const QString& where, qint64 value) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
