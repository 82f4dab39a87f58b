#pragma once

#include <QString>

#include "store/workspace.h"
#include "types/result.h"

namespace facecase {

struct IndexUpdateBenchmarkOptions {
    QString gallery;    // a synthetic gallery (`gallery synth`); the run adds faces to it
    qint64 add = 1000;  // faces another connection adds between the two loads
    int probes = 50;    // searches compared between the updated and a freshly loaded index
};

struct IndexUpdateBenchmarkResult {
    QString gallery;
    QString modelId;
    QString backend;  // "SQLite", "PostgreSQL"
    std::size_t facesBefore = 0;
    std::size_t facesAfter = 0;
    double firstLoadSeconds = 0;   // the gallery read in full by a cold cache
    double addSeconds = 0;         // the added faces written (one transaction, another session)
    double updateSeconds = 0;      // the warm cache's get() after the addition
    bool incremental = false;      // it applied the changes (else it read in full, for the reason)
    QString reloadReason;
    double fullReloadSeconds = 0;  // a fresh cache's get() of the same state: what was avoided
    int probesCompared = 0;
    bool identicalAnswers = false;  // every probe's 20 nearest (exact) and the face ids equal
};

// `facecase-cli bench index-update`: what a workstation's search index pays when another one
// enrolls. Loads a synthetic gallery into a GalleryIndexCache, has a second connection add
// `add` faces (the next numbers of the gallery's population, as `gallery synth` would), then
// times the cache's get() — which follows the gallery's change sequence — against a fresh
// cache's full load of the same state, and checks that both indexes answer identically.
// Writes to the workspace: the gallery keeps the added faces (it is a benchmark fixture; a real
// gallery is refused). Index files go to a temporary folder. Blocks the calling thread.
class IndexUpdateBenchmark {
public:
    static Result<IndexUpdateBenchmarkResult> run(const Workspace& workspace,
                                                  const IndexUpdateBenchmarkOptions& options);
};

}  // namespace facecase
