// The analyst's whole day in one window, as issue 4 asks: new case (typed into the dialog) →
// open it → drop a probe (file URL mime data) and declare it → pick the face → search an LFW
// gallery → the probe's person ranks first → open compare → record a verdict with its reason →
// the verdict is in the database. Everything through MainWindow and its real widgets.
// Also issue 11: `facecase --workspace W --case N PHOTO` makes PHOTO a probe of case N once the
// case is open (it opens in the background), says so when N is missing or closed, and an error
// banner goes once a later action of its view succeeds.
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
#include "services/casework/case_catalog.h"
#include "services/enrollment/enrollment.h"
#include "services/enrollment/manifest_enrollment_source.h"
#include "store/probe_repository.h"
#include "store/search_reader.h"
#include "store/verdict_repository.h"
#include "support/test_data.h"
#include "widgets/message_banner.h"

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
const QString kOpenCase = QStringLiteral("2026-CR-0411");
const QString kClosedCase = QStringLiteral("2026-CR-0412");

// A workspace made by the store, as an earlier session left it: case kOpenCase open, case
// kClosedCase closed.
void makeWorkspaceWithCases(const QString& folder) {
    auto workspace = Workspace::open(folder);
    QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
    auto connection = workspace->openConnection();
    QVERIFY(connection.ok());
    const CaseCatalog cases(*connection, Actor(QStringLiteral("zoe")));
    for (const QString& number : {kOpenCase, kClosedCase}) {
        CaseRecord draft;
        draft.caseNumber = number;
        draft.title = QStringLiteral("Till snatch, Oak St");
        draft.purpose = QStringLiteral("Identify the suspect from the shop camera; warrant 411/26");
        draft.analyst = QStringLiteral("zoe");
        auto created = cases.create(draft);
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    }
    auto closed =
        cases.close(cases.findByNumber(kClosedCase)->id, QStringLiteral("suspect charged"));
    QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));
}

// What main() does with `--workspace folder --case number photo`, in its order: the photo is
// handed over while the workspace and its case list are still loading.
void startAsFromCommandLine(MainWindow& window, const QString& folder, const QString& caseNumber,
                            const QString& photo) {
    window.resize(1280, 800);
    window.openWorkspace(folder);
    window.openCaseWhenLoaded(caseNumber);
    window.show();
    window.openPhoto(photo);
}

// Answers the "what is this photo?" dialog the case page opens for a new probe.
void declareCameraPhoto(CaseWorkView* work) {
    QTRY_VERIFY_WITH_TIMEOUT(work->pendingKindDialog() && work->pendingKindDialog()->isVisible(), 10'000);
    QRadioButton* camera = work->pendingKindDialog()->button(ProbeRecord::DeclaredKind::CameraPhoto);
    QTest::mouseClick(camera, Qt::LeftButton, {}, QPoint(6, camera->height() / 2));
    QTest::mouseClick(work->pendingKindDialog()->okButton(), Qt::LeftButton);
}
}  // namespace

class TestMainWindowFlow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // Never the analyst's own settings or data folder.
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    }

    void startupPhotoBecomesTheCaseProbe() {
        FACECASE_REQUIRE_TESTDATA();
        const QString folder = m_dir.filePath(QStringLiteral("startup"));
        makeWorkspaceWithCases(folder);
        if (QTest::currentTestFailed()) return;
        const QString photo = lfwPhoto(QStringLiteral("Alan_Greenspan"), 2);

        MainWindow window;
        QSignalSpy opened(&window, &MainWindow::caseOpened);
        // The case number as typed, in another case: matched ignoring ASCII case.
        startAsFromCommandLine(window, folder, kOpenCase.toLower(), photo);
        QVERIFY(opened.wait(10'000));
        QCOMPARE(opened.first().first().value<CaseRecord>().caseNumber, kOpenCase);
        QVERIFY(window.isCasePageShown());

        CaseWorkView* work = window.caseWorkView();
        QSignalSpy added(work, &CaseWorkView::probeAdded);
        declareCameraPhoto(work);
        if (QTest::currentTestFailed()) return;
        QTRY_COMPARE_WITH_TIMEOUT(added.size(), 1, 10'000);
        QCOMPARE(work->probeModel()->rowCount(), 1);
        QCOMPARE(work->probeModel()->probe(0).originalPath, QFileInfo(photo).absoluteFilePath());
        QVERIFY2(work->messageBanner()->isHidden(), qPrintable(work->messageBanner()->text()));
        QVERIFY2(window.caseListView()->messageBanner()->isHidden(),
                 qPrintable(window.caseListView()->messageBanner()->text()));

        // On record: the photo is the case's probe.
        auto workspace = Workspace::open(folder);
        QVERIFY(workspace.ok());
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        auto probes = ProbeRepository(*connection).listForCase(window.casePage()->caseRecord().id);
        QVERIFY2(probes.ok(), qPrintable(probes.errorMessage()));
        QCOMPARE(probes->size(), std::size_t(1));
        QCOMPARE(probes->front().originalPath, QFileInfo(photo).absoluteFilePath());
        QCOMPARE(probes->front().declaredKind, ProbeRecord::DeclaredKind::CameraPhoto);

        // An error on the case page goes once the next action of the page succeeds.
        window.openPhoto(m_dir.filePath(QStringLiteral("no-such-photo.jpg")));
        declareCameraPhoto(work);
        if (QTest::currentTestFailed()) return;
        QTRY_VERIFY_WITH_TIMEOUT(!work->messageBanner()->isHidden(), 10'000);
        QCOMPARE(work->messageBanner()->kind(), MessageBanner::Kind::Error);
        QVERIFY2(work->messageBanner()->text().contains(QStringLiteral("no-such-photo.jpg")),
                 qPrintable(work->messageBanner()->text()));
        window.openPhoto(lfwPhoto(QStringLiteral("Al_Pacino"), 1));
        declareCameraPhoto(work);
        if (QTest::currentTestFailed()) return;
        QTRY_COMPARE_WITH_TIMEOUT(added.size(), 2, 10'000);
        QCOMPARE(work->probeModel()->rowCount(), 2);
        QVERIFY2(work->messageBanner()->isHidden(), qPrintable(work->messageBanner()->text()));
    }

    void startupPhotoForCaseNotOpen_data() {
        QTest::addColumn<QString>("caseNumber");
        QTest::addColumn<bool>("caseOpens");
        QTest::addColumn<QString>("banner");
        QTest::newRow("no such case")
            << QStringLiteral("2026-CR-9999") << false
            << QStringLiteral("There is no case numbered \"2026-CR-9999\" in this workspace, so "
                              "Alan_Greenspan_0002.jpg was not added.");
        QTest::newRow("closed case")
            << kClosedCase << true
            << QStringLiteral("Case 2026-CR-0412 is closed, so Alan_Greenspan_0002.jpg was not "
                              "added: reopen the case to add probes.");
    }

    void startupPhotoForCaseNotOpen() {
        FACECASE_REQUIRE_TESTDATA();
        QFETCH(QString, caseNumber);
        QFETCH(bool, caseOpens);
        QFETCH(QString, banner);
        const QString folder = m_dir.filePath(QStringLiteral("not-open-%1").arg(caseNumber));
        makeWorkspaceWithCases(folder);
        if (QTest::currentTestFailed()) return;

        MainWindow window;
        QSignalSpy opened(&window, &MainWindow::caseOpened);
        startAsFromCommandLine(window, folder, caseNumber, lfwPhoto(QStringLiteral("Alan_Greenspan"), 2));
        // The banner of the page that is shown: the case list, or the closed case's page.
        MessageBanner* shown = caseOpens ? window.caseWorkView()->messageBanner()
                                         : window.caseListView()->messageBanner();
        QTRY_VERIFY_WITH_TIMEOUT(!shown->isHidden(), 10'000);
        QCOMPARE(shown->kind(), MessageBanner::Kind::Error);
        QCOMPARE(shown->text(), banner);
        QCOMPARE(opened.size(), caseOpens ? 1 : 0);
        QCOMPARE(window.isCasePageShown(), caseOpens);
        QVERIFY(!window.caseWorkView()->pendingKindDialog());
        QCOMPARE(window.caseWorkView()->probeModel()->rowCount(), 0);
    }

    void newCaseToVerdictOnRecord() {
        FACECASE_REQUIRE_TESTDATA();
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
