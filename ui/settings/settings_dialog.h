#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace facecase::ui {

class AppSettings;

// Edits AppSettings: workspace folder, worker threads, default candidate list length and the
// threshold shown. Every control is bounded by the same policy limits AppSettings enforces, so
// what the analyst can enter is what gets stored. OK stays disabled while the workspace folder
// is unusable (empty, or an existing file), with the reason shown inline. Writes only on OK.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    // `settings` must outlive the dialog.
    explicit SettingsDialog(AppSettings& settings, QWidget* parent = nullptr);

    QLineEdit* workspaceEdit() const { return m_workspace; }
    QSpinBox* threadsBox() const { return m_threads; }
    QSpinBox* candidatesBox() const { return m_candidates; }
    QComboBox* thresholdBox() const { return m_threshold; }
    QPushButton* okButton() const;
    QString validationMessage() const;

    void accept() override;

private:
    void load();
    void restoreDefaults();
    void chooseWorkspace();
    void validate();

    AppSettings& m_settings;
    QLineEdit* m_workspace = nullptr;
    QSpinBox* m_threads = nullptr;
    QSpinBox* m_candidates = nullptr;
    QComboBox* m_threshold = nullptr;
    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

}  // namespace facecase::ui
