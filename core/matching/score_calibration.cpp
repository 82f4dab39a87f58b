#include "matching/score_calibration.h"

#include "types/json_file.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>
#include <algorithm>
#include <cmath>

namespace facecase {

namespace {

const QString kFormat = QStringLiteral("facecase-score-calibration");
constexpr int kVersion = 1;
constexpr double kTargets[] = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6};

}  // namespace

Result<ScoreCalibration> ScoreCalibration::fromImpostorDistances(std::vector<double> impostor,
                                                                 std::vector<double> genuine,
                                                                 CalibrationSource source) {
    if (impostor.empty())
        return Error::invalidInput(
            QStringLiteral("a score calibration needs different-person distances"));
    const auto bad = [](double d) { return !std::isfinite(d) || d < 0; };
    for (const auto* list : {&impostor, &genuine}) {
        const auto it = std::find_if(list->begin(), list->end(), bad);
        if (it != list->end())
            return Error::invalidInput(
                QStringLiteral("%1 distance %2 is %3: distances must be finite and non-negative")
                    .arg(list == &impostor ? QStringLiteral("impostor") : QStringLiteral("genuine"))
                    .arg(it - list->begin())
                    .arg(*it));
    }
    std::sort(impostor.begin(), impostor.end());
    std::sort(genuine.begin(), genuine.end());
    const std::size_t n = impostor.size();

    ScoreCalibration c;
    c.m_impostorPairs = qint64(n);
    c.m_genuinePairs = qint64(genuine.size());
    c.m_source = std::move(source);
    if (!c.m_source.created.isValid()) c.m_source.created = QDateTime::currentDateTimeUtc();

    // Ranks (1-based) of the table points: 3/4 of them log-spaced, where rare false matches
    // live, the rest evenly spread over the bulk. Each point stores the exact empirical FMR
    // at its distance, ties included.
    std::vector<std::size_t> ranks;
    const int logPoints = kTablePoints * 3 / 4;
    for (int i = 0; i < logPoints; ++i)
        ranks.push_back(
            std::size_t(std::llround(std::pow(double(n), double(i) / double(logPoints - 1)))));
    for (int i = 1; i <= kTablePoints - logPoints; ++i)
        ranks.push_back(
            std::max<std::size_t>(1, n * std::size_t(i) / std::size_t(kTablePoints - logPoints)));
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    for (std::size_t rank : ranks) {
        const double d = impostor[std::clamp<std::size_t>(rank, 1, n) - 1];
        const auto atOrBelow =
            std::size_t(std::upper_bound(impostor.begin(), impostor.end(), d) - impostor.begin());
        const double fmr = double(atOrBelow) / double(n);
        if (!c.m_table.empty() && c.m_table.back().first == d) continue;  // a tie: same point
        c.m_table.emplace_back(d, fmr);
    }

    // Thresholds as VerificationMetrics::thresholdAtFar: "match" when distance < t accepts at
    // most floor(fmr x n) impostors; only where that allows at least one.
    for (double target : kTargets) {
        const auto allowed = std::size_t(std::floor(target * double(n) + 1e-9));
        if (allowed < 1) continue;
        CalibrationThreshold t;
        t.fmr = target;
        t.distance = impostor[std::min(allowed, n - 1)];
        if (!genuine.empty())
            t.genuineMatchRate =
                double(std::lower_bound(genuine.begin(), genuine.end(), t.distance) -
                       genuine.begin()) /
                double(genuine.size());
        c.m_thresholds.push_back(t);
    }
    return c;
}

FmrEstimate ScoreCalibration::fmrAt(double distance) const {
    const double floorRate = 1.0 / double(std::max<qint64>(1, m_impostorPairs));
    if (m_table.empty() || std::isnan(distance)) return {1.0, false};
    if (distance < m_table.front().first) return {floorRate, true};
    if (distance >= m_table.back().first) return {m_table.back().second, false};
    const auto upper =
        std::upper_bound(m_table.begin(), m_table.end(), distance,
                         [](double d, const auto& point) { return d < point.first; });
    const auto lower = upper - 1;
    const double t = (distance - lower->first) / (upper->first - lower->first);
    const double logFmr =
        std::log(lower->second) + t * (std::log(upper->second) - std::log(lower->second));
    return {std::clamp(std::exp(logFmr), lower->second, upper->second), false};
}

double ScoreCalibration::expectedFalseCandidates(double distance, std::size_t galleryFaces) const {
    return fmrAt(distance).fmr * double(galleryFaces);
}

std::optional<CalibrationThreshold> ScoreCalibration::thresholdFor(double fmr) const {
    for (const CalibrationThreshold& t : m_thresholds)
        if (std::abs(t.fmr - fmr) <= 1e-12 * std::max(1.0, fmr) || t.fmr == fmr) return t;
    return std::nullopt;
}

QJsonObject ScoreCalibration::toJson() const {
    QJsonArray table;
    for (const auto& [d, fmr] : m_table) table.append(QJsonArray{d, fmr});
    QJsonArray thresholds;
    for (const CalibrationThreshold& t : m_thresholds) {
        QJsonObject o{{QStringLiteral("fmr"), t.fmr}, {QStringLiteral("distance"), t.distance}};
        if (t.genuineMatchRate >= 0)
            o.insert(QStringLiteral("genuine_match_rate"), t.genuineMatchRate);
        thresholds.append(o);
    }
    return {{QStringLiteral("format"), kFormat},
            {QStringLiteral("version"), kVersion},
            {QStringLiteral("provenance"), m_source.provenance},
            {QStringLiteral("dataset"), m_source.dataset},
            {QStringLiteral("model"), m_source.modelId},
            {QStringLiteral("created"), m_source.created.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("impostor_pairs"), double(m_impostorPairs)},
            {QStringLiteral("genuine_pairs"), double(m_genuinePairs)},
            {QStringLiteral("table"), table},
            {QStringLiteral("thresholds"), thresholds}};
}

Result<ScoreCalibration> ScoreCalibration::fromJson(const QJsonObject& json,
                                                    const QString& origin) {
    const auto refuse = [&](const QString& why) {
        return Error::invalidInput(origin + QStringLiteral(": ") + why);
    };
    if (json.value(QStringLiteral("format")).toString() != kFormat)
        return refuse(QStringLiteral("not a FaceCase score calibration (\"format\" is not \"%1\")")
                          .arg(kFormat));
    const int version = json.value(QStringLiteral("version")).toInt(-1);
    if (version != kVersion)
        return refuse(QStringLiteral("calibration format version %1, this build reads version %2")
                          .arg(version)
                          .arg(kVersion));
    const auto count = [&](const QString& key, double minimum) -> std::optional<qint64> {
        const QJsonValue v = json.value(key);
        if (!v.isDouble() || v.toDouble() < minimum || v.toDouble() != std::floor(v.toDouble()))
            return std::nullopt;
        return qint64(v.toDouble());
    };
    ScoreCalibration c;
    const auto impostors = count(QStringLiteral("impostor_pairs"), 1);
    const auto genuines = count(QStringLiteral("genuine_pairs"), 0);
    if (!impostors)
        return refuse(QStringLiteral("\"impostor_pairs\" must be a whole number of at least 1"));
    if (!genuines)
        return refuse(QStringLiteral("\"genuine_pairs\" must be a whole number of at least 0"));
    c.m_impostorPairs = *impostors;
    c.m_genuinePairs = *genuines;
    c.m_source.provenance = json.value(QStringLiteral("provenance")).toString();
    c.m_source.dataset = json.value(QStringLiteral("dataset")).toString();
    c.m_source.modelId = json.value(QStringLiteral("model")).toString();
    c.m_source.created =
        QDateTime::fromString(json.value(QStringLiteral("created")).toString(), Qt::ISODate);
    if (!c.m_source.created.isValid())
        return refuse(QStringLiteral("\"created\" is not an ISO 8601 date"));

    const QJsonArray table = json.value(QStringLiteral("table")).toArray();
    if (table.size() < 1) return refuse(QStringLiteral("\"table\" has no points"));
    for (qsizetype i = 0; i < table.size(); ++i) {
        const QJsonArray point = table.at(i).toArray();
        const double d = point.at(0).toDouble(-1), fmr = point.at(1).toDouble(-1);
        if (point.size() != 2 || !point.at(0).isDouble() || !point.at(1).isDouble() ||
            !std::isfinite(d) || d < 0 || !(fmr > 0 && fmr <= 1))
            return refuse(
                QStringLiteral("table point %1 is not [distance >= 0, 0 < FMR <= 1]").arg(i));
        if (!c.m_table.empty() && (d <= c.m_table.back().first || fmr < c.m_table.back().second))
            return refuse(
                QStringLiteral("table point %1: distances must increase and FMRs never decrease")
                    .arg(i));
        c.m_table.emplace_back(d, fmr);
    }
    for (const QJsonValue& v : json.value(QStringLiteral("thresholds")).toArray()) {
        const QJsonObject o = v.toObject();
        CalibrationThreshold t;
        t.fmr = o.value(QStringLiteral("fmr")).toDouble(-1);
        t.distance = o.value(QStringLiteral("distance")).toDouble(-1);
        t.genuineMatchRate = o.value(QStringLiteral("genuine_match_rate")).toDouble(-1);
        if (!(t.fmr > 0 && t.fmr <= 1) || !(t.distance >= 0) || !std::isfinite(t.distance) ||
            t.genuineMatchRate > 1)
            return refuse(QStringLiteral(
                "a threshold is not {fmr in (0, 1], distance >= 0, genuine_match_rate <= 1}"));
        c.m_thresholds.push_back(t);
    }
    return c;
}

Result<void> ScoreCalibration::save(const QString& path) const {
    return writeJsonFile(path, toJson());
}

Result<ScoreCalibration> ScoreCalibration::load(const QString& path) {
    QFile file(path);
    if (!file.exists()) return Error::notFound(path + QStringLiteral(": no such calibration file"));
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalidInput(path + QStringLiteral(": cannot read: ") + file.errorString());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return Error::invalidInput(path + QStringLiteral(": not valid JSON (%1 at byte %2)")
                                              .arg(error.errorString())
                                              .arg(error.offset));
    if (!doc.isObject()) return Error::invalidInput(path + QStringLiteral(": not a JSON object"));
    return fromJson(doc.object(), path);
}

}  // namespace facecase
