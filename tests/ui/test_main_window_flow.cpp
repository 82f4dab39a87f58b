// The analyst's whole day in one window, as issue 4 asks: new case (typed into the dialog) →
// open it → drop a probe (file URL mime data) and declare it → pick the face → search an LFW
// gallery → the probe's person ranks first → open compare → record a verdict with its reason →
// the verdict is in the database. Everything through MainWindow and its real widgets.
#include <QComboBox>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QLineEdit>
#include <QListView>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include "candidates/candidate_gallery_view.h"
#include "candidates/candidate_list_model.h"
#include "cases/case_list_model.h"
#include "cases/case_list_view.h"
#include "cases/case_page.h"
#include "cases/new_case_dialog.h"
#include "casework/case_work_view.h"
#include "casework/probe_kind_dialog.h"
#include "casework/probe_list_model.h"
#include "compare/compare_view.h"
#include "compare/verdict_panel.h"
#include "jobs/engine_host.h"
#include "jobs/workspace_session.h"
#include "mainwindow/main_window.h"
#include "services/enrollment.h"
#include "services/manifest_enrollment_source.h"
#include "store/search_reader.h"
#include "store/verdict_repository.h"
#include "support/test_data.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
const QStringList kPeople{QStringLiteral("Abdullah_Gul"), QStringLiteral("Adrien_Brody"),
                          QStringLiteral("Al_Pacino"), QStringLiteral("Alan_Greenspan"),
                          QStringLiteral("Ali_Naimi"), QStringLiteral("Alvaro_Uribe")};

QString lfwPhoto(const QString& person, int n) {
    return test::testDataPath(
        QStringLiteral("lfw-devtest/images/%1/%1_%2.jpg").arg(person).arg(n, 4, 10, QLatin1Char('0')));
}
}  // namespace

class TestMainWindowFlow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void newCaseToVerdictOnRecord() {
        FACECASE_REQUIRE_TESTDATA();
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        const QString folder = m_dir.filePath(QStringLiteral("workspace"));

        MainWindow window;
        window.resize(1280, 800);
        window.show();
        window.openWorkspace(folder);
        QTRY_VERIFY_WITH_TIMEOUT(window.workspaceSession()->isOpen(), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.engineHost()->isReady(), 60'000);

        // A gallery to search: the first photo of six LFW people, enrolled by the core service.
        QFile manifest(m_dir.filePath(QStringLiteral("gallery.csv")));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write("path,subject_id\n");
        for (const QString& person : kPeople)
            manifest.write(QStringLiteral("%1,%2\n").arg(lfwPhoto(person, 1), person).toUtf8());
        manifest.close();
        auto workspace = Workspace::open(folder);
        QVERIFY(workspace.ok());
        EnrollmentOptions options;
        options.gallery = QStringLiteral("LFW");
        auto source = ManifestEnrollmentSource::create(manifest.fileName());
        QVERIFY(source.ok());
        QVERIFY(Enrollment(window.engineHost()->pipelinePool(), *workspace, options).run(**source).ok());

        // New case, typed into the dialog.
        CaseListView* list = window.caseListView();
        QTRY_VERIFY(!list->model()->isLoading());
        window.newCaseAction()->trigger();
        NewCaseDialog* dialog = list->newCaseDialog();
        QVERIFY(dialog && dialog->isVisible());
        QTest::keyClicks(dialog->numberEdit(), QStringLiteral("2026-CR-0311"));
        QTest::keyClicks(dialog->titleEdit(), QStringLiteral("Bank robbery, Elm St"));
        QTest::keyClicks(dialog->purposeEdit(), QStringLiteral("Identify the robber from the lobby camera; warrant 311/26"));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_VERIFY(list->newCaseDialog() == nullptr);
        QCOMPARE(list->model()->rowCount(), 1);

        // Open it: the case page with its work area.
        QVERIFY(list->selectedCase().has_value());
        window.openCaseAction()->trigger();
        QTRY_COMPARE(window.pages()->currentWidget(), static_cast<QWidget*>(window.casePage()));
        CaseWorkView* work = window.caseWorkView();
        QTRY_COMPARE(work->galleryCombo()->count(), 1);

        // Drop the probe, declare it a CCTV still.
        const QString probe = lfwPhoto(QStringLiteral("Alan_Greenspan"), 2);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(probe)});
        const QPoint at = work->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(work, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(work, &drop);
        QTRY_VERIFY(work->pendingKindDialog() && work->pendingKindDialog()->isVisible());
        QRadioButton* cctv = work->pendingKindDialog()->button(ProbeRecord::DeclaredKind::CctvStill);
        QTest::mouseClick(cctv, Qt::LeftButton, {}, QPoint(6, cctv->height() / 2));
        QTest::mouseClick(work->pendingKindDialog()->okButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(work->probeModel()->rowCount(), 1, 10'000);

        // The face is found and picked; search.
        QTRY_VERIFY_WITH_TIMEOUT(work->searchButton()->isEnabled(), 30'000);
        QSignalSpy searched(work, &CaseWorkView::searchFinished);
        QTest::mouseClick(work->searchButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(searched.size(), 1, 30'000);
        CandidateListModel* candidates = work->candidateView()->model();
        QCOMPARE(candidates->candidate(0).candidate.provenance.subjectExternalId, QStringLiteral("Alan_Greenspan"));

        // Compare the first candidate and record the verdict.
        work->candidateView()->setCurrentRow(0);
        QTest::keyClick(work->candidateView()->listView(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(work->compareView()->candidateFaceReady(), 20'000);
        QCOMPARE(window.size(), QSize(1280, 800));  // the compare tab fits a 1280×800 screen
        VerdictPanel* verdict = work->compareView()->verdictPanel();
        QRadioButton* lead = verdict->button(CandidateVerdict::PossibleMatch);
        QTest::mouseClick(lead, Qt::LeftButton, {}, QPoint(6, lead->height() / 2));
        QTest::keyClicks(verdict->reasonEdit(), QStringLiteral("Glasses frame, ear lobes and hairline agree"));
        QSignalSpy recorded(work, &CaseWorkView::verdictRecorded);
        QTest::mouseClick(verdict->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10'000);

        // In the database: the case's one search and the verdict with its reason.
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        auto searches = SearchReader(*connection).searchesOfCase(list->model()->caseAt(0).id);
        QVERIFY(searches.ok());
        QCOMPARE(searches->size(), std::size_t(1));
        auto verdicts = VerdictRepository(*connection).currentVerdicts(work->currentSearchId());
        QVERIFY(verdicts.ok());
        QCOMPARE(verdicts->size(), std::size_t(1));
        QCOMPARE(verdicts->front().verdict, VerdictRecord::Verdict::PossibleMatch);
        QCOMPARE(verdicts->front().reason, QStringLiteral("Glasses frame, ear lobes and hairline agree"));
    }
};

QTEST_MAIN(TestMainWindowFlow)
#include "test_main_window_flow.moc"
