#pragma once

#include <QDateTime>
#include <QRectF>
#include <QString>
#include <optional>
#include <vector>

#include "audit/audit_numbers.h"
#include "audit/audit_record.h"
#include "store/database_connection.h"
#include "types/descriptor.h"
#include "types/face_quality.h"
#include "types/result.h"

namespace facecase {

// Puts an investigative search on record: the `searches` row (what was searched with, against
// what, how), one `candidates` row per candidate shown, and the `search_run` audit record with
// the full candidate list, all in ONE write transaction: either the analyst's search exists with
// its record or nothing of it does. Plain store code: CaseSearch (core/services) runs the search
// and calls this.
//
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`,
// which must outlive it. Cost: one insert per candidate plus the audit append (~1 ms for 100).
class SearchRecorder {
public:
    struct Candidate {
        int rank = 0;        // 1 = nearest; ranks must be 1, 2, 3, ... in order
        qint64 faceId = 0;
        double distance = 0;
        std::optional<double> fmr;  // calibrated false-match rate; absent without calibration
        bool fmrBeyondData = false;  // fmr is an upper bound (closer than any impostor measured)
        QString imageSha256;
        QString subjectExternalId;
        QString subjectName;
    };

    struct Draft {
        qint64 caseId = 0;
        qint64 probeId = 0;
        int faceIndex = 1;       // 1-based number of the probe face in its photo
        QRectF box;              // the probe face, upright image pixels
        bool manualFace = false;  // boxed by the analyst, not found by the detector
        Descriptor descriptor;
        FaceQuality quality;     // measurements and warnings, recorded with the search

        qint64 galleryId = 0;
        QString galleryName;
        qint64 galleryRevision = 0;
        qint64 gallerySize = 0;  // N
        QString modelKey;        // descriptor_models.name, e.g. "<network id>/flip-averaged"
        QString weightsSha256;   // SHA-256 of the descriptor network's weights file
        QString method;          // "exact", "hnsw"
        int k = 0;               // candidates asked for
        std::optional<double> threshold;  // distance cut-off applied, if any
        QDateTime startedAt;     // UTC
        QDateTime finishedAt;
        std::vector<Candidate> candidates;
    };

    struct Recorded {
        qint64 searchId = 0;
        std::vector<qint64> candidateIds;  // in rank order
        AuditRecord audit;
    };

    explicit SearchRecorder(const DatabaseConnection& connection) : m_connection(connection) {}

    // Refuses a case that is not open, a probe of another case, a model the workspace does not
    // know, ranks out of order and negative or non-finite distances.
    Result<Recorded> record(const Draft& draft, const QString& actor);

    // Number of decimal places distances carry in audit records and exports.
    static constexpr int kDistancePlaces = audit::kDistancePlaces;

private:
    Result<qint64> modelIdOf(const QString& modelKey) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
