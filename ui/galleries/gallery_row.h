#pragma once

#include <QString>
#include <optional>

#include "store/enrollment_job.h"
#include "store/gallery_repository.h"

namespace facecase::ui {

// One row of the Galleries table: the gallery with what the table shows beside it. Plain value.
struct GalleryRow {
    Gallery gallery;
    QString descriptorModel;                 // empty while the gallery has no descriptors
    std::optional<facecase::EnrollmentJob> lastJob;  // the newest enrollment job, if any
};

}  // namespace facecase::ui
