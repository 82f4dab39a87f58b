#pragma once

#include <QFuture>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "services/search/case_search.h"
#include "store/workspace.h"

class QThreadPool;

namespace facecase {
class FaceModels;
class GalleryIndexCache;
}  // namespace facecase

namespace facecase::ui {

// One investigative search in the background: opens its own database connection on a pool
// thread, runs CaseSearch (gallery index from the shared cache, calibrated rates, the search and
// its candidates recorded with their audit record) and reports back on the GUI thread. The
// first search of a large gallery loads its index (and may build an HNSW graph: minutes per
// million faces), so it reports progress and can be cancelled; a cancelled search that had
// already been recorded stays on record, as it ran.
class SearchJob : public QObject {
    Q_OBJECT

public:
    struct Input {
        Workspace workspace;
        std::shared_ptr<GalleryIndexCache> cache;
        std::shared_ptr<const FaceModels> models;
        CaseSearch::Request request;
        QString actor;
    };
    using Outcome = Result<CaseSearch::Outcome>;

    explicit SearchJob(QThreadPool* threadPool, QObject* parent = nullptr);
    ~SearchJob() override;

    // False (and nothing started) while a search is running.
    bool start(Input input);
    // Asks the running search to stop; its result is then dropped and cancelled() emitted.
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void progress(const QString& text);
    void finished(const facecase::CaseSearch::Outcome& outcome);
    void failed(const QString& message);
    void cancelled();

private:
    void onDone(Outcome outcome);

    QThreadPool* m_threadPool = nullptr;
    QFuture<Outcome> m_task;  // waited for on destruction
    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_stop;
};

}  // namespace facecase::ui
