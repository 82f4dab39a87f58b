#pragma once

#include <QRectF>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "services/search/case_search.h"
#include "services/pipeline/face_models.h"
#include "services/pipeline/face_pipeline.h"
#include "services/search/probe_face_choice.h"
#include "store/case_record.h"
#include "store/probe_record.h"
#include "store/workspace.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// Many probe photos searched for one open case, as `facecase-cli search` runs it: every probe
// is copied into the workspace as evidence of the case, the evidence copies are analysed on
// worker threads, and each chosen face is searched and put on record (CaseSearch) on the
// calling thread, in input order.
//
// A batch never stops at one bad item. A probe that cannot be imported or analysed, has no
// face, or a face the agency's policy refuses (too small, a sketch) is that item's result: one
// `problem` call, a `search_refused` audit record where it was a refusal, and the batch goes
// on. Only what concerns the whole batch ends it before the first search, as an Error: no or
// an unknown or closed case, an unknown gallery, a list length outside the policy, a bad
// calibration file (each refusal written as `search_refused`), or missing models. A database
// failure in the middle ends it too (nothing more could be recorded).
//
// Not thread-safe: one run() at a time on the thread that owns `connection`. Memory stays flat
// for any number of probes (a bounded number of analysed photos are in flight).
class BatchCaseSearch {
public:
    struct Request {
        QString caseNumber;
        QString galleryName;
        QStringList probePaths;
        ProbeFaceChoice faces;
        std::optional<int> k;  // none: the policy's search.default_candidates
        SearchMode mode = SearchMode::Automatic;
        ProbeRecord::DeclaredKind probeKind = ProbeRecord::DeclaredKind::Unknown;
        QString editNote;
        PipelineOptions pipeline;
        // False: search the way the gallery was enrolled when it holds one descriptor mode.
        bool descriptorModeChosen = false;
        QString calibrationFile;  // empty: the table shipped for the descriptor model
        int threads = 1;
    };

    // The gallery as loaded before the first probe is searched.
    struct Prepared {
        CaseRecord theCase;
        QString galleryName;
        QString modelKey;
        std::size_t gallerySize = 0;
        double loadSeconds = 0;  // descriptors read and indexes built or loaded
        QString indexHow;        // GalleryIndexLoad::how(): "loaded", "updated (+a -r faces)", …
        QString indexNote;       // why an HNSW graph was rebuilt or not saved; may be empty
        QString calibrationNote;  // why no false-match rates are shown; empty when they are
        int k = 0;
    };

    // A probe photo as the listener sees it (the faces' chips and landmarks are not kept).
    struct Probe {
        int index = 0;  // in Request::probePaths
        QString path;   // as given
        QString sha256;
        qint64 probeId = 0;
        int facesInPhoto = 0;
    };

    struct SearchedFace {
        const Probe& probe;
        int faceNumber;  // as `detect` numbers faces
        QRectF box;
        const FaceQuality& quality;
        const CaseSearch::Outcome& recorded;
    };

    // One item not searched: the whole probe (`faceNumber` none) or one of its faces.
    struct Problem {
        int index = 0;
        QString path;
        std::optional<int> faceNumber;
        Error error;
    };

    // Called on the thread that called run(), in input order.
    struct Listener {
        std::function<void(const Prepared&)> prepared;
        std::function<void(std::size_t done, std::size_t total)> indexProgress;  // HNSW build
        std::function<void(const SearchedFace&)> searched;
        std::function<void(const Problem&)> problem;
    };

    struct Summary {
        int probes = 0;
        int searchedFaces = 0;
        int probesWithProblems = 0;  // each reported through Listener::problem
        int refusedFaces = 0;        // faces of otherwise searched probes, also reported
        QString calibrationSource;   // the calibration's data set, empty without one
        bool allDone() const { return probesWithProblems == 0; }
    };

    // `connection` is the calling thread's and outlives the object.
    BatchCaseSearch(Workspace workspace, const DatabaseConnection& connection, Actor actor);

    // `cancel` stops the batch after the face in hand (Error::Cancelled).
    Result<Summary> run(const Request& request, const Listener& listener,
                        const std::atomic_bool& cancel) const;

private:
    Error refuseBatch(const CaseRecord* theCase, const Request& request, Error why) const;

    Workspace m_workspace;
    const DatabaseConnection& m_connection;
    Actor m_actor;
};

}  // namespace facecase
