#include "settings/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "settings/app_settings.h"
#include "store/workspace.h"
#include "store/workspace_location.h"

namespace facecase::ui {

SettingsDialog::SettingsDialog(AppSettings& settings, QWidget* parent)
    : QDialog(parent), m_settings(settings) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("FaceCase Settings"));

    m_workspace = new QLineEdit(this);
    m_workspace->setObjectName(QStringLiteral("workspaceEdit"));
    m_workspace->setMinimumWidth(360);
    m_workspace->setClearButtonEnabled(true);
    m_workspace->setToolTip(
        tr("The folder holding the workspace database and the evidence copies. It is created "
           "if it does not exist. Default: %1")
            .arg(QDir::toNativeSeparators(Workspace::defaultLocation())));
    auto* browse = new QPushButton(tr("&Browse\u2026"), this);
    browse->setObjectName(QStringLiteral("browseWorkspace"));
    browse->setToolTip(tr("Choose the workspace folder"));
    connect(browse, &QPushButton::clicked, this, &SettingsDialog::chooseWorkspace);
    auto* workspaceRow = new QHBoxLayout;
    workspaceRow->addWidget(m_workspace, 1);
    workspaceRow->addWidget(browse);

    m_threads = new QSpinBox(this);
    m_threads->setObjectName(QStringLiteral("threadsBox"));
    m_threads->setRange(AppSettings::kMinWorkerThreads, AppSettings::kMaxWorkerThreads);
    m_threads->setToolTip(
        tr("Threads used for detection, enrollment and search (%1 to %2). Default: %3, the "
           "number of cores of this computer.")
            .arg(AppSettings::kMinWorkerThreads)
            .arg(AppSettings::kMaxWorkerThreads)
            .arg(AppSettings::defaultWorkerThreads()));

    m_candidates = new QSpinBox(this);
    m_candidates->setObjectName(QStringLiteral("candidatesBox"));
    m_candidates->setRange(AppSettings::kMinCandidateCount, AppSettings::kMaxCandidateCount);
    m_candidates->setSuffix(tr(" candidates"));
    m_candidates->setToolTip(
        tr("How many ranked candidates a search returns by default. Policy allows %1 to %2: a "
           "search always gives a list to review, never a single \"match\".")
            .arg(AppSettings::kMinCandidateCount)
            .arg(AppSettings::kMaxCandidateCount));

    m_threshold = new QComboBox(this);
    m_threshold->setObjectName(QStringLiteral("thresholdBox"));
    const QLocale locale;
    for (int oneIn = AppSettings::kMinThresholdOneIn; oneIn <= AppSettings::kMaxThresholdOneIn;
         oneIn *= 10) {
        const QString text =
            oneIn == AppSettings::kMinThresholdOneIn
                ? tr("1 in %1 different people (policy limit)").arg(locale.toString(oneIn))
                : tr("1 in %1 different people").arg(locale.toString(oneIn));
        m_threshold->addItem(text, oneIn);
    }
    m_threshold->setToolTip(
        tr("The threshold marked in candidate lists, as how often different people score that "
           "close (the calibrated false-match rate). Policy does not allow a looser threshold "
           "than 1 in %1.")
            .arg(locale.toString(AppSettings::kMinThresholdOneIn)));

    auto* theme = new QLabel(tr("Follows the system theme."), this);
    theme->setForegroundRole(QPalette::PlaceholderText);
    theme->setToolTip(tr("Colours and style come from the desktop's settings."));

    auto* form = new QFormLayout;
    form->addRow(tr("&Workspace folder:"), workspaceRow);
    form->addRow(tr("Worker &threads:"), m_threads);
    form->addRow(tr("Default &list length:"), m_candidates);
    form->addRow(tr("Threshold &shown:"), m_threshold);
    form->addRow(tr("Appearance:"), theme);
    // The labels' buddies make the mnemonics reach the controls.
    if (auto* label = qobject_cast<QLabel*>(form->labelForField(workspaceRow)))
        label->setBuddy(m_workspace);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("settingsProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_problem->hide();

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    m_buttons->button(QDialogButtonBox::RestoreDefaults)
        ->setToolTip(tr("Put every setting back to its default (saved on OK)"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &SettingsDialog::restoreDefaults);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_workspace, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    load();
}

QPushButton* SettingsDialog::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString SettingsDialog::validationMessage() const {
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void SettingsDialog::load() {
    m_workspace->setText(QDir::toNativeSeparators(m_settings.workspaceLocation()));
    m_threads->setValue(m_settings.workerThreads());
    m_candidates->setValue(m_settings.candidateCount());
    m_threshold->setCurrentIndex(std::max(0, m_threshold->findData(m_settings.thresholdOneIn())));
    validate();
}

void SettingsDialog::restoreDefaults() {
    m_workspace->setText(QDir::toNativeSeparators(Workspace::defaultLocation()));
    m_threads->setValue(AppSettings::defaultWorkerThreads());
    m_candidates->setValue(AppSettings::kDefaultCandidateCount);
    m_threshold->setCurrentIndex(
        std::max(0, m_threshold->findData(AppSettings::kDefaultThresholdOneIn)));
}

void SettingsDialog::chooseWorkspace() {
    const QString chosen = QFileDialog::getExistingDirectory(
        this, tr("Workspace Folder"), QDir::fromNativeSeparators(m_workspace->text().trimmed()));
    if (!chosen.isEmpty()) m_workspace->setText(QDir::toNativeSeparators(chosen));
}

void SettingsDialog::validate() {
    const QString folder = m_workspace->text().trimmed();
    QString problem;
    if (folder.isEmpty()) {
        problem = tr("Give a workspace folder.");
    } else if (WorkspaceLocation::looksLikeUrl(folder)) {
        // An agency database (File \u25b8 Connect to Agency Database\u2026 put it here): kept
        // if it parses, never with a password.
        if (auto location = WorkspaceLocation::parse(folder); !location)
            problem = location.errorMessage();
    } else if (const QFileInfo info(QDir::fromNativeSeparators(folder));
               info.exists() && !info.isDir()) {
        problem = tr("%1 is a file; the workspace must be a folder.").arg(folder);
    } else if (QDir::isRelativePath(QDir::fromNativeSeparators(folder))) {
        problem = tr("Give the full path of the workspace folder (it is relative now).");
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    okButton()->setEnabled(problem.isEmpty());
    okButton()->setToolTip(problem.isEmpty() ? tr("Save the settings") : problem);
}

void SettingsDialog::accept() {
    validate();
    if (!okButton()->isEnabled()) return;
    m_settings.setWorkspaceLocation(QDir::fromNativeSeparators(m_workspace->text().trimmed()));
    m_settings.setWorkerThreads(m_threads->value());
    m_settings.setCandidateCount(m_candidates->value());
    m_settings.setThresholdOneIn(m_threshold->currentData().toInt());
    m_settings.sync();
    QDialog::accept();
}

}  // namespace facecase::ui
