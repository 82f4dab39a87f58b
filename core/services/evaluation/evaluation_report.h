#pragma once

#include "evaluation/error_tradeoff.h"
#include "evaluation/identification_metrics.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace facecase {

// Verification (1:1) results over every pair of a set of descriptors.
struct VerificationSummary {
    qint64 genuinePairs = 0;
    qint64 impostorPairs = 0;
    double auc = 0;
    TradeoffPoint atThreshold;       // at the configured threshold
    TradeoffPoint bestBalanced;      // threshold maximising 1 - (FMR + FNMR) / 2
    TradeoffPoint equalError;        // FMR ~ FNMR
    // The FMR targets atFmr is measured at, largest first: atFmr[i] is at kFmrTargets[i], and
    // stops at the first target below 1 / impostorPairs (not resolvable with that many pairs).
    static constexpr double kFmrTargets[] = {1e-2, 1e-3, 1e-4};
    std::vector<TradeoffPoint> atFmr;
    std::vector<TradeoffPoint> curve;  // ROC / DET points, ascending by threshold
};

struct SubgroupSummary {
    QString group;
    int identities = 0;
    int photosUsed = 0;
    std::optional<VerificationSummary> verification;    // absent: no genuine or impostor pair
    std::optional<IdentificationReport> identification;  // absent: no mated search
};

// Everything `facecase-cli evaluate` measured, with what it was measured on: the record an
// agency keeps of how the installed system performs on its own photos (RCW 43.386.060).
struct EvaluationReport {
    static constexpr int kSchemaVersion = 1;

    // Provenance.
    QString dataset;  // the labeled folder, absolute
    QString modelKey;
    QString descriptorMode;
    QString facecaseVersion;
    QString createdUtc;  // ISO 8601
    QString command;
    int threads = 1;

    // Acquisition (ISO/IEC 19795-1 failure to acquire: no usable face in a photo).
    int identities = 0;
    int photos = 0;
    int photosUsed = 0;
    int unreadablePhotos = 0;
    int photosWithoutFace = 0;
    QStringList problems;                  // one line per unusable photo, paths relative to the set
    std::map<QString, int> qualityLevels;  // "good" / "caution" / "poor" -> faces

    double threshold = 0;  // the configured decision threshold (distance)
    VerificationSummary verification;

    // Identification protocol counts (see EvaluationBuilder for the protocol itself).
    int galleryIdentities = 0;
    int heldOutIdentities = 0;
    IdentificationReport identification;

    // Subgroups (empty without a groups file).
    QString groupsFile;
    int identitiesWithoutGroup = 0;
    QStringList groupIdentitiesNotInSet;
    std::vector<SubgroupSummary> groups;
    std::optional<double> fmrRatio;  // max / min of the groups' FMR at the threshold
    QString fmrRatioNote;            // why it is absent, or which groups it compares

    double analysisSeconds = 0;
    double metricsSeconds = 0;

    QJsonObject toJson() const;
    // The protocol in words, for the JSON and the HTML.
    static QString verificationProtocol();
    static QString identificationProtocol();
};

}  // namespace facecase
