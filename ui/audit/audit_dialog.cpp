#include "audit/audit_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "audit/audit_table_model.h"
#include "jobs/database_worker.h"
#include "services/casework/audit_inspection.h"
#include "services/casework/case_catalog.h"
#include "audit/audit_trail.h"

namespace facecase::ui {

namespace {
struct Loaded {
    std::vector<AuditRecord> records;
    QHash<qint64, QString> caseNumbers;
};

// The Audit log view runs the auditor's check (AuditInspection) and insists that it is on
// record: a check that could not be recorded is shown as a failure.
Result<AuditInspection::Check> verifyAndRecord(const DatabaseConnection& connection,
                                               const Actor& actor) {
    auto check = AuditInspection::verify(connection, actor);
    if (check && check->recordError) return *check->recordError;
    return check;
}
}  // namespace

AuditDialog::AuditDialog(DatabaseWorker* worker, QWidget* parent) : QDialog(parent), m_worker(worker) {
    setObjectName(QStringLiteral("auditDialog"));
    setWindowTitle(tr("Audit log"));
    resize(1000, 600);

    m_case = new QComboBox(this);
    m_case->setToolTip(tr("Only the records of this case"));
    m_case->addItem(tr("All cases"));
    m_action = new QLineEdit(this);
    m_action->setPlaceholderText(tr("any action, e.g. search_run"));
    m_action->setClearButtonEnabled(true);
    m_analyst = new QLineEdit(this);
    m_analyst->setPlaceholderText(tr("any analyst"));
    m_analyst->setClearButtonEnabled(true);
    // Days in UTC, the zone of the times the table shows (displayTime()).
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_useFrom = new QCheckBox(tr("From"), this);
    m_from = new QDateEdit(today.addMonths(-1), this);
    m_from->setCalendarPopup(true);
    m_from->setEnabled(false);
    m_from->setToolTip(tr("From the start of the day, UTC"));
    m_useUntil = new QCheckBox(tr("to"), this);
    m_until = new QDateEdit(today, this);
    m_until->setCalendarPopup(true);
    m_until->setEnabled(false);
    m_until->setToolTip(tr("Inclusive: the whole day, UTC"));

    auto* filters = new QHBoxLayout;
    auto* form = new QFormLayout;
    form->addRow(tr("&Case:"), m_case);
    auto* form2 = new QFormLayout;
    form2->addRow(tr("&Action:"), m_action);
    auto* form3 = new QFormLayout;
    form3->addRow(tr("A&nalyst:"), m_analyst);
    filters->addLayout(form);
    filters->addLayout(form2);
    filters->addLayout(form3);
    filters->addWidget(m_useFrom);
    filters->addWidget(m_from);
    filters->addWidget(m_useUntil);
    filters->addWidget(m_until);

    m_model = new AuditTableModel(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_count = new QLabel(this);
    m_verify = new QPushButton(tr("&Verify chain"), this);
    m_verify->setToolTip(tr("Recompute the hash chain of the whole log and show the first broken record, if any (recorded as audit_verified)"));
    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_count);
    bottom->addStretch(1);
    bottom->addWidget(m_verify);
    bottom->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_result);
    layout->addLayout(bottom);

    connect(m_case, &QComboBox::currentIndexChanged, this, &AuditDialog::loadRecords);
    connect(m_action, &QLineEdit::editingFinished, this, &AuditDialog::loadRecords);
    connect(m_analyst, &QLineEdit::editingFinished, this, &AuditDialog::loadRecords);
    for (const auto& [check, edit] : std::initializer_list<std::pair<QCheckBox*, QDateEdit*>>{{m_useFrom, m_from}, {m_useUntil, m_until}}) {
        connect(check, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        connect(check, &QCheckBox::toggled, this, &AuditDialog::loadRecords);
        connect(edit, &QDateEdit::dateChanged, this, &AuditDialog::loadRecords);
    }
    connect(m_verify, &QPushButton::clicked, this, &AuditDialog::verifyChain);
    reload();
}

void AuditDialog::reload() {
    if (!m_worker) {
        m_result->setText(tr("No workspace is open."));
        return;
    }
    m_worker->run<std::vector<CaseRecord>>(
        [actor = m_worker->workspace().actor()](const DatabaseConnection& c) {
            return CaseCatalog(c, actor).list();
        },
        this,
        [this](Result<std::vector<CaseRecord>> cases) {
            if (!cases) {
                m_result->setText(tr("The cases could not be read: %1").arg(cases.errorMessage()));
                return;
            }
            const QVariant chosen = m_case->currentData();
            {
                const QSignalBlocker blocker(m_case);  // one load below, not one per item
                while (m_case->count() > 1) m_case->removeItem(1);
                for (const CaseRecord& c : *cases) m_case->addItem(c.caseNumber, c.id);
                const int again = chosen.isValid() ? m_case->findData(chosen) : 0;
                m_case->setCurrentIndex(std::max(again, 0));
            }
            loadRecords();
        });
}

void AuditDialog::loadRecords() {
    if (!m_worker) return;
    AuditFilter filter;
    if (const QVariant id = m_case->currentData(); id.isValid()) filter.caseId = id.toLongLong();
    filter.action = m_action->text().trimmed();
    filter.actor = m_analyst->text().trimmed();
    // Whole UTC days, the days of the times in the table; the filter compares instants.
    if (m_useFrom->isChecked()) filter.from = m_from->date().startOfDay(Qt::UTC);
    if (m_useUntil->isChecked()) filter.until = m_until->date().addDays(1).startOfDay(Qt::UTC);
    const int generation = ++m_generation;
    m_count->setText(tr("Loading…"));
    m_worker->run<Loaded>(
        [filter, actor = m_worker->workspace().actor()](const DatabaseConnection& c) -> Result<Loaded> {
            auto records = AuditTrail(c).records(filter);
            if (!records) return records.error();
            auto cases = CaseCatalog(c, actor).list();
            if (!cases) return cases.error();
            Loaded loaded{std::move(records).value(), {}};
            for (const CaseRecord& r : *cases) loaded.caseNumbers.insert(r.id, r.caseNumber);
            return loaded;
        },
        this, [this, generation](Result<Loaded> loaded) {
            if (generation != m_generation) return;  // a newer filter is on its way
            if (!loaded) {
                m_count->setText(tr("The audit log could not be read: %1").arg(loaded.errorMessage()));
                return;
            }
            const int count = int(loaded->records.size());
            m_model->setRecords(std::move(loaded->records), std::move(loaded->caseNumbers));
            m_table->resizeColumnsToContents();
            m_count->setText(tr("%n record(s)", nullptr, count));
            emit recordsLoaded(count);
        });
}

void AuditDialog::verifyChain() {
    if (!m_worker) {
        m_result->setText(tr("No workspace is open."));
        return;
    }
    m_verify->setEnabled(false);
    m_result->setText(tr("Verifying the chain…"));
    m_worker->run<AuditInspection::Check>(
        [actor = m_worker->workspace().actor()](const DatabaseConnection& c) { return verifyAndRecord(c, actor); },
        this, [this](Result<AuditInspection::Check> checked) {
            m_verify->setEnabled(true);
            if (!checked) {
                m_result->setStyleSheet(QStringLiteral("color: #a33"));
                m_result->setText(tr("The chain could not be checked: %1").arg(checked.errorMessage()));
                return;
            }
            const AuditVerification& v = checked->verification;
            if (v.intact()) {
                m_result->setStyleSheet(QString());
                m_result->setText(tr("Chain intact: %n record(s), head #%1, hash %2. This check is record #%3.",
                                     nullptr, int(v.recordCount))
                                      .arg(v.headSeq)
                                      .arg(v.headHash)
                                      .arg(checked->recordedSeq.value_or(0)));
            } else {
                m_result->setStyleSheet(QStringLiteral("color: #a33; font-weight: 600"));
                m_result->setText(tr("Chain BROKEN at record #%1 (%2): %3 This finding is record #%4.")
                                      .arg(v.firstBreak->seq)
                                      .arg(AuditVerification::kindName(v.firstBreak->kind), v.firstBreak->explanation)
                                      .arg(checked->recordedSeq.value_or(0)));
            }
            // What the chain alone cannot show: records missing from the end, or a stretch
            // rewritten and re-hashed (docs/audit.md, "Anchors outside the database").
            if (const QStringList findings = checked->anchors.findings(); !findings.isEmpty()) {
                m_result->setStyleSheet(QStringLiteral("color: #a33; font-weight: 600"));
                m_result->setText(m_result->text() + QLatin1Char('\n') +
                                  tr("The log disagrees with its anchors: %1.")
                                      .arg(findings.join(QStringLiteral("; "))));
            }
            if (const QStringList findings = checked->crossCheck.findings(); !findings.isEmpty()) {
                m_result->setStyleSheet(QStringLiteral("color: #a33; font-weight: 600"));
                m_result->setText(m_result->text() + QLatin1Char('\n') +
                                  tr("The workspace disagrees with its trail: %1.")
                                      .arg(findings.mid(0, 5).join(QStringLiteral("; "))));
            }
            emit chainVerified(checked->ok());
            loadRecords();  // the audit_verified record joins the list
        });
}

}  // namespace facecase::ui
