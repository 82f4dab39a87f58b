#include "jobs/enrollment_runner.h"

#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>
#include <QThread>
#include <optional>
#include <stop_token>

#include "services/enrollment/enrollment.h"
#include "services/enrollment/folder_enrollment_source.h"
#include "services/enrollment/manifest_enrollment_source.h"

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace facecase::ui {

// What the enrollment thread and the GUI thread share. The job outlives the thread (its
// destructor joins it), so the thread may post to the job; the rest is guarded by `mutex`.
struct EnrollmentRunner::Shared {
    std::stop_source cancel;  // request_stop() wakes the run at once; thread-safe
    QMutex mutex;
    std::optional<EnrollmentProgress> latest;  // not yet delivered
    bool progressPosted = false;               // a deliverProgress() is queued
    std::optional<Result<EnrollmentSummary>> outcome;
};

namespace {
// Enrollment is batch work beside an analyst who is clicking: on 2 shared cores its reader,
// workers and writer (4+ busy threads at nice 0) delayed the GUI thread's 50 ms timer by up to
// 160 ms. Nice +5 gives the GUI thread ~3x a worker's CPU share when they compete and costs the
// enrollment nothing when the cores are otherwise idle. Linux keeps nice per thread and new
// threads inherit it, so lowering this thread's before Enrollment::run starts its stages covers
// them all. Failure (a sandbox forbidding it) only leaves the default.
void lowerThreadPriority() {
#ifdef Q_OS_LINUX
    constexpr int kNice = 5;
    setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kNice);
#endif
}

Result<EnrollmentSummary> runEnrollment(const EnrollmentRunner::Request& request,
                                        std::stop_token cancel,
                                        const Enrollment::ProgressHandler& onProgress) {
    // Creating the source reads the folder or the manifest's header: file I/O, so here too.
    std::unique_ptr<EnrollmentSource> source;
    if (request.kind == EnrollmentRunner::SourceKind::Folder) {
        auto folder = FolderEnrollmentSource::create(request.location,
                                                     FolderEnrollmentSource::SubjectRule::Folder);
        if (!folder) return folder.error();
        source = std::move(folder).value();
    } else {
        auto manifest = ManifestEnrollmentSource::create(request.location);
        if (!manifest) return manifest.error();
        source = std::move(manifest).value();
    }
    Enrollment enrollment(request.pipelines, request.workspace, request.options);
    return enrollment.run(*source, std::move(cancel), onProgress);
}
}  // namespace

EnrollmentRunner::EnrollmentRunner(QObject* parent) : QObject(parent) {}

EnrollmentRunner::~EnrollmentRunner() {
    if (!m_thread) return;
    // The thread posts to this object: it must end before the object does.
    m_shared->cancel.request_stop();
    m_thread->wait();
    delete m_thread;
}

bool EnrollmentRunner::start(Request request) {
    if (m_thread || !request.pipelines) return false;
    m_gallery = request.options.gallery;
    m_source = request.location;
    request.options.progressIntervalMs = kProgressIntervalMs;
    auto shared = std::make_shared<Shared>();
    m_shared = shared;
    m_thread = QThread::create([this, shared, request = std::move(request)] {
        lowerThreadPriority();
        const auto onProgress = [this, shared](const EnrollmentProgress& p) {
            QMutexLocker lock(&shared->mutex);
            shared->latest = p;
            // Coalesce: one delivery in the queue at a time carries the newest snapshot.
            if (shared->progressPosted) return;
            shared->progressPosted = true;
            QMetaObject::invokeMethod(this, &EnrollmentRunner::deliverProgress, Qt::QueuedConnection);
        };
        Result<EnrollmentSummary> outcome = [&]() -> Result<EnrollmentSummary> {
            try {
                return runEnrollment(request, shared->cancel.get_token(), onProgress);
            } catch (const std::exception& e) {
                return Error::internal(QStringLiteral("enrollment failed: %1")
                                           .arg(QString::fromLocal8Bit(e.what())));
            }
        }();
        QMutexLocker lock(&shared->mutex);
        shared->outcome = std::move(outcome);
    });
    m_thread->setObjectName(QStringLiteral("enrollment"));
    connect(m_thread, &QThread::finished, this, &EnrollmentRunner::onThreadFinished);
    m_thread->start();
    return true;
}

void EnrollmentRunner::cancel() {
    if (m_thread) m_shared->cancel.request_stop();
}

bool EnrollmentRunner::isCancelling() const {
    return m_thread && m_shared->cancel.stop_requested();
}

void EnrollmentRunner::deliverProgress() {
    if (!m_shared) return;
    std::optional<EnrollmentProgress> latest;
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->progressPosted = false;
        latest.swap(m_shared->latest);
    }
    if (latest) emit progress(*latest);
}

void EnrollmentRunner::onThreadFinished() {
    // The thread has returned: wait() only reaps it.
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
    deliverProgress();  // the final snapshot, if its delivery is still queued
    std::optional<Result<EnrollmentSummary>> outcome;
    {
        QMutexLocker lock(&m_shared->mutex);
        outcome.swap(m_shared->outcome);
    }
    if (!outcome) {
        emit failed(tr("The enrollment of %1 ended without a result.").arg(m_source));
    } else if (*outcome) {
        emit finished(outcome->value());
    } else {
        emit failed(outcome->errorMessage());
    }
}

}  // namespace facecase::ui
