// The start screen, driven like an analyst would: open a case through the dialog by typing,
// get told inline that a number is taken, filter the list, close and reopen a case with a
// reason (and find it in the audit log), open a case by Enter and by double-click and come
// back, and see a clear banner when the workspace cannot be opened.
#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <memory>

#include "audit/audit_dialog.h"
#include "cases/case_filter_model.h"
#include "cases/case_list_model.h"
#include "cases/case_list_view.h"
#include "cases/case_page.h"
#include "cases/case_status_dialog.h"
#include "cases/new_case_dialog.h"
#include "detection/detection_view.h"
#include "jobs/database_worker.h"
#include "jobs/workspace_session.h"
#include "casework/case_work_view.h"
#include "mainwindow/main_window.h"
#include "types/actor.h"
#include "audit/audit_trail.h"
#include "services/casework/case_catalog.h"
#include "store/case_repository.h"
#include "store/workspace.h"
#include "widgets/message_banner.h"

using namespace facecase;
using namespace facecase::ui;

class TestStartScreen : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void startsOnTheEmptyCaseList();
    void newCaseThroughTheDialog();
    void duplicateNumberShowsTheStoreMessageInline();
    void filterNarrowsTheList();
    void closeAndReopenChangeTheStatus();
    void aCloseDecidedBeforeAColleaguesReopeningIsRefused();
    void openingACaseShowsItsPage();
    void everyControlHasATooltipAndTakesFocus();
    void workspaceThatCannotOpenShowsABanner();

private:
    CaseListView* list() const { return m_window->caseListView(); }
    int rowOf(const QString& number) const;
    // Creates a case by typing into the New Case dialog and clicking OK; waits for the answer.
    void typeNewCase(const QString& number, const QString& title, const QString& purpose,
                     const QString& analyst = {});

    QTemporaryDir m_dir;
    QString m_workspace;
    std::unique_ptr<MainWindow> m_window;
};

void TestStartScreen::initTestCase() {
    QVERIFY(m_dir.isValid());
    // Never the analyst's own settings or default workspace.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("settings")));
    m_workspace = m_dir.filePath(QStringLiteral("workspace"));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->openWorkspace(m_workspace);
    QTRY_VERIFY(m_window->workspaceSession()->isOpen());
    QTRY_VERIFY(!list()->model()->isLoading());
}

void TestStartScreen::cleanupTestCase() {
    m_window.reset();
}

int TestStartScreen::rowOf(const QString& number) const {
    const CaseFilterModel* filter = list()->filterModel();
    for (int row = 0; row < filter->rowCount(); ++row) {
        if (filter->index(row, CaseListModel::NumberColumn).data().toString() == number) return row;
    }
    return -1;
}

void TestStartScreen::typeNewCase(const QString& number, const QString& title,
                                  const QString& purpose, const QString& analyst) {
    QTest::mouseClick(list()->newButton(), Qt::LeftButton);
    NewCaseDialog* dialog = list()->newCaseDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QTest::keyClicks(dialog->numberEdit(), number);
    QTest::keyClicks(dialog->titleEdit(), title);
    QTest::keyClicks(dialog->purposeEdit(), purpose);
    if (!analyst.isEmpty()) {
        dialog->analystEdit()->selectAll();
        QTest::keyClicks(dialog->analystEdit(), analyst);
    }
    QVERIFY(dialog->okButton()->isEnabled());
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
}

void TestStartScreen::startsOnTheEmptyCaseList() {
    QCOMPARE(m_window->pages()->currentWidget(), static_cast<QWidget*>(list()));
    QCOMPARE(list()->model()->rowCount(), 0);
    QCOMPARE(list()->placeholderText(),
             QStringLiteral("No cases yet. Choose New Case\u2026 to open the first one."));
    QVERIFY(list()->newButton()->isEnabled());
    QVERIFY(!list()->openButton()->isEnabled());
    QVERIFY(!list()->closeButton()->isEnabled());
    QVERIFY(m_window->newCaseAction()->isEnabled());
    QVERIFY(!m_window->closeCaseAction()->isEnabled());
    QVERIFY(!m_window->backToCasesAction()->isEnabled());
    QVERIFY(!m_window->exportCaseAction()->isEnabled());  // only a case page exports
    // File ▸ Audit log… opens the audit view of this workspace, which loads (empty so far).
    m_window->auditLogAction()->trigger();
    auto* audit = m_window->findChild<AuditDialog*>();
    QVERIFY(audit);
    QTRY_VERIFY(audit->countLabel()->text().contains(QStringLiteral("0 record")));
    audit->close();
    QTRY_VERIFY(!m_window->findChild<AuditDialog*>());
    QVERIFY(!list()->messageBanner()->isVisible());
    const QString folder = QFileInfo(m_workspace).canonicalFilePath();
    QVERIFY(list()->findChild<QLabel*>(QStringLiteral("workspaceLabel"))->text().contains(folder));
}

void TestStartScreen::newCaseThroughTheDialog() {
    QTest::mouseClick(list()->newButton(), Qt::LeftButton);
    NewCaseDialog* dialog = list()->newCaseDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->analystEdit()->text(), Actor::operatingSystemUser().name());
    QVERIFY(!dialog->okButton()->isEnabled());  // nothing typed yet

    QTest::keyClicks(dialog->numberEdit(), QStringLiteral("2024-CR-17"));
    QVERIFY(!dialog->okButton()->isEnabled());  // purpose / legal basis still missing
    QTest::keyClicks(dialog->titleEdit(), QStringLiteral("Main St robbery"));
    QTest::keyClicks(dialog->purposeEdit(), QStringLiteral("Armed robbery at 5 Main St"));
    QTest::keyClick(dialog->purposeEdit(), Qt::Key_Return);
    QTest::keyClicks(dialog->purposeEdit(), QStringLiteral("Warrant 88/24, judge Keller"));
    QVERIFY(dialog->okButton()->isEnabled());
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);

    QTRY_VERIFY(list()->newCaseDialog() == nullptr);  // accepted once the store said yes
    QCOMPARE(list()->model()->rowCount(), 1);
    const CaseRecord& created = list()->model()->caseAt(0);
    QCOMPARE(created.caseNumber, QStringLiteral("2024-CR-17"));
    QCOMPARE(created.title, QStringLiteral("Main St robbery"));
    QCOMPARE(created.purpose,
             QStringLiteral("Armed robbery at 5 Main St\nWarrant 88/24, judge Keller"));
    QCOMPARE(created.analyst, Actor::operatingSystemUser().name());
    QCOMPARE(created.status, CaseRecord::Status::Open);
    // In the table, selected, and the buttons follow.
    QVERIFY(list()->placeholderText().isEmpty());
    QVERIFY(list()->table()->isVisible());
    QCOMPARE(list()->selectedCase()->caseNumber, QStringLiteral("2024-CR-17"));
    QVERIFY(list()->openButton()->isEnabled());
    QVERIFY(list()->closeButton()->isEnabled());
    QVERIFY(!list()->reopenButton()->isEnabled());

    // Two more, for the filter; one with another analyst.
    typeNewCase(QStringLiteral("2024-CR-9"), QStringLiteral("Harbour fraud"),
                QStringLiteral("Card fraud at the harbour ATMs; order 12/24"),
                QStringLiteral("ben"));
    QTRY_VERIFY(list()->newCaseDialog() == nullptr);
    typeNewCase(QStringLiteral("2023-HOM-4"), QStringLiteral("Riverside homicide"),
                QStringLiteral("Homicide, warrant 3/23"));
    QTRY_VERIFY(list()->newCaseDialog() == nullptr);
    QCOMPARE(list()->model()->rowCount(), 3);

    // And the store has them, with their audit records.
    auto workspace = Workspace::open(m_workspace);
    QVERIFY(workspace.ok());
    auto connection = workspace->openConnection();
    QVERIFY(connection.ok());
    auto stored = CaseRepository(*connection).findByNumber(QStringLiteral("2024-CR-9"));
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    QCOMPARE(stored->analyst, QStringLiteral("ben"));
}

void TestStartScreen::duplicateNumberShowsTheStoreMessageInline() {
    QTest::mouseClick(list()->newButton(), Qt::LeftButton);
    NewCaseDialog* dialog = list()->newCaseDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->numberEdit(), QStringLiteral("2024-cr-17"));
    QTest::keyClicks(dialog->purposeEdit(), QStringLiteral("Second try"));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QVERIFY(!dialog->okButton()->isEnabled());  // waiting for the store
    QTRY_VERIFY(!dialog->errorText().isEmpty());
    QVERIFY2(dialog->errorText().contains(
                 QStringLiteral("case number \"2024-cr-17\" is already taken by the case "
                                "\"2024-CR-17\"")),
             qPrintable(dialog->errorText()));
    QVERIFY(dialog->isVisible());  // still open, to correct the number
    QCOMPARE(list()->newCaseDialog(), dialog);
    QVERIFY(dialog->okButton()->isEnabled());
    QVERIFY(dialog->numberEdit()->hasFocus());
    QCOMPARE(list()->model()->rowCount(), 3);
    QVERIFY(!list()->messageBanner()->isVisible());  // the error is where the analyst looks

    // Type over the selected number and try again.
    QTest::keyClicks(dialog->numberEdit(), QStringLiteral("2024-CR-18"));
    QCOMPARE(dialog->numberEdit()->text(), QStringLiteral("2024-CR-18"));
    QTest::keyClick(dialog->numberEdit(), Qt::Key_Return);  // the default button
    QTRY_VERIFY(list()->newCaseDialog() == nullptr);
    QCOMPARE(list()->model()->rowCount(), 4);
    QCOMPARE(list()->selectedCase()->caseNumber, QStringLiteral("2024-CR-18"));
}

void TestStartScreen::filterNarrowsTheList() {
    // Shortcuts need the active window; the offscreen platform does not hand activation back
    // from a closed dialog to its parent the way a window manager does.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QLineEdit* filter = list()->filterEdit();
    QTest::keyClicks(filter, QStringLiteral("harbour"));
    QCOMPARE(list()->filterModel()->rowCount(), 1);
    QCOMPARE(rowOf(QStringLiteral("2024-CR-9")), 0);
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("keller"));  // second line of the purpose
    QCOMPARE(list()->filterModel()->rowCount(), 1);
    QCOMPARE(rowOf(QStringLiteral("2024-CR-17")), 0);
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("2024-CR-1"));
    QCOMPARE(list()->filterModel()->rowCount(), 2);  // -17 and -18
    QTest::keyClicks(filter, QStringLiteral("x"));
    QCOMPARE(list()->filterModel()->rowCount(), 0);
    QCOMPARE(list()->placeholderText(), QStringLiteral("No case matches the filter."));
    QVERIFY(!list()->openButton()->isEnabled());
    // Esc in the filter clears it.
    filter->setFocus();
    QTest::keyClick(filter, Qt::Key_Escape);
    QCOMPARE(filter->text(), QString());
    QCOMPARE(list()->filterModel()->rowCount(), 4);
    // Ctrl+F comes back to it from the table.
    list()->table()->setFocus();
    QTest::keyClick(list()->table(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(filter->hasFocus());

    // The status filter: nothing is closed yet.
    list()->statusBox()->setCurrentIndex(list()->statusBox()->findText(QStringLiteral("Closed")));
    QCOMPARE(list()->filterModel()->rowCount(), 0);
    list()->statusBox()->setCurrentIndex(list()->statusBox()->findText(QStringLiteral("Open")));
    QCOMPARE(list()->filterModel()->rowCount(), 4);
    list()->statusBox()->setCurrentIndex(0);
}

void TestStartScreen::closeAndReopenChangeTheStatus() {
    qint64 id = -1;
    for (int r = 0; r < list()->model()->rowCount(); ++r) {
        if (list()->model()->caseAt(r).caseNumber == QStringLiteral("2024-CR-9"))
            id = list()->model()->caseAt(r).id;
    }
    QVERIFY(id > 0);
    QVERIFY(list()->selectCase(id));
    QVERIFY(list()->closeButton()->isEnabled());
    QTest::mouseClick(list()->closeButton(), Qt::LeftButton);
    CaseStatusDialog* dialog = list()->statusDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->change(), CaseStatusDialog::Change::Close);
    QVERIFY(!dialog->okButton()->isEnabled());  // a reason is required
    QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Suspects charged; file to prosecutor"));
    QVERIFY(dialog->okButton()->isEnabled());
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_VERIFY(list()->statusDialog() == nullptr);

    const int row = list()->model()->rowOfCase(id);
    QCOMPARE(list()->model()->caseAt(row).status, CaseRecord::Status::Closed);
    QCOMPARE(list()->model()->index(row, CaseListModel::StatusColumn).data().toString(),
             QStringLiteral("Closed"));
    QCOMPARE(list()->selectedCase()->id, id);
    QVERIFY(!list()->closeButton()->isEnabled());
    QVERIFY(list()->reopenButton()->isEnabled());
    QVERIFY(m_window->reopenCaseAction()->isEnabled());
    list()->statusBox()->setCurrentIndex(list()->statusBox()->findText(QStringLiteral("Closed")));
    QCOMPARE(list()->filterModel()->rowCount(), 1);
    list()->statusBox()->setCurrentIndex(0);

    // Reopen, through the menu action this time.
    QVERIFY(list()->selectCase(id));
    m_window->reopenCaseAction()->trigger();
    dialog = list()->statusDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->change(), CaseStatusDialog::Change::Reopen);
    QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("New evidence from the bank"));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_VERIFY(list()->statusDialog() == nullptr);
    QCOMPARE(list()->model()->caseAt(list()->model()->rowOfCase(id)).status,
             CaseRecord::Status::Open);

    // Both changes are in the audit log with their reasons and the analyst.
    auto workspace = Workspace::open(m_workspace);
    QVERIFY(workspace.ok());
    auto connection = workspace->openConnection();
    QVERIFY(connection.ok());
    auto records = AuditTrail(*connection).records();
    QVERIFY(records.ok());
    QStringList actions;
    for (const AuditRecord& record : *records) {
        if (record.caseId == id)
            actions << record.action + QLatin1Char(':') +
                           record.detailsObject().value(QStringLiteral("reason")).toString();
    }
    QCOMPARE(actions,
             (QStringList{QStringLiteral("case_created:"),
                          QStringLiteral("case_closed:Suspects charged; file to prosecutor"),
                          QStringLiteral("case_reopened:New evidence from the bank")}));
}

// Another analyst closes and reopens the case while this analyst's Close dialog is open: the
// close, decided on the case as it was, is refused naming the reopening, the list shows the
// case as it is now, and OK again (knowingly) closes it.
void TestStartScreen::aCloseDecidedBeforeAColleaguesReopeningIsRefused() {
    qint64 id = -1;
    for (int r = 0; r < list()->model()->rowCount(); ++r) {
        if (list()->model()->caseAt(r).caseNumber == QStringLiteral("2024-CR-9"))
            id = list()->model()->caseAt(r).id;
    }
    QVERIFY(id > 0);
    const CaseRecord shown = list()->model()->caseAt(list()->model()->rowOfCase(id));
    QCOMPARE(shown.status, CaseRecord::Status::Open);
    QVERIFY(list()->selectCase(id));
    QTest::mouseClick(list()->closeButton(), Qt::LeftButton);
    CaseStatusDialog* dialog = list()->statusDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Nothing more to do"));

    auto workspace = Workspace::open(m_workspace);
    QVERIFY(workspace.ok());
    auto colleague = workspace->openConnection();  // bob's workstation
    QVERIFY(colleague.ok());
    const CaseCatalog bob(*colleague, Actor(QStringLiteral("bob")));
    QVERIFY(bob.close(id, QStringLiteral("charged")).ok());
    auto reopened = bob.reopen(id, QStringLiteral("appeal lodged"));
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));

    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog->errorText().isEmpty());
    QVERIFY2(dialog->errorText().startsWith(QStringLiteral("case \"2024-CR-9\" was reopened by bob at ")) &&
                 dialog->errorText().endsWith(QStringLiteral(
                     "since your screen showed it (2 changes since); it is open now: look at it and close it "
                     "again if you still mean to")),
             qPrintable(dialog->errorText()));
    QVERIFY(list()->statusDialog() == dialog);  // still open, the reason kept
    QCOMPARE(dialog->reason(), QStringLiteral("Nothing more to do"));
    QTRY_COMPARE(list()->model()->caseAt(list()->model()->rowOfCase(id)).changeSeq, reopened->changeSeq);
    QCOMPARE(dialog->caseRecord().changeSeq, reopened->changeSeq);

    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_VERIFY(list()->statusDialog() == nullptr);
    QCOMPARE(list()->model()->caseAt(list()->model()->rowOfCase(id)).status, CaseRecord::Status::Closed);
    auto records = AuditTrail(*colleague).records();
    QVERIFY(records.ok());
    QStringList actions;
    for (const AuditRecord& record : *records) {
        if (record.caseId == id && record.seq > shown.changeSeq) actions << record.action + QLatin1Char(':') + record.actor;
    }
    const QString me = m_window->workspaceSession()->worker()->workspace().actor().name();
    QCOMPARE(actions, (QStringList{QStringLiteral("case_closed:bob"), QStringLiteral("case_reopened:bob"),
                                   QStringLiteral("case_closed:") + me}));
    // Reopened again for the tests after this one.
    QVERIFY(bob.reopen(id, QStringLiteral("back to work")).ok());
    list()->reload();
    QTRY_VERIFY(!list()->model()->isLoading());
}

void TestStartScreen::openingACaseShowsItsPage() {
    QSignalSpy opened(m_window.get(), &MainWindow::caseOpened);
    const int row = rowOf(QStringLiteral("2024-CR-17"));
    QVERIFY(row >= 0);
    QTableView* table = list()->table();
    table->setFocus();
    table->selectionModel()->setCurrentIndex(
        list()->filterModel()->index(row, 0),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(opened.count(), 1);
    QVERIFY(m_window->isCasePageShown());
    const auto record = opened.first().first().value<CaseRecord>();
    QCOMPARE(record.caseNumber, QStringLiteral("2024-CR-17"));
    CasePage* page = m_window->casePage();
    QVERIFY(page->isVisible());
    QVERIFY(page->content() == static_cast<QWidget*>(m_window->caseWorkView()));
    QVERIFY(m_window->detectionView()->isVisible());
    const QString header = page->headerText();
    QVERIFY2(header.contains(QStringLiteral("2024-CR-17")), qPrintable(header));
    QVERIFY(header.contains(QStringLiteral("Main St robbery")));
    QVERIFY(header.contains(QStringLiteral("Armed robbery at 5 Main St")));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("FaceCase \u2014 Case 2024-CR-17"));
    QVERIFY(m_window->backToCasesAction()->isEnabled());
    QVERIFY(m_window->closeCaseAction()->isEnabled());  // acts on the open case
    QVERIFY(m_window->exportCaseAction()->isEnabled());  // File ▸ Export case… on a case page
    QVERIFY(m_window->auditLogAction()->isEnabled());

    // Close from the case page: the header follows. Then cancel a second prompt.
    m_window->closeCaseAction()->trigger();
    CaseStatusDialog* dialog = list()->statusDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->caseRecord().caseNumber, QStringLiteral("2024-CR-17"));
    QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Closed from the case page"));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_COMPARE(page->caseRecord().status, CaseRecord::Status::Closed);
    QVERIFY(page->headerText().contains(QStringLiteral("Closed")));
    QVERIFY(m_window->reopenCaseAction()->isEnabled());

    // Back to cases by the header's button.
    QTest::mouseClick(page->backButton(), Qt::LeftButton);
    QVERIFY(!m_window->isCasePageShown());
    QVERIFY(list()->isVisible());
    QTRY_VERIFY(!list()->model()->isLoading());

    // Double-click opens too.
    const int other = rowOf(QStringLiteral("2023-HOM-4"));
    QVERIFY(other >= 0);
    const QRect cell = table->visualRect(list()->filterModel()->index(other, 1));
    QVERIFY(cell.isValid());
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTRY_VERIFY(m_window->isCasePageShown());
    QCOMPARE(opened.count(), 2);
    QCOMPARE(page->caseRecord().caseNumber, QStringLiteral("2023-HOM-4"));
    QVERIFY(page->headerText().contains(QStringLiteral("Riverside homicide")));

    // And back by the menu's action (Alt+Left).
    m_window->backToCasesAction()->trigger();
    QVERIFY(!m_window->isCasePageShown());
}

void TestStartScreen::everyControlHasATooltipAndTakesFocus() {
    for (QWidget* widget : list()->findChildren<QWidget*>()) {
        const bool control = qobject_cast<QAbstractButton*>(widget) ||
                             qobject_cast<QLineEdit*>(widget) || qobject_cast<QComboBox*>(widget);
        if (!control) continue;
        // Parts of other controls: a line edit's clear button, a table's corner button.
        QWidget* owner = widget->parentWidget();
        if (qobject_cast<QLineEdit*>(owner) || qobject_cast<QAbstractItemView*>(owner)) continue;
        QVERIFY2(!widget->toolTip().isEmpty(), qPrintable(widget->objectName()));
        QVERIFY2(widget->focusPolicy() & Qt::TabFocus, qPrintable(widget->objectName()));
    }
    QVERIFY(list()->table()->focusPolicy() & Qt::TabFocus);
}

void TestStartScreen::workspaceThatCannotOpenShowsABanner() {
    const QString file = m_dir.filePath(QStringLiteral("a-file"));
    QFile touch(file);
    QVERIFY(touch.open(QIODevice::WriteOnly));
    touch.close();
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openWorkspace(file);
    MessageBanner* banner = window.caseListView()->messageBanner();
    QTRY_VERIFY(banner->isVisible());
    QCOMPARE(banner->kind(), MessageBanner::Kind::Error);
    QVERIFY2(banner->text().contains(file), qPrintable(banner->text()));
    QVERIFY(banner->text().contains(QStringLiteral("Settings")));
    QVERIFY(!window.caseListView()->newButton()->isEnabled());
    QVERIFY(!window.newCaseAction()->isEnabled());
    QCOMPARE(window.caseListView()->placeholderText(), QStringLiteral("No workspace is open."));
}

QTEST_MAIN(TestStartScreen)
#include "test_start_screen.moc"
