#include "services/evaluation/evaluation_builder.h"

#include "matching/exact_index.h"
#include "services/pipeline/descriptor_model_key.h"
#include "services/evaluation/labeled_pair_distances.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QSet>

#include <algorithm>
#include <limits>
#include <map>

namespace facecase {

namespace {

// The photos a computation uses: usable rows, each with its identity index.
struct Rows {
    std::vector<Descriptor> descriptors;
    std::vector<int> identities;
};

Result<VerificationSummary> verify(const Rows& rows, double threshold, int threads,
                                   bool withCurve, const std::atomic_bool* cancel) {
    auto pairs = LabeledPairDistances::compute(rows.descriptors, rows.identities, threads, {}, cancel);
    if (!pairs) return pairs.error();
    VerificationSummary v;
    v.genuinePairs = qint64(pairs->genuine.size());
    v.impostorPairs = qint64(pairs->impostor.size());
    auto tradeoff = ErrorTradeoff::fromDistances(std::move(pairs->genuine), std::move(pairs->impostor));
    if (!tradeoff) return tradeoff.error();
    v.auc = tradeoff->auc();
    v.atThreshold = tradeoff->pointAt(threshold);
    v.bestBalanced = tradeoff->bestBalancedPoint();
    v.equalError = tradeoff->equalErrorPoint();
    for (double fmr : VerificationSummary::kFmrTargets) {
        if (fmr * double(v.impostorPairs) < 1.0 - 1e-9) break;
        v.atFmr.push_back(tradeoff->pointAtFmr(fmr));
    }
    if (withCurve) v.curve = tradeoff->curve();
    return v;
}

// One identification search set: the mate rank/distance of mated searches and the nearest
// distance of non-mated ones, with the identity of each search for subgroup breakdowns.
struct Searches {
    std::vector<MatedSearch> mated;
    std::vector<int> matedIdentity;
    std::vector<double> nonMated;
    std::vector<int> nonMatedIdentity;
    int gallerySize = 0;
    int galleryIdentities = 0;
    int heldOut = 0;
};

Result<Searches> search(const LabeledDescriptors& set, int threads) {
    // Usable photos per identity, in the set's order (identities sorted, photos sorted).
    std::vector<std::vector<std::size_t>> usable(set.identities.size());
    for (std::size_t i = 0; i < set.photos.size(); ++i)
        if (set.photos[i].descriptor) usable[std::size_t(set.photos[i].identity)].push_back(i);
    std::vector<bool> heldOut(set.identities.size(), false);
    int multi = 0;
    for (std::size_t id = 0; id < usable.size(); ++id)
        if (usable[id].size() >= 2) heldOut[id] = (multi++ % 2) == 1;

    Searches s;
    std::vector<float> values;
    std::vector<qint64> ids;
    std::vector<Descriptor> matedProbes, nonMatedProbes;
    for (std::size_t id = 0; id < usable.size(); ++id) {
        if (usable[id].empty()) continue;
        if (heldOut[id]) {
            ++s.heldOut;
            for (std::size_t p : usable[id]) {
                nonMatedProbes.push_back(*set.photos[p].descriptor);
                s.nonMatedIdentity.push_back(int(id));
            }
            continue;
        }
        ++s.galleryIdentities;
        const auto& d = set.photos[usable[id].front()].descriptor->values;
        values.insert(values.end(), d.begin(), d.end());
        ids.push_back(qint64(id));
        for (std::size_t k = 1; k < usable[id].size(); ++k) {
            matedProbes.push_back(*set.photos[usable[id][k]].descriptor);
            s.matedIdentity.push_back(int(id));
        }
    }
    s.gallerySize = int(ids.size());
    auto index = ExactIndex::create(std::move(values), std::move(ids));
    if (!index) return index.error();
    const int k = std::min(EvaluationBuilder::kMaxRank, s.gallerySize);
    if (!matedProbes.empty()) {
        auto hits = index->searchMany(matedProbes, k, threads);
        if (!hits) return hits.error();
        for (std::size_t i = 0; i < hits->size(); ++i) {
            MatedSearch m;
            const auto& list = (*hits)[i];
            for (std::size_t r = 0; r < list.size(); ++r)
                if (list[r].faceId == s.matedIdentity[i]) {
                    m.mateRank = int(r) + 1;
                    m.mateDistance = list[r].distance;
                    break;
                }
            s.mated.push_back(m);
        }
    }
    if (!nonMatedProbes.empty()) {
        auto hits = index->searchMany(nonMatedProbes, 1, threads);
        if (!hits) return hits.error();
        for (const auto& list : *hits)
            s.nonMated.push_back(list.empty() ? std::numeric_limits<double>::infinity()
                                              : list.front().distance);
    }
    return s;
}

// The identification report of the searches whose identity passes `keep`.
template <class Keep>
std::optional<IdentificationReport> identify(const Searches& s, Keep keep) {
    std::vector<MatedSearch> mated;
    std::vector<double> nonMated;
    for (std::size_t i = 0; i < s.mated.size(); ++i)
        if (keep(s.matedIdentity[i])) mated.push_back(s.mated[i]);
    for (std::size_t i = 0; i < s.nonMated.size(); ++i)
        if (keep(s.nonMatedIdentity[i])) nonMated.push_back(s.nonMated[i]);
    const std::vector<double> targets(std::begin(EvaluationBuilder::kFpirTargets),
                                      std::end(EvaluationBuilder::kFpirTargets));
    auto r = IdentificationMetrics::evaluate(mated, nonMated, s.gallerySize,
                                             std::min(EvaluationBuilder::kMaxRank, s.gallerySize),
                                             targets);
    if (!r) return std::nullopt;
    return std::move(r).value();
}

QString modeName(DescriptorMode mode) {
    return mode == DescriptorMode::FlipAveraged ? QStringLiteral("flip-averaged")
                                                : QStringLiteral("plain");
}

}  // namespace

Result<EvaluationReport> EvaluationBuilder::run(std::shared_ptr<const FaceModels> models,
                                                const EvaluationOptions& options,
                                                const Progress& progress,
                                                const std::atomic_bool* cancel) {
    if (!models) return Error::model(QStringLiteral("an evaluation needs the face models"));
    const QString modelKey = DescriptorModelKey::of(*models, options.pipeline.descriptorMode);
    auto descriptors = LabeledDescriptorExtractor::run(std::move(models), options.labeledRoot,
                                                       options.pipeline, options.threads,
                                                       progress, cancel);
    if (!descriptors) return descriptors.error();
    return fromDescriptors(*descriptors, modelKey, options, cancel);
}

Result<EvaluationReport> EvaluationBuilder::fromDescriptors(const LabeledDescriptors& set,
                                                            const QString& modelKey,
                                                            const EvaluationOptions& options,
                                                            const std::atomic_bool* cancel) {
    QElapsedTimer clock;
    clock.start();
    const int threads = std::max(1, options.threads);
    EvaluationReport r;
    r.dataset = QDir(options.labeledRoot).absolutePath();
    r.modelKey = modelKey;
    r.descriptorMode = modeName(options.pipeline.descriptorMode);
    r.facecaseVersion = QStringLiteral(FACECASE_VERSION);
    r.createdUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    r.command = options.command;
    r.threads = threads;
    r.threshold = options.threshold;
    r.identities = int(set.identities.size());
    r.photos = int(set.photos.size());
    r.analysisSeconds = set.wallSeconds;
    const QString prefix = r.dataset + QLatin1Char('/');
    for (QString line : set.problems) r.problems << line.replace(prefix, QString());

    Rows all;
    for (const LabeledDescriptors::Photo& p : set.photos) {
        if (!p.readable) ++r.unreadablePhotos;
        else if (!p.descriptor) ++r.photosWithoutFace;
        if (p.quality) ++r.qualityLevels[FaceQuality::levelName(*p.quality)];
        if (!p.descriptor) continue;
        all.descriptors.push_back(*p.descriptor);
        all.identities.push_back(p.identity);
    }
    r.photosUsed = int(all.descriptors.size());

    auto verification = verify(all, options.threshold, threads, true, cancel);
    if (!verification)
        return Error{verification.error().kind,
                     QStringLiteral("%1: %2").arg(options.labeledRoot, verification.errorMessage())};
    r.verification = std::move(verification).value();

    auto searches = search(set, threads);
    if (!searches) return searches.error();
    r.galleryIdentities = searches->galleryIdentities;
    r.heldOutIdentities = searches->heldOut;
    auto identification = identify(*searches, [](int) { return true; });
    if (!identification)
        return Error::invalidInput(
            QStringLiteral("%1: no identity has two usable photos, so no mated search exists")
                .arg(options.labeledRoot));
    r.identification = std::move(*identification);

    if (!options.groups.isEmpty()) {
        r.groupsFile = options.groupsFile;
        QSet<QString> names;
        std::vector<QString> groupOf(set.identities.size());
        std::map<QString, int> identitiesPerGroup;
        for (std::size_t id = 0; id < set.identities.size(); ++id) {
            names.insert(set.identities[id].name);
            groupOf[id] = options.groups.value(set.identities[id].name);
            if (groupOf[id].isEmpty()) ++r.identitiesWithoutGroup;
            else ++identitiesPerGroup[groupOf[id]];
        }
        for (auto it = options.groups.cbegin(); it != options.groups.cend(); ++it)
            if (!names.contains(it.key())) r.groupIdentitiesNotInSet << it.key();
        r.groupIdentitiesNotInSet.sort();

        std::optional<std::pair<double, QString>> lowest, highest;
        for (const auto& [group, count] : identitiesPerGroup) {
            SubgroupSummary g;
            g.group = group;
            g.identities = count;
            Rows rows;
            for (std::size_t i = 0; i < all.identities.size(); ++i)
                if (groupOf[std::size_t(all.identities[i])] == group) {
                    rows.descriptors.push_back(all.descriptors[i]);
                    rows.identities.push_back(all.identities[i]);
                }
            g.photosUsed = int(rows.descriptors.size());
            // Same-group impostor pairs only: the FMR of a group is how often its members are
            // confused with each other (NIST FRVT demographic effects, IR 8280).
            if (auto v = verify(rows, options.threshold, threads, true, cancel)) g.verification = std::move(v).value();
            else if (v.error().kind == Error::Kind::Cancelled) return v.error();
            const QString name = group;
            g.identification = identify(*searches, [&](int id) { return groupOf[std::size_t(id)] == name; });
            if (g.verification) {
                const double fmr = g.verification->atThreshold.fmr;
                if (!lowest || fmr < lowest->first) lowest = {{fmr, group}};
                if (!highest || fmr > highest->first) highest = {{fmr, group}};
            }
            r.groups.push_back(std::move(g));
        }
        if (!lowest || lowest->second == highest->second) {
            r.fmrRatioNote = QStringLiteral("needs at least two groups with impostor pairs");
        } else if (lowest->first <= 0) {
            r.fmrRatioNote = QStringLiteral("group %1 has FMR 0 at the threshold: ratio undefined")
                                 .arg(lowest->second);
        } else {
            r.fmrRatio = highest->first / lowest->first;
            r.fmrRatioNote = QStringLiteral("FMR at threshold %1: group %2 / group %3")
                                 .arg(options.threshold)
                                 .arg(highest->second, lowest->second);
        }
    }
    r.metricsSeconds = double(clock.nsecsElapsed()) / 1e9;
    return r;
}

}  // namespace facecase
