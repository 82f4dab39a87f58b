#pragma once

#include "store/enrollment_item.h"
#include "store/enrollment_job.h"

#include <QJsonObject>

#include <vector>

namespace facecase::cli {

// The job and per-file problem report shared by `enroll` (at its end) and `job report` /
// `job list`: the JSON shapes of docs/cli.md and their text form. Pure formatting.
class EnrollmentReport {
public:
    // `active`: a live process is enrolling into the job's gallery (GalleryLock::isHeld).
    static QJsonObject jobJson(const EnrollmentJob& job, bool active);
    static QJsonObject itemJson(const EnrollmentItem& item);
    // {"no_face": [item...], "unreadable": [...], ...}: one array per status present.
    static QJsonObject groupedJson(const std::vector<EnrollmentItem>& items);

    // "ok 140 · several_faces 2 · no_face 3 · ..." (zero counts left out, except ok).
    static QString countsText(const EnrollmentJob& job);
    // Shown for a job recorded as running whose process is gone.
    static QString statusText(const EnrollmentJob& job, bool active);
    // Problems grouped by status, `maxPerGroup` lines each (0: all), then how to see the rest.
    static void printProblems(const std::vector<EnrollmentItem>& items, int maxPerGroup, qint64 jobId);
};

}  // namespace facecase::cli
