#pragma once

#include "types/result.h"

#include <QString>
#include <QStringList>

namespace facecase {

// Where the model files are. Nothing is ever downloaded at run time: installer/setup.sh puts the
// descriptor weights into the build's (or installation's) model folder, Debian's libdlib-data
// provides the landmark model.
struct ModelPaths {
    QString descriptorManifest;  // face_recognition_model-weights_manifest.json (shard beside it)
    QString landmarkModel;       // shape_predictor_68_face_landmarks.dat

    static constexpr const char* kManifestName = "face_recognition_model-weights_manifest.json";

    // Looks, in order, in: $FACECASE_MODEL_DIR; <executable dir>/models; <executable
    // dir>/../share/facecase/models; the build tree's model folder; the install prefix's.
    // Landmarks: $FACECASE_LANDMARK_MODEL, else Debian's path. Fails with a message listing
    // every place searched and the command that fixes it.
    static Result<ModelPaths> locate();
    // The landmark model alone (what aligning a recorded face needs, e.g. for a case export).
    static Result<QString> locateLandmarkModel();

    static QStringList descriptorSearchFolders();
};

}  // namespace facecase
