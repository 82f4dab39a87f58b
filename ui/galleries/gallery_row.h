#pragma once

#include "services/enrollment/gallery_catalog.h"

namespace facecase::ui {

// One row of the Galleries table: the gallery with its descriptor model and newest enrollment
// job, as GalleryCatalog::overview() reads them. Plain value.
using GalleryRow = facecase::GalleryOverview;

}  // namespace facecase::ui
