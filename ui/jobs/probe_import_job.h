#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <optional>

#include "casework/pasted_image.h"
#include "services/casework/probe_importer.h"
#include "types/loaded_image.h"

class QThreadPool;

namespace facecase::ui {

class DatabaseWorker;

// Takes a probe into a case the way the GUI must: the guardrails first on the database thread
// (ProbeImporter::check: a refused probe copies nothing), then the file work (one read, one decode and
// SHA-256, the evidence copy and its proof: ProbeImporter::prepare) on a pool thread, only the
// row and its audit record on the database thread (ProbeImporter::record), and the decoded
// photo handed on, so the face pipeline analyses it without reading the file again.
//
// Each start() is an import of its own (several files dropped at once run side by side);
// `onDone` is called on the GUI thread, never after the job is destroyed. Create and use on
// the GUI thread; `pool` must outlive the job.
class ProbeImportJob : public QObject {
    Q_OBJECT

public:
    struct Request {
        qint64 caseId = 0;
        QString path;                       // a photo file, or empty with `pasted`
        std::optional<PastedImage> pasted;  // image data with no file behind it
        QString displayName;                // what messages call it
        ProbeRecord::DeclaredKind kind = ProbeRecord::DeclaredKind::Unknown;
        QString editNote;
        QString actor;
    };
    struct Done {
        qint64 caseId = 0;
        QString displayName;
        Result<ProbeImporter::Added> added;
        std::optional<LoadedImage> photo;  // the decoded evidence, when it was taken in
    };

    explicit ProbeImportJob(QThreadPool* pool, QObject* parent = nullptr);

    // `database` is the open workspace's worker (it must outlive the import).
    void start(DatabaseWorker* database, Request request, std::function<void(const Done&)> onDone);

    // Imports started and not yet done.
    int pendingCount() const { return m_pending; }

private:
    void prepareAndRecord(DatabaseWorker* database, const Request& request,
                          const std::function<void(const Done&)>& onDone);
    void finish(const std::function<void(const Done&)>& onDone, const Done& done);

    QThreadPool* m_pool;
    int m_pending = 0;
};

}  // namespace facecase::ui
