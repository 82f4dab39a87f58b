#include "candidates/candidate_gallery_view.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QVBoxLayout>

#include "candidates/candidate_delegate.h"
#include "candidates/candidate_filter_model.h"
#include "candidates/candidate_list_model.h"
#include "matching/fmr_wording.h"
#include "candidates/thumbnail_loader.h"
#include "jobs/engine_host.h"

namespace facecase::ui {

CandidateGalleryView::CandidateGalleryView(EngineHost* engine, QWidget* parent)
    : QWidget(parent),
      m_loader(new ThumbnailLoader(engine->threadPool(), this)),
      m_model(new CandidateListModel(m_loader, this)),
      m_proxy(new CandidateFilterModel(this)),
      m_delegate(new CandidateDelegate(this)) {
    setObjectName(QStringLiteral("candidateGalleryView"));
    m_proxy->setSourceModel(m_model);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("candidateGalleryTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);

    m_parameters = new QLabel(this);
    m_parameters->setObjectName(QStringLiteral("candidateGalleryParameters"));
    m_parameters->setTextFormat(Qt::PlainText);
    m_parameters->setWordWrap(true);
    m_parameters->setTextInteractionFlags(Qt::TextSelectableByMouse);  // goes into notes
    m_parameters->setToolTip(
        tr("The search as it is recorded: the gallery searched, how many faces it holds (N), "
           "how many candidates were asked for (k), the descriptor model and the search "
           "method."));

    // Permanent, not dismissible: the one sentence every reader of this screen must see.
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("candidateGalleryNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->setText(
        tr("Investigative leads \u2014 not identifications. A candidate is a face "
           "that scored close to the probe; only an analyst's comparison can make "
           "it a lead, and a lead needs independent corroboration."));
    m_note->setToolTip(
        tr("Face search ranks the gallery by similarity. Even the first "
           "candidate may be a different person, and the right person may "
           "not be in the gallery at all."));
    m_note->setStyleSheet(QStringLiteral(
        "#candidateGalleryNote { background: #fef7e0; color: #4d3800; border: 1px solid "
        "#f9d67a; border-radius: 4px; padding: 6px 10px; font-weight: 600; }"));

    m_filterCombo = new QComboBox(this);
    m_filterCombo->setObjectName(QStringLiteral("candidateFilter"));
    for (const auto filter :
         {CandidateFilterModel::Filter::All, CandidateFilterModel::Filter::NotReviewed,
          CandidateFilterModel::Filter::PossibleMatch, CandidateFilterModel::Filter::Inconclusive,
          CandidateFilterModel::Filter::NotAMatch, CandidateFilterModel::Filter::HideNotAMatch})
        m_filterCombo->addItem(CandidateFilterModel::filterName(filter), int(filter));
    m_filterCombo->setToolTip(tr("Show only the candidates with a given verdict"));
    m_filterCombo->setAccessibleName(tr("Verdict filter"));
    auto* filterLabel = new QLabel(tr("&Show:"), this);
    filterLabel->setBuddy(m_filterCombo);

    m_orderCombo = new QComboBox(this);
    m_orderCombo->setObjectName(QStringLiteral("candidateOrder"));
    for (const auto order :
         {CandidateFilterModel::Order::Rank, CandidateFilterModel::Order::Verdict})
        m_orderCombo->addItem(CandidateFilterModel::orderName(order), int(order));
    m_orderCombo->setToolTip(
        tr("Order the cards by rank (nearest first) or by verdict, "
           "leads first"));
    m_orderCombo->setAccessibleName(tr("Candidate order"));
    auto* orderLabel = new QLabel(tr("&Order:"), this);
    orderLabel->setBuddy(m_orderCombo);

    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("candidateGrid"));
    m_list->setViewMode(QListView::IconMode);
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setUniformItemSizes(true);
    m_list->setSpacing(4);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setMouseTracking(true);
    m_list->setItemDelegate(m_delegate);
    m_list->setModel(m_proxy);
    m_list->setAccessibleName(tr("Candidates"));
    m_list->setToolTip({});  // the cards carry their own tooltips
    m_list->setWhatsThis(
        tr("Arrow keys move between candidates. Enter opens the side-by-side "
           "comparison; 1, 2 and 3 record possible match (lead), not a match "
           "and inconclusive."));
    m_list->installEventFilter(this);
    m_list->viewport()->installEventFilter(this);

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("candidateGalleryEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->hide();

    auto* controls = new QHBoxLayout;
    controls->setSpacing(6);
    controls->addWidget(filterLabel);
    controls->addWidget(m_filterCombo);
    controls->addSpacing(12);
    controls->addWidget(orderLabel);
    controls->addWidget(m_orderCombo);
    controls->addStretch(1);
    auto* keys = new QLabel(tr("Enter: compare \u00B7 1: lead \u00B7 2: not a match \u00B7 "
                               "3: inconclusive"),
                            this);
    keys->setObjectName(QStringLiteral("candidateGalleryKeys"));
    keys->setForegroundRole(QPalette::PlaceholderText);
    keys->setToolTip(m_list->whatsThis());
    controls->addWidget(keys);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(6);
    layout->addWidget(m_title);
    layout->addWidget(m_parameters);
    layout->addWidget(m_note);
    layout->addLayout(controls);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty, 1);

    connect(m_filterCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setFilter(CandidateFilterModel::Filter(m_filterCombo->currentData().toInt()));
        updateEmptyState();
    });
    connect(m_orderCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setOrder(CandidateFilterModel::Order(m_orderCombo->currentData().toInt()));
    });
    connect(m_list, &QListView::doubleClicked, this, [this](const QModelIndex& index) {
        if (const int row = sourceRow(index); row >= 0) emit compareRequested(row);
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { emit currentRowChanged(sourceRow(current)); });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this,
            &CandidateGalleryView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this,
            &CandidateGalleryView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this,
            &CandidateGalleryView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this,
            &CandidateGalleryView::updateEmptyState);

    setFocusProxy(m_list);
    syncThumbnailSize();
    updateHeader();
    updateEmptyState();
}

CandidateGalleryView::~CandidateGalleryView() = default;

void CandidateGalleryView::setResults(const GallerySearchOutcome& outcome,
                                      std::vector<CandidateRow> rows) {
    m_outcome = outcome;
    m_outcome.candidates.clear();
    if (rows.empty()) rows = CandidateListModel::rowsFrom(outcome);
    syncThumbnailSize();
    m_model->setCandidates(std::move(rows));
    updateHeader();
    updateEmptyState();
    if (m_proxy->rowCount() > 0) m_list->setCurrentIndex(m_proxy->index(0, 0));
}

void CandidateGalleryView::setProbeDescription(const QString& text) {
    m_probe = text;
    updateHeader();
}

void CandidateGalleryView::setThresholdOneIn(int oneIn) {
    m_model->setThresholdOneIn(oneIn);
    updateHeader();
}

void CandidateGalleryView::clear() {
    m_outcome = {};
    m_probe.clear();
    m_model->clear();
    updateHeader();
    updateEmptyState();
}

int CandidateGalleryView::currentRow() const {
    return sourceRow(m_list->currentIndex());
}

void CandidateGalleryView::setCurrentRow(int row) {
    if (row < 0 || row >= m_model->rowCount()) return;
    const QModelIndex proxy = m_proxy->mapFromSource(m_model->index(row));
    if (proxy.isValid()) m_list->setCurrentIndex(proxy);
}

void CandidateGalleryView::setVerdict(int row, CandidateVerdict verdict) {
    m_model->setVerdict(row, verdict);
}

QString CandidateGalleryView::headerText() const {
    return m_title->text() + QLatin1Char('\n') + m_parameters->text();
}

int CandidateGalleryView::sourceRow(const QModelIndex& proxyIndex) const {
    if (!proxyIndex.isValid()) return -1;
    return m_proxy->mapToSource(proxyIndex).row();
}

bool CandidateGalleryView::eventFilter(QObject* watched, QEvent* event) {
    // Qt 6.4 has no device-pixel-ratio change event; checking before each paint catches a move
    // to a screen with another scale (a no-op when nothing changed), and thumbnails are remade
    // at the new ratio.
    if (watched == m_list->viewport() && event->type() == QEvent::Paint) syncThumbnailSize();
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
        const int row = currentRow();
        if (modifiers == Qt::NoModifier && row >= 0) {
            switch (key->key()) {
                case Qt::Key_Return:
                case Qt::Key_Enter:
                    emit compareRequested(row);
                    return true;
                case Qt::Key_1:
                    emit verdictRequested(row, CandidateVerdict::PossibleMatch);
                    return true;
                case Qt::Key_2:
                    emit verdictRequested(row, CandidateVerdict::NotAMatch);
                    return true;
                case Qt::Key_3:
                    emit verdictRequested(row, CandidateVerdict::Inconclusive);
                    return true;
                default:
                    break;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void CandidateGalleryView::syncThumbnailSize() {
    m_model->setThumbnailSize(m_delegate->thumbnailSize(), devicePixelRatioF());
}

void CandidateGalleryView::updateHeader() {
    if (m_outcome.galleryName.isEmpty()) {
        m_title->setText(tr("Candidates"));
        m_parameters->setText(
            tr("No search yet: pick a face on a probe photo and search a "
               "gallery."));
        return;
    }
    m_title->setText(m_probe.isEmpty() ? tr("Candidates") : tr("Candidates for %1").arg(m_probe));
    const QString method = m_outcome.method == SearchMethod::Exact
                               ? tr("exact search (every face compared)")
                               : tr("approximate search (HNSW index)");
    QString parameters =
        tr("Gallery \u201C%1\u201D \u00B7 N = %2 faces \u00B7 k = %3 "
           "candidates \u00B7 model %4 \u00B7 %5")
            .arg(m_outcome.galleryName, FmrWording::grouped(double(m_outcome.gallerySize)))
            .arg(m_outcome.k)
            .arg(m_outcome.modelKey, method);
    if (const int oneIn = m_model->thresholdOneIn(); oneIn > 0) {
        parameters += QLatin1Char('\n') +
                      tr("Threshold shown: 1 in %1 (%n candidate(s) below it, faded and "
                         "marked; all are listed)",
                         nullptr, m_model->belowThresholdCount())
                          .arg(FmrWording::grouped(oneIn));
    }
    m_parameters->setText(parameters);
}

void CandidateGalleryView::updateEmptyState() {
    const bool none = m_model->rowCount() == 0;
    const bool filteredOut = !none && m_proxy->rowCount() == 0;
    m_empty->setText(none ? tr("No candidates to show.")
                          : tr("No candidate matches the filter \u201C%1\u201D.")
                                .arg(m_filterCombo->currentText()));
    m_empty->setVisible(none || filteredOut);
    m_list->setVisible(!(none || filteredOut));
}

}  // namespace facecase::ui
