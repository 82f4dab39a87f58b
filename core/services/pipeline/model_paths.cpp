#include "services/pipeline/model_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace facecase {

QStringList ModelPaths::descriptorSearchFolders() {
    QStringList folders;
    const QString fromEnv = qEnvironmentVariable("FACECASE_MODEL_DIR");
    if (!fromEnv.isEmpty()) folders << fromEnv;
    if (QCoreApplication::instance()) {
        const QString appDir = QCoreApplication::applicationDirPath();
        folders << QDir(appDir).filePath(QStringLiteral("models"))
                << QDir(appDir).filePath(QStringLiteral("../share/facecase/models"));
    }
    folders << QStringLiteral(FACECASE_BUILD_MODEL_DIR) << QStringLiteral(FACECASE_INSTALL_MODEL_DIR);
    for (QString& f : folders) f = QDir::cleanPath(f);
    folders.removeDuplicates();
    return folders;
}

Result<ModelPaths> ModelPaths::locate() {
    ModelPaths paths;
    const QStringList folders = descriptorSearchFolders();
    for (const QString& folder : folders) {
        const QString candidate = QDir(folder).filePath(QString::fromLatin1(kManifestName));
        if (QFileInfo::exists(candidate)) {
            paths.descriptorManifest = candidate;
            break;
        }
    }
    if (paths.descriptorManifest.isEmpty())
        return Error::model(QStringLiteral("face descriptor weights (%1) not found in: %2. Run "
                                           "installer/setup.sh, or set FACECASE_MODEL_DIR.")
                                .arg(QString::fromLatin1(kManifestName), folders.join(QStringLiteral(", "))));

    auto landmarks = locateLandmarkModel();
    if (!landmarks) return landmarks.error();
    paths.landmarkModel = *landmarks;
    return paths;
}

Result<QString> ModelPaths::locateLandmarkModel() {
    QString path = qEnvironmentVariable("FACECASE_LANDMARK_MODEL");
    if (path.isEmpty()) path = QStringLiteral(FACECASE_LANDMARK_MODEL);
    if (!QFileInfo::exists(path))
        return Error::model(QStringLiteral("landmark model %1 not found: install Debian's "
                                           "libdlib-data (installer/setup.sh does), or set "
                                           "FACECASE_LANDMARK_MODEL.").arg(path));
    return path;
}

}  // namespace facecase
