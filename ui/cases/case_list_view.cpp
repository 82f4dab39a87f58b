// Over 500 lines: the start screen (case list, filters, new/close/reopen/retention/purge actions).
#include "cases/case_list_view.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "cases/case_filter_model.h"
#include "cases/case_list_model.h"
#include "cases/new_case_dialog.h"
#include "jobs/database_worker.h"
#include "services/casework/case_catalog.h"
#include "services/retention/case_purger.h"
#include "types/display_time.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

namespace {
QIcon icon(const char* name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}
}  // namespace

CaseListView::CaseListView(QWidget* parent)
    : QWidget(parent), m_model(new CaseListModel(this)), m_filter(new CaseFilterModel(this)) {
    setObjectName(QStringLiteral("caseListView"));
    m_filter->setSourceModel(m_model);

    m_banner = new MessageBanner(this);

    auto* heading = new QLabel(tr("Cases"), this);
    heading->setObjectName(QStringLiteral("casesHeading"));
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.5);
    headingFont.setWeight(QFont::DemiBold);
    heading->setFont(headingFont);

    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    m_workspaceLabel->setForegroundRole(QPalette::PlaceholderText);
    m_workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_workspaceLabel->setTextFormat(Qt::PlainText);

    m_newButton = new QPushButton(icon("document-new"), tr("&New Case\u2026"), this);
    m_newButton->setObjectName(QStringLiteral("newCaseButton"));
    m_newButton->setToolTip(
        tr("Open a new case: number, purpose / legal basis and analyst (%1)")
            .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    connect(m_newButton, &QPushButton::clicked, this, &CaseListView::newCase);

    auto* headingRow = new QHBoxLayout;
    headingRow->addWidget(heading);
    headingRow->addSpacing(12);
    headingRow->addWidget(m_workspaceLabel, 1, Qt::AlignBottom);
    headingRow->addWidget(m_newButton);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("caseFilterEdit"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->addAction(icon("edit-find"), QLineEdit::LeadingPosition);
    m_filterEdit->setPlaceholderText(tr("Filter by number, title, purpose or analyst"));
    m_filterEdit->setToolTip(
        tr("Shows the cases containing every word typed, in their number, title, purpose or "
           "analyst (Ctrl+F; Esc clears)"));
    m_filterEdit->setAccessibleName(tr("Filter cases"));
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &CaseFilterModel::setFilterText);

    m_statusBox = new QComboBox(this);
    m_statusBox->setObjectName(QStringLiteral("caseStatusFilter"));
    m_statusBox->addItem(tr("All cases"), int(CaseFilterModel::StatusFilter::All));
    m_statusBox->addItem(tr("Open"), int(CaseFilterModel::StatusFilter::Open));
    m_statusBox->addItem(tr("Closed"), int(CaseFilterModel::StatusFilter::Closed));
    m_statusBox->setToolTip(tr("Show all cases, only open cases, or only closed ones"));
    m_statusBox->setAccessibleName(tr("Status filter"));
    connect(m_statusBox, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setStatusFilter(
            CaseFilterModel::StatusFilter(m_statusBox->currentData().toInt()));
    });
    auto* statusLabel = new QLabel(tr("&Status:"), this);
    statusLabel->setBuddy(m_statusBox);

    m_loadingLabel = new QLabel(tr("Loading cases\u2026"), this);
    m_loadingLabel->setObjectName(QStringLiteral("casesLoading"));
    m_loadingLabel->setForegroundRole(QPalette::PlaceholderText);
    m_loadingLabel->hide();

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addSpacing(8);
    filterRow->addWidget(statusLabel);
    filterRow->addWidget(m_statusBox);
    filterRow->addSpacing(8);
    filterRow->addWidget(m_loadingLabel);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("caseTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setTabKeyNavigation(false);  // Tab leaves the table for the buttons
    m_table->verticalHeader()->hide();
    m_table->setAccessibleName(tr("Cases"));
    QHeaderView* header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    // Widths from the font, so they follow the screen's scale and the analyst's font size.
    const QFontMetrics metrics(font());
    const auto chars = [&metrics](int n) {
        return metrics.horizontalAdvance(QLatin1Char('m')) * n;
    };
    header->resizeSection(CaseListModel::NumberColumn, chars(11));
    header->resizeSection(CaseListModel::TitleColumn, chars(18));
    header->resizeSection(CaseListModel::AnalystColumn, chars(9));
    // The widest time displayTime() writes, zone included: an elided zone would hide which it is.
    const int timeWidth =
        metrics.horizontalAdvance(displayTime(QDateTime(QDate(2024, 12, 31), QTime(23, 59, 59), Qt::UTC))) + 24;
    header->resizeSection(CaseListModel::OpenedColumn, timeWidth);
    header->resizeSection(CaseListModel::LastActivityColumn, timeWidth);
    header->resizeSection(CaseListModel::StatusColumn, chars(6));
    header->setSectionResizeMode(CaseListModel::PurposeColumn, QHeaderView::Stretch);
    m_table->sortByColumn(CaseListModel::LastActivityColumn, Qt::DescendingOrder);
    connect(m_table, &QTableView::activated, this, [this] { openSelected(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateButtons();
        emit selectionChanged();
    });

    m_placeholder = new QLabel(this);
    m_placeholder->setObjectName(QStringLiteral("casesPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_placeholder->setTextFormat(Qt::PlainText);

    m_tableStack = new QStackedWidget(this);
    m_tableStack->addWidget(m_table);
    m_tableStack->addWidget(m_placeholder);

    m_openButton = new QPushButton(icon("document-open"), tr("&Open"), this);
    m_openButton->setObjectName(QStringLiteral("openCaseButton"));
    m_openButton->setToolTip(tr("Open the selected case (Enter or double-click)"));
    connect(m_openButton, &QPushButton::clicked, this, &CaseListView::openSelected);

    m_closeButton = new QPushButton(icon("case-close"), tr("&Close Case\u2026"), this);
    m_closeButton->setObjectName(QStringLiteral("closeCaseButton"));
    m_closeButton->setToolTip(tr("Close the selected case, with the reason for the audit log"));
    connect(m_closeButton, &QPushButton::clicked, this, &CaseListView::closeSelected);

    m_reopenButton = new QPushButton(icon("case-reopen"), tr("&Reopen Case\u2026"), this);
    m_reopenButton->setObjectName(QStringLiteral("reopenCaseButton"));
    m_reopenButton->setToolTip(
        tr("Reopen the selected closed case, with the reason for the "
           "audit log"));
    connect(m_reopenButton, &QPushButton::clicked, this, &CaseListView::reopenSelected);

    m_purgeButton = new QPushButton(tr("&Purge Expired Cases\u2026"), this);
    m_purgeButton->setObjectName(QStringLiteral("purgeExpiredButton"));
    m_purgeButton->setToolTip(
        tr("Delete the probes, evidence copies, searches and verdicts of closed cases whose "
           "retention period has run out. Lists them first; the cases and their audit records "
           "stay."));
    connect(m_purgeButton, &QPushButton::clicked, this, &CaseListView::purgeExpired);

    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_purgeButton);
    buttonRow->addStretch(1);
    buttonRow->addWidget(m_closeButton);
    buttonRow->addWidget(m_reopenButton);
    buttonRow->addWidget(m_openButton);

    auto* content = new QVBoxLayout;
    content->setContentsMargins(16, 12, 16, 12);
    content->setSpacing(10);
    content->addLayout(headingRow);
    content->addLayout(filterRow);
    content->addWidget(m_tableStack, 1);
    content->addLayout(buttonRow);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addLayout(content, 1);

    auto* findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QShortcut::activated, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    // Esc clears the filter first (the list then shows every case again), then dismisses the
    // banner.
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, [this] {
        if (!m_filterEdit->text().isEmpty())
            m_filterEdit->clear();
        else
            m_banner->dismiss();
    });

    connect(m_model, &CaseListModel::loadingChanged, m_loadingLabel, &QWidget::setVisible);
    connect(m_model, &CaseListModel::loadingChanged, this, &CaseListView::updatePlaceholder);
    connect(m_model, &CaseListModel::loadFailed, this, [this](const QString& message) {
        m_banner->showError(tr("The cases could not be read: %1").arg(message));
    });
    connect(m_model, &CaseListModel::modelAboutToBeReset, this, [this] {
        const auto selected = selectedCase();
        m_selectedBeforeReload = selected ? selected->id : 0;
    });
    connect(m_model, &CaseListModel::loaded, this,
            [this] { restoreSelection(m_selectedBeforeReload); });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(m_filter, signal, this, &CaseListView::updatePlaceholder);
    }
    connect(m_filter, &QAbstractItemModel::modelReset, this, &CaseListView::updatePlaceholder);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &CaseListView::updateButtons);
    connect(m_filter, &QAbstractItemModel::dataChanged, this, &CaseListView::updateButtons);

    setTabOrder(m_filterEdit, m_statusBox);
    setTabOrder(m_statusBox, m_table);
    setTabOrder(m_table, m_closeButton);
    setTabOrder(m_closeButton, m_reopenButton);
    setTabOrder(m_reopenButton, m_openButton);
    setTabOrder(m_openButton, m_newButton);
    setTabOrder(m_newButton, m_purgeButton);
    setFocusProxy(m_table);

    m_workspaceState = tr("No workspace is open.");
    updatePlaceholder();
    updateButtons();
}

CaseListView::~CaseListView() = default;

void CaseListView::setWorker(DatabaseWorker* worker, const QString& workspaceFolder) {
    m_worker = worker;
    if (worker) {
        m_banner->dismiss();
        m_workspaceLabel->setText(
            tr("Workspace %1").arg(QDir::toNativeSeparators(workspaceFolder)));
        m_workspaceLabel->setToolTip(
            tr("Cases, galleries and evidence of this workspace are kept in %1. Change it in "
               "File \u25b8 Settings.")
                .arg(QDir::toNativeSeparators(workspaceFolder)));
    } else {
        m_workspaceState = tr("No workspace is open.");
        m_workspaceLabel->clear();
    }
    m_model->setWorker(worker);
    updatePlaceholder();
    updateButtons();
}

void CaseListView::showWorkspaceOpening(const QString& folder) {
    setWorker(nullptr);
    m_workspaceState = tr("Opening the workspace %1\u2026").arg(QDir::toNativeSeparators(folder));
    updatePlaceholder();
}

void CaseListView::showWorkspaceFailed(const QString& message) {
    setWorker(nullptr);
    m_workspaceState = tr("No workspace is open.");
    m_banner->showError(tr("The workspace could not be opened: %1\nChoose another folder in "
                           "File \u25b8 Settings.")
                            .arg(message));
    updatePlaceholder();
}

QString CaseListView::placeholderText() const {
    return m_tableStack->currentWidget() == m_placeholder ? m_placeholder->text() : QString();
}

void CaseListView::updatePlaceholder() {
    QString text;
    if (!m_worker) {
        text = m_workspaceState;
    } else if (m_filter->rowCount() == 0) {
        if (m_model->isLoading())
            text = tr("Loading cases\u2026");
        else if (m_model->rowCount() == 0)
            text = tr("No cases yet. Choose New Case\u2026 to open the first one.");
        else
            text = tr("No case matches the filter.");
    }
    m_placeholder->setText(text);
    m_tableStack->setCurrentWidget(text.isEmpty() ? static_cast<QWidget*>(m_table) : m_placeholder);
    updateButtons();
}

std::optional<CaseRecord> CaseListView::selectedCase() const {
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row()))
        return std::nullopt;
    const QModelIndex source = m_filter->mapToSource(current);
    if (!source.isValid()) return std::nullopt;
    return m_model->caseAt(source.row());
}

bool CaseListView::selectCase(qint64 id) {
    const int row = m_model->rowOfCase(id);
    if (row < 0) return false;
    const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) return false;
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void CaseListView::restoreSelection(qint64 id) {
    if (id != 0 && selectCase(id)) return;
    // Keyboard users land on the first case, ready for Enter.
    if (m_filter->rowCount() > 0 && !m_table->selectionModel()->currentIndex().isValid()) {
        m_table->selectionModel()->setCurrentIndex(
            m_filter->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    updateButtons();
}

void CaseListView::updateButtons() {
    const auto selected = selectedCase();
    const bool ready = m_worker != nullptr;
    m_newButton->setEnabled(ready);
    m_openButton->setEnabled(ready && selected.has_value());
    m_closeButton->setEnabled(ready && selected && selected->status == CaseRecord::Status::Open);
    m_reopenButton->setEnabled(ready && selected && selected->status == CaseRecord::Status::Closed &&
                               !selected->isPurged());
    m_purgeButton->setEnabled(ready && !m_purging);
}

void CaseListView::reload() {
    m_model->reload();
}

void CaseListView::newCase() {
    if (!m_worker) return;
    if (m_newDialog) {
        m_newDialog->raise();
        m_newDialog->activateWindow();
        return;
    }
    auto* dialog = new NewCaseDialog(m_worker ? m_worker->workspace().actor().name() : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_newDialog = dialog;
    connect(dialog, &NewCaseDialog::submitted, this, &CaseListView::createCase);
    dialog->open();
}

void CaseListView::createCase(const CaseRecord& draft) {
    if (!m_worker) {
        if (m_newDialog) m_newDialog->showError(tr("No workspace is open."));
        return;
    }
    m_worker->run<CaseRecord>(
        [draft, actor = m_worker->workspace().actor()](const DatabaseConnection& connection) {
            return CaseCatalog(connection, actor).create(draft);
        },
        this,
        [this](Result<CaseRecord> created) {
            if (!created) {
                if (m_newDialog)
                    m_newDialog->showError(created.errorMessage());
                else
                    m_banner->showError(
                        tr("The case was not opened: %1").arg(created.errorMessage()));
                return;
            }
            if (m_newDialog) m_newDialog->accept();
            showChanged(*created);
        });
}

void CaseListView::openSelected() {
    if (const auto selected = selectedCase()) emit openRequested(*selected);
}

void CaseListView::closeSelected() {
    if (const auto selected = selectedCase())
        changeStatus(CaseStatusDialog::Change::Close, *selected);
}

void CaseListView::reopenSelected() {
    if (const auto selected = selectedCase())
        changeStatus(CaseStatusDialog::Change::Reopen, *selected);
}

void CaseListView::changeStatus(CaseStatusDialog::Change change, const CaseRecord& record) {
    if (!m_worker || m_statusDialog) return;
    auto* dialog = new CaseStatusDialog(change, record, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_statusDialog = dialog;
    connect(dialog, &CaseStatusDialog::submitted, this, [this, change, dialog](const QString& reason) {
        applyStatusChange(change, dialog->caseRecord(), reason);
    });
    dialog->open();
}

void CaseListView::applyStatusChange(CaseStatusDialog::Change change, const CaseRecord& seen,
                                     const QString& reason) {
    if (!m_worker) return;
    const bool closing = change == CaseStatusDialog::Change::Close;
    m_worker->run<CaseRecord>(
        [id = seen.id, version = seen.changeSeq, actor = m_worker->workspace().actor(), reason,
         closing](const DatabaseConnection& connection) {
            const CaseCatalog cases(connection, actor);
            // The version the analyst saw: a colleague's close or reopen since is not undone unseen.
            return closing ? cases.close(id, reason, version) : cases.reopen(id, reason, version);
        },
        this,
        [this, id = seen.id](Result<CaseRecord> changed) {
            if (!changed) {
                if (m_statusDialog)
                    m_statusDialog->showError(changed.errorMessage());
                else
                    m_banner->showError(changed.errorMessage());
                if (changed.error().kind == Error::Kind::Conflict) reloadCase(id);
                return;
            }
            if (m_statusDialog) m_statusDialog->accept();
            showChanged(*changed);
        });
}

void CaseListView::reloadCase(qint64 caseId) {
    if (!m_worker) return;
    m_worker->run<CaseRecord>(
        [caseId, actor = m_worker->workspace().actor()](const DatabaseConnection& connection) {
            return CaseCatalog(connection, actor).findById(caseId);
        },
        this, [this](Result<CaseRecord> current) {
            if (!current) return;  // the refusal's words are on screen already
            if (m_statusDialog && m_statusDialog->caseRecord().id == current->id)
                m_statusDialog->setCaseRecord(*current);
            m_model->upsert(*current);
            emit caseChanged(*current);
        });
}

void CaseListView::showChanged(const CaseRecord& record) {
    m_banner->clearError();
    m_model->upsert(record);
    // A case the analyst just made or changed must be in view, whatever the filters say.
    if (!selectCase(record.id)) {
        m_filterEdit->clear();
        m_statusBox->setCurrentIndex(0);
        selectCase(record.id);
    }
    updatePlaceholder();
    emit caseChanged(record);
}

namespace {
// "1 probe" / "3 probes": `one` as it is, `many` with %1. (tr()'s %n plural forms need a
// translation file to drop the "(s)"; the application ships none for English.)
QString counted(qint64 n, const QString& one, const QString& many) {
    return n == 1 ? one : many.arg(n);
}

QString countsText(const PurgeCounts& n) {
    return QStringList{
        counted(n.probes, CaseListView::tr("1 probe"), CaseListView::tr("%1 probes")),
        counted(n.searches, CaseListView::tr("1 search"), CaseListView::tr("%1 searches")),
        counted(n.candidates, CaseListView::tr("1 candidate"), CaseListView::tr("%1 candidates")),
        counted(n.verdicts, CaseListView::tr("1 verdict"), CaseListView::tr("%1 verdicts")),
        counted(n.evidenceFiles, CaseListView::tr("1 evidence file"),
                CaseListView::tr("%1 evidence files"))}
        .join(QStringLiteral(", "));
}

}  // namespace

QMessageBox* CaseListView::purgeConfirmation() const {
    return m_purgeConfirmation;
}

void CaseListView::purgeExpired() {
    if (!m_worker || m_purging || m_purgeConfirmation) return;
    m_purging = true;
    updateButtons();
    const Workspace workspace = m_worker->workspace();
    m_worker->run<std::vector<ExpiredCase>>(
        [workspace](const DatabaseConnection& connection) {
            return CasePurger(workspace, connection).expired(QDateTime::currentDateTimeUtc());
        },
        this,
        [this](Result<std::vector<ExpiredCase>> expired) {
            m_purging = false;
            updateButtons();
            if (!expired) {
                m_banner->showError(
                    tr("The expired cases could not be listed: %1").arg(expired.errorMessage()));
                return;
            }
            if (expired->empty()) {
                m_banner->showInfo(
                    tr("No closed case has passed its retention period; nothing to purge."));
                return;
            }
            confirmPurge(*expired);
        });
}

void CaseListView::confirmPurge(const std::vector<ExpiredCase>& expired) {
    QStringList lines;
    std::vector<qint64> ids;
    for (const ExpiredCase& e : expired) {
        ids.push_back(e.record.id);
        lines << tr("\u2022 %1 \u2014 closed %2, kept %3, expired %4: %5")
                     .arg(e.record.caseNumber, displayTime(e.record.closedAt),
                          counted(e.retentionDays, tr("1 day"), tr("%1 days")), displayTime(e.expiredAt),
                          countsText(e.counts));
    }
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Purge Expired Cases"),
                                counted(qint64(expired.size()), tr("Purge 1 expired case?"),
                                        tr("Purge %1 expired cases?")),
                                QMessageBox::Cancel, window());
    box->setObjectName(QStringLiteral("purgeConfirmation"));
    box->setInformativeText(
        tr("Their probes, evidence copies, searches, candidates and verdicts are deleted for "
           "good. The cases and their audit records stay, with a record of the purge; evidence "
           "another case still uses is kept.\n\n%1")
            .arg(lines.join(QLatin1Char('\n'))));
    QPushButton* purge = box->addButton(tr("&Purge"), QMessageBox::DestructiveRole);
    purge->setObjectName(QStringLiteral("confirmPurgeButton"));
    box->setDefaultButton(QMessageBox::Cancel);  // a slip of Enter must not delete evidence
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    m_purgeConfirmation = box;
    connect(box, &QMessageBox::finished, this, [this, box, purge, ids] {
        if (box->clickedButton() == purge) runPurge(ids);
    });
    box->open();
}

void CaseListView::runPurge(const std::vector<qint64>& caseIds) {
    if (!m_worker) return;
    m_purging = true;
    updateButtons();
    const Workspace workspace = m_worker->workspace();
    const QString actor = m_worker->workspace().actor().name();
    m_worker->run<CasePurger::Run>(
        [workspace, caseIds, actor](const DatabaseConnection& connection) {
            return CasePurger(workspace, connection).purgeAll(caseIds, actor);
        },
        this,
        [this](Result<CasePurger::Run> run) {
            m_purging = false;
            updateButtons();
            m_model->reload();
            if (!run) {
                m_banner->showError(tr("The purge failed: %1").arg(run.errorMessage()));
                return;
            }
            QStringList purged;
            qsizetype filesDeleted = run->orphans.deleted.size();
            QStringList notDeleted = run->orphans.failed;
            for (const CasePurger::Outcome& o : run->purged) {
                purged << tr("%1 (%2)").arg(o.purged.record.caseNumber,
                                            countsText(o.purged.counts));
                filesDeleted += o.files.deleted.size();
                notDeleted += o.files.failed;
            }
            QString text = purged.isEmpty()
                               ? tr("No case was purged.")
                               : counted(qint64(run->purged.size()), tr("Purged 1 case: %2."),
                                         tr("Purged %1 cases: %2."))
                                     .arg(purged.join(QStringLiteral("; ")));
            text += QLatin1Char(' ') + counted(filesDeleted, tr("1 evidence file deleted."),
                                               tr("%1 evidence files deleted."));
            if (!notDeleted.isEmpty())
                text += QLatin1Char('\n') +
                        tr("Not deleted (the next purge tries again): %1")
                            .arg(notDeleted.join(QStringLiteral("; ")));
            if (!run->failures.isEmpty()) {
                m_banner->showError(text + QLatin1Char('\n') +
                                    tr("Not purged: %1").arg(run->failures.join(QStringLiteral("; "))));
            } else {
                m_banner->showInfo(text);
            }
        });
}

}  // namespace facecase::ui
