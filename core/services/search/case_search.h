#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QRectF>
#include <QString>
#include <optional>
#include <vector>

#include "services/search/gallery_search.h"
#include "services/search/search_policy.h"
#include "audit/audit_record.h"
#include "store/case_record.h"
#include "store/probe_record.h"
#include "store/database_connection.h"
#include "store/search_recorder.h"
#include "types/descriptor.h"
#include "types/face_quality.h"
#include "types/result.h"

namespace facecase {

// An investigative search as the GUI and the CLI run it: a chosen face of a case's probe photo
// against a gallery, put on record. Checks the case is open and the probe is a photograph of
// a person (sketches and drawings are refused), runs GallerySearch, and records the searches
// row, every candidate and the `search_run` audit record in one transaction (SearchRecorder).
// A search that cannot be recorded is not shown: the result exists only with its record.
//
// Also the two audit-only steps of the case workflow: a face boxed by hand, and a candidate
// opened in the compare view.
//
// Thread-safe when each thread passes its own connection (GallerySearch's index cache is
// shared). Never on the GUI thread: the first search of a gallery loads its index.
class CaseSearch {
public:
    // The probe face the analyst chose (or boxed by hand), as the face pipeline described it.
    struct ProbeFace {
        int index = 1;  // 1-based number in the photo, as `detect` and the probe view number faces
        QRectF box;     // upright image pixels
        Descriptor descriptor;
        FaceQuality quality;  // its warnings are recorded with the search
        bool manual = false;  // boxed by the analyst
    };

    struct Request {
        qint64 caseId = 0;
        qint64 probeId = 0;
        ProbeFace face;
        QString galleryName;
        QString modelKey;  // DescriptorModelKey::of(): the key the gallery was enrolled with
        int k = 20;
        SearchMode mode = SearchMode::Automatic;
        // A distance cut-off: candidates farther away are not listed (and the record says so).
        // None: the plain top-k list.
        std::optional<double> threshold;
    };

    struct Outcome {
        GallerySearchOutcome search;
        qint64 searchId = 0;
        std::vector<qint64> candidateIds;  // candidates.id, in rank order
        AuditRecord audit;                 // the search_run record
    };

    // `weightsSha256`: SHA-256 of the descriptor network's weights
    // (FaceModels::descriptorWeights()->shardSha256), recorded with every search.
    // The agency's limits (SearchPolicy::from the workspace's PolicyStore) are read at every
    // search, so a policy change applies to the next one; a refused search leaves a
    // `search_refused` audit record naming the reason, so refusals are on record too.
    CaseSearch(GallerySearch search, QString weightsSha256);

    Result<Outcome> run(const DatabaseConnection& connection, const Request& request,
                        const QString& actor, const HnswIndex::Progress& progress = {}) const;

    // The recording half of run(), after its checks and its search: `searched` (what
    // GallerySearch answered for `request`, started at `startedAt`, candidates already cut at
    // the request's threshold) goes on record through SearchRecorder -- the searches row, its
    // candidates and the `search_run` audit record in one write transaction under the audit
    // chain's lock, refused unless the case is open and the probe is one of its own.
    //
    // Checks nothing run() checks before searching (the agency's policy, a drawing, a
    // synthetic gallery): casework goes through run(). Public only so that `facecase-cli bench
    // gallery-search --record` times exactly this recording on a `gallery synth` gallery, in a
    // benchmark case of its own.
    static Result<SearchRecorder::Recorded> record(const DatabaseConnection& connection,
                                                   const Request& request,
                                                   const GallerySearchOutcome& searched,
                                                   const QDateTime& startedAt,
                                                   const QString& weightsSha256,
                                                   const QString& actor);

    // Audit `face_marked_by_hand`: the analyst boxed a face the detector missed on a probe of
    // an open case. The box goes into the record; the search with it records it again.
    static Result<AuditRecord> recordManualFace(const DatabaseConnection& connection,
                                                qint64 caseId, qint64 probeId, const QRectF& box,
                                                const QString& actor);

    // Audit `candidate_opened`: a recorded candidate was shown in the compare view. Allowed in
    // a closed case too (looking changes nothing, but who looked is recorded).
    static Result<AuditRecord> recordCandidateOpened(const DatabaseConnection& connection,
                                                     qint64 candidateId, const QString& actor);

    // Audit `search_refused` for a search refused before it reached an open case: no case
    // named, an unknown case number, or a closed case (`theCase` then names it). Returns
    // `reason`, or the error of writing the record.
    static Error recordRefusal(const DatabaseConnection& connection, const CaseRecord* theCase,
                               const QString& galleryName, int probeCount, const QString& actor,
                               Error reason);

private:
    static Error appendRefusal(const DatabaseConnection& connection, std::optional<qint64> caseId,
                               QJsonObject details, const QString& actor, Error reason);
    // Writes the `search_refused` audit record (its own transaction) and returns `reason`.
    // `probe` may be null when the request names none of the case's probes.
    static Error refused(const DatabaseConnection& connection, const CaseRecord& theCase,
                         const ProbeRecord* probe, const Request& request, const QString& actor,
                         Error reason);

    GallerySearch m_search;
    QString m_weightsSha256;
};

}  // namespace facecase
