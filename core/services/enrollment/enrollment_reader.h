#pragma once

#include "imaging/image_loader.h"
#include "services/pipeline/bounded_queue.h"
#include "services/enrollment/enrollment_counters.h"
#include "services/enrollment/enrollment_in_flight.h"
#include "services/enrollment/enrollment_outcome.h"
#include "services/enrollment/enrollment_source.h"
#include "services/enrollment/enrollment_timings.h"
#include "services/enrollment/enrollment_work_item.h"
#include "store/workspace.h"
#include "types/result.h"

#include <atomic>

namespace facecase {

// The first stage of an enrollment, on its own thread: walks the source, skips files this job
// already recorded (resume), reads each new file once and hashes it, and sorts it:
//  - already in the gallery (same SHA-256), or a copy of a file still in flight -> a
//    "duplicate" outcome straight to the writer, never decoded;
//  - unusable before decoding (missing, not a regular file, too large, not an image by its
//    first bytes, malformed manifest row) -> "unreadable" with the loader's own message;
//  - otherwise -> the workers, bytes and hash attached (they decode from these bytes).
// Reads the database through its own connection. Not thread-safe: one run() at a time.
class EnrollmentReader {
public:
    struct Queues {
        BoundedQueue<EnrollmentWorkItem>& work;
        BoundedQueue<EnrollmentOutcome>& outcomes;
    };

    EnrollmentReader(Workspace workspace, EnrollmentSource& source, qint64 galleryId,
                     qint64 jobId, ImageLoadLimits limits, Queues queues,
                     EnrollmentInFlight& inFlight, EnrollmentCounters& counters,
                     const std::atomic_bool& stop);

    // Until the source ends, `stop` is set or a queue is closed. Fails when the source or the
    // database does; problems with single files become outcomes.
    Result<void> run();

    bool reachedEnd() const { return m_reachedEnd; }
    // Fills the reader's fields (read, hash, lookup, blocked). Call after run().
    void addTimings(EnrollmentTimings& timings) const;

private:
    struct FileBytes {
        QByteArray bytes;
        QString problem;  // the loader's message when the file cannot be used
    };
    FileBytes readFile(const QString& path) const;
    bool send(EnrollmentOutcome outcome);
    bool send(EnrollmentWorkItem item);

    Workspace m_workspace;
    EnrollmentSource& m_source;
    qint64 m_galleryId;
    qint64 m_jobId;
    ImageLoadLimits m_limits;
    Queues m_queues;
    EnrollmentInFlight& m_inFlight;
    EnrollmentCounters& m_counters;
    const std::atomic_bool& m_stop;
    bool m_reachedEnd = false;
    double m_readMs = 0, m_hashMs = 0, m_lookupMs = 0, m_blockedMs = 0;
};

}  // namespace facecase
