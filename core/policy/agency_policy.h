#pragma once

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "types/result.h"

namespace facecase {

// The agency's limits on investigative work, as one value (issue 6). The built-in defaults are
// the issue's: a ranked list of 5 to 100 candidates (20 by default), a distance threshold only
// where the calibrated false-match rate stays at or below 1 in 10,000 per comparison, no probe
// face smaller than 20 px between the eyes, case data kept two years after a case closes, no
// second reviewer, candidates' original photos in exports.
//
// Every setting has a key (stored in the database's policy_settings table, named on the CLI),
// a text form and hard bounds that no stored value may leave: an edited database cannot turn
// the guardrails off, only move them within what the code allows. Plain value; thread-safe.
struct AgencyPolicy {
    enum class CandidateImages { Originals, AlignedChips };

    int minCandidates = 5;
    int maxCandidates = 100;
    int defaultCandidates = 20;
    // The largest calibrated false-match rate a distance threshold may let through, as
    // "1 in N" comparisons (whole numbers keep it exact in the audit log).
    int maxFalseMatchOneIn = 10000;
    int minEyeDistancePx = 20;
    int retentionDaysAfterClose = 730;
    bool secondReviewerRequired = false;
    CandidateImages exportCandidateImages = CandidateImages::Originals;
    // Agency workstations keep a copy of each gallery's descriptors (biometric templates) in
    // their cache folder, so that a gallery opens from it plus the changes since instead of
    // being read from the server in full (GalleryIndexCache). An agency that allows no
    // templates at rest on workstations turns it off.
    bool workstationDescriptorCopies = true;

    double maxFalseMatchRate() const { return 1.0 / maxFalseMatchOneIn; }

    // One setting: its key, what it means, and the values it takes.
    struct Setting {
        QString key;          // "search.min_candidates", ...
        QString description;  // one sentence for `policy show` and the policy dialog
        // Whole-number settings: inclusive bounds. Choice settings: the allowed words.
        int minimum = 0;
        int maximum = 0;
        QStringList choices;
        bool isChoice() const { return !choices.isEmpty(); }
    };
    static const std::vector<Setting>& settings();
    static std::optional<Setting> setting(const QString& key);

    // The setting's value as text: "20", "required", "aligned_chips".
    QString valueText(const QString& key) const;
    // This policy with `key` set from `text`, or InvalidInput naming the key, the value and the
    // bounds. Checks the settings together too (minimum ≤ default ≤ maximum candidates).
    Result<AgencyPolicy> with(const QString& key, const QString& text) const;
    // Sets one setting within its bounds, without the cross-setting rules (for reading stored
    // settings one row at a time; check them once all are in).
    Result<void> set(const QString& key, const QString& text);
    // The cross-setting rules alone.
    Result<void> checkConsistent() const;

    bool operator==(const AgencyPolicy&) const = default;
};

}  // namespace facecase
