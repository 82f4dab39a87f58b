#include "casework/case_export_controller.h"

#include <QDir>

#include "jobs/case_export_job.h"
#include "jobs/database_worker.h"
#include "jobs/engine_host.h"
#include "services/pipeline/pipeline_pool.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

CaseExportController::CaseExportController(EngineHost* engine, MessageBanner* banner, QObject* parent)
    : QObject(parent), m_engine(engine), m_banner(banner), m_job(new CaseExportJob(engine->threadPool(), this)) {}

bool CaseExportController::isRunning() const { return m_job->isRunning(); }

bool CaseExportController::start(const CaseRecord& record, const QString& output) {
    QString missing;
    if (!m_database || record.id == 0) missing = tr("Open a case first.");
    else if (m_job->isRunning()) missing = tr("An export is already running.");
    else if (output.trimmed().isEmpty()) missing = tr("Choose where the case file goes.");
    if (!missing.isEmpty()) {
        m_banner->showError(missing);
        return false;
    }
    CaseExportJob::Input input{m_database->workspace(), record.id, output,
                               m_database->workspace().actor().name(), QPageSize::A4, {}};
    if (const auto pool = m_engine->pipelinePool()) input.landmarks = pool->models()->landmarks();
    const QString caseNumber = record.caseNumber;
    // One-shot connections: a later export must not report through this one's handlers.
    auto* context = new QObject(this);
    connect(m_job, &CaseExportJob::finished, context, [this, context, caseNumber](const CaseExportJob::Outcome& o) {
        context->deleteLater();
        const CaseExporter::Summary& s = o.summary;
        const QString written = tr("Case %1 exported to %2: %n file(s), %3 candidate(s) (%4 possible match(es)); chain head #%5.",
                                   nullptr, s.fileCount)
                                    .arg(caseNumber, QDir::toNativeSeparators(s.output))
                                    .arg(s.candidates)
                                    .arg(s.review.possibleMatches)
                                    .arg(s.headSeq);
        if (o.verification.ok()) {
            m_banner->showInfo(tr("%1 Verified: all %2 files match their SHA-256 and the audit excerpt's chain holds.")
                                   .arg(written)
                                   .arg(o.verification.filesChecked));
        } else {
            // Written but not verifying is a defect or interference: say which file, loudly.
            const ExportVerification::Problem& first = o.verification.problems.front();
            m_banner->showError(tr("%1 But it does NOT verify: %2 is %3 (%4); %n problem(s) in all.", nullptr,
                                   int(o.verification.problems.size()))
                                    .arg(written, first.path, ExportVerification::kindName(first.kind), first.detail));
        }
        emit statusChanged(tr("Case %1 exported.").arg(caseNumber));
        emit runningChanged();
        emit finished(o.verification.ok(), s.output);
    });
    connect(m_job, &CaseExportJob::failed, context, [this, context, caseNumber, output](const QString& message) {
        context->deleteLater();
        m_banner->showError(tr("Case %1 was not exported: %2").arg(caseNumber, message));
        emit statusChanged(tr("Export of case %1 failed.").arg(caseNumber));
        emit runningChanged();
        emit finished(false, output);
    });
    m_job->start(std::move(input));
    m_banner->dismiss();
    emit statusChanged(tr("Exporting case %1 to %2 (report, evidence, audit excerpt)…")
                           .arg(caseNumber, QDir::toNativeSeparators(output)));
    emit runningChanged();
    return true;
}

}  // namespace facecase::ui
