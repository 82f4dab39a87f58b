#include "services/search/built_in_calibration.h"

#include <QDir>
#include <vector>

namespace facecase {

namespace {

// Every shipped table, or why one could not be read. Built once: the resources cannot change
// while the process runs.
struct ShippedTables {
    std::vector<ScoreCalibration> tables;
    QString failure;
};

const ShippedTables& shippedTables() {
    static const ShippedTables shipped = [] {
        ShippedTables out;
        const QDir dir(BuiltInCalibration::resourceDirectory());
        for (const QString& name :
             dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            auto table = ScoreCalibration::load(dir.filePath(name));
            if (!table) {
                out.failure = table.errorMessage();
                break;
            }
            out.tables.push_back(std::move(table).value());
        }
        return out;
    }();
    return shipped;
}

}  // namespace

Result<ScoreCalibration> BuiltInCalibration::forModel(const QString& modelKey) {
    const ShippedTables& shipped = shippedTables();
    if (!shipped.failure.isEmpty())
        return Error::internal(
            QStringLiteral("a calibration table built into FaceCase is unreadable: ") +
            shipped.failure);
    for (const ScoreCalibration& table : shipped.tables)
        if (table.source().modelId == modelKey) return table;
    const QStringList known = models();
    return Error::notFound(
        QStringLiteral("no calibration table is built in for descriptor model \"%1\" (built in: "
                       "%2); make one with `facecase-cli calibrate --labeled DIR --out FILE` "
                       "and pass it with --calibration FILE")
            .arg(modelKey, known.isEmpty()
                               ? QStringLiteral("none")
                               : QStringLiteral("\"") + known.join(QStringLiteral("\", \"")) +
                                     QStringLiteral("\"")));
}

QStringList BuiltInCalibration::models() {
    QStringList keys;
    for (const ScoreCalibration& table : shippedTables().tables) keys << table.source().modelId;
    keys.sort();
    return keys;
}

Result<ScoreCalibration> BuiltInCalibration::fromFile(const QString& path,
                                                      const QString& modelKey) {
    auto loaded = ScoreCalibration::load(path);
    if (!loaded) return loaded.error();
    if (loaded->source().modelId != modelKey)
        return Error::invalidInput(
            QStringLiteral(
                "%1: calibrated for descriptor model \"%2\", not \"%3\": its false-match "
                "rates would describe other distances")
                .arg(path, loaded->source().modelId, modelKey));
    return loaded;
}

Result<ScoreCalibration> BuiltInCalibration::select(const QString& modelKey, const QString& path) {
    return path.isEmpty() ? forModel(modelKey) : fromFile(path, modelKey);
}

Result<BuiltInCalibration::Choice> BuiltInCalibration::choose(const QString& modelKey,
                                                             const QString& path) {
    auto selected = select(modelKey, path);
    if (!selected) {
        if (path.isEmpty() && selected.error().kind == Error::Kind::NotFound)
            return Choice{nullptr, selected.errorMessage()};
        return selected.error();
    }
    return Choice{std::make_shared<const ScoreCalibration>(std::move(selected).value()), QString()};
}

}  // namespace facecase
