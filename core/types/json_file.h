#pragma once

#include <QJsonObject>
#include <QString>

#include "types/result.h"

namespace facecase {

// Writes `json` (indented, for people to read and diff) to `path` atomically: a temporary file
// renamed on success, so a crash never leaves half a file where a good one was.
// InvalidInput naming the file and the system's reason.
Result<void> writeJsonFile(const QString& path, const QJsonObject& json);

}  // namespace facecase
