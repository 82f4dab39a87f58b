#include "casework/probe_panel.h"

#include "store/evidence_store.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QMimeData>
#include <QPushButton>
#include <QVBoxLayout>

#include "casework/pasted_image.h"
#include "casework/probe_kind_dialog.h"
#include "casework/probe_list_model.h"
#include "jobs/database_worker.h"
#include "services/casework/case_work.h"
#include "store/evidence_store.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

ProbePanel::ProbePanel(QThreadPool* pool, MessageBanner* banner, QWidget* parent)
    : QWidget(parent), m_banner(banner) {
    m_probes = new ProbeListModel(this);
    m_importer = new ProbeImportJob(pool, this);

    auto* title = new QLabel(tr("Probe photos"), this);
    title->setStyleSheet(QStringLiteral("font-weight: 600"));
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("probeList"));
    m_list->setModel(m_probes);
    m_list->setToolTip(tr("Probes of this case, copied into the workspace as evidence. Drop photos anywhere on this page to add them."));
    m_list->setWordWrap(true);
    m_add = new QPushButton(QIcon(QStringLiteral(":/icons/document-open.svg")), tr("&Add probe…"), this);
    m_add->setObjectName(QStringLiteral("addProbeButton"));
    m_add->setToolTip(tr("Copy photos into the case as probes (they are hashed and kept as evidence)"));
    connect(m_add, &QPushButton::clicked, this, &ProbePanel::chooseProbeFiles);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ProbePanel::onCurrentRowChanged);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_add);
    updateState();
}

void ProbePanel::setDatabase(DatabaseWorker* database) {
    m_database = database;
    // Who acts is the workspace's to say (the OS user here, the login on an agency database).
    m_actor = m_database ? m_database->workspace().actor().name() : QString();
    if (!m_database) {
        m_case = CaseRecord{};
        m_probes->setProbes({});
    }
    updateState();
}

void ProbePanel::setCase(const CaseRecord& record) {
    const bool another = record.id != m_case.id || record.id == 0;
    m_case = record;
    if (another) {
        m_probes->setProbes({});
        reloadProbes();
    }
    updateState();
}

QStringList ProbePanel::localFiles(const QMimeData* mime) {
    QStringList paths;
    if (!mime || !mime->hasUrls()) return paths;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    return paths;
}

void ProbePanel::addProbesFromMime(const QMimeData* mime) {
    if (const QStringList paths = localFiles(mime); !paths.isEmpty()) {
        addProbeFiles(paths);
        return;
    }
    if (const auto pasted = PastedImage::fromMimeData(mime, PastedImage::Origin::Clipboard)) {
        addPastedImage(*pasted);
        return;
    }
    m_banner->showError(tr("The clipboard holds no photo: copy a photo file or an image, then paste again."));
}

ProbeKindDialog* ProbePanel::pendingKindDialog() const { return m_kindDialog.data(); }

std::optional<ProbeRecord> ProbePanel::currentProbe() const {
    const int row = m_list->currentIndex().row();
    if (row < 0) return std::nullopt;
    return m_probes->probe(row);
}

void ProbePanel::reloadProbes() { loadProbes(true); }

void ProbePanel::followProbes() { loadProbes(false); }

void ProbePanel::loadProbes(bool replace) {
    if (!m_database || m_case.id == 0) return;
    const qint64 caseId = m_case.id;
    m_database->run<std::vector<ProbeRecord>>(
        [caseId, actor = m_actor](const DatabaseConnection& c) { return CaseWork(c, Actor(actor)).probes(caseId); },
        this, [this, caseId, replace](Result<std::vector<ProbeRecord>> probes) {
            if (caseId != m_case.id) return;  // another case was opened meanwhile
            if (!probes) {
                m_banner->showError(probes.errorMessage());
                return;
            }
            if (replace) {
                m_probes->setProbes(std::move(probes).value());
            } else {
                // Probes are only ever added to a case: append a colleague's, leaving the list's
                // selection (and so the open probe and its analysis) as it is.
                for (const ProbeRecord& probe : *probes) m_probes->addProbe(probe);
            }
            if (m_probes->rowCount() > 0 && !m_list->currentIndex().isValid()) {
                m_list->setCurrentIndex(m_probes->index(0));
            }
        });
}

void ProbePanel::chooseProbeFiles() {
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Add probe photos to case %1").arg(m_case.caseNumber), QString(),
        tr("Photos (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (!paths.isEmpty()) addProbeFiles(paths);
}

void ProbePanel::addProbeFiles(const QStringList& paths) {
    if (paths.isEmpty()) return;
    QStringList names;
    for (const QString& path : paths) names << QFileInfo(path).fileName();
    ProbeKindDialog* dialog = askProbeKind(names);
    if (!dialog) return;
    const qint64 caseId = m_case.id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, paths, caseId] {
        if (caseId != m_case.id) return;  // the case page moved on while the dialog was open
        importProbeFiles(paths, dialog->declaredKind(), dialog->editNote());
    });
    dialog->open();
}

void ProbePanel::addPastedImage(const PastedImage& pasted) {
    ProbeKindDialog* dialog = askProbeKind({pasted.displayName()});
    if (!dialog) return;
    // Image data without a file is most often a screen capture or a social-media picture.
    dialog->preselect(ProbeRecord::DeclaredKind::Screenshot);
    const qint64 caseId = m_case.id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, pasted, caseId] {
        if (caseId != m_case.id) return;
        importPastedImage(pasted, dialog->declaredKind(), dialog->editNote());
    });
    dialog->open();
}

ProbeKindDialog* ProbePanel::askProbeKind(const QStringList& names) {
    if (!m_database || m_case.id == 0) {
        m_banner->showError(tr("Open a case first: probes belong to a case."));
        return nullptr;
    }
    // One answer per batch: a drop of CCTV frames is one declaration, not one per frame. A
    // second batch while the first is unanswered replaces nothing: the analyst answers in turn.
    auto* dialog = new ProbeKindDialog(names, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_kindDialog = dialog;
    return dialog;
}

void ProbePanel::importProbeFiles(const QStringList& paths, ProbeRecord::DeclaredKind kind,
                                  const QString& editNote) {
    for (const QString& path : paths) {
        ProbeImportJob::Request request;
        request.path = path;
        request.displayName = QFileInfo(path).fileName();
        request.kind = kind;
        request.editNote = editNote;
        importProbe(std::move(request));
    }
}

void ProbePanel::importPastedImage(const PastedImage& pasted, ProbeRecord::DeclaredKind kind,
                                   const QString& editNote) {
    ProbeImportJob::Request request;
    request.pasted = pasted;
    request.displayName = pasted.displayName();
    request.kind = kind;
    request.editNote = editNote;
    importProbe(std::move(request));
}

void ProbePanel::importProbe(ProbeImportJob::Request request) {
    if (!m_database || m_case.id == 0) {
        m_banner->showError(tr("Open a case first: probes belong to a case."));
        return;
    }
    request.caseId = m_case.id;
    request.actor = m_actor;
    emit statusChanged(tr("Adding %1 to the case…").arg(request.displayName));
    m_importer->start(m_database, std::move(request),
                      [this](const ProbeImportJob::Done& done) { probeImported(done); });
}

void ProbePanel::probeImported(const ProbeImportJob::Done& done) {
    if (done.caseId != m_case.id) return;
    const QString& name = done.displayName;
    if (!done.added) {
        m_banner->showError(tr("Could not add %1: %2").arg(name, done.added.errorMessage()));
        emit statusChanged(tr("Could not add %1.").arg(name));
        return;
    }
    m_banner->clearError();
    const ProbeRecord& probe = done.added->probe;
    // The photo was decoded once on import: the probe view analyses that, not the file again.
    if (done.photo) m_decodedProbe = DecodedProbe{probe.id, *done.photo};
    const int row = m_probes->addProbe(probe);
    m_list->setCurrentIndex(m_probes->index(row));  // opens it (onCurrentRowChanged) unless current
    m_decodedProbe.reset();
    emit statusChanged(done.added->alreadyInCase
                           ? tr("%1 is already a probe of this case.").arg(name)
                           : tr("%1 added as evidence (SHA-256 %2…).").arg(name, probe.sha256.left(12)));
    emit probeAdded(probe.id);
}

void ProbePanel::onCurrentRowChanged() {
    const int row = m_list->currentIndex().row();
    if (row < 0 || !m_database) return;
    const ProbeRecord probe = m_probes->probe(row);
    if (m_decodedProbe && m_decodedProbe->probeId == probe.id) {
        const LoadedImage decoded = m_decodedProbe->photo;
        m_decodedProbe.reset();
        emit probeSelected(probe, QString(), decoded);
        return;
    }
    m_decodedProbe.reset();  // only the import hands a photo over; later selections read the copy
    // The evidence copy is checked against its SHA-256 (and on an agency database fetched from
    // it first): file and database work, so on the worker, never here.
    m_database->run<QString>(
        [workspace = m_database->workspace(), path = probe.evidencePath](const DatabaseConnection& c) {
            return EvidenceStore(workspace, c).localFile(path);
        },
        this, [this, probe](Result<QString> file) {
            const auto current = currentProbe();
            if (!current || current->id != probe.id) return;  // another probe was chosen meanwhile
            if (!file) {
                m_banner->showError(tr("Cannot open probe %1: %2").arg(probe.id).arg(file.errorMessage()));
                return;
            }
            emit probeSelected(probe, *file, std::nullopt);
        });
}

void ProbePanel::updateState() {
    m_add->setEnabled(m_case.status == CaseRecord::Status::Open && m_database && m_case.id != 0);
}

}  // namespace facecase::ui
