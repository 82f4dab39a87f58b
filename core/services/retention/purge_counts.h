#pragma once

#include <QJsonObject>
#include <QtGlobal>

namespace facecase {

// What a retention purge removes from one case: rows by table, and the distinct evidence files
// its probes and searches refer to (of which `sharedEvidenceFiles` are also another case's and
// stay). Plain value.
struct PurgeCounts {
    qint64 probes = 0;
    qint64 searches = 0;
    qint64 candidates = 0;
    qint64 verdicts = 0;  // annotations of kind 'verdict', every one (not only the current)
    qint64 notes = 0;     // annotations of kind 'note'
    qint64 reviews = 0;   // verdict_reviews
    qint64 marks = 0;     // annotation_marks
    qint64 evidenceFiles = 0;
    qint64 sharedEvidenceFiles = 0;

    // The counts under the names of the `case_purged` audit record and `purge --json`:
    // probes, searches, candidates, verdicts, notes, reviews, marks, evidence_files,
    // evidence_files_shared.
    QJsonObject toJson() const {
        return QJsonObject{
            {QStringLiteral("probes"), probes},
            {QStringLiteral("searches"), searches},
            {QStringLiteral("candidates"), candidates},
            {QStringLiteral("verdicts"), verdicts},
            {QStringLiteral("notes"), notes},
            {QStringLiteral("reviews"), reviews},
            {QStringLiteral("marks"), marks},
            {QStringLiteral("evidence_files"), evidenceFiles},
            {QStringLiteral("evidence_files_shared"), sharedEvidenceFiles},
        };
    }
};

}  // namespace facecase
