#include "jobs/search_job.h"

#include <QPointer>

#include "jobs/pool_task.h"
#include "services/search/built_in_calibration.h"
#include "services/pipeline/face_models.h"
#include "services/search/gallery_index_cache.h"

namespace facecase::ui {

namespace {
SearchJob::Outcome runSearch(const SearchJob::Input& input, const std::atomic_bool& stop,
                             const std::function<void(const QString&)>& report) {
    auto connection = input.workspace.openConnection();
    if (!connection) return connection.error();
    // No shipped table for these weights is not fatal: the distances stay right and the
    // candidates then show no rates.
    auto calibration = BuiltInCalibration::choose(input.request.modelKey);
    if (!calibration) return calibration.error();
    const CaseSearch search(GallerySearch(input.cache, calibration->table),
                            input.models->descriptorWeights()->shardSha256);
    auto outcome = search.run(*connection, input.request, input.actor,
                              [&](std::size_t done, std::size_t total) {
                                  report(QObject::tr("Building the gallery's search graph: %L1 of %L2 faces")
                                             .arg(done).arg(total));
                                  return !stop.load();
                              });
    if (stop.load()) return Error::cancelled(QObject::tr("search cancelled"));
    return outcome;
}
}  // namespace

SearchJob::SearchJob(QThreadPool* threadPool, QObject* parent)
    : QObject(parent), m_threadPool(threadPool) {}

SearchJob::~SearchJob() {
    // The task holds its own copies of everything it uses; only its result is dropped.
    if (m_stop) m_stop->store(true);
    if (m_running) m_task.waitForFinished();
}

bool SearchJob::start(Input input) {
    if (m_running) return false;
    m_stop = std::make_shared<std::atomic_bool>(false);
    QPointer<SearchJob> self(this);
    auto report = [self](const QString& text) {
        QMetaObject::invokeMethod(self.data(), [self, text] {
            if (self) emit self->progress(text);
        }, Qt::QueuedConnection);
    };
    // A default token: nothing supersedes a search (start() refuses while one runs; cancel()
    // stops it through `stop`).
    m_task = runOnPool<CaseSearch::Outcome>(
        m_threadPool, this, RequestToken(), tr("search"),
        [input = std::move(input), stop = m_stop, report](const RequestToken&) {
            return runSearch(input, *stop, report);
        },
        [this](Outcome outcome) { onDone(std::move(outcome)); });
    m_running = true;
    return true;
}

void SearchJob::cancel() {
    if (m_stop) m_stop->store(true);
}

void SearchJob::onDone(Outcome outcome) {
    m_running = false;
    const bool stopped = m_stop && m_stop->load();
    if (stopped) {
        emit cancelled();
    } else if (outcome) {
        emit finished(*outcome);
    } else {
        emit failed(outcome.errorMessage());
    }
}

}  // namespace facecase::ui
