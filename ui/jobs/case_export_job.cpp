#include "jobs/case_export_job.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "casefile/export_verifier.h"
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
    if (m_watcher) m_watcher->waitForFinished();
}

bool CaseExportJob::start(Input input) {
    if (m_watcher) return false;
    m_watcher = new QFutureWatcher<Result<Outcome>>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &CaseExportJob::onDone);
    m_watcher->setFuture(QtConcurrent::run(m_threadPool, [input = std::move(input)] { return runExport(input); }));
    return true;
}

void CaseExportJob::onDone() {
    QFutureWatcher<Result<Outcome>>* watcher = m_watcher;
    m_watcher = nullptr;
    watcher->deleteLater();
    Result<Outcome> outcome = watcher->future().takeResult();
    if (outcome)
        emit finished(*outcome);
    else
        emit failed(outcome.errorMessage());
}

}  // namespace facecase::ui
