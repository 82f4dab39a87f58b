#pragma once

#include <QImage>
#include <QList>
#include <QString>

#include "photo/photo_pyramid.h"
#include "services/pipeline/face_pipeline.h"
#include "services/pipeline/stage_timings.h"

namespace facecase::ui {

// One photo analysed by a DetectionJob, with everything the views need already converted on the
// worker thread (display pyramid, aligned chips as QImages), so the GUI thread only assigns.
struct DetectionResult {
    quint64 requestId = 0;
    QString displayName;     // the file name (or "pasted image (PNG)") for messages and title
    PhotoAnalysis analysis;  // source provenance and faces, as the engine returned them
    PhotoPyramid photo;      // the decoded photo, ready to paint at any zoom
    QList<QImage> chips;     // one aligned 150x150 face per face, same order as analysis.faces
    StageTimings timings;    // per-stage engine time
    double elapsedMs = 0;    // wall-clock time on the worker: pipeline lease to result
};

}  // namespace facecase::ui
