#pragma once

// Shared by the core/embedding tests: where the descriptor weights are, and real face crops.

#include "embedding/resnet_weights.h"
#include "embedding/tfjs_weights_loader.h"
#include "types/image.h"

#include <QByteArray>
#include <QFileInfo>
#include <QString>

#include <memory>

namespace facecase::test {

// $FACECASE_MODEL_DIR, else this build tree's model folder (filled by installer/setup.sh).
inline QString modelDir() {
    const QString dir = qEnvironmentVariable("FACECASE_MODEL_DIR");
    return dir.isEmpty() ? QStringLiteral(FACECASE_TEST_MODEL_DIR) : dir;
}

inline QString modelManifest() { return TfjsWeightsLoader::manifestPathIn(modelDir()); }

inline QByteArray missingModelMessage() {
    return QStringLiteral("descriptor weights not found in %1: set FACECASE_MODEL_DIR to the folder "
                          "holding %2, or run installer/setup.sh")
        .arg(modelDir(), QString::fromLatin1(TfjsWeightsLoader::kManifestFileName))
        .toUtf8();
}

}  // namespace facecase::test

// Skips the current test function when the weights are absent (never passes silently).
#define FACECASE_REQUIRE_MODEL()                                                   \
    do {                                                                         \
        if (!QFileInfo::exists(facecase::test::modelManifest()))                 \
            QSKIP(facecase::test::missingModelMessage().constData());            \
    } while (false)
