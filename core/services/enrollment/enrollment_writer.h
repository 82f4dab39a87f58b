#pragma once

#include "services/pipeline/bounded_queue.h"
#include "services/enrollment/enrollment_counters.h"
#include "services/enrollment/enrollment_in_flight.h"
#include "services/enrollment/enrollment_options.h"
#include "services/enrollment/enrollment_outcome.h"
#include "services/enrollment/enrollment_timings.h"
#include "store/workspace.h"
#include "types/result.h"

#include <QHash>

#include <vector>

namespace facecase {

class DatabaseConnection;
class EnrollmentItemRepository;
class FaceRecordWriter;
class SubjectRepository;

// The last stage of an enrollment and the only one that writes: collects outcomes and commits
// them in batches (EnrollmentOptions::batchSize items, or batchMilliseconds after a batch's
// first item), each batch in three short transactions:
//   1. the batch's subjects (upserted; harmless if what follows is lost),
//   2. images and faces through FaceRecordWriter (idempotent on (gallery, SHA-256)),
//   3. one enrollment item per input.
// A crash between 2 and 3 leaves photos stored without their items: the re-run's reader finds
// them (same job, same path) and has them analysed again to recreate the items -- nothing is
// stored twice and no item is lost. A crash anywhere loses at most the batch in flight.
// Runs on its own thread with its own connection. Not thread-safe: one run() at a time.
class EnrollmentWriter {
public:
    EnrollmentWriter(Workspace workspace, qint64 galleryId, qint64 jobId, QString modelId,
                     const EnrollmentOptions& options, BoundedQueue<EnrollmentOutcome>& outcomes,
                     EnrollmentInFlight& inFlight, EnrollmentCounters& counters);
    ~EnrollmentWriter();

    // Until the queue is closed and drained (everything received is committed). An error
    // means a batch could not be stored (disk full, database damaged, ...): the caller stops.
    Result<void> run();
    void addTimings(EnrollmentTimings& timings) const;

private:
    struct Store;
    Result<void> flush(Store& store, std::vector<EnrollmentOutcome>& batch);
    Result<void> storeSubjects(Store& store, std::vector<EnrollmentOutcome>& batch);
    Result<void> storeImages(Store& store, std::vector<EnrollmentOutcome>& batch);
    Result<void> storeItems(Store& store, const std::vector<EnrollmentOutcome>& batch);

    Workspace m_workspace;
    qint64 m_galleryId;
    qint64 m_jobId;
    QString m_modelId;
    EnrollmentOptions m_options;
    BoundedQueue<EnrollmentOutcome>& m_outcomes;
    EnrollmentInFlight& m_inFlight;
    EnrollmentCounters& m_counters;
    QHash<QString, qint64> m_subjectIds;  // committed subjects; bounded (cleared when large)
    EnrollmentTimings m_timings;
};

}  // namespace facecase
