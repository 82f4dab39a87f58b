#include "casework/search_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "jobs/database_worker.h"
#include "jobs/engine_host.h"
#include "jobs/search_job.h"
#include "services/enrollment/gallery_catalog.h"
#include "services/pipeline/pipeline_pool.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

namespace {
QString searchTip(bool open) {
    return open ? SearchPanel::tr("Search the gallery with the selected face of the selected probe (recorded in the case and the audit log)")
                : SearchPanel::tr("The case is closed: reopen it to search");
}
}  // namespace

SearchPanel::SearchPanel(EngineHost* engine, MessageBanner* banner, QWidget* parent)
    : QGroupBox(tr("Search"), parent), m_engine(engine), m_banner(banner) {
    m_job = new SearchJob(engine->threadPool(), this);

    m_gallery = new QComboBox(this);
    m_gallery->setObjectName(QStringLiteral("galleryCombo"));
    m_gallery->setToolTip(tr("The enrolled gallery to search"));
    m_k = new QSpinBox(this);
    m_k->setRange(5, 100);
    m_k->setValue(20);
    m_k->setToolTip(tr("How many ranked candidates to list (policy: 5 to 100). The list is always "
                       "this long: closeness alone never makes a match."));
    m_search = new QPushButton(tr("&Search gallery"), this);
    m_search->setObjectName(QStringLiteral("searchButton"));
    m_search->setDefault(true);
    m_search->setToolTip(searchTip(true));
    m_cancel = new QPushButton(QIcon(QStringLiteral(":/icons/window-close.svg")), tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelSearchButton"));
    m_cancel->setToolTip(tr("Stop the running search"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_info = new QLabel(this);
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    // Labels above the fields: the sidebar is narrow, and a gallery's name and face count must
    // not be cut off ("Bookings 2010–2018 (312,455 fa…").
    form->setRowWrapPolicy(QFormLayout::WrapAllRows);
    form->addRow(tr("&Gallery:"), m_gallery);
    form->addRow(tr("&Candidates:"), m_k);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_search, 1);
    buttons->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_info);

    connect(m_search, &QPushButton::clicked, this, &SearchPanel::searchRequested);
    connect(m_cancel, &QPushButton::clicked, this, &SearchPanel::cancel);
    connect(m_gallery, &QComboBox::currentIndexChanged, this, &SearchPanel::updateState);
    connect(m_gallery, &QComboBox::currentIndexChanged, this, [this] {
        // What a still-narrower sidebar cuts off is in the tooltip.
        m_gallery->setToolTip(m_gallery->currentIndex() < 0
                                  ? tr("The enrolled gallery to search")
                                  : tr("The enrolled gallery to search: %1").arg(m_gallery->currentText()));
    });
    connect(m_engine, &EngineHost::ready, this, &SearchPanel::updateState);
    connect(m_job, &SearchJob::progress, this, &SearchPanel::statusChanged);
    connect(m_job, &SearchJob::finished, this, &SearchPanel::onFinished);
    connect(m_job, &SearchJob::failed, this, &SearchPanel::onFailed);
    connect(m_job, &SearchJob::cancelled, this, [this] {
        emit statusChanged(tr("Search cancelled."));
        updateState();
    });
    updateState();
}

void SearchPanel::setDatabase(DatabaseWorker* database, std::shared_ptr<GalleryIndexCache> indexes) {
    m_database = database;
    m_indexes = std::move(indexes);
    updateState();
}

void SearchPanel::setCaseOpen(bool open) {
    m_caseOpen = open;
    updateState();
}

void SearchPanel::setFaceChosen(bool chosen) {
    m_faceChosen = chosen;
    updateState();
}

void SearchPanel::setCandidateListLength(int k) { m_k->setValue(k); }

void SearchPanel::setCandidateListBounds(int minimum, int maximum) {
    m_k->setRange(minimum, maximum);
    m_k->setToolTip(tr("How many ranked candidates to list (policy: %1 to %2). The list is always "
                       "this long: closeness alone never makes a match.")
                        .arg(minimum)
                        .arg(maximum));
}

void SearchPanel::reloadGalleries() {
    if (!m_database) return;
    m_database->run<std::vector<GalleryChoice>>(
        [](const DatabaseConnection& c) { return GalleryCatalog(c).choices(); },
        this, [this](Result<std::vector<GalleryChoice>> choices) {
            if (!choices) {
                m_banner->showError(choices.errorMessage());
                return;
            }
            const QString previous = m_gallery->currentData().toStringList().value(0);
            m_gallery->clear();
            for (const GalleryChoice& choice : *choices) {
                const Gallery& g = choice.gallery;
                const QString label = g.isSynthetic() ? tr("%1 (%L2 synthetic faces: benchmark only)").arg(g.name).arg(g.faceCount)
                                                      : tr("%1 (%L2 faces)").arg(g.name).arg(g.faceCount);
                m_gallery->addItem(label, QStringList{g.name, choice.descriptorModel});
            }
            if (m_gallery->count() == 0) m_gallery->setPlaceholderText(tr("No gallery enrolled yet"));
            const int again = m_gallery->findData(previous, Qt::UserRole, Qt::MatchStartsWith);
            if (again >= 0) m_gallery->setCurrentIndex(again);
            updateState();
        });
}

QString SearchPanel::unavailableReason() const {
    if (!m_database) return tr("No workspace is open.");
    if (m_job->isRunning()) return tr("A search is already running.");
    if (!m_engine->isReady()) return tr("The face models are still loading.");
    return {};
}

bool SearchPanel::start(const Subject& subject) {
    const QStringList gallery = m_gallery->currentData().toStringList();
    QString missing = unavailableReason();
    if (missing.isEmpty() && gallery.size() != 2) missing = tr("Choose a gallery to search.");
    if (!missing.isEmpty()) {
        m_banner->showError(missing);
        return false;
    }
    SearchJob::Input input{m_database->workspace(), {}, {}, {}, {}};
    input.cache = m_indexes;
    input.models = m_engine->pipelinePool()->models();
    input.actor = m_database->workspace().actor().name();
    input.request.caseId = subject.caseId;
    input.request.probeId = subject.probeId;
    input.request.face = subject.face;
    input.request.galleryName = gallery[0];
    // A gallery enrolled with another model than the probe's is refused by the search, with a
    // message naming both models.
    input.request.modelKey = subject.modelKey;
    input.request.k = m_k->value();
    m_banner->dismiss();
    m_job->start(std::move(input));
    emit statusChanged(tr("Searching %1 with %2…").arg(gallery[0], subject.description));
    updateState();
    return true;
}

void SearchPanel::cancel() { m_job->cancel(); }

bool SearchPanel::isRunning() const { return m_job->isRunning(); }

void SearchPanel::onFinished(const CaseSearch::Outcome& outcome) {
    m_banner->clearError();
    m_info->setText(tr("Search #%1: %L2 faces in %3, %4 candidates, %5 search, model %6.")
                        .arg(outcome.searchId)
                        .arg(qint64(outcome.search.gallerySize))
                        .arg(outcome.search.galleryName)
                        .arg(outcome.search.k)
                        .arg(GalleryIndex::methodName(outcome.search.method))
                        .arg(outcome.search.modelKey.section(QLatin1Char('/'), 0, 0)));
    m_info->setToolTip(outcome.search.modelKey);
    updateState();
    emit finished(outcome);
}

void SearchPanel::onFailed(const QString& message) {
    m_banner->showError(tr("The search failed: %1").arg(message));
    emit statusChanged(tr("The search failed."));
    updateState();
}

void SearchPanel::updateState() {
    const bool running = m_job->isRunning();
    m_progress->setVisible(running);
    m_cancel->setVisible(running);
    m_search->setEnabled(!running && m_caseOpen && m_database && m_engine->isReady() &&
                         m_gallery->count() > 0 && m_faceChosen);
    m_search->setToolTip(searchTip(m_caseOpen));
    emit runningChanged();
}

}  // namespace facecase::ui
