#pragma once
// Candidate lists made the way a search makes them, from real photos: the face pipeline
// analyses a probe and a gallery of photos, every gallery face is ranked by its descriptor
// distance to the probe face and rated with the shipped score calibration, and its provenance
// is what enrollment would have recorded (path, SHA-256, size, box, quality). No database, so
// the GUI tests stay independent of the store; the numbers are the engine's own.

#include <QString>
#include <QStringList>
#include <vector>

#include "candidates/candidate_row.h"
#include "services/pipeline/face_pipeline.h"
#include "services/search/gallery_search.h"
#include "types/result.h"

namespace facecase {
class PipelinePool;
}

namespace facecase::test {

struct CandidateFixture {
    PhotoAnalysis probe;  // face 1 is the probe face
    GallerySearchOutcome outcome;
    std::vector<ui::CandidateRow> rows() const;
    // The row whose photo file name is `fileName` (e.g. "sheldon2.png"); -1 if none.
    int rowOf(const QString& fileName) const;
};

// The face-api sample crops: "<person>/<person><n>.png" under detection/face-api-samples/images.
QString sample(const QString& person, int n);
QStringList samplePeople();

// Analyses `probePath` and every photo of `gallery` (one face each is expected; photos without
// a face are skipped) on a leased pipeline and ranks the gallery's faces against the probe.
Result<CandidateFixture> buildCandidates(PipelinePool& pool, const QString& probePath,
                                         const QStringList& gallery, int k);

}  // namespace facecase::test
