#include "types/json_file.h"

#include <QJsonDocument>
#include <QSaveFile>

namespace facecase {

Result<void> writeJsonFile(const QString& path, const QJsonObject& json) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::invalidInput(path + QStringLiteral(": cannot write: ") + file.errorString());
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Error::invalidInput(path + QStringLiteral(": cannot write: ") + file.errorString());
    return {};
}

}  // namespace facecase
