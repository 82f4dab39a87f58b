#include "policy/agency_policy.h"

#include <QLocale>

namespace facecase {

namespace {
const QString kMinCandidates = QStringLiteral("search.min_candidates");
const QString kMaxCandidates = QStringLiteral("search.max_candidates");
const QString kDefaultCandidates = QStringLiteral("search.default_candidates");
const QString kMaxFalseMatch = QStringLiteral("search.max_false_match_one_in");
const QString kMinEyeDistance = QStringLiteral("probe.min_eye_distance_px");
const QString kRetention = QStringLiteral("retention.days_after_close");
const QString kSecondReviewer = QStringLiteral("review.second_reviewer");
const QString kExportImages = QStringLiteral("export.candidate_images");
const QString kWorkstationCopies = QStringLiteral("index.workstation_copies");

const QString kOff = QStringLiteral("off");
const QString kRequired = QStringLiteral("required");
const QString kOriginals = QStringLiteral("originals");
const QString kAlignedChips = QStringLiteral("aligned_chips");
const QString kKept = QStringLiteral("kept");
const QString kNone = QStringLiteral("none");

QString number(int n) { return QLocale(QLocale::English).toString(n); }

// The field a whole-number key maps to.
int* integerField(AgencyPolicy& policy, const QString& key) {
    if (key == kMinCandidates) return &policy.minCandidates;
    if (key == kMaxCandidates) return &policy.maxCandidates;
    if (key == kDefaultCandidates) return &policy.defaultCandidates;
    if (key == kMaxFalseMatch) return &policy.maxFalseMatchOneIn;
    if (key == kMinEyeDistance) return &policy.minEyeDistancePx;
    if (key == kRetention) return &policy.retentionDaysAfterClose;
    return nullptr;
}
}  // namespace

const std::vector<AgencyPolicy::Setting>& AgencyPolicy::settings() {
    // The hard bounds. Candidates: never fewer than 5 (investigation mode is a list of leads,
    // never one "match"), never more than 100 (a list no analyst can review is not a review).
    // False-match rate: 1 in 1,000 is the loosest any agency may go; 1 in 10,000,000 is beyond
    // what calibration data of a few thousand people can support anyway. Eye distance: below
    // 20 px the descriptor means little (issue 6); 80 px is a passport-quality photo.
    static const std::vector<Setting> all{
        {kMinCandidates, QStringLiteral("Shortest candidate list a search may ask for."), 5, 100, {}},
        {kMaxCandidates, QStringLiteral("Longest candidate list a search may ask for."), 5, 100, {}},
        {kDefaultCandidates, QStringLiteral("Candidate list length when the analyst does not choose one."),
         5, 100, {}},
        {kMaxFalseMatch,
         QStringLiteral("A distance threshold may let through at most 1 in N different-person "
                        "comparisons (calibrated false-match rate)."),
         1000, 10000000, {}},
        {kMinEyeDistance,
         QStringLiteral("Probe faces with fewer pixels between the eyes are refused."), 20, 80, {}},
        {kRetention,
         QStringLiteral("Days after a case closes until its probes, evidence copies, searches and "
                        "verdicts may be purged (a case can set its own period)."),
         1, 36500, {}},
        {kSecondReviewer,
         QStringLiteral("'required': a possible match leaves the application only after a second "
                        "analyst confirmed it."),
         0, 0, {kOff, kRequired}},
        {kExportImages,
         QStringLiteral("What case exports carry of each candidate: the enrolled original photo "
                        "or only the aligned face chip."),
         0, 0, {kOriginals, kAlignedChips}},
        {kWorkstationCopies,
         QStringLiteral("'kept': agency workstations keep a copy of each gallery's descriptors "
                        "in their cache folder and open galleries from it; 'none': every open "
                        "reads them from the server."),
         0, 0, {kKept, kNone}},
    };
    return all;
}

std::optional<AgencyPolicy::Setting> AgencyPolicy::setting(const QString& key) {
    for (const Setting& s : settings()) {
        if (s.key == key) return s;
    }
    return std::nullopt;
}

QString AgencyPolicy::valueText(const QString& key) const {
    if (key == kSecondReviewer) return secondReviewerRequired ? kRequired : kOff;
    if (key == kExportImages) {
        return exportCandidateImages == CandidateImages::AlignedChips ? kAlignedChips : kOriginals;
    }
    if (key == kWorkstationCopies) return workstationDescriptorCopies ? kKept : kNone;
    AgencyPolicy copy = *this;
    const int* field = integerField(copy, key);
    return field ? QString::number(*field) : QString();
}

Result<AgencyPolicy> AgencyPolicy::with(const QString& key, const QString& text) const {
    AgencyPolicy next = *this;
    if (auto applied = next.set(key, text); !applied) return applied.error();
    if (auto consistent = next.checkConsistent(); !consistent) return consistent.error();
    return next;
}

Result<void> AgencyPolicy::set(const QString& key, const QString& text) {
    const auto known = setting(key);
    if (!known) {
        QStringList keys;
        for (const Setting& s : settings()) keys << s.key;
        return Error::invalidInput(QStringLiteral("unknown policy setting \"%1\" (known: %2)")
                                       .arg(key, keys.join(QStringLiteral(", "))));
    }
    const QString value = text.trimmed();
    if (known->isChoice()) {
        if (!known->choices.contains(value)) {
            return Error::invalidInput(QStringLiteral("policy %1 cannot be \"%2\" (one of: %3)")
                                           .arg(key, value, known->choices.join(QStringLiteral(", "))));
        }
        if (key == kSecondReviewer) secondReviewerRequired = value == kRequired;
        if (key == kExportImages) {
            exportCandidateImages =
                value == kAlignedChips ? CandidateImages::AlignedChips : CandidateImages::Originals;
        }
        if (key == kWorkstationCopies) workstationDescriptorCopies = value == kKept;
        return {};
    }
    bool ok = false;
    const int parsed = value.toInt(&ok);
    if (!ok || parsed < known->minimum || parsed > known->maximum) {
        return Error::invalidInput(
            QStringLiteral("policy %1 cannot be \"%2\": a whole number from %3 to %4")
                .arg(key, value, number(known->minimum), number(known->maximum)));
    }
    *integerField(*this, key) = parsed;
    return {};
}

Result<void> AgencyPolicy::checkConsistent() const {
    if (!(minCandidates <= defaultCandidates && defaultCandidates <= maxCandidates)) {
        return Error::invalidInput(
            QStringLiteral("candidate list lengths must keep %1 ≤ %2 ≤ %3 (now %4, %5, %6)")
                .arg(kMinCandidates, kDefaultCandidates, kMaxCandidates)
                .arg(minCandidates)
                .arg(defaultCandidates)
                .arg(maxCandidates));
    }
    return {};
}

}  // namespace facecase
