#pragma once

#include <QFuture>
#include <QObject>
#include <QPageSize>
#include <QString>

#include "casefile/case_exporter.h"
#include "casefile/export_verification.h"
#include "store/workspace.h"
#include "types/result.h"
#include "vision/landmark_model.h"

class QThreadPool;

namespace facecase::ui {

// File ▸ Export case… in the background: on a pool thread it opens its own database connection
// (the export is one write transaction that also draws report.pdf, about a second for a large
// case: far too long for the GUI thread, and the DatabaseWorker's queue must not stall behind
// it), runs CaseExporter with CaseReportRenderer, then rechecks the written bundle with
// ExportVerifier so the analyst is told at once whether what left the application verifies.
// Reports back on the GUI thread. Not cancellable: the export commits or leaves nothing.
class CaseExportJob : public QObject {
    Q_OBJECT

public:
    struct Input {
        Workspace workspace;
        qint64 caseId = 0;
        QString output;  // new or empty folder, or a new *.zip
        QString actor;
        QPageSize::PageSizeId pageSize = QPageSize::A4;
        // Aligns the probes' faces for the compare pages (the engine's, once loaded); null:
        // probes are shown as crops, gallery faces are still aligned from their stored landmarks.
        std::shared_ptr<const LandmarkModel> landmarks;
    };
    struct Outcome {
        CaseExporter::Summary summary;
        ExportVerification verification;
    };

    explicit CaseExportJob(QThreadPool* threadPool, QObject* parent = nullptr);
    ~CaseExportJob() override;

    // False (and nothing started) while an export is running.
    bool start(Input input);
    bool isRunning() const { return m_running; }

signals:
    void finished(const facecase::ui::CaseExportJob::Outcome& outcome);
    // The exporter's or verifier's message: a review-gate refusal names search and rank.
    void failed(const QString& message);

private:
    void onDone(const Result<Outcome>& outcome);

    QThreadPool* m_threadPool = nullptr;
    QFuture<Result<Outcome>> m_task;  // waited for on destruction
    bool m_running = false;
};

}  // namespace facecase::ui
