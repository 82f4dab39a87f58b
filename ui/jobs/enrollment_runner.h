#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "services/enrollment/enrollment_options.h"
#include "services/enrollment/enrollment_progress.h"
#include "services/enrollment/enrollment_summary.h"
#include "store/workspace.h"

class QThread;

namespace facecase {
class PipelinePool;
}

namespace facecase::ui {

// One enrollment (core Enrollment: a folder or a CSV manifest into a gallery) in the background,
// for the Galleries dialog. Not to be confused with facecase::EnrollmentJob, the job's database
// row, which finished() carries inside the summary.
//
// Enrollment::run() blocks its caller for the whole run (minutes to hours) while its own reader,
// workers and writer do the work, so it gets a dedicated QThread rather than a slot of the
// engine's pool, where it would starve short detection and search jobs. Its workers lease
// pipelines from the EngineHost's PipelinePool, which the job keeps alive. Progress is coalesced
// to at most ~5 signals a second whatever the engine's pace, so the GUI thread never falls
// behind a backlog of updates. Cancel requests the run's stop, which wakes it at once: the run
// finishes the photos in hand, commits them and ends the job as "cancelled", resumable by the
// same request later.
//
// GUI thread only; signals arrive there. The destructor cancels a running enrollment and waits
// for it to stop (the photos in flight and one commit: a second or two).
class EnrollmentRunner : public QObject {
    Q_OBJECT

public:
    enum class SourceKind { Folder, Manifest };
    struct Request {
        Workspace workspace;
        std::shared_ptr<PipelinePool> pipelines;
        EnrollmentOptions options;  // gallery, threads, ...
        SourceKind kind = SourceKind::Folder;
        QString location;           // the folder or the manifest file
    };

    explicit EnrollmentRunner(QObject* parent = nullptr);
    ~EnrollmentRunner() override;

    // False (nothing started) while a run is in progress or without pipelines.
    bool start(Request request);
    // Asks the run to stop after the photos in flight; finished() follows with cancelled set.
    void cancel();

    bool isRunning() const { return m_thread != nullptr; }
    bool isCancelling() const;
    // The gallery and source of the current or last run.
    QString galleryName() const { return m_gallery; }
    QString sourceLocation() const { return m_source; }

    // Shortest interval between two progress() signals.
    static constexpr int kProgressIntervalMs = 200;

signals:
    void progress(const facecase::EnrollmentProgress& progress);
    // The run ended, completed or cancelled (summary.cancelled); problems are in the job's items.
    void finished(const facecase::EnrollmentSummary& summary);
    // The run could not start or failed (source unusable, gallery locked or synthetic, models
    // differ, database error); the message names what.
    void failed(const QString& message);

private:
    struct Shared;
    void deliverProgress();
    void onThreadFinished();

    QThread* m_thread = nullptr;
    std::shared_ptr<Shared> m_shared;
    QString m_gallery;
    QString m_source;
};

}  // namespace facecase::ui
