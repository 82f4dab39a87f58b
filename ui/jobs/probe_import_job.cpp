#include "jobs/probe_import_job.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "jobs/database_worker.h"

namespace facecase::ui {

namespace {
using Prepared = Result<ProbeImporter::Prepared>;

// On a pool thread: every byte read, decoded, hashed and copied here, never on the GUI or the
// database thread.
Prepared prepare(const Workspace& workspace, const ProbeImportJob::Request& request) {
    try {
        const ProbeImporter importer(workspace);
        if (!request.pasted) return importer.prepare(request.path);
        auto bytes = request.pasted->encoded();  // a bare QImage becomes PNG here, off the GUI thread
        if (!bytes) return bytes.error();
        return importer.prepareBytes(*bytes, request.pasted->sourceDescription());
    } catch (const std::exception& e) {  // nothing may escape into Qt's event loop
        return Error::internal(QStringLiteral("%1: unexpected failure: %2")
                                   .arg(request.displayName, QString::fromLocal8Bit(e.what())));
    }
}
}  // namespace

ProbeImportJob::ProbeImportJob(QThreadPool* pool, QObject* parent) : QObject(parent), m_pool(pool) {}

void ProbeImportJob::start(DatabaseWorker* database, Request request,
                           std::function<void(const Done&)> onDone) {
    ++m_pending;
    // The guardrails first (case open, edit note), so a refused probe copies nothing into the
    // evidence folder; the record step checks them again under the write lock.
    const QString source = request.pasted ? request.pasted->sourceDescription()
                                          : QFileInfo(request.path).absoluteFilePath();
    const ProbeImporter::Request row{request.caseId, source, request.kind, request.editNote};
    database->run<void>(
        [target = database->workspace(), row, source, actor = request.actor](const DatabaseConnection& c) {
            return ProbeImporter(target).check(c, row, source, actor);
        },
        this, [this, database = QPointer<DatabaseWorker>(database), request, onDone](Result<void> allowed) {
            if (!allowed) {
                finish(onDone, Done{request.caseId, request.displayName, allowed.error(), std::nullopt});
                return;
            }
            if (!database) {  // the workspace was closed meanwhile
                finish(onDone, Done{request.caseId, request.displayName,
                                    Error::cancelled(QStringLiteral("the workspace was closed")), std::nullopt});
                return;
            }
            prepareAndRecord(database, request, onDone);
        });
}

void ProbeImportJob::finish(const std::function<void(const Done&)>& onDone, const Done& done) {
    --m_pending;
    onDone(done);
}

void ProbeImportJob::prepareAndRecord(DatabaseWorker* database, const Request& request,
                                      const std::function<void(const Done&)>& onDone) {
    const Workspace workspace = database->workspace();
    auto* watcher = new QFutureWatcher<Prepared>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, request, onDone,
                                                          database = QPointer<DatabaseWorker>(database)] {
        watcher->deleteLater();
        Prepared prepared = watcher->future().takeResult();
        if (!prepared) {
            finish(onDone, Done{request.caseId, request.displayName, prepared.error(), std::nullopt});
            return;
        }
        if (!database) {  // the workspace was closed meanwhile
            finish(onDone, Done{request.caseId, request.displayName,
                                Error::cancelled(QStringLiteral("the workspace was closed")), std::nullopt});
            return;
        }
        const ProbeImporter::Prepared taken = std::move(prepared).value();
        const ProbeImporter::Request row{request.caseId, taken.source, request.kind, request.editNote};
        database->run<ProbeImporter::Added>(
            [target = database->workspace(), row, taken, actor = request.actor](const DatabaseConnection& c) {
                return ProbeImporter(target).record(c, row, taken, actor);
            },
            this, [this, request, onDone, photo = taken.photo](Result<ProbeImporter::Added> added) {
                const bool ok = added.ok();
                finish(onDone, Done{request.caseId, request.displayName, std::move(added),
                                    ok ? std::optional<LoadedImage>(photo) : std::nullopt});
            });
    });
    watcher->setFuture(QtConcurrent::run(m_pool, [workspace, request] { return prepare(workspace, request); }));
}

}  // namespace facecase::ui
