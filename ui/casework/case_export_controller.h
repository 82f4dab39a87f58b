#pragma once

#include <QObject>
#include <QString>

#include "store/case_record.h"

namespace facecase::ui {

class CaseExportJob;
class DatabaseWorker;
class EngineHost;
class MessageBanner;

// File ▸ Export case… for the open case: checks there is something to export and somewhere to
// put it, runs the export in the background (CaseExportJob) and tells the analyst in the page's
// banner what was written and whether it verifies — loudly when it does not. One export at a time.
class CaseExportController : public QObject {
    Q_OBJECT

public:
    // `engine` and `banner` must outlive the controller.
    CaseExportController(EngineHost* engine, MessageBanner* banner, QObject* parent = nullptr);

    void setDatabase(DatabaseWorker* database) { m_database = database; }
    // Exports `record` to `output` (a new or empty folder, or a new *.zip) with report.pdf. False,
    // with the reason in the banner, when nothing was started.
    bool start(const CaseRecord& record, const QString& output);
    bool isRunning() const;

signals:
    // An export ended: `ok` when the bundle was written and verifies.
    void finished(bool ok, const QString& output);
    void runningChanged();
    void statusChanged(const QString& text);

private:
    EngineHost* m_engine = nullptr;
    MessageBanner* m_banner = nullptr;
    DatabaseWorker* m_database = nullptr;
    CaseExportJob* m_job = nullptr;
};

}  // namespace facecase::ui
