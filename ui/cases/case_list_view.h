#pragma once

#include <QPointer>
#include <QWidget>
#include <optional>
#include <vector>

#include "cases/case_status_dialog.h"
#include "cases/new_case_dialog.h"
#include "services/retention/expired_case.h"
#include "store/case_record.h"

class QComboBox;
class QMessageBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace facecase::ui {

class CaseFilterModel;
class CaseListModel;
class DatabaseWorker;
class MessageBanner;

// The start screen: the workspace's cases in a sortable table with a filter (number, title,
// purpose, analyst) and a status filter, and the buttons to open a new case, open the selected
// one (also double-click or Enter), close it or reopen it, and purge the cases whose retention
// period has run out (listed with what goes, confirmed, then purged; the banner reports it). Owns its model and dialogs; every
// query and change goes through the DatabaseWorker, and problems appear in the view's banner
// (or, for a dialog's own submission, inside the dialog). Dialogs are window-modal and opened
// with open(), never exec(), so no nested event loop runs while the analyst types.
class CaseListView : public QWidget {
    Q_OBJECT

public:
    explicit CaseListView(QWidget* parent = nullptr);
    ~CaseListView() override;

    // The workspace's worker and folder once it is open; null while none is (the list empties).
    void setWorker(DatabaseWorker* worker, const QString& workspaceFolder = {});
    void showWorkspaceOpening(const QString& folder);
    void showWorkspaceFailed(const QString& message);

    std::optional<CaseRecord> selectedCase() const;
    bool selectCase(qint64 id);  // false when the case is not in the (filtered) list

    CaseListModel* model() const { return m_model; }
    CaseFilterModel* filterModel() const { return m_filter; }
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    QComboBox* statusBox() const { return m_statusBox; }
    MessageBanner* messageBanner() const { return m_banner; }
    QPushButton* newButton() const { return m_newButton; }
    QPushButton* openButton() const { return m_openButton; }
    QPushButton* closeButton() const { return m_closeButton; }
    QPushButton* reopenButton() const { return m_reopenButton; }
    QPushButton* purgeButton() const { return m_purgeButton; }
    // The purge confirmation while it is open, else null.
    QMessageBox* purgeConfirmation() const;
    // The dialogs while they are open, else null.
    NewCaseDialog* newCaseDialog() const { return m_newDialog; }
    CaseStatusDialog* statusDialog() const { return m_statusDialog; }
    QString placeholderText() const;

public slots:
    void newCase();
    void openSelected();
    void closeSelected();
    void reopenSelected();
    // Lists the expired cases (through the worker), asks, purges them. Nothing expired: says so.
    void purgeExpired();
    // Asks for the reason and changes `record`'s status; also for the case page's menu.
    void changeStatus(facecase::ui::CaseStatusDialog::Change change,
                      const facecase::CaseRecord& record);
    void reload();

signals:
    void openRequested(const facecase::CaseRecord& record);
    // A case created, closed or reopened here, as the store returned it.
    void caseChanged(const facecase::CaseRecord& record);
    void selectionChanged();

private:
    void createCase(const CaseRecord& draft);
    // `seen`: the case as the dialog was opened on (its changeSeq is what the change expects).
    void applyStatusChange(CaseStatusDialog::Change change, const CaseRecord& seen,
                           const QString& reason);
    // After a change refused because the case changed meanwhile: shows the case as it is now
    // (list, open case page, the dialog's next attempt).
    void reloadCase(qint64 caseId);
    void showChanged(const CaseRecord& record);
    void confirmPurge(const std::vector<ExpiredCase>& expired);
    void runPurge(const std::vector<qint64>& caseIds);
    void updateButtons();
    void updatePlaceholder();
    void restoreSelection(qint64 id);

    QPointer<DatabaseWorker> m_worker;
    CaseListModel* m_model = nullptr;
    CaseFilterModel* m_filter = nullptr;

    MessageBanner* m_banner = nullptr;
    QLabel* m_workspaceLabel = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QComboBox* m_statusBox = nullptr;
    QLabel* m_loadingLabel = nullptr;
    QStackedWidget* m_tableStack = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_placeholder = nullptr;
    QPushButton* m_newButton = nullptr;
    QPushButton* m_openButton = nullptr;
    QPushButton* m_closeButton = nullptr;
    QPushButton* m_reopenButton = nullptr;
    QPushButton* m_purgeButton = nullptr;
    QPointer<QMessageBox> m_purgeConfirmation;
    bool m_purging = false;  // a listing or purge is on its way through the worker
    QPointer<NewCaseDialog> m_newDialog;
    QPointer<CaseStatusDialog> m_statusDialog;
    QString m_workspaceState;  // what the placeholder says while there is no list to show
    qint64 m_selectedBeforeReload = 0;
};

}  // namespace facecase::ui
