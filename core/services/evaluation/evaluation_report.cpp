#include "services/evaluation/evaluation_report.h"

#include <QJsonArray>

#include <cmath>

namespace facecase {

namespace {

// JSON has no infinity: thresholds past every distance are written as null.
QJsonValue number(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QJsonObject pointJson(const TradeoffPoint& p) {
    return {{QStringLiteral("threshold"), number(p.threshold)},
            {QStringLiteral("fmr"), p.fmr},
            {QStringLiteral("fnmr"), p.fnmr}};
}

QJsonObject verificationJson(const VerificationSummary& v, bool withCurve) {
    QJsonArray atFmr;
    for (std::size_t i = 0; i < v.atFmr.size(); ++i) {
        QJsonObject p = pointJson(v.atFmr[i]);
        p.insert(QStringLiteral("target_fmr"), VerificationSummary::kFmrTargets[i]);
        atFmr.append(p);
    }
    QJsonObject o{{QStringLiteral("genuine_pairs"), double(v.genuinePairs)},
                  {QStringLiteral("impostor_pairs"), double(v.impostorPairs)},
                  {QStringLiteral("auc"), v.auc},
                  {QStringLiteral("at_threshold"), pointJson(v.atThreshold)},
                  {QStringLiteral("best_balanced"), pointJson(v.bestBalanced)},
                  {QStringLiteral("best_balanced_accuracy"),
                   1.0 - (v.bestBalanced.fmr + v.bestBalanced.fnmr) / 2},
                  {QStringLiteral("equal_error"), pointJson(v.equalError)},
                  {QStringLiteral("at_fmr"), atFmr}};
    if (withCurve) {
        QJsonArray curve;
        for (const TradeoffPoint& p : v.curve) curve.append(pointJson(p));
        o.insert(QStringLiteral("curve"), curve);
    }
    return o;
}

QJsonObject identificationJson(const IdentificationReport& r) {
    QJsonArray cmc, fnir;
    for (int rank = 1; rank <= int(r.cmc.size()); ++rank)
        cmc.append(QJsonObject{{QStringLiteral("rank"), rank},
                               {QStringLiteral("hit_rate"), r.cmc[std::size_t(rank - 1)]}});
    for (const FnirAtFpir& f : r.fnirAtFpir)
        fnir.append(QJsonObject{{QStringLiteral("target_fpir"), f.targetFpir},
                                {QStringLiteral("threshold"), number(f.threshold)},
                                {QStringLiteral("fpir"), f.fpir},
                                {QStringLiteral("fnir"), f.fnir},
                                {QStringLiteral("resolvable"), f.resolvable}});
    return {{QStringLiteral("gallery_size"), r.gallerySize},
            {QStringLiteral("mated_searches"), r.matedSearches},
            {QStringLiteral("non_mated_searches"), r.nonMatedSearches},
            {QStringLiteral("rank1"), r.rank1},
            {QStringLiteral("rank10"), r.rank10},
            {QStringLiteral("cmc"), cmc},
            {QStringLiteral("fnir_at_fpir"), fnir}};
}

}  // namespace

QString EvaluationReport::verificationProtocol() {
    return QStringLiteral(
        "One descriptor per photo (the face nearest the photo's centre). Every unordered pair of "
        "usable photos is compared: same-identity pairs are genuine, different-identity pairs "
        "impostor. A pair is a match when its Euclidean distance is below the threshold. FMR = "
        "impostor pairs matched / impostor pairs; FNMR = genuine pairs not matched / genuine "
        "pairs (ISO/IEC 19795-1). Best accuracy is balanced accuracy 1 - (FMR + FNMR) / 2, "
        "maximised over thresholds, since impostor pairs far outnumber genuine ones.");
}

QString EvaluationReport::identificationProtocol() {
    return QStringLiteral(
        "Open-set 1:N (NIST FRVT 1:N terms). Identities are taken in folder-name order; of the "
        "identities with two or more usable photos, every other one (the 2nd, 4th, ...) is held "
        "out of the gallery. Gallery: the first usable photo (by file name) of every other "
        "identity, single-photo identities included; its size is N. Mated searches: every other "
        "usable photo of a gallery identity. Non-mated searches: every usable photo of a "
        "held-out identity. Each search is exhaustive (exact) over the gallery. CMC(r) / rank-r "
        "hit rate: share of mated searches with the mate among the r nearest candidates. FPIR(T): "
        "share of non-mated searches whose nearest candidate is below distance T. FNIR(T): share "
        "of mated searches whose mate is not the nearest candidate or not below T (rank 1). T for "
        "a target FPIR is the largest distance with FPIR(T) <= target; a target below "
        "1 / non-mated searches is not resolvable and is marked so.");
}

QJsonObject EvaluationReport::toJson() const {
    QJsonObject quality;
    for (const auto& [level, count] : qualityLevels) quality.insert(level, count);
    QJsonArray groupArray;
    for (const SubgroupSummary& g : groups) {
        groupArray.append(QJsonObject{
            {QStringLiteral("group"), g.group},
            {QStringLiteral("identities"), g.identities},
            {QStringLiteral("photos_used"), g.photosUsed},
            {QStringLiteral("verification"),
             g.verification ? QJsonValue(verificationJson(*g.verification, false))
                            : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("identification"),
             g.identification ? QJsonValue(identificationJson(*g.identification))
                              : QJsonValue(QJsonValue::Null)}});
    }
    QJsonObject o{
        {QStringLiteral("schema"), QStringLiteral("facecase.evaluation")},
        {QStringLiteral("schema_version"), kSchemaVersion},
        {QStringLiteral("facecase_version"), facecaseVersion},
        {QStringLiteral("created_utc"), createdUtc},
        {QStringLiteral("command"), command},
        {QStringLiteral("dataset"), dataset},
        {QStringLiteral("model"), modelKey},
        {QStringLiteral("descriptor_mode"), descriptorMode},
        {QStringLiteral("threads"), threads},
        {QStringLiteral("threshold"), threshold},
        {QStringLiteral("protocol"),
         QJsonObject{{QStringLiteral("verification"), verificationProtocol()},
                     {QStringLiteral("identification"), identificationProtocol()}}},
        {QStringLiteral("acquisition"),
         QJsonObject{{QStringLiteral("identities"), identities},
                     {QStringLiteral("photos"), photos},
                     {QStringLiteral("photos_used"), photosUsed},
                     {QStringLiteral("failure_to_acquire"), photos - photosUsed},
                     {QStringLiteral("failure_to_acquire_rate"),
                      photos > 0 ? double(photos - photosUsed) / photos : 0.0},
                     {QStringLiteral("unreadable_photos"), unreadablePhotos},
                     {QStringLiteral("photos_without_face"), photosWithoutFace},
                     {QStringLiteral("quality_levels"), quality},
                     {QStringLiteral("problems"), QJsonArray::fromStringList(problems)}}},
        {QStringLiteral("verification"), verificationJson(verification, true)},
        {QStringLiteral("identification"),
         [&] {
             QJsonObject id = identificationJson(identification);
             id.insert(QStringLiteral("gallery_identities"), galleryIdentities);
             id.insert(QStringLiteral("held_out_identities"), heldOutIdentities);
             return id;
         }()},
        {QStringLiteral("seconds"),
         QJsonObject{{QStringLiteral("analysis"), analysisSeconds},
                     {QStringLiteral("metrics"), metricsSeconds}}},
    };
    if (!groupsFile.isEmpty()) {
        o.insert(QStringLiteral("subgroups"),
                 QJsonObject{{QStringLiteral("file"), groupsFile},
                             {QStringLiteral("identities_without_group"), identitiesWithoutGroup},
                             {QStringLiteral("identities_not_in_set"),
                              QJsonArray::fromStringList(groupIdentitiesNotInSet)},
                             {QStringLiteral("groups"), groupArray},
                             {QStringLiteral("fmr_ratio"),
                              fmrRatio ? QJsonValue(*fmrRatio) : QJsonValue(QJsonValue::Null)},
                             {QStringLiteral("fmr_ratio_note"), fmrRatioNote}});
    } else {
        o.insert(QStringLiteral("subgroups"), QJsonValue::Null);
    }
    return o;
}

}  // namespace facecase
