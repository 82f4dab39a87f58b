#include "store/descriptor_model_registry.h"

#include <QSqlError>
#include <QSqlQuery>

#include "store/store_error.h"
#include "types/descriptor.h"

namespace facecase {

Result<qint64> registerDescriptorModel(const DatabaseConnection& connection, const QString& modelId) {
    const QString& path = connection.databasePath();
    if (modelId.trimmed().isEmpty()) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot store descriptors without a model id").arg(path));
    }
    QSqlQuery query(connection.database());
    query.prepare(
        QStringLiteral("INSERT INTO descriptor_models (name, dimensions) VALUES (?, ?) "
                       "ON CONFLICT (name) DO NOTHING"));
    query.bindValue(0, modelId);
    query.bindValue(1, Descriptor::kSize);
    if (!query.exec()) {
        return databaseError(path, QStringLiteral("register descriptor model \"%1\"").arg(modelId),
                             query.lastError());
    }
    query.prepare(QStringLiteral("SELECT id, dimensions FROM descriptor_models WHERE name = ?"));
    query.bindValue(0, modelId);
    if (!query.exec() || !query.next()) {
        return databaseError(path, QStringLiteral("look up descriptor model \"%1\"").arg(modelId),
                             query.lastError());
    }
    if (query.value(1).toInt() != Descriptor::kSize) {
        return Error::invalidInput(
            QStringLiteral(
                "%1: descriptor model \"%2\" is registered with %3 dimensions, this build makes %4")
                .arg(path, modelId)
                .arg(query.value(1).toInt())
                .arg(Descriptor::kSize));
    }
    return query.value(0).toLongLong();
}

}  // namespace facecase
