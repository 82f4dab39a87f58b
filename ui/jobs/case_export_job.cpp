#include "jobs/case_export_job.h"

#include <QCoreApplication>

#include "casefile/export_verifier.h"
#include "jobs/pool_task.h"
#include "report/case_report_renderer.h"
#include "services/casework/landmark_chip_source.h"

namespace facecase::ui {

namespace {
Result<CaseExportJob::Outcome> runExport(const CaseExportJob::Input& input) {
    // This thread's own connection, closed again when the task returns (on this thread).
    auto connection = input.workspace.openConnection();
    if (!connection) return connection.error();
    CaseReportRenderer report(input.pageSize);
    LandmarkChipSource chips(input.landmarks);
    CaseExporter::Options options;
    options.chips = &chips;
    options.output = input.output;
    options.actor = input.actor;
    options.report = &report;
    const QString version = QCoreApplication::applicationVersion();
    options.software = version.isEmpty() ? QStringLiteral("FaceCase")
                                         : QStringLiteral("FaceCase %1").arg(version);
    auto summary = CaseExporter(input.workspace, *connection).exportCase(input.caseId, options);
    if (!summary) return summary.error();
    auto verified = ExportVerifier::verify(summary->output);
    if (!verified) return verified.error();
    return CaseExportJob::Outcome{std::move(summary).value(), std::move(verified).value()};
}
}  // namespace

CaseExportJob::CaseExportJob(QThreadPool* threadPool, QObject* parent)
    : QObject(parent), m_threadPool(threadPool) {}

CaseExportJob::~CaseExportJob() {
    // The task owns copies of its input; an export that started is finished, never abandoned
    // half written (the exporter removes a bundle whose audit record did not commit).
    if (m_running) m_task.waitForFinished();
}

bool CaseExportJob::start(Input input) {
    if (m_running) return false;
    const QString output = input.output;
    // Not superseded by anything (a default token): one export at a time, never abandoned.
    m_task = runOnPool<Outcome>(
        m_threadPool, this, RequestToken(), output,
        [input = std::move(input)](const RequestToken&) { return runExport(input); },
        [this](const Result<Outcome>& outcome) { onDone(outcome); });
    m_running = true;
    return true;
}

void CaseExportJob::onDone(const Result<Outcome>& outcome) {
    m_running = false;
    if (outcome)
        emit finished(*outcome);
    else
        emit failed(outcome.errorMessage());
}

}  // namespace facecase::ui
