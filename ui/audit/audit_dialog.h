#pragma once

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace facecase::ui {

class AuditTableModel;
class DatabaseWorker;

// File ▸ Audit log…: the workspace's audit records in a table, filtered by case, action,
// analyst and date, and a "Verify chain" button that recomputes the hash chain and shows it
// intact (with the head hash an auditor writes down) or the first broken record and how it was
// broken. The check is itself recorded (audit_verified), as facecase-cli audit verify does.
// Every read goes through the DatabaseWorker; a filter change that overtakes a slow read wins.
class AuditDialog : public QDialog {
    Q_OBJECT

public:
    // `worker` may go away with its workspace (the dialog then refuses politely).
    explicit AuditDialog(DatabaseWorker* worker, QWidget* parent = nullptr);

    AuditTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QComboBox* caseFilter() const { return m_case; }
    QLineEdit* actionFilter() const { return m_action; }
    QLineEdit* analystFilter() const { return m_analyst; }
    QCheckBox* fromEnabled() const { return m_useFrom; }
    QDateEdit* fromDate() const { return m_from; }
    QCheckBox* untilEnabled() const { return m_useUntil; }
    QDateEdit* untilDate() const { return m_until; }
    QPushButton* verifyButton() const { return m_verify; }
    QLabel* verifyResult() const { return m_result; }
    QLabel* countLabel() const { return m_count; }

public slots:
    void reload();          // the cases, then the records the filters select
    void verifyChain();

signals:
    void recordsLoaded(int count);
    // intact: the chain verifies and no anchor outside the database contradicts it.
    void chainVerified(bool intact);

private:
    void loadRecords();

    QPointer<DatabaseWorker> m_worker;
    AuditTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QComboBox* m_case = nullptr;
    QLineEdit* m_action = nullptr;
    QLineEdit* m_analyst = nullptr;
    QCheckBox* m_useFrom = nullptr;
    QDateEdit* m_from = nullptr;
    QCheckBox* m_useUntil = nullptr;
    QDateEdit* m_until = nullptr;
    QPushButton* m_verify = nullptr;
    QLabel* m_result = nullptr;
    QLabel* m_count = nullptr;
    int m_generation = 0;  // the latest records request; older answers are dropped
};

}  // namespace facecase::ui
