#pragma once

#include <QDialog>
#include <QPointer>
#include <QString>
#include <utility>
#include <vector>

#include "policy/agency_policy.h"

class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;

namespace facecase::ui {

class DatabaseWorker;
class MessageBanner;

// File ▸ Agency Policy… (beside Settings): the workspace's guardrail policy (PolicyStore), one row per
// AgencyPolicy::settings() entry with its bounds, description and default, and the GUI twin of
// `facecase-cli policy set | set-passphrase`. Anyone may look. Changing needs the supervisor
// passphrase and a reason; only the edited keys are sent, and the result or the refusal (which
// PolicyStore audits too) is shown in the dialog's banner. Until a supervisor passphrase is set
// the values are read-only and the dialog offers to set one.
//
// Every read and write (and so every Argon2id check, ~0.1 s) runs on the DatabaseWorker; the
// dialog is disabled for input while one is in flight. Passphrase fields are cleared after every
// attempt that reached the store, so a passphrase does not linger in a widget.
class PolicyDialog : public QDialog {
    Q_OBJECT

public:
    // `worker` may go away with its workspace (the dialog then says so and stays read-only).
    explicit PolicyDialog(DatabaseWorker* worker, QWidget* parent = nullptr);

    // The editor of `key` (a QSpinBox or a QComboBox), or null for an unknown key.
    QWidget* editor(const QString& key) const;
    // The editor's value in AgencyPolicy's text form ("20", "required").
    QString editorText(const QString& key) const;
    void setEditorText(const QString& key, const QString& text);
    // The policy as last loaded (the built-in defaults until the first load).
    const AgencyPolicy& loadedPolicy() const { return m_loaded; }
    bool hasSupervisorPassphrase() const { return m_guarded; }
    bool isBusy() const { return m_busy; }

    MessageBanner* banner() const { return m_banner; }
    QLineEdit* passphraseEdit() const { return m_passphrase; }
    QLineEdit* reasonEdit() const { return m_reason; }
    QPushButton* applyButton() const { return m_apply; }
    QPushButton* revertButton() const { return m_revert; }
    QGroupBox* passphraseGroup() const { return m_passphraseGroup; }
    QPushButton* showPassphraseGroupButton() const { return m_showPassphraseGroup; }
    QLineEdit* currentPassphraseEdit() const { return m_current; }
    QLineEdit* newPassphraseEdit() const { return m_next; }
    QLineEdit* repeatPassphraseEdit() const { return m_repeat; }
    QPushButton* setPassphraseButton() const { return m_setPassphrase; }

public slots:
    void reload();
    void applyChanges();
    void setPassphrase();

protected:
    bool event(QEvent* event) override;

signals:
    // After every successful load.
    void policyLoaded(const facecase::AgencyPolicy& policy);
    // After a change was applied, with the policy as stored then; the window applies it (the
    // candidate list bounds) — on a change only, so opening the dialog resets nothing.
    void policyChanged(const facecase::AgencyPolicy& policy);
    // A load, change or passphrase attempt finished (whatever its outcome); for tests.
    void finished();

private:
    struct Row {
        QString key;
        QWidget* editor = nullptr;  // QSpinBox or QComboBox
        QLabel* name = nullptr;
        QLabel* defaultMark = nullptr;
    };
    QWidget* createSettingsGrid();
    QGroupBox* createChangeGroup();
    QGroupBox* createPassphraseGroup();
    void showLoaded();
    void updateRows();
    void updateState();
    void setBusy(bool busy);
    std::vector<QString> changedKeys() const;
    void clearPassphrases();
    // Grows the dialog to what its wrapped texts need at its width; shrinks too if asked.
    void fitHeight(bool shrink);

    QPointer<DatabaseWorker> m_worker;
    AgencyPolicy m_loaded;
    bool m_guarded = false;
    bool m_loadedOnce = false;
    bool m_busy = false;
    bool m_changed = false;  // the next load follows an applied change
    // Values the supervisor set but that were not applied because another supervisor changed
    // the policy meanwhile: put back over the next load, so only the colleague's other
    // changes show (and are not reverted unseen by the next apply).
    std::vector<std::pair<QString, QString>> m_keptEdits;

    MessageBanner* m_banner = nullptr;
    QLabel* m_state = nullptr;  // who may change what, in one sentence
    std::vector<Row> m_rows;
    QGroupBox* m_changeGroup = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLineEdit* m_reason = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_revert = nullptr;
    QPushButton* m_showPassphraseGroup = nullptr;
    QGroupBox* m_passphraseGroup = nullptr;
    QFormLayout* m_passphraseForm = nullptr;
    QLineEdit* m_current = nullptr;
    QLineEdit* m_next = nullptr;
    QLineEdit* m_repeat = nullptr;
    QPushButton* m_setPassphrase = nullptr;
};

}  // namespace facecase::ui
