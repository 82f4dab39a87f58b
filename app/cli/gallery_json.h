#pragma once

#include "store/gallery.h"

#include <QJsonObject>

namespace facecase::cli {

// A gallery as `gallery list`, `gallery stats` and `gallery synth` print it (docs/cli.md):
// id, name, description, created_at, revision, images, faces, kind ("real" / "synthetic").
QJsonObject galleryJson(const Gallery& gallery);

}  // namespace facecase::cli
