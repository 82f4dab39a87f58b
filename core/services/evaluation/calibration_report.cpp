#include "services/evaluation/calibration_report.h"

#include "types/json_file.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace facecase {

QJsonObject CalibrationReport::toJson() const {
    QJsonObject json = calibration.toJson();
    json.insert(QStringLiteral("details"),
                QJsonObject{
                    {QStringLiteral("pair_selection"),
                     QStringLiteral("all: every unordered pair of photos with a descriptor")},
                    {QStringLiteral("labeled_root"), labeledRoot},
                    {QStringLiteral("descriptor_mode"), descriptorMode},
                    {QStringLiteral("min_face_px"), minFaceSize},
                    {QStringLiteral("identities"), identities},
                    {QStringLiteral("identities_used"), identitiesUsed},
                    {QStringLiteral("photos"), photos},
                    {QStringLiteral("photos_used"), photosUsed},
                    {QStringLiteral("photos_without_descriptor"),
                     QJsonArray::fromStringList(photosWithoutDescriptor)},
                    {QStringLiteral("command"), command},
                    {QStringLiteral("facecase_version"), facecaseVersion},
                    {QStringLiteral("threads"), threads},
                    {QStringLiteral("analysis_seconds"), analysisSeconds},
                    {QStringLiteral("pair_seconds"), pairSeconds},
                    {QStringLiteral("calibration_seconds"), calibrationSeconds},
                    {QStringLiteral("total_seconds"), totalSeconds},
                });
    return json;
}

Result<void> CalibrationReport::save(const QString& path) const {
    return writeJsonFile(path, toJson());
}

}  // namespace facecase
