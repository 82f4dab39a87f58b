// Over 500 lines: every policy setting with its bounds, the passphrase and the audited change.
#include "settings/policy_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFont>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <numeric>
#include <optional>
#include <utility>

#include "jobs/database_worker.h"
#include "policy/policy_store.h"
#include "policy/supervisor_passphrase.h"
#include "store/database_connection.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

namespace {
struct Loaded {
    AgencyPolicy policy;
    bool guarded = false;
};

QString bounds(const AgencyPolicy::Setting& s) {
    if (s.isChoice()) return s.choices.join(QStringLiteral(", "));
    const QLocale locale;
    return QStringLiteral("%1 to %2").arg(locale.toString(s.minimum), locale.toString(s.maximum));
}

// Units the keys imply; the key stays the label, as on the CLI and in the audit log.
void decorate(QSpinBox* box, const QString& key) {
    if (key == QLatin1String("search.max_false_match_one_in")) box->setPrefix(QStringLiteral("1 in "));
    else if (key == QLatin1String("probe.min_eye_distance_px")) box->setSuffix(QStringLiteral(" px"));
    else if (key == QLatin1String("retention.days_after_close")) box->setSuffix(QStringLiteral(" days"));
}

// PolicyStore::change applies the changes one at a time and checks minimum ≤ default ≤ maximum
// after each, so raising all three candidate lengths must send the maximum first. Finds an order
// that passes (the changed keys are few), or the error of the settings order when none does.
Result<std::vector<PolicyStore::Change>> orderedChanges(const AgencyPolicy& from,
                                                        const std::vector<PolicyStore::Change>& changes) {
    std::vector<size_t> order(changes.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::optional<Error> first;
    do {
        AgencyPolicy step = from;
        bool passes = true;
        for (size_t i : order) {
            auto next = step.with(changes[i].key, changes[i].value);
            if (!next) {
                if (!first) first = next.error();
                passes = false;
                break;
            }
            step = std::move(next).value();
        }
        if (passes) {
            std::vector<PolicyStore::Change> sorted;
            for (size_t i : order) sorted.push_back(changes[i]);
            return sorted;
        }
    } while (std::next_permutation(order.begin(), order.end()));
    return *first;
}

QString describeChanges(const AuditRecord& record) {
    QStringList parts;
    for (const QJsonValue& c : record.detailsObject().value(QStringLiteral("changes")).toArray()) {
        const QJsonObject o = c.toObject();
        parts << QStringLiteral("%1: %2 \u2192 %3")
                     .arg(o.value(QStringLiteral("key")).toString(), o.value(QStringLiteral("from")).toString(),
                          o.value(QStringLiteral("to")).toString());
    }
    return parts.join(QStringLiteral("; "));
}
}  // namespace

PolicyDialog::PolicyDialog(DatabaseWorker* worker, QWidget* parent) : QDialog(parent), m_worker(worker) {
    setObjectName(QStringLiteral("policyDialog"));
    setWindowTitle(tr("Agency Policy"));

    m_banner = new MessageBanner(this);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("policyState"));
    m_state->setWordWrap(true);

    auto* settings = new QGroupBox(tr("Policy in force"), this);
    auto* settingsLayout = new QVBoxLayout(settings);
    settingsLayout->addWidget(createSettingsGrid());

    m_changeGroup = createChangeGroup();
    m_passphraseGroup = createPassphraseGroup();

    m_showPassphraseGroup = new QPushButton(tr("C&hange Supervisor Passphrase\u2026"), this);
    m_showPassphraseGroup->setObjectName(QStringLiteral("showPassphraseGroup"));
    m_showPassphraseGroup->setCheckable(true);
    m_showPassphraseGroup->setAutoDefault(false);
    m_showPassphraseGroup->setToolTip(tr("Give the current supervisor passphrase and a new one"));
    connect(m_showPassphraseGroup, &QPushButton::toggled, this, [this](bool shown) {
        updateState();
        if (shown) m_current->setFocus();
        fitHeight(true);  // the group comes and goes; so does its height
    });
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_showPassphraseGroup);
    bottom->addStretch(1);
    bottom->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_state);
    layout->addWidget(settings);
    layout->addWidget(m_changeGroup);
    layout->addWidget(m_passphraseGroup);
    layout->addStretch(1);  // spare height below the groups, never between them
    layout->addLayout(bottom);

    resize(920, 0);
    fitHeight(false);
    updateRows();
    updateState();
    reload();
}

QWidget* PolicyDialog::createSettingsGrid() {
    auto* grid = new QWidget(this);
    auto* layout = new QGridLayout(grid);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(12);
    layout->setColumnStretch(3, 1);
    const AgencyPolicy defaults;
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    int line = 0;
    for (const AgencyPolicy::Setting& s : AgencyPolicy::settings()) {
        Row row;
        row.key = s.key;
        const QString tip = tr("%1\nAllowed: %2. Default: %3.").arg(s.description, bounds(s), defaults.valueText(s.key));
        if (s.isChoice()) {
            auto* box = new QComboBox(grid);
            for (const QString& choice : s.choices) box->addItem(choice, choice);
            connect(box, &QComboBox::currentIndexChanged, this, &PolicyDialog::updateRows);
            row.editor = box;
        } else {
            auto* box = new QSpinBox(grid);
            box->setRange(s.minimum, s.maximum);
            box->setGroupSeparatorShown(true);
            box->setAlignment(Qt::AlignRight);
            decorate(box, s.key);
            connect(box, &QSpinBox::valueChanged, this, &PolicyDialog::updateRows);
            row.editor = box;
        }
        row.editor->setObjectName(s.key);
        row.editor->setMinimumWidth(150);
        row.editor->setToolTip(tip);
        row.editor->setAccessibleName(s.key);
        row.editor->setAccessibleDescription(s.description);
        row.name = new QLabel(s.key, grid);
        row.name->setBuddy(row.editor);
        row.name->setToolTip(tip);
        row.defaultMark = new QLabel(grid);
        row.defaultMark->setFont(small);
        row.defaultMark->setForegroundRole(QPalette::PlaceholderText);
        row.defaultMark->setToolTip(tr("The built-in default is %1").arg(defaults.valueText(s.key)));
        auto* description = new QLabel(s.description, grid);
        description->setWordWrap(true);
        description->setFont(small);
        description->setForegroundRole(QPalette::PlaceholderText);
        description->setToolTip(tip);
        description->setMinimumWidth(380);
        layout->addWidget(row.name, line, 0);
        layout->addWidget(row.editor, line, 1);
        layout->addWidget(row.defaultMark, line, 2);
        layout->addWidget(description, line, 3);
        ++line;
        m_rows.push_back(row);
    }
    return grid;
}

QGroupBox* PolicyDialog::createChangeGroup() {
    auto* group = new QGroupBox(tr("Change the policy"), this);
    group->setObjectName(QStringLiteral("changeGroup"));
    m_passphrase = new QLineEdit(group);
    m_passphrase->setObjectName(QStringLiteral("supervisorPassphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setToolTip(tr("The supervisor passphrase of this workspace"));
    m_reason = new QLineEdit(group);
    m_reason->setObjectName(QStringLiteral("changeReason"));
    m_reason->setMaxLength(PolicyStore::kMaxReasonLength);
    m_reason->setPlaceholderText(tr("required, e.g. \"agency directive 2026-04\""));
    m_reason->setToolTip(tr("Why the policy changes; recorded in the audit log with the change"));
    m_revert = new QPushButton(tr("Re&vert"), group);
    m_revert->setAutoDefault(false);
    m_revert->setToolTip(tr("Put the edited settings back to the policy in force"));
    connect(m_revert, &QPushButton::clicked, this, &PolicyDialog::showLoaded);
    m_apply = new QPushButton(tr("&Apply Changes"), group);
    m_apply->setObjectName(QStringLiteral("applyPolicy"));
    m_apply->setAutoDefault(false);
    m_apply->setToolTip(tr("Send the edited settings (only those) with the passphrase and reason; recorded in the audit log"));
    connect(m_apply, &QPushButton::clicked, this, &PolicyDialog::applyChanges);
    connect(m_passphrase, &QLineEdit::returnPressed, this, &PolicyDialog::applyChanges);
    connect(m_reason, &QLineEdit::returnPressed, this, &PolicyDialog::applyChanges);

    auto* form = new QFormLayout;
    form->addRow(tr("Supervisor &passphrase:"), m_passphrase);
    form->addRow(tr("&Reason:"), m_reason);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_apply);
    auto* layout = new QVBoxLayout(group);
    layout->addLayout(form);
    layout->addLayout(buttons);
    return group;
}

QGroupBox* PolicyDialog::createPassphraseGroup() {
    auto* group = new QGroupBox(this);
    group->setObjectName(QStringLiteral("passphraseGroup"));
    const auto passwordEdit = [group](const char* name) {
        auto* edit = new QLineEdit(group);
        edit->setObjectName(QString::fromLatin1(name));
        edit->setEchoMode(QLineEdit::Password);
        edit->setMaxLength(SupervisorPassphrase::kMaxLength);
        return edit;
    };
    m_current = passwordEdit("currentPassphrase");
    m_current->setToolTip(tr("The supervisor passphrase in use now"));
    m_next = passwordEdit("newPassphrase");
    m_next->setToolTip(tr("At least %1 characters; a sentence is easier to remember than a code")
                           .arg(SupervisorPassphrase::kMinLength));
    m_repeat = passwordEdit("repeatPassphrase");
    m_repeat->setToolTip(tr("The new passphrase once more, to catch a typing mistake"));
    m_setPassphrase = new QPushButton(group);
    m_setPassphrase->setObjectName(QStringLiteral("setPassphrase"));
    m_setPassphrase->setAutoDefault(false);
    connect(m_setPassphrase, &QPushButton::clicked, this, &PolicyDialog::setPassphrase);
    for (QLineEdit* edit : {m_current, m_next, m_repeat})
        connect(edit, &QLineEdit::returnPressed, this, &PolicyDialog::setPassphrase);

    m_passphraseForm = new QFormLayout;
    m_passphraseForm->addRow(tr("C&urrent passphrase:"), m_current);
    m_passphraseForm->addRow(tr("&New passphrase:"), m_next);
    m_passphraseForm->addRow(tr("Repea&t new passphrase:"), m_repeat);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_setPassphrase);
    auto* layout = new QVBoxLayout(group);
    layout->addLayout(m_passphraseForm);
    layout->addLayout(buttons);
    return group;
}

QWidget* PolicyDialog::editor(const QString& key) const {
    for (const Row& row : m_rows) {
        if (row.key == key) return row.editor;
    }
    return nullptr;
}

QString PolicyDialog::editorText(const QString& key) const {
    QWidget* widget = editor(key);
    if (auto* box = qobject_cast<QSpinBox*>(widget)) return QString::number(box->value());
    if (auto* box = qobject_cast<QComboBox*>(widget)) return box->currentData().toString();
    return {};
}

void PolicyDialog::setEditorText(const QString& key, const QString& text) {
    QWidget* widget = editor(key);
    if (auto* box = qobject_cast<QSpinBox*>(widget)) box->setValue(text.toInt());
    if (auto* box = qobject_cast<QComboBox*>(widget)) box->setCurrentIndex(box->findData(text));
}

void PolicyDialog::reload() {
    if (!m_worker) {
        m_banner->showError(tr("No workspace is open, so there is no policy to show."));
        updateState();
        return;
    }
    setBusy(true);
    m_worker->run<Loaded>(
        [](const DatabaseConnection& connection) -> Result<Loaded> {
            const PolicyStore store(connection);
            auto guarded = store.hasSupervisorPassphrase();
            if (!guarded) return guarded.error();
            auto policy = store.load();
            if (!policy) return policy.error();
            return Loaded{*policy, *guarded};
        },
        this, [this](Result<Loaded> loaded) {
            setBusy(false);
            const bool first = !m_loadedOnce;
            if (!loaded) {
                m_banner->showError(loaded.errorMessage());
            } else {
                m_loaded = loaded->policy;
                m_guarded = loaded->guarded;
                m_loadedOnce = true;
                showLoaded();
                for (const auto& [key, value] : std::exchange(m_keptEdits, {})) setEditorText(key, value);
                updateRows();
                emit policyLoaded(m_loaded);
                if (std::exchange(m_changed, false)) emit policyChanged(m_loaded);
            }
            updateState();
            if (first) fitHeight(true);  // the groups shown depend on the passphrase
            emit finished();
        });
}

void PolicyDialog::showLoaded() {
    for (const Row& row : m_rows) setEditorText(row.key, m_loaded.valueText(row.key));
    updateRows();
}

void PolicyDialog::updateRows() {
    const AgencyPolicy defaults;
    for (const Row& row : m_rows) {
        const QString value = editorText(row.key);
        const QString builtIn = defaults.valueText(row.key);
        row.defaultMark->setText(value == builtIn ? tr("(default)") : tr("default: %1").arg(builtIn));
        // Edited rows stand out, so the supervisor sees what "Apply" will send.
        QFont bold = row.name->font();
        bold.setBold(value != m_loaded.valueText(row.key));
        row.name->setFont(bold);
    }
    updateState();
}

std::vector<QString> PolicyDialog::changedKeys() const {
    std::vector<QString> keys;
    if (!m_loadedOnce) return keys;
    for (const Row& row : m_rows) {
        if (editorText(row.key) != m_loaded.valueText(row.key)) keys.push_back(row.key);
    }
    return keys;
}

void PolicyDialog::setBusy(bool busy) {
    m_busy = busy;
    updateState();
}

void PolicyDialog::updateState() {
    if (!m_showPassphraseGroup) return;  // during construction: the widgets are not all there
    const bool usable = m_worker && m_loadedOnce;
    const bool editable = usable && m_guarded && !m_busy;
    for (const Row& row : m_rows) row.editor->setEnabled(editable);
    m_changeGroup->setVisible(!usable || m_guarded);
    m_changeGroup->setEnabled(editable);
    const bool changed = !changedKeys().empty();
    m_apply->setEnabled(editable && changed);
    m_revert->setEnabled(editable && changed);

    m_showPassphraseGroup->setVisible(usable && m_guarded);
    m_showPassphraseGroup->setEnabled(!m_busy);
    m_passphraseGroup->setVisible(usable && (!m_guarded || m_showPassphraseGroup->isChecked()));
    m_passphraseGroup->setEnabled(usable && !m_busy);
    m_passphraseGroup->setTitle(m_guarded ? tr("Change the supervisor passphrase")
                                          : tr("Set a supervisor passphrase"));
    m_passphraseForm->setRowVisible(m_current, m_guarded);  // no gap where the row was
    m_setPassphrase->setText(m_guarded ? tr("Chan&ge Passphrase") : tr("&Set Passphrase"));
    m_setPassphrase->setToolTip(
        m_guarded ? tr("Replace the supervisor passphrase; recorded in the audit log")
                  : tr("Set the first supervisor passphrase of this workspace; recorded in the audit log"));

    if (!m_worker) m_state->setText(tr("No workspace is open."));
    else if (!m_loadedOnce) m_state->setText(tr("Reading the policy\u2026"));
    else if (m_guarded)
        m_state->setText(tr("Every search, review and export of this workspace follows this policy. "
                            "Changing it needs the supervisor passphrase and a reason; changes and "
                            "refused attempts are both recorded in the audit log."));
    else
        m_state->setText(tr("No supervisor passphrase is set for this workspace: the built-in "
                            "policy applies and cannot be changed until a supervisor sets one below."));
}

// The descriptions and the banner wrap, and a top-level layout bounds the dialog by its plain
// minimum size, not by the height its wrapped texts need at the current width: without this a
// two-line banner squeezes the setting rows until their descriptions are cut off.
void PolicyDialog::fitHeight(bool shrink) {
    QLayout* l = layout();
    if (!l) return;
    const int needed = l->hasHeightForWidth() ? l->totalHeightForWidth(width()) : l->totalSizeHint().height();
    if (height() < needed || (shrink && height() > needed)) resize(width(), needed);
}

bool PolicyDialog::event(QEvent* event) {
    const bool handled = QDialog::event(event);
    // Posted after a child was shown or hidden (the banner, the passphrase group), once the
    // layout has been activated for it.
    if (event->type() == QEvent::LayoutRequest) fitHeight(false);
    return handled;
}

void PolicyDialog::clearPassphrases() {
    for (QLineEdit* edit : {m_passphrase, m_current, m_next, m_repeat}) edit->clear();
}

void PolicyDialog::applyChanges() {
    if (m_busy || !m_worker || !m_loadedOnce || !m_guarded) return;
    const QString passphrase = m_passphrase->text();
    const QString reason = m_reason->text().trimmed();
    // Every attempt clears the passphrase, even one refused here before it reached the store.
    clearPassphrases();
    std::vector<PolicyStore::Change> changes;
    // Each with the value this dialog showed: another supervisor's change since is not
    // overwritten unseen.
    for (const QString& key : changedKeys())
        changes.push_back({key, editorText(key), m_loaded.valueText(key)});
    if (changes.empty()) {
        m_banner->showInfo(tr("Nothing to apply: every setting is as the policy in force has it."));
        return;
    }
    auto ordered = orderedChanges(m_loaded, changes);
    if (!ordered) {
        m_banner->showError(ordered.errorMessage());
        return;
    }
    if (reason.isEmpty()) {
        m_banner->showError(tr("A policy change needs a reason: it goes into the audit log with the "
                               "change. Nothing was changed."));
        m_reason->setFocus();
        return;
    }
    if (passphrase.isEmpty()) {
        m_banner->showError(tr("Enter the supervisor passphrase to change the policy. Nothing was changed."));
        m_passphrase->setFocus();
        return;
    }
    setBusy(true);
    m_banner->showInfo(tr("Checking the supervisor passphrase\u2026"));
    m_worker->run<AuditRecord>(
        [changes = std::move(ordered).value(), passphrase, reason,
         actor = m_worker->workspace().actor().name()](const DatabaseConnection& connection) {
            return PolicyStore(connection).change(changes, passphrase, reason, actor);
        },
        this, [this](Result<AuditRecord> changed) {
            setBusy(false);
            if (!changed) {
                // PolicyStore records its refusals (wrong passphrase, bad value) as it says.
                m_banner->showError(changed.error().kind == Error::Kind::InvalidInput
                                        ? tr("%1 (the attempt is in the audit log)").arg(changed.errorMessage())
                                        : changed.errorMessage());
                m_passphrase->setFocus();
                if (changed.error().kind == Error::Kind::Conflict) {
                    // Show the policy as it is now, with this supervisor's edits kept on top.
                    for (const QString& key : changedKeys()) m_keptEdits.emplace_back(key, editorText(key));
                    reload();  // emits finished()
                    return;
                }
                emit finished();
                return;
            }
            m_reason->clear();
            m_changed = true;
            m_banner->showInfo(tr("Policy changed: %1; recorded as audit record %2.")
                                   .arg(describeChanges(*changed))
                                   .arg(changed->seq));
            reload();  // emits finished()
        });
}

void PolicyDialog::setPassphrase() {
    if (m_busy || !m_worker || !m_loadedOnce) return;
    const bool first = !m_guarded;
    const QString current = m_current->text();
    const QString next = m_next->text();
    const QString repeat = m_repeat->text();
    clearPassphrases();
    if (!first && current.isEmpty()) {
        m_banner->showError(tr("Enter the current supervisor passphrase first. Nothing was changed."));
        m_current->setFocus();
        return;
    }
    if (next.size() < SupervisorPassphrase::kMinLength) {
        m_banner->showError(tr("The new passphrase needs at least %1 characters. Nothing was changed.")
                                .arg(SupervisorPassphrase::kMinLength));
        (first ? m_next : m_current)->setFocus();
        return;
    }
    if (next != repeat) {
        m_banner->showError(tr("The two new passphrases differ. Nothing was changed."));
        (first ? m_next : m_current)->setFocus();
        return;
    }
    setBusy(true);
    m_banner->showInfo(first ? tr("Setting the supervisor passphrase\u2026")
                             : tr("Checking the current supervisor passphrase\u2026"));
    m_worker->run<AuditRecord>(
        [current = first ? QString() : current, next,
         actor = m_worker->workspace().actor().name()](const DatabaseConnection& connection) {
            return PolicyStore(connection).setSupervisorPassphrase(current, next, actor);
        },
        this, [this, first](Result<AuditRecord> set) {
            setBusy(false);
            if (!set) {
                m_banner->showError(set.errorMessage());
                (first ? m_next : m_current)->setFocus();
                emit finished();
                return;
            }
            m_banner->showInfo(first ? tr("Supervisor passphrase set; recorded as audit record %1. "
                                          "The policy can now be changed with it.")
                                           .arg(set->seq)
                                     : tr("Supervisor passphrase changed; recorded as audit record %1.")
                                           .arg(set->seq));
            m_showPassphraseGroup->setChecked(false);
            reload();  // emits finished()
        });
}

}  // namespace facecase::ui
