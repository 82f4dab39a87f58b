// Over 500 lines: one dialog for four tasks (list, enroll, remove a gallery, remove an image); split pending.
#include "galleries/gallery_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "galleries/enrollment_problem_model.h"
#include "galleries/gallery_list_model.h"
#include "galleries/gallery_removal_dialog.h"
#include "jobs/database_worker.h"
#include "jobs/engine_host.h"
#include "services/enrollment/enrollment_summary.h"
#include "services/enrollment/enrollment_options.h"
#include "settings/app_settings.h"
#include "services/enrollment/gallery_admin.h"
#include "services/enrollment/gallery_catalog.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

namespace {
using CoreJob = facecase::EnrollmentJob;

enum StatRow {
    KindStat,
    ImagesStat,
    FacesStat,
    SubjectsStat,
    ModelStat,
    NoDescriptorStat,
    JobsStat,
    ProblemsStat,
    DatabaseStat,
    StatCount
};

QString statLabel(int row) {
    switch (StatRow(row)) {
        case KindStat:
            return GalleryDialog::tr("Kind");
        case ImagesStat:
            return GalleryDialog::tr("Images");
        case FacesStat:
            return GalleryDialog::tr("Faces");
        case SubjectsStat:
            return GalleryDialog::tr("Subjects");
        case ModelStat:
            return GalleryDialog::tr("Descriptor model");
        case NoDescriptorStat:
            return GalleryDialog::tr("Faces without descriptor");
        case JobsStat:
            return GalleryDialog::tr("Enrollment jobs");
        case ProblemsStat:
            return GalleryDialog::tr("Files needing attention");
        case DatabaseStat:
            return GalleryDialog::tr("Workspace database");
        case StatCount:
            break;
    }
    return {};
}

QTableView* makeTable(QWidget* parent, const QString& objectName) {
    auto* table = new QTableView(parent);
    table->setObjectName(objectName);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setHighlightSections(false);
    table->setTabKeyNavigation(false);  // Tab leaves the table, arrows move in it
    return table;
}
}  // namespace

GalleryDialog::GalleryDialog(EngineHost* engine, DatabaseWorker* database,
                             const AppSettings& settings, QWidget* parent)
    : QDialog(parent),
      m_engine(engine),
      m_settings(settings),
      m_job(new EnrollmentRunner(this)),
      m_galleries(new GalleryListModel(this)),
      m_problems(new EnrollmentProblemModel(this)) {
    setObjectName(QStringLiteral("galleryDialog"));
    setWindowTitle(tr("Galleries"));
    setModal(false);
    m_lastDirectory = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);

    m_banner = new MessageBanner(this);

    m_galleryTable = makeTable(this, QStringLiteral("galleryTable"));
    m_galleryTable->setModel(m_galleries);
    m_galleryTable->setToolTip(tr("The workspace's galleries; select one to see its statistics"));
    m_galleryTable->setAccessibleName(tr("Galleries"));
    // Model ids are long (weights, version, hash, mode): elided in the middle, whole in the tooltip.
    m_galleryTable->setTextElideMode(Qt::ElideMiddle);
    QHeaderView* header = m_galleryTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(GalleryListModel::ModelColumn, QHeaderView::Interactive);
    header->resizeSection(GalleryListModel::ModelColumn, 150);
    header->setSectionResizeMode(GalleryListModel::LastJobColumn, QHeaderView::Stretch);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_galleryTable);
    splitter->addWidget(buildStatisticsPanel());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({760, 340});

    m_remove = new QPushButton(QIcon(QStringLiteral(":/icons/window-close.svg")),
                               tr("&Remove Gallery\u2026"), this);
    m_remove->setObjectName(QStringLiteral("removeGallery"));
    m_remove->setToolTip(tr("Delete the selected gallery with its photos, faces and enrollment "
                            "jobs (asks first, and why). Recorded searches keep the gallery's name."));
    m_removeImage = new QPushButton(tr("Remove &Image…"), this);
    m_removeImage->setObjectName(QStringLiteral("removeGalleryImage"));
    m_removeImage->setToolTip(tr("Delete one image of the selected gallery with its faces, named "
                                 "by its id or SHA-256, with a reason for the audit log"));
    m_reload = new QPushButton(tr("Re&load"), this);
    m_reload->setToolTip(tr("Read the galleries and statistics again"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setToolTip(
        tr("Close this window; an enrollment in progress goes on"));
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_remove);
    bottom->addWidget(m_removeImage);
    bottom->addWidget(m_reload);
    bottom->addStretch(1);
    bottom->addWidget(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 3);
    layout->addWidget(buildEnrollmentBox());
    layout->addWidget(buildProblemsBox(), 2);
    layout->addLayout(bottom);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reload, &QPushButton::clicked, this, &GalleryDialog::reload);
    connect(m_remove, &QPushButton::clicked, this, &GalleryDialog::removeSelectedGallery);
    connect(m_removeImage, &QPushButton::clicked, this, &GalleryDialog::removeImageFromSelectedGallery);
    connect(m_galleries, &GalleryListModel::loaded, this, &GalleryDialog::onGalleriesLoaded);
    connect(m_galleries, &GalleryListModel::loadFailed, m_banner, &MessageBanner::showError);
    connect(m_problems, &EnrollmentProblemModel::loadFailed, m_banner, &MessageBanner::showError);
    connect(m_galleryTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &GalleryDialog::onSelectionChanged);
    connect(m_job, &EnrollmentRunner::progress, this, &GalleryDialog::onProgress);
    connect(m_job, &EnrollmentRunner::finished, this, &GalleryDialog::onEnrollmentFinished);
    connect(m_job, &EnrollmentRunner::failed, this, &GalleryDialog::onEnrollmentFailed);
    if (m_engine) {
        connect(m_engine, &EngineHost::ready, this, &GalleryDialog::updateActions);
        connect(m_engine, &EngineHost::failed, this, &GalleryDialog::updateActions);
    }

    resize(1120, 720);
    setDatabase(database);
}

GalleryDialog::~GalleryDialog() = default;

QWidget* GalleryDialog::buildStatisticsPanel() {
    auto* box = new QGroupBox(tr("Statistics"), this);
    box->setObjectName(QStringLiteral("statisticsPanel"));
    box->setToolTip(tr("What the selected gallery holds, read in one consistent snapshot"));
    m_statsTitle = new QLabel(box);
    m_statsTitle->setObjectName(QStringLiteral("statisticsTitle"));
    m_statsTitle->setWordWrap(true);
    QFont bold = m_statsTitle->font();
    bold.setBold(true);
    m_statsTitle->setFont(bold);
    m_statsForm = new QFormLayout;
    m_statsForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (int row = 0; row < StatCount; ++row) {
        auto* value = new QLabel(box);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        m_statsForm->addRow(tr("%1:").arg(statLabel(row)), value);
        m_statsValues << value;
    }
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_statsTitle);
    layout->addLayout(m_statsForm);
    layout->addStretch(1);
    return box;
}

QGroupBox* GalleryDialog::buildEnrollmentBox() {
    auto* box = new QGroupBox(tr("Enroll photos"), this);
    m_target = new QComboBox(box);
    m_target->setObjectName(QStringLiteral("targetGallery"));
    m_target->setEditable(true);
    m_target->setInsertPolicy(QComboBox::NoInsert);
    m_target->setMinimumContentsLength(24);
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_target->lineEdit()->setPlaceholderText(tr("existing or new gallery name"));
    m_target->setToolTip(tr("The gallery to enroll into: pick one or type a new name, which "
                            "creates it. Enrolling the same source into the same gallery again "
                            "resumes an unfinished job and never stores a photo twice."));
    auto* targetLabel = new QLabel(tr("Into &gallery:"), box);
    targetLabel->setBuddy(m_target);

    m_enrollFolder = new QPushButton(QIcon(QStringLiteral(":/icons/document-open.svg")),
                                     tr("Enroll &Folder\u2026"), box);
    m_enrollFolder->setObjectName(QStringLiteral("enrollFolder"));
    m_enrollFolder->setToolTip(tr("Enroll every photo under a folder; the first-level sub-folder "
                                  "of a photo names its subject"));
    m_enrollManifest = new QPushButton(QIcon(QStringLiteral(":/icons/document-open.svg")),
                                       tr("Enroll CSV &Manifest\u2026"), box);
    m_enrollManifest->setObjectName(QStringLiteral("enrollManifest"));
    m_enrollManifest->setToolTip(tr("Enroll the photos a CSV manifest lists (columns: path, and "
                                    "optionally subject_id, name and any attributes)"));

    m_progress = new QProgressBar(box);
    m_progress->setObjectName(QStringLiteral("enrollmentProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%p%"));
    m_progress->setAccessibleName(tr("Enrollment progress"));
    m_progressText = new QLabel(tr("No enrollment running."), box);
    m_progressText->setObjectName(QStringLiteral("enrollmentProgressText"));
    m_progressText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel = new QPushButton(tr("&Cancel Enrollment"), box);
    m_cancel->setObjectName(QStringLiteral("cancelEnrollment"));
    m_cancel->setToolTip(tr("Stop after the photos in hand; what was done is kept, and enrolling "
                            "the same source again resumes the job"));
    m_cancel->setEnabled(false);
    m_cancel->setAutoDefault(false);

    auto* top = new QHBoxLayout;
    top->addWidget(targetLabel);
    top->addWidget(m_target, 1);
    top->addWidget(m_enrollFolder);
    top->addWidget(m_enrollManifest);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_progress, 1);
    bar->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(top);
    layout->addLayout(bar);
    layout->addWidget(m_progressText);

    connect(m_enrollFolder, &QPushButton::clicked, this, &GalleryDialog::chooseFolder);
    connect(m_enrollManifest, &QPushButton::clicked, this, &GalleryDialog::chooseManifest);
    connect(m_cancel, &QPushButton::clicked, this, &GalleryDialog::cancelEnrollment);
    connect(m_target, &QComboBox::currentTextChanged, this, &GalleryDialog::updateActions);
    return box;
}

QGroupBox* GalleryDialog::buildProblemsBox() {
    auto* box = new QGroupBox(tr("Files needing attention in the last enrollment"), this);
    m_jobSummary = new QLabel(tr("Enroll a folder or manifest: files without a usable face are "
                                 "listed here with the reason."),
                              box);
    m_jobSummary->setObjectName(QStringLiteral("jobSummary"));
    m_jobSummary->setWordWrap(true);
    m_jobSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problemTable = makeTable(box, QStringLiteral("problemTable"));
    m_problemTable->setModel(m_problems);
    m_problemTable->setToolTip(tr("Each file of the job that was not enrolled cleanly, with the reason"));
    m_problemTable->setAccessibleName(tr("Enrollment problems"));
    QHeaderView* header = m_problemTable->horizontalHeader();
    header->setSectionResizeMode(EnrollmentProblemModel::PathColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(EnrollmentProblemModel::StatusColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EnrollmentProblemModel::MessageColumn, QHeaderView::Stretch);
    header->resizeSection(EnrollmentProblemModel::PathColumn, 260);
    // Paths fit their contents up to a third of the table; the reason takes the rest.
    connect(m_problems, &EnrollmentProblemModel::loaded, m_problemTable, [this] {
        m_problemTable->resizeColumnToContents(EnrollmentProblemModel::PathColumn);
        const int cap = std::max(200, m_problemTable->viewport()->width() / 3);
        QHeaderView* h = m_problemTable->horizontalHeader();
        if (h->sectionSize(EnrollmentProblemModel::PathColumn) > cap)
            h->resizeSection(EnrollmentProblemModel::PathColumn, cap);
    });
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_jobSummary);
    layout->addWidget(m_problemTable, 1);
    return box;
}

void GalleryDialog::setDatabase(DatabaseWorker* database) {
    m_database = database;
    ++m_statsGeneration;
    m_problems->clear();
    m_galleries->setWorker(database);
    clearStatistics(database ? tr("Loading\u2026") : tr("No workspace is open."));
    updateActions();
}

void GalleryDialog::reload() {
    // Keep the selection across the reset.
    if (const qint64 id = selectedGalleryId(); id != 0)
        m_pendingSelection = m_galleries->rowAt(m_galleries->rowOfGallery(id)).gallery.name;
    m_galleries->reload();
}

bool GalleryDialog::selectGallery(const QString& name) {
    const int row = m_galleries->rowOfName(name);
    if (row < 0) return false;
    m_galleryTable->selectRow(row);
    m_galleryTable->setCurrentIndex(m_galleries->index(row, GalleryListModel::NameColumn));
    return true;
}

qint64 GalleryDialog::selectedGalleryId() const {
    const QModelIndexList rows = m_galleryTable->selectionModel()->selectedRows();
    if (rows.isEmpty()) return 0;
    return m_galleries->rowAt(rows.first().row()).gallery.id;
}

void GalleryDialog::onGalleriesLoaded() {
    refillTargets();
    const QString wanted = m_pendingSelection;
    m_pendingSelection.clear();
    if (!(wanted.isEmpty() ? false : selectGallery(wanted)) && m_galleries->rowCount() > 0)
        m_galleryTable->selectRow(0);
    if (m_galleries->rowCount() == 0)
        clearStatistics(tr("No gallery yet: enroll a folder or manifest into a new one."));
    updateActions();
}

void GalleryDialog::refillTargets() {
    // Keep what the analyst typed; offer only galleries that can hold photos.
    const QString typed = m_target->currentText();
    m_target->clear();
    for (int row = 0; row < m_galleries->rowCount(); ++row) {
        const Gallery& g = m_galleries->rowAt(row).gallery;
        if (!g.isSynthetic()) m_target->addItem(g.name);
    }
    m_target->setCurrentIndex(-1);
    m_target->setEditText(typed);
}

void GalleryDialog::onSelectionChanged() {
    const qint64 id = selectedGalleryId();
    const quint64 generation = ++m_statsGeneration;
    updateActions();
    if (id == 0 || !m_database) {
        clearStatistics(m_galleries->rowCount() > 0 ? tr("Select a gallery.") : QString());
        return;
    }
    const GalleryRow& row = m_galleries->rowAt(m_galleryTable->selectionModel()->selectedRows().first().row());
    // An enrollment goes into the selected gallery unless the analyst types another name.
    if (!row.gallery.isSynthetic() && !m_job->isRunning()) m_target->setEditText(row.gallery.name);
    m_statsTitle->setText(row.gallery.name);
    m_database->run<GalleryStatistics>(
        [id](const DatabaseConnection& c) { return GalleryCatalog(c).statistics(id); }, this,
        [this, generation](Result<GalleryStatistics> stats) {
            if (generation != m_statsGeneration) return;
            if (!stats) {
                m_banner->showError(stats.errorMessage());
                return;
            }
            showStatistics(*stats);
        });
}

void GalleryDialog::clearStatistics(const QString& note) {
    m_statsTitle->setText(note);
    for (QLabel* value : std::as_const(m_statsValues)) {
        value->clear();
        value->setToolTip({});
    }
}

void GalleryDialog::setStatistic(int row, const QString& value, const QString& toolTip) {
    m_statsValues[row]->setText(value);
    m_statsValues[row]->setToolTip(toolTip);
}

QString GalleryDialog::statisticsValue(const QString& label) const {
    for (int row = 0; row < StatCount; ++row)
        if (statLabel(row) == label) return m_statsValues[row]->text();
    return {};
}

void GalleryDialog::showStatistics(const GalleryStatistics& s) {
    const QLocale locale;
    const Gallery& g = s.gallery;
    m_statsTitle->setText(g.description.isEmpty() ? g.name : tr("%1 \u2014 %2").arg(g.name, g.description));
    setStatistic(KindStat, GalleryListModel::kindText(g.kind),
                 g.isSynthetic() ? tr("Generated descriptors for benchmarks, not photos of people: "
                                      "never search it for a case.")
                                 : QString());
    setStatistic(ImagesStat, locale.toString(g.imageCount));
    setStatistic(FacesStat, locale.toString(g.faceCount));
    setStatistic(SubjectsStat,
                 s.imagesWithoutSubject > 0
                     ? tr("%1 (%2 images without one)").arg(locale.toString(s.subjects),
                                                           locale.toString(s.imagesWithoutSubject))
                     : locale.toString(s.subjects));
    QStringList models;
    for (const auto& [model, faces] : s.descriptorModels)
        // Zero-width spaces after the slashes of the model id let it wrap there, not mid-word.
        models << tr("%1 (%2 faces)").arg(QString(model).replace(QLatin1Char('/'), QStringLiteral("/\u200b")),
                                          locale.toString(faces));
    setStatistic(ModelStat, models.isEmpty() ? tr("none yet") : models.join(QLatin1Char('\n')));
    setStatistic(NoDescriptorStat, locale.toString(s.facesWithoutDescriptor));
    setStatistic(JobsStat, locale.toString(s.jobs));
    QStringList problems;
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        const auto status = static_cast<EnrollmentItem::Status>(i);
        if (EnrollmentItem::isProblem(status) && s.latestItemCounts[std::size_t(i)] > 0)
            problems << tr("%1 %2").arg(EnrollmentProblemModel::statusText(status).toLower(),
                                        locale.toString(s.latestItemCounts[std::size_t(i)]));
    }
    setStatistic(ProblemsStat,
                 problems.isEmpty() ? locale.toString(s.problemCount())
                                    : tr("%1 (%2)").arg(locale.toString(s.problemCount()),
                                                        problems.join(QStringLiteral(", "))),
                 tr("Files whose latest enrollment left them without a clean face, over all the "
                    "gallery's jobs"));
    setStatistic(DatabaseStat, locale.formattedDataSize(s.databaseBytes),
                 tr("The whole workspace database file with its write-ahead log"));
}

void GalleryDialog::chooseFolder() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Enroll Folder"), m_lastDirectory);
    if (folder.isEmpty()) return;
    m_lastDirectory = folder;
    startEnrollment(EnrollmentRunner::SourceKind::Folder, folder, m_target->currentText());
}

void GalleryDialog::chooseManifest() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Enroll CSV Manifest"), m_lastDirectory,
                                                      tr("CSV manifests (*.csv *.tsv *.txt);;All files (*)"));
    if (file.isEmpty()) return;
    m_lastDirectory = QFileInfo(file).path();
    startEnrollment(EnrollmentRunner::SourceKind::Manifest, file, m_target->currentText());
}

bool GalleryDialog::startEnrollment(EnrollmentRunner::SourceKind kind, const QString& location,
                                    const QString& gallery) {
    const QString name = gallery.trimmed();
    const auto refuse = [this](const QString& message) {
        m_banner->showError(message);
        return false;
    };
    if (m_job->isRunning())
        return refuse(tr("An enrollment into \"%1\" is running; wait for it or cancel it first.")
                          .arg(m_job->galleryName()));
    if (!m_database) return refuse(tr("Open a workspace before enrolling photos."));
    if (!m_engine || !m_engine->isReady()) {
        return refuse(m_engine && m_engine->state() == EngineHost::State::Failed
                          ? tr("The face models could not be loaded, so nothing can be enrolled: %1")
                                .arg(m_engine->errorMessage())
                          : tr("The face models are still loading; try again in a moment."));
    }
    if (name.isEmpty())
        return refuse(tr("Type the name of a new gallery or pick an existing one to enroll into."));
    if (name.size() > Gallery::kMaxNameLength)
        return refuse(tr("A gallery name has at most %1 characters.").arg(Gallery::kMaxNameLength));
    if (const int row = m_galleries->rowOfName(name); row >= 0 && m_galleries->rowAt(row).gallery.isSynthetic())
        return refuse(tr("\"%1\" is a synthetic benchmark gallery: it cannot hold photos. Choose "
                         "another gallery.")
                          .arg(m_galleries->rowAt(row).gallery.name));

    EnrollmentOptions options;
    options.gallery = name;
    options.threads = m_settings.workerThreads();
    EnrollmentRunner::Request request{m_database->workspace(), m_engine->pipelinePool(),
                                   std::move(options), kind, location};
    if (!m_job->start(std::move(request))) return refuse(tr("The enrollment could not be started."));

    m_banner->dismiss();
    m_problems->clear();
    m_jobSummary->setText(tr("Enrolling %1 into \"%2\"\u2026").arg(QDir::toNativeSeparators(location), name));
    m_progress->setRange(0, 0);  // counting the files
    m_progressText->setText(tr("Counting the files\u2026"));
    updateActions();
    return true;
}

void GalleryDialog::cancelEnrollment() {
    if (!m_job->isRunning()) return;
    m_job->cancel();
    m_progressText->setText(tr("Cancelling: finishing the photos in hand and saving them\u2026"));
    updateActions();
}

QString GalleryDialog::durationText(double seconds) {
    if (seconds < 0 || !std::isfinite(seconds)) return QStringLiteral("?");
    const auto total = qint64(std::llround(seconds));
    const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

void GalleryDialog::onProgress(const EnrollmentProgress& p) {
    if (m_job->isCancelling()) return;  // keep saying what Cancel is doing
    const QLocale locale;
    if (p.total < 0) {
        m_progress->setRange(0, 0);
        m_progressText->setText(tr("Counting the files\u2026"));
        return;
    }
    // QProgressBar takes ints; scale a (hypothetical) source of more than 2^31 files.
    const int scale = p.total > std::numeric_limits<int>::max() ? 1000 : 1;
    m_progress->setRange(0, int(std::max<qint64>(p.total / scale, 1)));
    m_progress->setValue(int(p.done / scale));
    const QString problems = p.problems() == 1 ? tr("1 problem")
                                               : tr("%1 problems").arg(locale.toString(p.problems()));
    QString text = tr("%1 of %2 files \u00b7 %3 images/s \u00b7 ETA %4 \u00b7 %5")
                       .arg(locale.toString(p.done), locale.toString(p.total),
                            locale.toString(p.imagesPerSecond, 'f', 1), durationText(p.etaSeconds),
                            problems);
    if (p.resumedJob)
        text = tr("Resuming job %1 (%2 files done earlier): %3").arg(p.jobId).arg(locale.toString(p.resumed), text);
    m_progressText->setText(text);
}

void GalleryDialog::onEnrollmentFinished(const EnrollmentSummary& summary) {
    const QLocale locale;
    const CoreJob& job = summary.job;
    const EnrollmentProgress& p = summary.progress;
    if (p.total >= 0) {
        m_progress->setRange(0, int(std::max<qint64>(std::min<qint64>(p.total, std::numeric_limits<int>::max()), 1)));
        m_progress->setValue(int(std::min<qint64>(p.done, std::numeric_limits<int>::max())));
    } else {
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
    }
    const QString counts =
        tr("%1 enrolled, %2 already in the gallery, %3 needing attention")
            .arg(locale.toString(job.count(EnrollmentItem::Status::Ok) +
                                 job.count(EnrollmentItem::Status::SeveralFaces)),
                 locale.toString(job.count(EnrollmentItem::Status::Duplicate)),
                 locale.toString(job.problemCount()));
    if (summary.cancelled) {
        m_progressText->setText(
            tr("Cancelled after %1 of %2 files. Enroll the same source into \"%3\" again to resume job %4.")
                .arg(locale.toString(p.done), p.total < 0 ? tr("?") : locale.toString(p.total),
                     job.galleryName)
                .arg(job.id));
    } else {
        m_progressText->setText(tr("Done: %1 files in %2 (%3 images/s).")
                                    .arg(locale.toString(p.done), durationText(summary.wallSeconds),
                                         locale.toString(p.imagesPerSecond, 'f', 1)));
    }
    m_jobSummary->setText(tr("Job %1 into \"%2\" %3%4: %5 files from %6 \u2014 %7.")
                              .arg(job.id)
                              .arg(job.galleryName, GalleryListModel::jobStatusText(job.status).toLower(),
                                   summary.galleryCreated ? tr(" (new gallery)") : QString(),
                                   locale.toString(job.itemCount()), QDir::toNativeSeparators(job.source),
                                   counts));
    m_problems->load(m_database, job.id, job.source);
    m_pendingSelection = job.galleryName;
    m_galleries->reload();
    updateActions();
    emit enrollmentFinished(summary);
    emit galleriesChanged();
}

void GalleryDialog::onEnrollmentFailed(const QString& message) {
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progressText->setText(tr("The enrollment failed; see the message above."));
    m_jobSummary->clear();
    m_banner->showError(tr("Enrolling %1 into \"%2\" failed: %3")
                            .arg(QDir::toNativeSeparators(m_job->sourceLocation()), m_job->galleryName(), message));
    // A failed run may still have created the gallery or recorded a resumable job.
    m_pendingSelection = m_job->galleryName();
    m_galleries->reload();
    updateActions();
    emit galleriesChanged();
}

void GalleryDialog::removeSelectedGallery() {
    const QModelIndexList rows = m_galleryTable->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_database) return;
    auto* dialog = new GalleryRemovalDialog(GalleryRemovalDialog::Target::Gallery,
                                            m_galleries->rowAt(rows.first().row()).gallery, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &GalleryRemovalDialog::submitted, this,
            [this, dialog](const QString& reason) { removeGallery(dialog, reason); });
    dialog->open();
}

void GalleryDialog::removeImageFromSelectedGallery() {
    const QModelIndexList rows = m_galleryTable->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_database) return;
    auto* dialog = new GalleryRemovalDialog(GalleryRemovalDialog::Target::Image,
                                            m_galleries->rowAt(rows.first().row()).gallery, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &GalleryRemovalDialog::submitted, this,
            [this, dialog](const QString& reason) { removeImage(dialog, reason); });
    dialog->open();
}

void GalleryDialog::removeGallery(GalleryRemovalDialog* dialog, const QString& reason) {
    if (!m_database) {
        dialog->showError(tr("No workspace is open."));
        return;
    }
    const qint64 id = dialog->gallery().id;
    const QString name = dialog->gallery().name;
    m_remove->setEnabled(false);
    m_progressText->setText(tr("Removing \"%1\"\u2026").arg(name));
    m_database->run<Gallery>(
        [id, reason, workspace = m_database->workspace()](const DatabaseConnection& c) {
            return GalleryAdmin(workspace, c, workspace.actor()).removeGallery(id, reason);
        },
        this, [this, name, box = QPointer<GalleryRemovalDialog>(dialog)](Result<Gallery> removed) {
            if (!removed) {
                const QString message = tr("\"%1\" could not be removed: %2").arg(name, removed.errorMessage());
                if (box) box->showError(message);
                else m_banner->showError(message);
            } else {
                if (box) box->accept();
                m_banner->showInfo(tr("The gallery \"%1\" was removed.").arg(name));
                if (m_problems->rowCount() > 0 || m_problems->jobId() != 0) m_problems->clear();
                m_progressText->setText(tr("No enrollment running."));
                emit galleriesChanged();
            }
            m_galleries->reload();
            updateActions();
        });
}

void GalleryDialog::removeImage(GalleryRemovalDialog* dialog, const QString& reason) {
    const std::optional<GalleryImageKey> key = dialog->imageKey();
    if (!m_database || !key) {
        dialog->showError(!m_database ? tr("No workspace is open.")
                                      : tr("Name the image by its id or its SHA-256."));
        return;
    }
    if (selectedGalleryIsEnrolling()) {
        dialog->showError(tr("An enrollment is writing into this gallery; wait for it or cancel it first."));
        return;
    }
    const qint64 id = dialog->gallery().id;
    const QString name = dialog->gallery().name;
    m_database->run<RemovedGalleryImage>(
        [id, key = *key, reason, workspace = m_database->workspace()](const DatabaseConnection& c) {
            return GalleryAdmin(workspace, c, workspace.actor()).removeImage(id, key, reason);
        },
        this, [this, name, box = QPointer<GalleryRemovalDialog>(dialog)](Result<RemovedGalleryImage> removed) {
            if (!removed) {
                if (box) box->showError(removed.errorMessage());
                else m_banner->showError(removed.errorMessage());
                return;
            }
            if (box) box->accept();
            m_banner->showInfo(tr("Image %1 (%2, %n face(s)) was removed from \"%3\".", nullptr,
                                  int(removed->faces))
                                   .arg(removed->imageId)
                                   .arg(QDir::toNativeSeparators(removed->path), name));
            m_pendingSelection = name;
            m_galleries->reload();
            emit galleriesChanged();
            updateActions();
        });
}

bool GalleryDialog::selectedGalleryIsEnrolling() const {
    const qint64 selected = selectedGalleryId();
    if (!m_job->isRunning() || selected == 0) return false;
    const int row = m_galleries->rowOfGallery(selected);
    return row >= 0 &&
           m_galleries->rowAt(row).gallery.name.compare(m_job->galleryName(), Qt::CaseInsensitive) == 0;
}

void GalleryDialog::updateActions() {
    const bool running = m_job->isRunning();
    const bool canEnroll = m_database && m_engine && m_engine->isReady() && !running;
    for (QPushButton* button : {m_enrollFolder, m_enrollManifest}) {
        button->setEnabled(canEnroll);
    }
    m_target->setEnabled(!running);
    m_cancel->setEnabled(running && !m_job->isCancelling());
    // Never remove the gallery an enrollment is writing into, nor images from it.
    const qint64 selected = selectedGalleryId();
    const bool busyGallery = selectedGalleryIsEnrolling();
    m_remove->setEnabled(m_database && selected != 0 && !busyGallery);
    m_removeImage->setEnabled(m_database && selected != 0 && !busyGallery);
    m_reload->setEnabled(m_database != nullptr);
    if (m_engine && !m_engine->isReady()) {
        const QString why = m_engine->state() == EngineHost::State::Failed
                                ? tr("The face models could not be loaded: %1").arg(m_engine->errorMessage())
                                : tr("Waiting for the face models to load");
        m_enrollFolder->setToolTip(why);
        m_enrollManifest->setToolTip(why);
    } else {
        m_enrollFolder->setToolTip(tr("Enroll every photo under a folder; the first-level "
                                      "sub-folder of a photo names its subject"));
        m_enrollManifest->setToolTip(tr("Enroll the photos a CSV manifest lists (columns: path, "
                                        "and optionally subject_id, name and any attributes)"));
    }
}

}  // namespace facecase::ui
