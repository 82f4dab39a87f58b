#include "services/enrollment/enrollment_worker.h"

#include "services/enrollment/enrolled_face_images.h"
#include "services/pipeline/face_picker.h"
#include "store/image_record.h"

#include <QElapsedTimer>
#include <QFileInfo>

namespace facecase {

namespace {
double msSince(const QElapsedTimer& timer) { return double(timer.nsecsElapsed()) / 1e6; }

QString withNote(QString message, const QString& note) {
    if (note.isEmpty()) return message;
    return message.isEmpty() ? note : message + QStringLiteral("; ") + note;
}
}  // namespace

EnrollmentWorker::EnrollmentWorker(PipelinePool::Lease pipeline, const EnrollmentOptions& options,
                                   qint64 jobId, BoundedQueue<EnrollmentWorkItem>& work,
                                   BoundedQueue<EnrollmentOutcome>& outcomes,
                                   const std::atomic_bool& stop)
    : m_pipeline(std::move(pipeline)),
      m_options(options),
      m_jobId(jobId),
      m_work(work),
      m_outcomes(outcomes),
      m_stop(stop) {}

void EnrollmentWorker::addTimings(EnrollmentTimings& timings) const {
    timings.pipeline += m_timings;
    timings.workerWaitMs += m_waitMs;
    timings.workerBlockedMs += m_blockedMs;
    ++timings.workers;
}

void EnrollmentWorker::run() {
    QElapsedTimer timer;
    for (;;) {
        timer.start();
        std::optional<EnrollmentWorkItem> item = m_work.pop();
        m_waitMs += msSince(timer);
        if (!item) return;
        // A photo taken from the queue is always finished and handed on, even when a stop
        // was requested meanwhile: the job's "cancelled" vs "completed" depends on it.
        EnrollmentOutcome outcome = analyse(std::move(*item));
        timer.start();
        const bool sent = m_outcomes.push(std::move(outcome));
        m_blockedMs += msSince(timer);
        if (!sent || m_stop.load()) return;
    }
}

EnrollmentOutcome EnrollmentWorker::analyse(EnrollmentWorkItem item) {
    EnrollmentOutcome outcome;
    outcome.sha256 = item.sha256;
    outcome.recovering = item.recovering;
    const QString name = QFileInfo(item.input.path).fileName();
    const PipelineOptions& options = m_options.pipeline;

    QElapsedTimer timer;
    timer.start();
    auto loaded = ImageLoader(options.loadLimits).loadBytes(item.bytes, name);
    m_timings.decodeMs += msSince(timer);
    item.bytes = QByteArray();  // the decoded pixels replace them
    if (!loaded) {
        outcome.status = EnrollmentItem::Status::Unreadable;
        outcome.message = loaded.errorMessage();
        outcome.input = std::move(item.input);
        return outcome;
    }

    auto faces = m_pipeline->analyzeImage(loaded->image, options, &m_timings);
    if (!faces) {
        outcome.status = EnrollmentItem::Status::Failed;
        outcome.message = QStringLiteral("%1: %2").arg(name, faces.errorMessage());
        outcome.input = std::move(item.input);
        return outcome;
    }
    const std::vector<DetectedFace>& found = *faces;
    outcome.faceCount = int(found.size());
    if (found.empty()) {
        const double minFace = FaceDetector::effectiveMinFaceSize(
            loaded->image.width(), loaded->image.height(), options.detection);
        outcome.status = EnrollmentItem::Status::NoFace;
        outcome.message = QStringLiteral("%1: no face found (faces smaller than %2 px are not "
                                         "searched for)")
                              .arg(name)
                              .arg(minFace, 0, 'f', 0);
        outcome.input = std::move(item.input);
        return outcome;
    }

    const int chosen = FacePicker::largest(found);
    const DetectedFace& face = found[std::size_t(chosen)];
    if (found.size() > 1) {
        outcome.status = EnrollmentItem::Status::SeveralFaces;
        const QRectF& r = face.box.rect;
        if (m_options.severalFaces == SeveralFacesPolicy::Skip) {
            outcome.message = QStringLiteral("%1: %2 faces found; none enrolled (--several-faces "
                                             "skip)")
                                  .arg(name)
                                  .arg(found.size());
            outcome.input = std::move(item.input);
            return outcome;
        }
        outcome.message = QStringLiteral("%1: %2 faces found; enrolled the largest (face %3, "
                                         "%4x%5 px)")
                              .arg(name)
                              .arg(found.size())
                              .arg(face.index)
                              .arg(r.width(), 0, 'f', 0)
                              .arg(r.height(), 0, 'f', 0);
    }

    EnrollmentRecord record;
    record.image = ImageRecord::fromLoadedImage(*loaded, QStringLiteral("enrollment"));
    record.image.path = item.input.path;
    record.image.jobId = m_jobId;
    record.faces.push_back(FaceRecord::fromDetectedFace(face));
    // Kept with the face so it stays reviewable without its original (schema 6). A face whose
    // images cannot be encoded is still enrolled, as before schema 6, and the item says so.
    if (auto images = EnrolledFaceImages::encode(loaded->image, face)) {
        record.faces.back().images = std::move(images).value();
    } else {
        outcome.message = withNote(
            outcome.message,
            QStringLiteral("no chip stored (%1)").arg(images.errorMessage()));
    }
    outcome.record = std::move(record);
    outcome.message = withNote(outcome.message, item.input.note);
    outcome.input = std::move(item.input);
    return outcome;
}

}  // namespace facecase
