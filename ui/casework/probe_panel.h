#pragma once

#include <QPointer>
#include <QWidget>
#include <optional>

#include "jobs/probe_import_job.h"
#include "store/case_record.h"
#include "store/probe_record.h"
#include "types/loaded_image.h"

class QListView;
class QMimeData;
class QPushButton;

namespace facecase::ui {

class DatabaseWorker;
class MessageBanner;
struct PastedImage;
class ProbeKindDialog;
class ProbeListModel;

// The case's probe photos: the list, "Add probe…", the declaration asked once per batch
// (ProbeKindDialog) and the import of each photo as evidence (ProbeImportJob: file work on a
// pool thread, only the row on the database thread). Selecting a probe asks the page to open it
// (probeSelected); a probe just imported comes with the photo the import decoded, so it is not
// read again. Errors go to the page's banner.
class ProbePanel : public QWidget {
    Q_OBJECT

public:
    // `pool` runs the file work and must outlive the panel; so must `banner`.
    ProbePanel(QThreadPool* pool, MessageBanner* banner, QWidget* parent = nullptr);

    // The workspace's worker (null while none is open): who acts comes from its workspace.
    void setDatabase(DatabaseWorker* database);
    // Another case: its probes are read afresh. The same case (a status change): only what it allows.
    void setCase(const CaseRecord& record);

    // Asks what the photos are (once for the batch, window-modal but not blocking), then
    // imports them with that declaration.
    void addProbeFiles(const QStringList& paths);
    void importProbeFiles(const QStringList& paths, ProbeRecord::DeclaredKind kind, const QString& editNote);
    // Image data without a file (pasted or dropped): asks, screenshot preselected, then imports.
    void addPastedImage(const PastedImage& pasted);
    void importPastedImage(const PastedImage& pasted, ProbeRecord::DeclaredKind kind, const QString& editNote);
    // Paste: local photo files become probes; without files, image data becomes one.
    void addProbesFromMime(const QMimeData* mime);
    // The declaration dialog asked and not answered yet.
    ProbeKindDialog* pendingKindDialog() const;

    // Reads the case's probes again and adds those another analyst (or window) imported since,
    // keeping the selection: for a page that follows its case.
    void followProbes();

    // The selected probe, if any.
    std::optional<ProbeRecord> currentProbe() const;
    ProbeListModel* model() const { return m_probes; }
    QListView* list() const { return m_list; }

    // Local photo files in a drop or paste.
    static QStringList localFiles(const QMimeData* mime);

signals:
    // Open this probe: `decoded` when the import just decoded it, else `evidenceFile`, a local
    // copy checked against the probe's SHA-256 (the workspace's file, or on an agency database
    // the copy fetched into this workstation's cache).
    void probeSelected(const facecase::ProbeRecord& probe, const QString& evidenceFile,
                       const std::optional<facecase::LoadedImage>& decoded);
    void probeAdded(qint64 probeId);
    void statusChanged(const QString& text);

private:
    void chooseProbeFiles();
    ProbeKindDialog* askProbeKind(const QStringList& names);
    void importProbe(ProbeImportJob::Request request);
    void probeImported(const ProbeImportJob::Done& done);
    void reloadProbes();
    void loadProbes(bool replace);
    void onCurrentRowChanged();
    void updateState();

    MessageBanner* m_banner = nullptr;
    DatabaseWorker* m_database = nullptr;
    CaseRecord m_case;
    QString m_actor;
    ProbeListModel* m_probes = nullptr;
    QListView* m_list = nullptr;
    QPushButton* m_add = nullptr;
    ProbeImportJob* m_importer = nullptr;
    QPointer<ProbeKindDialog> m_kindDialog;
    // A probe just imported and its photo as the import decoded it, until it is opened.
    struct DecodedProbe {
        qint64 probeId = 0;
        LoadedImage photo;
    };
    std::optional<DecodedProbe> m_decodedProbe;
};

}  // namespace facecase::ui
