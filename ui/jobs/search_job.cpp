#include "jobs/search_job.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

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
    if (m_watcher) m_watcher->waitForFinished();
}

bool SearchJob::start(Input input) {
    if (m_watcher) return false;
    m_stop = std::make_shared<std::atomic_bool>(false);
    m_watcher = new QFutureWatcher<Outcome>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &SearchJob::onDone);
    QPointer<SearchJob> self(this);
    auto report = [self](const QString& text) {
        QMetaObject::invokeMethod(self.data(), [self, text] {
            if (self) emit self->progress(text);
        }, Qt::QueuedConnection);
    };
    m_watcher->setFuture(QtConcurrent::run(m_threadPool, [input = std::move(input), stop = m_stop, report] {
        return runSearch(input, *stop, report);
    }));
    return true;
}

void SearchJob::cancel() {
    if (m_stop) m_stop->store(true);
}

void SearchJob::onDone() {
    QFutureWatcher<Outcome>* watcher = m_watcher;
    m_watcher = nullptr;
    watcher->deleteLater();
    const bool stopped = m_stop && m_stop->load();
    Outcome outcome = watcher->future().takeResult();
    if (stopped) {
        emit cancelled();
    } else if (outcome) {
        emit finished(*outcome);
    } else {
        emit failed(outcome.errorMessage());
    }
}

}  // namespace facecase::ui
