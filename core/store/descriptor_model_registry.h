#pragma once

#include <QString>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// The descriptor_models row of `modelId` (e.g. "dlib-resnet-v1/flip-averaged"), inserted when
// new: every stored descriptor names the model that made it, and models of another size are
// refused. Call inside the write transaction that stores the descriptors; the row may be new in
// that transaction, so callers must not cache the id across a rollback. One indexed read.
Result<qint64> registerDescriptorModel(const DatabaseConnection& connection, const QString& modelId);

}  // namespace facecase
