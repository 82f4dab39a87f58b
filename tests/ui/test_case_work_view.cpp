// The case page's whole flow on real photos and a real workspace: drop a probe (file URL mime
// data) → it becomes evidence → faces found → pick the face → search an LFW gallery in the
// background → the probe's person ranks first → open compare → record a verdict → the verdict,
// the search and their audit records are in the database and the chain verifies. Also: the
// window keeps serving a timer while a large gallery's index loads and is searched, and the
// probe list passes QAbstractItemModelTester.
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QSignalSpy>
#include <QDropEvent>
#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMouseEvent>
#include <QToolButton>
#include <QMimeData>
#include <QPushButton>
#include <QRadioButton>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QRegularExpression>
#include <optional>

#include "candidates/candidate_gallery_view.h"
#include "casefile/export_verifier.h"
#include "candidates/candidate_list_model.h"
#include "candidates/thumbnail_loader.h"
#include "casework/case_work_view.h"
#include "imaging/image_loader.h"
#include "casework/pasted_image.h"
#include "casework/probe_kind_dialog.h"
#include "casework/probe_list_model.h"
#include "compare/compare_view.h"
#include "compare/mark_label_editor.h"
#include "compare/verdict_panel.h"
#include "photo/photo_view.h"
#include "detection/detection_view.h"
#include "jobs/database_worker.h"
#include "jobs/engine_host.h"
#include "services/casework/case_catalog.h"
#include "services/casework/case_work.h"
#include "services/casework/probe_importer.h"
#include "jobs/case_change_watcher.h"
#include "services/pipeline/descriptor_model_key.h"
#include "services/enrollment/enrollment.h"
#include "services/search/gallery_index_cache.h"
#include "services/enrollment/manifest_enrollment_source.h"
#include "matching/synthetic_descriptors.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "audit/audit_trail.h"
#include "store/search_reader.h"
#include "store/verdict_repository.h"
#include "support/test_data.h"
#include "widgets/message_banner.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
// With FACECASE_SCREENSHOT_DIR set (under Xvfb for README pictures), saves what `view` shows
// once its thumbnails and chips have arrived through the event loop.
void screenshot(CaseWorkView* view, const char* name) {
    const QString dir = qEnvironmentVariable("FACECASE_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && !view->compareView()->isBusy() &&
                                 view->candidateView()->thumbnailLoader()->pendingCount() == 0,
                             30'000);
    QCoreApplication::sendPostedEvents();  // layout requests and updates posted meanwhile
    view->grab().save(QDir(dir).filePath(QString::fromLatin1(name)));
}

// People of lfw-devtest with at least two photos: the first enrolled, the second a probe.
const QStringList kPeople{QStringLiteral("Abdullah_Gul"), QStringLiteral("Adel_Al-Jubeir"),
                          QStringLiteral("Adrien_Brody"), QStringLiteral("Al_Pacino"),
                          QStringLiteral("Alan_Greenspan"), QStringLiteral("Albert_Costa"),
                          QStringLiteral("Ali_Naimi"), QStringLiteral("Alvaro_Uribe")};

QString lfwPhoto(const QString& person, int n) {
    return test::testDataPath(QStringLiteral("lfw-devtest/images/%1/%1_%2.jpg").arg(person).arg(n, 4, 10, QLatin1Char('0')));
}

bool dropFiles(QWidget* target, const QStringList& paths) {
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted() || enter.dropAction() != Qt::CopyAction) return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}
// Answers the "What is this probe?" dialog a drop opened, as the analyst would: picks `kind`,
// types the note, clicks Add to case. False when no dialog came up or it would not accept.
// A radio button reacts to clicks on its indicator and text only, not on the empty rest of its
// row: click near its left edge, as an analyst would.
void clickRadio(QRadioButton* radio) {
    QTest::mouseClick(radio, Qt::LeftButton, {}, QPoint(6, radio->height() / 2));
}

bool answerKindDialog(CaseWorkView& view, ProbeRecord::DeclaredKind kind, const QString& note = {}) {
    if (!QTest::qWaitFor([&] { return view.pendingKindDialog() && view.pendingKindDialog()->isVisible(); }, 5'000))
        return false;
    ProbeKindDialog* dialog = view.pendingKindDialog();
    if (dialog->okButton()->isEnabled()) return false;  // a choice is required
    clickRadio(dialog->button(kind));
    if (!note.isEmpty()) QTest::keyClicks(dialog->noteEdit(), note);
    if (!dialog->okButton()->isEnabled()) return false;
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    return QTest::qWaitFor([&] { return !view.pendingKindDialog(); }, 5'000);
}

QString storedKind(const DatabaseConnection& db, qint64 probeId) {
    QSqlQuery query(db.database());
    query.prepare(QStringLiteral("SELECT declared_kind || '|' || coalesce(edit_note, '') FROM probes WHERE id = ?"));
    query.addBindValue(probeId);
    return query.exec() && query.next() ? query.value(0).toString() : QStringLiteral("<no row>");
}
// A case opened by the analyst j.doe, as the New Case dialog would.
Result<CaseRecord> createCase(const DatabaseConnection& db, const QString& number, const QString& title,
                              const QString& purpose) {
    CaseRecord draft;
    draft.caseNumber = number;
    draft.title = title;
    draft.purpose = purpose;
    draft.analyst = QStringLiteral("j.doe");
    return CaseCatalog(db, Actor(QStringLiteral("j.doe"))).create(draft);
}
}  // namespace

class TestCaseWorkView : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_engine;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;
    CaseRecord m_case;

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        m_engine = std::make_unique<EngineHost>();
        m_engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->isReady(), 60'000);
        auto workspace = Workspace::open(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        m_db.emplace(std::move(connection).value());

        QFile manifest(m_dir.filePath(QStringLiteral("gallery.csv")));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write("path,subject_id\n");
        for (const QString& person : kPeople)
            manifest.write(QStringLiteral("%1,%2\n").arg(lfwPhoto(person, 1), person).toUtf8());
        manifest.close();
        EnrollmentOptions options;
        options.gallery = QStringLiteral("LFW");
        auto source = ManifestEnrollmentSource::create(manifest.fileName());
        QVERIFY2(source.ok(), qPrintable(source.errorMessage()));
        auto enrolled = Enrollment(m_engine->pipelinePool(), *m_workspace, options).run(**source);
        QVERIFY2(enrolled.ok(), qPrintable(enrolled.errorMessage()));

        auto created = createCase(*m_db, QStringLiteral("2026-CR-0042"), QStringLiteral("Pharmacy robbery"),
                                  QStringLiteral("Identify the robbery suspect; warrant 88/26"));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        m_case = *created;
    }
    void cleanupTestCase() {
        m_db.reset();
        m_engine.reset();
    }

    void dropSearchCompareAndRecordAVerdict() {
        DatabaseWorker worker(*m_workspace);
        auto indexes = std::make_shared<GalleryIndexCache>(QDir(m_workspace->folder()).filePath(QStringLiteral("indexes")));
        CaseWorkView view(m_engine.get(), &worker, indexes);
        QAbstractItemModelTester probeTester(view.probeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(1280, 800);
        view.show();
        view.setCase(m_case);
        QTRY_COMPARE(view.galleryCombo()->count(), 1);

        const QString probe = lfwPhoto(QStringLiteral("Alan_Greenspan"), 2);
        const quint64 decodesBefore = ImageLoader::decodesStarted();
        QVERIFY(dropFiles(&view, {probe}));
        QCOMPARE(view.probeModel()->rowCount(), 0);  // nothing is imported before the declaration
        QVERIFY(answerKindDialog(view, ProbeRecord::DeclaredKind::CctvStill));
        QTRY_VERIFY2_WITH_TIMEOUT(view.probeModel()->rowCount() == 1, qPrintable(view.messageBanner()->text()), 10'000);
        QCOMPARE(storedKind(*m_db, view.probeModel()->probe(0).id), QStringLiteral("cctv_still|"));
        QVERIFY(view.probeModel()->index(0).data().toString().contains(QStringLiteral("[CCTV still]")));
        const QString evidence = QDir(m_workspace->folder()).filePath(view.probeModel()->probe(0).evidencePath);
        QVERIFY(QFile::exists(evidence));
        QVERIFY(evidence != probe);  // the case works on its own copy
        QTRY_VERIFY_WITH_TIMEOUT(view.searchButton()->isEnabled(), 30'000);
        QCOMPARE(view.probeView()->selectedFace(), 0);
        // The drop decoded the photo once, on import; the probe view analysed that decode.
        QCOMPARE(ImageLoader::decodesStarted() - decodesBefore, quint64(1));
        QCOMPARE(view.probeView()->result()->timings.decodes, 0);
        QCOMPARE(view.probeView()->result()->analysis.source.sha256, view.probeModel()->probe(0).sha256);

        screenshot(&view, "case-probe.png");
        QSignalSpy finished(&view, &CaseWorkView::searchFinished);
        QTest::mouseClick(view.searchButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30'000);
        QVERIFY2(!view.messageBanner()->isVisible(), qPrintable(view.messageBanner()->text()));
        QCOMPARE(view.tabs()->currentIndex(), 1);
        CandidateListModel* candidates = view.candidateView()->model();
        QCOMPARE(candidates->rowCount(), int(kPeople.size()));  // k 20 > N 8: the whole gallery
        QCOMPARE(candidates->candidate(0).candidate.provenance.subjectExternalId, QStringLiteral("Alan_Greenspan"));
        QVERIFY(candidates->candidate(0).recordedCandidateId.has_value());

        // Enter on the first card opens it in the compare view; a verdict needs its reason.
        view.candidateView()->setCurrentRow(0);
        QTest::keyClick(view.candidateView()->listView(), Qt::Key_Return);
        QCOMPARE(view.tabs()->currentIndex(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(view.compareView()->candidateFaceReady(), 20'000);
        // The compare tab fits a 1280×800 screen beside the case sidebar: the page keeps the
        // size it was given instead of growing past it.
        QVERIFY2(view.minimumSizeHint().width() <= 1280 && view.minimumSizeHint().height() <= 800,
                 qPrintable(QStringLiteral("%1 x %2").arg(view.minimumSizeHint().width()).arg(view.minimumSizeHint().height())));
        QCOMPARE(view.size(), QSize(1280, 800));
        VerdictPanel* verdict = view.compareView()->verdictPanel();
        verdict->button(CandidateVerdict::PossibleMatch)->click();
        QVERIFY(!verdict->submitButton()->isEnabled());
        QTest::keyClicks(verdict->reasonEdit(), QStringLiteral("Same ear shape and nasal bridge; scar absent in both"));
        QVERIFY(verdict->submitButton()->isEnabled());
        QSignalSpy recorded(&view, &CaseWorkView::verdictRecorded);
        QTest::mouseClick(verdict->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10'000);
        QCOMPARE(candidates->candidate(0).verdict, CandidateVerdict::PossibleMatch);
        screenshot(&view, "case-compare.png");
        view.tabs()->setCurrentIndex(1);
        screenshot(&view, "case-candidates.png");

        // On record: the search with its candidates, the verdict with its reason, the audit trail.
        auto searches = SearchReader(*m_db).searchesOfCase(m_case.id);
        QVERIFY2(searches.ok(), qPrintable(searches.errorMessage()));
        QCOMPARE(searches->size(), std::size_t(1));
        auto verdicts = VerdictRepository(*m_db).currentVerdicts(view.currentSearchId());
        QVERIFY2(verdicts.ok(), qPrintable(verdicts.errorMessage()));
        QCOMPARE(verdicts->size(), std::size_t(1));
        QCOMPARE(verdicts->front().verdict, VerdictRecord::Verdict::PossibleMatch);
        QCOMPARE(verdicts->front().rank, 1);
        QCOMPARE(verdicts->front().reason, QStringLiteral("Same ear shape and nasal bridge; scar absent in both"));
        AuditTrail audit(*m_db);
        auto chain = audit.verify();
        QVERIFY2(chain.ok(), qPrintable(chain.errorMessage()));
        QVERIFY2(chain->intact(), chain->intact() ? "" : qPrintable(chain->firstBreak->explanation));
        AuditFilter filter;
        filter.caseId = m_case.id;
        auto records = audit.records(filter);
        QVERIFY(records.ok());
        QStringList actions;
        for (const AuditRecord& r : *records) actions << r.action;
        for (const char* action : {"case_created", "probe_added", "search_run", "candidate_opened", "verdict_set"})
            QVERIFY2(actions.contains(QLatin1String(action)), qPrintable(actions.join(QLatin1Char(' '))));
    }

    // A face boxed by hand on the probe goes on record (face_marked_by_hand), is searched with
    // manual_face = 1; marks placed on both photos in the compare view are recorded with the
    // verdict (side, photo position, label) and come back when the candidate is reopened.
    void markAFaceByHandSearchItAndRecordMarks() {
        DatabaseWorker worker(*m_workspace);
        auto indexes = std::make_shared<GalleryIndexCache>(QDir(m_workspace->folder()).filePath(QStringLiteral("indexes")));
        CaseWorkView view(m_engine.get(), &worker, indexes);
        QAbstractItemModelTester probeTester(view.probeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(1280, 800);
        view.show();
        view.setCase(m_case);
        QTRY_COMPARE(view.galleryCombo()->count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(view.probeModel()->rowCount(), 1, 10'000);  // from the first test
        QTRY_VERIFY_WITH_TIMEOUT(view.searchButton()->isEnabled(), 30'000);
        DetectionView* probe = view.probeView();
        const DetectedFace detected = probe->result()->analysis.faces[0];

        // Mark face: drag a box around the face (zoomed in), as an analyst would.
        PhotoView* photo = probe->photoView();
        photo->setViewport(photo->viewScale() * 1.5, detected.box.rect.center());
        QSignalSpy recordedFace(&view, &CaseWorkView::manualFaceRecorded);
        QTest::mouseClick(probe->markFaceButton(), Qt::LeftButton);
        QCOMPARE(photo->tool(), PhotoView::Tool::MarkFace);
        const QRectF box = detected.box.rect.adjusted(-5, -5, 5, 7);
        const auto send = [photo](QEvent::Type type, const QPointF& pos, Qt::MouseButtons buttons) {
            QMouseEvent event(type, pos, photo->mapToGlobal(pos), Qt::LeftButton, buttons, Qt::NoModifier);
            QCoreApplication::sendEvent(photo, &event);
        };
        send(QEvent::MouseButtonPress, photo->photoToView(box.topLeft()), Qt::LeftButton);
        send(QEvent::MouseMove, photo->photoToView(box.center()), Qt::LeftButton);
        send(QEvent::MouseButtonRelease, photo->photoToView(box.bottomRight()), Qt::NoButton);
        QTRY_COMPARE_WITH_TIMEOUT(recordedFace.size(), 1, 30'000);
        QVERIFY2(!view.messageBanner()->isVisible(), qPrintable(view.messageBanner()->text()));
        QCOMPARE(probe->selectedFace(), 1);
        QVERIFY(probe->result()->analysis.faces[1].box.manual);
        photo->fitToWindow();
        photo->setLandmarksVisible(true);
        screenshot(&view, "case-manual-face.png");
        photo->setLandmarksVisible(false);

        QSignalSpy finished(&view, &CaseWorkView::searchFinished);
        QTRY_VERIFY(view.searchButton()->isEnabled());
        QTest::mouseClick(view.searchButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30'000);
        CandidateListModel* candidates = view.candidateView()->model();
        QCOMPARE(candidates->candidate(0).candidate.provenance.subjectExternalId, QStringLiteral("Alan_Greenspan"));

        auto searches = SearchReader(*m_db).searchesOfCase(m_case.id);
        QVERIFY2(searches.ok(), qPrintable(searches.errorMessage()));
        bool found = false;
        for (const SearchReader::Search& s : *searches) {
            if (s.id != view.currentSearchId()) continue;
            found = true;
            QVERIFY(s.manualFace);
            QCOMPARE(s.faceIndex, 2);
            QVERIFY(std::abs(s.box.left() - box.left()) <= 1.0);
        }
        QVERIFY(found);
        AuditFilter filter;
        filter.caseId = m_case.id;
        auto records = AuditTrail(*m_db).records(filter);
        QVERIFY(records.ok());
        QStringList actions;
        for (const AuditRecord& r : *records) actions << r.action;
        QVERIFY2(actions.contains(QStringLiteral("face_marked_by_hand")), qPrintable(actions.join(QLatin1Char(' '))));

        // Compare: two marks, one on each photo, labelled in the inline editor.
        view.candidateView()->setCurrentRow(0);
        QTest::keyClick(view.candidateView()->listView(), Qt::Key_Return);
        CompareView* compare = view.compareView();
        QTRY_VERIFY_WITH_TIMEOUT(compare->candidateFaceReady() && !compare->isBusy(), 20'000);
        QCoreApplication::sendPostedEvents();  // layout requests posted while it loaded
        // The probe face was drawn by hand, the candidate's was found by the detector at enrolment.
        QVERIFY(compare->probePhotoView()->isFaceManual(0));
        QVERIFY(!compare->candidatePhotoView()->isFaceManual(0));
        QTest::mouseClick(compare->addMarkButton(), Qt::LeftButton);
        QCOMPARE(compare->probePhotoView()->tool(), PhotoView::Tool::PlaceMark);
        QCOMPARE(compare->candidatePhotoView()->tool(), PhotoView::Tool::PlaceMark);
        const auto placeMark = [compare](PhotoView* side, const QPointF& photoPoint, const QString& label) {
            QTest::mouseClick(side, Qt::LeftButton, {}, side->photoToView(photoPoint).toPoint());
            MarkLabelEditor* editor = compare->markEditor();
            if (!editor->isVisible() || editor->parentWidget() != side) return false;
            QTest::keyClicks(editor->lineEdit(), label);
            QTest::keyClick(editor->lineEdit(), Qt::Key_Return);
            return !editor->isVisible();
        };
        const QPointF probeEye = compare->probePhotoView()->viewToPhoto(
            compare->probePhotoView()->photoToView(detected.landmarks.leftEyeCenter()).toPoint());
        QVERIFY(placeMark(compare->probePhotoView(), detected.landmarks.leftEyeCenter(),
                          QStringLiteral("scar above left eyebrow")));
        const QPointF candidateAt = compare->candidatePhotoView()->viewCenter();
        QVERIFY(placeMark(compare->candidatePhotoView(), candidateAt, QStringLiteral("mole on right cheek")));
        VerdictPanel* verdict = compare->verdictPanel();
        QCOMPARE(verdict->marks().size(), std::size_t(2));
        QCOMPARE(verdict->marksList()->count(), 2);
        QCOMPARE(compare->probePhotoView()->marks().size(), std::size_t(1));
        QCOMPARE(compare->candidatePhotoView()->marks().size(), std::size_t(1));
        QCOMPARE(compare->candidatePhotoView()->marks().front().number, 2);

        // A third, removed again before recording: it must not go on record.
        QVERIFY(placeMark(compare->candidatePhotoView(), candidateAt + QPointF(10, 10), QStringLiteral("mistake")));
        QCOMPARE(verdict->marks().size(), std::size_t(3));
        verdict->marksList()->setCurrentRow(2);
        QTest::mouseClick(verdict->removeMarkButton(), Qt::LeftButton);
        QCOMPARE(verdict->marks().size(), std::size_t(2));
        QCOMPARE(compare->candidatePhotoView()->marks().size(), std::size_t(1));
        screenshot(&view, "case-compare-marks.png");
        QTest::keyClick(compare->candidatePhotoView(), Qt::Key_Escape);
        QVERIFY(!compare->addMarkButton()->isChecked());

        verdict->button(CandidateVerdict::Inconclusive)->click();
        QTest::keyClicks(verdict->reasonEdit(), QStringLiteral("Probe face drawn by hand; eyebrow scar not visible on candidate"));
        QSignalSpy recorded(&view, &CaseWorkView::verdictRecorded);
        QTest::mouseClick(verdict->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10'000);
        const qint64 candidateId = recorded.at(0).at(0).toLongLong();
        auto history = VerdictRepository(*m_db).history(candidateId);
        QVERIFY2(history.ok(), qPrintable(history.errorMessage()));
        QCOMPARE(history->size(), std::size_t(1));
        const std::vector<VerdictRecord::Mark>& marks = history->back().marks;
        QCOMPARE(marks.size(), std::size_t(2));
        QCOMPARE(marks[0].side, VerdictRecord::Mark::Side::Probe);
        QCOMPARE(marks[0].label, QStringLiteral("scar above left eyebrow"));
        QVERIFY2(std::abs(marks[0].position.x() - probeEye.x()) < 0.6 && std::abs(marks[0].position.y() - probeEye.y()) < 0.6,
                 qPrintable(QStringLiteral("%1,%2 vs %3,%4").arg(marks[0].position.x()).arg(marks[0].position.y()).arg(probeEye.x()).arg(probeEye.y())));
        QCOMPARE(marks[1].side, VerdictRecord::Mark::Side::Candidate);
        QCOMPARE(marks[1].label, QStringLiteral("mole on right cheek"));
        QVERIFY(std::abs(marks[1].position.x() - candidateAt.x()) < 1.0);

        // Reopened from the gallery: the recorded marks are back on both photos.
        view.tabs()->setCurrentIndex(1);
        view.candidateView()->setCurrentRow(0);
        QTest::keyClick(view.candidateView()->listView(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(compare->verdictPanel()->marks().size(), std::size_t(2), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(compare->candidateFaceReady(), 20'000);
        QCOMPARE(compare->probePhotoView()->marks().size(), std::size_t(1));
        QCOMPARE(compare->candidatePhotoView()->marks().size(), std::size_t(1));
        QCOMPARE(compare->candidatePhotoView()->marks().front().label, QStringLiteral("mole on right cheek"));
    }

    // File ▸ Export case… (issue 5) after the searches and verdicts-with-reason above: the bundle
    // is written on a background thread, the banner gives path, file count and the verify
    // result, and ExportVerifier agrees; exporting into the now non-empty folder is refused in
    // the banner, and the export is on record (case_exported).
    void exportTheCaseToAFolder() {
        DatabaseWorker worker(*m_workspace);
        auto indexes = std::make_shared<GalleryIndexCache>(QDir(m_workspace->folder()).filePath(QStringLiteral("indexes")));
        CaseWorkView view(m_engine.get(), &worker, indexes);
        QAbstractItemModelTester probeTester(view.probeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.show();
        view.setCase(m_case);
        QTRY_COMPARE_WITH_TIMEOUT(view.probeModel()->rowCount(), 1, 10'000);
        QTemporaryDir out;
        const QString bundle = out.filePath(QStringLiteral("case-2026-CR-0042"));
        QSignalSpy finished(&view, &CaseWorkView::exportFinished);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(view.exportCase(bundle));
        QVERIFY(view.isExporting());
        QVERIFY(view.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60'000);
        qInfo("export with report.pdf: %lld ms", clock.elapsed());
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(view.messageBanner()->text()));
        QCOMPARE(view.messageBanner()->kind(), MessageBanner::Kind::Info);
        const QString text = view.messageBanner()->text();
        QVERIFY2(text.contains(QDir::toNativeSeparators(QFileInfo(bundle).absoluteFilePath())) && text.contains(QStringLiteral("Verified")),
                 qPrintable(text));
        QVERIFY(QFile::exists(QDir(bundle).filePath(QStringLiteral("report.pdf"))));
        auto verified = ExportVerifier::verify(bundle);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        QVERIFY(verified->ok());
        QVERIFY2(text.contains(QStringLiteral("%1 files").arg(verified->filesChecked)), qPrintable(text));
        AuditFilter filter;
        filter.caseId = m_case.id;
        filter.action = QStringLiteral("case_exported");
        auto exported = AuditTrail(*m_db).records(filter);
        QVERIFY(exported.ok());
        QCOMPARE(exported->size(), std::size_t(1));

        QVERIFY(view.exportCase(bundle));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60'000);
        QVERIFY(!finished.at(1).at(0).toBool());
        QCOMPARE(view.messageBanner()->kind(), MessageBanner::Kind::Error);
        QVERIFY2(view.messageBanner()->text().contains(QStringLiteral("was not exported")), qPrintable(view.messageBanner()->text()));
        QVERIFY(!view.isBusy());
    }

    // Provenance (issue 6): a declared composite sketch is kept as evidence, the dialog warns it
    // will not be searched, and the core's refusal reaches the banner with a search_refused record.
    // An edited image cannot be declared without its note. Runs in a case of its own so the
    // probe counts of the other tests stay as they are.
    void sketchIsRefusedAndEditedImageNeedsANote() {
        auto created = createCase(*m_db, QStringLiteral("2026-CR-0043"), QStringLiteral("Street assault"),
                                  QStringLiteral("Identify the assailant; warrant 91/26"));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));

        DatabaseWorker worker(*m_workspace);
        auto indexes = std::make_shared<GalleryIndexCache>(QDir(m_workspace->folder()).filePath(QStringLiteral("indexes")));
        CaseWorkView view(m_engine.get(), &worker, indexes);
        QAbstractItemModelTester probeTester(view.probeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(1280, 800);
        view.show();
        view.setCase(*created);
        QTRY_COMPARE(view.galleryCombo()->count(), 1);

        // Edited image: Add to case stays disabled until the note is written; Cancel imports nothing.
        QVERIFY(dropFiles(&view, {lfwPhoto(QStringLiteral("Al_Pacino"), 2)}));
        QTRY_VERIFY(view.pendingKindDialog() && view.pendingKindDialog()->isVisible());
        ProbeKindDialog* dialog = view.pendingKindDialog();
        clickRadio(dialog->button(ProbeRecord::DeclaredKind::EditedImage));
        QCOMPARE(dialog->declaredKind(), ProbeRecord::DeclaredKind::EditedImage);
        QVERIFY(!dialog->okButton()->isEnabled());
        QVERIFY(dialog->warningLabel()->isVisible());
        dialog->reject();
        QTRY_VERIFY(!view.pendingKindDialog());
        // Had Cancel queued an import on the worker, its result would be delivered before this
        // marker's, queued behind it.
        bool markerCalled = false;
        worker.run<int>([](const DatabaseConnection&) -> Result<int> { return 0; }, &view,
                        [&markerCalled](Result<int>) { markerCalled = true; });
        QTRY_VERIFY_WITH_TIMEOUT(markerCalled, 30'000);
        QCOMPARE(view.probeModel()->rowCount(), 0);
        QVERIFY(dropFiles(&view, {lfwPhoto(QStringLiteral("Al_Pacino"), 2)}));
        QVERIFY(answerKindDialog(view, ProbeRecord::DeclaredKind::EditedImage, QStringLiteral("cropped by the reporting officer")));
        QTRY_COMPARE_WITH_TIMEOUT(view.probeModel()->rowCount(), 1, 10'000);
        QCOMPARE(storedKind(*m_db, view.probeModel()->probe(0).id), QStringLiteral("edited_image|cropped by the reporting officer"));

        // Composite sketch: the dialog warns, the probe is kept, the search is refused by core.
        QVERIFY(dropFiles(&view, {lfwPhoto(QStringLiteral("Adrien_Brody"), 2)}));
        QTRY_VERIFY(view.pendingKindDialog() && view.pendingKindDialog()->isVisible());
        clickRadio(view.pendingKindDialog()->button(ProbeRecord::DeclaredKind::CompositeSketch));
        QVERIFY2(view.pendingKindDialog()->warningLabel()->text().contains(QStringLiteral("will not be searched")),
                 qPrintable(view.pendingKindDialog()->warningLabel()->text()));
        QTest::mouseClick(view.pendingKindDialog()->okButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(view.probeModel()->rowCount(), 2, 10'000);
        QCOMPARE(storedKind(*m_db, view.probeModel()->probe(1).id), QStringLiteral("composite_sketch|"));
        QVERIFY(view.probeModel()->index(1).data().toString().contains(QStringLiteral("[composite sketch]")));
        QTRY_VERIFY_WITH_TIMEOUT(view.probeList()->currentIndex().row() == 1 && view.searchButton()->isEnabled(), 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(view.probeView()->result()->analysis.source.sha256, view.probeModel()->probe(1).sha256, 30'000);
        QVERIFY(view.startSearch());
        QTRY_VERIFY_WITH_TIMEOUT(view.messageBanner()->isVisible() && !view.isSearching(), 30'000);
        QVERIFY2(view.messageBanner()->text().contains(QStringLiteral("sketches and drawings are not photographs")),
                 qPrintable(view.messageBanner()->text()));
        QCOMPARE(view.messageBanner()->kind(), MessageBanner::Kind::Error);
        AuditFilter filter;
        filter.caseId = created->id;
        filter.action = QStringLiteral("search_refused");
        auto refused = AuditTrail(*m_db).records(filter);
        QVERIFY2(refused.ok(), qPrintable(refused.errorMessage()));
        QCOMPARE(refused->size(), std::size_t(1));
        QCOMPARE(refused->front().detailsObject().value(QStringLiteral("probe_id")).toInteger(), view.probeModel()->probe(1).id);
        auto searches = SearchReader(*m_db).searchesOfCase(created->id);
        QVERIFY(searches.ok());
        QVERIFY(searches->empty());
    }

    // A case closed elsewhere while its page is open (another window, the CLI): the page still
    // shows it open, but the import is refused before any byte is copied into the evidence
    // folder, and the refusal is on record.
    void importIntoACaseClosedMeanwhileCopiesNothing() {
        auto created = createCase(*m_db, QStringLiteral("2026-CR-0052"), QStringLiteral("Closed meanwhile"),
                                  QStringLiteral("Identify the suspect; warrant 92/26"));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));

        DatabaseWorker worker(*m_workspace);
        CaseWorkView view(m_engine.get(), &worker, nullptr);
        view.setCase(*created);  // shown open ...
        auto closed = CaseCatalog(*m_db, Actor(QStringLiteral("j.doe"))).close(created->id, QStringLiteral("done"));
        QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));  // ... but closed by now

        const QString photo = lfwPhoto(QStringLiteral("Al_Pacino"), 3);
        QFile file(photo);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
        view.importProbeFiles({photo}, ProbeRecord::DeclaredKind::CctvStill, {});
        QTRY_VERIFY_WITH_TIMEOUT(view.statusText().startsWith(QStringLiteral("Could not add")), 10'000);
        QVERIFY2(view.messageBanner()->text().contains(QStringLiteral("2026-CR-0052")), qPrintable(view.messageBanner()->text()));
        QCOMPARE(view.probeModel()->rowCount(), 0);
        const QStringList copies = QDir(m_workspace->evidenceFolder()).entryList({sha + QStringLiteral(".*")}, QDir::Files);
        QVERIFY2(copies.isEmpty(), qPrintable(copies.join(QLatin1Char(' '))));
        AuditFilter filter;
        filter.caseId = created->id;
        filter.action = QStringLiteral("probe_refused");
        auto refused = AuditTrail(*m_db).records(filter);
        QVERIFY2(refused.ok(), qPrintable(refused.errorMessage()));
        QCOMPARE(refused->size(), std::size_t(1));
    }

    // Paste without a file (issue 4): JPEG bytes on the clipboard become the probe byte for
    // byte, an in-process QImage is kept as lossless PNG, image bytes dropped on the page work
    // too; each time the kind dialog comes up with "screenshot" preselected, and the record
    // says where the bytes came from instead of a path. A clipboard without an image is refused.
    void pasteImageDataAsAProbe() {
        auto created = createCase(*m_db, QStringLiteral("2026-CR-0044"), QStringLiteral("Threats posted online"),
                                  QStringLiteral("Identify the sender; warrant 93/26"));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        DatabaseWorker worker(*m_workspace);
        auto indexes = std::make_shared<GalleryIndexCache>(QDir(m_workspace->folder()).filePath(QStringLiteral("indexes")));
        CaseWorkView view(m_engine.get(), &worker, indexes);
        QAbstractItemModelTester probeTester(view.probeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(1280, 800);
        view.show();
        view.setCase(*created);
        QTRY_COMPARE(view.galleryCombo()->count(), 1);

        const auto acceptPreselected = [&view]() -> bool {
            if (!QTest::qWaitFor([&] { return view.pendingKindDialog() && view.pendingKindDialog()->isVisible(); }, 5'000))
                return false;
            ProbeKindDialog* dialog = view.pendingKindDialog();
            if (dialog->declaredKind() != ProbeRecord::DeclaredKind::Screenshot || !dialog->okButton()->isEnabled())
                return false;
            QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
            return QTest::qWaitFor([&] { return !view.pendingKindDialog(); }, 5'000);
        };
        const auto bytesOf = [](const QString& path) {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };

        // JPEG bytes, as a browser's "Copy image" offers them: kept exactly.
        const QByteArray jpeg = bytesOf(lfwPhoto(QStringLiteral("Alvaro_Uribe"), 2));
        QVERIFY(!jpeg.isEmpty());
        {
            QMimeData mime;
            mime.setData(QStringLiteral("image/jpeg"), jpeg);
            mime.setText(QStringLiteral("not a path"));  // other formats beside it change nothing
            view.addProbesFromMime(&mime);
        }
        QCOMPARE(view.probeModel()->rowCount(), 0);  // nothing before the declaration
        QVERIFY(acceptPreselected());
        QTRY_VERIFY2_WITH_TIMEOUT(view.probeModel()->rowCount() == 1, qPrintable(view.messageBanner()->text()), 10'000);
        const ProbeRecord pasted = view.probeModel()->probe(0);
        QCOMPARE(storedKind(*m_db, pasted.id), QStringLiteral("screenshot|"));
        QCOMPARE(pasted.sha256, QString::fromLatin1(QCryptographicHash::hash(jpeg, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(pasted.format, QStringLiteral("JPEG"));
        QVERIFY2(pasted.originalPath.startsWith(QStringLiteral("clipboard (JPEG data, pasted 20")), qPrintable(pasted.originalPath));
        QCOMPARE(bytesOf(QDir(m_workspace->folder()).filePath(pasted.evidencePath)), jpeg);
        QVERIFY2(view.probeModel()->index(0).data().toString().contains(QStringLiteral("clipboard (JPEG data")),
                 qPrintable(view.probeModel()->index(0).data().toString()));
        // It is a probe like any other: analysed, its face ready to search.
        QTRY_VERIFY_WITH_TIMEOUT(view.searchButton()->isEnabled(), 30'000);
        QCOMPARE(view.probeView()->result()->analysis.source.sha256, pasted.sha256);

        // A QImage with no encoded form (another Qt program's copy): encoded as PNG, lossless.
        QImage image(lfwPhoto(QStringLiteral("Albert_Costa"), 2));
        QVERIFY(!image.isNull());
        {
            QMimeData mime;
            mime.setImageData(image);
            QVERIFY(!mime.hasFormat(QStringLiteral("image/png")));
            view.addProbesFromMime(&mime);
        }
        QVERIFY(acceptPreselected());
        QTRY_VERIFY2_WITH_TIMEOUT(view.probeModel()->rowCount() == 2, qPrintable(view.messageBanner()->text()), 10'000);
        const ProbeRecord encoded = view.probeModel()->probe(1);
        QCOMPARE(encoded.format, QStringLiteral("PNG"));
        QVERIFY2(encoded.originalPath.startsWith(QStringLiteral("clipboard (image without an encoded form, kept as PNG, pasted ")),
                 qPrintable(encoded.originalPath));
        const QImage kept(QDir(m_workspace->folder()).filePath(encoded.evidencePath));
        QCOMPARE(kept.convertToFormat(QImage::Format_RGB32), image.convertToFormat(QImage::Format_RGB32));

        // PNG bytes dropped on the page (a picture dragged out of a browser).
        const QByteArray png = bytesOf(test::testDataPath(QStringLiteral("detection/face-api-samples/images/sheldon/sheldon1.png")));
        QVERIFY(!png.isEmpty());
        {
            QMimeData mime;
            mime.setData(QStringLiteral("image/png"), png);
            const QPoint pos = view.rect().center();
            QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(&view, &enter);
            QVERIFY(enter.isAccepted());
            QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(&view, &drop);
            QVERIFY(drop.isAccepted());
        }
        QVERIFY(acceptPreselected());
        QTRY_VERIFY2_WITH_TIMEOUT(view.probeModel()->rowCount() == 3, qPrintable(view.messageBanner()->text()), 10'000);
        QCOMPARE(view.probeModel()->probe(2).sha256, QString::fromLatin1(QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex()));
        QVERIFY(view.probeModel()->probe(2).originalPath.startsWith(QStringLiteral("drag and drop (PNG data, dropped ")));

        // Text only: nothing to import, said where the analyst looks.
        {
            QMimeData mime;
            mime.setText(QStringLiteral("Alvaro Uribe"));
            view.addProbesFromMime(&mime);
        }
        QVERIFY(view.messageBanner()->isVisible());
        QVERIFY2(view.messageBanner()->text().contains(QStringLiteral("no photo")), qPrintable(view.messageBanner()->text()));
        QVERIFY(!view.pendingKindDialog());
        QCOMPARE(view.probeModel()->rowCount(), 3);
    }

    // A search over a large gallery (its index loaded from the database on first use) runs off
    // the GUI thread: startSearch() returns with the search in flight and the GUI thread keeps
    // serving a timer until the result arrives. How long the index load and search take, and
    // the longest GUI-thread stall meanwhile, are measured by facecase-bench-gui (its warm-up
    // drop; docs/benchmarks.md).
    void largeSearchKeepsTheWindowResponsive() {
        // A synthetic gallery cannot be searched for a case (policy), so the large gallery
        // here is an ordinary one filled with generated descriptors through the enrollment
        // writer: 200,000 faces, as a county's booking photos would be.
        constexpr int kFaces = 200'000;
        const QString model = DescriptorModelKey::of(*m_engine->pipelinePool()->models(), PipelineOptions{}.descriptorMode);
        auto gallery = GalleryRepository(*m_db).create(QStringLiteral("Bookings 2010-2018"));
        QVERIFY2(gallery.ok(), qPrintable(gallery.errorMessage()));
        const SyntheticDescriptors population(7);
        FaceRecordWriter writer(*m_db, model);
        for (int first = 0; first < kFaces; first += 10'000) {
            std::vector<EnrollmentRecord> batch;
            for (int n = first; n < first + 10'000; ++n) {
                EnrollmentRecord record;
                record.image.sha256 = QString::fromLatin1(QCryptographicHash::hash(QByteArray::number(n), QCryptographicHash::Sha256).toHex());
                record.image.path = QStringLiteral("/bookings/%1.jpg").arg(n, 6, 10, QLatin1Char('0'));
                record.image.fileBytes = 40'000;
                record.image.width = 480;
                record.image.height = 600;
                record.image.format = QStringLiteral("JPEG");
                record.image.source = QStringLiteral("enrollment");
                FaceRecord face;
                face.index = 1;
                face.box.rect = QRectF(150, 180, 180, 180);
                face.descriptor = population.descriptor(std::uint64_t(n));
                record.faces.push_back(face);
                batch.push_back(std::move(record));
            }
            QVERIFY(writer.insertBatch(gallery->id, batch).ok());
        }

        DatabaseWorker worker(*m_workspace);
        auto indexes = std::make_shared<GalleryIndexCache>(QDir(m_workspace->folder()).filePath(QStringLiteral("indexes")));
        CaseWorkView view(m_engine.get(), &worker, indexes);
        QAbstractItemModelTester probeTester(view.probeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(1280, 800);
        view.show();
        view.setCase(m_case);
        QTRY_COMPARE(view.galleryCombo()->count(), 2);
        view.galleryCombo()->setCurrentIndex(view.galleryCombo()->findText(QStringLiteral("Bookings 2010-2018"), Qt::MatchStartsWith));
        QTRY_COMPARE_WITH_TIMEOUT(view.probeModel()->rowCount(), 1, 10'000);  // from the first test
        QTRY_VERIFY_WITH_TIMEOUT(view.searchButton()->isEnabled(), 30'000);

        int ticksWhileSearching = 0;
        QTimer ticker;
        ticker.setInterval(0);  // every turn of the event loop
        connect(&ticker, &QTimer::timeout, [&] {
            if (view.isSearching()) ++ticksWhileSearching;
        });
        QSignalSpy finished(&view, &CaseWorkView::searchFinished);
        ticker.start();
        QVERIFY(view.startSearch());
        QVERIFY(view.isSearching());  // returned with the search in flight
        QCOMPARE(finished.size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60'000);
        ticker.stop();
        QVERIFY2(!view.messageBanner()->isVisible(), qPrintable(view.messageBanner()->text()));
        QCOMPARE(view.candidateView()->model()->rowCount(), 20);
        QCOMPARE(view.candidateView()->model()->candidate(0).gallerySize, std::size_t(kFaces));
        // The GUI thread served its timer while the index loaded and the search ran.
        QVERIFY2(ticksWhileSearching >= 1, "the GUI thread ran no timer while the search was in flight");
    }

    // Two analysts on one case (issue 12): the page is open on a candidate, the analyst has
    // chosen a verdict and typed a reason but not recorded it, and another analyst (this test's
    // own connection, as another workstation) records a verdict on that candidate. The page
    // shows it on the card and in the compare view within the watcher's poll, keeping the
    // selection and the unsaved form. A verdict recorded from a page that has not caught up
    // yet is refused with the colleague's verdict named, the page then shows it, and recorded
    // again it goes through, replacing it on record. A close by the colleague closes the page.
    void followsAnotherAnalystAndRefusesAVerdictFromAStalePage() {
        auto created = createCase(*m_db, QStringLiteral("2026-CR-0061"), QStringLiteral("Two analysts"),
                                  QStringLiteral("Identify the suspect; warrant 97/26"));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        DatabaseWorker worker(*m_workspace);
        CaseWorkView view(m_engine.get(), &worker,
                          std::make_shared<GalleryIndexCache>(QDir(m_workspace->folder()).filePath(QStringLiteral("indexes"))));
        view.resize(1280, 800);
        view.show();
        view.setCase(*created);
        QVERIFY(view.changeWatcher()->isActive());
        QTRY_VERIFY(view.galleryCombo()->count() >= 1);  // and the large synthetic one, run after it
        view.galleryCombo()->setCurrentIndex(view.galleryCombo()->findText(QStringLiteral("LFW"), Qt::MatchStartsWith));
        QVERIFY(view.galleryCombo()->currentIndex() >= 0);
        view.importProbeFiles({lfwPhoto(QStringLiteral("Al_Pacino"), 2)}, ProbeRecord::DeclaredKind::CctvStill, {});
        QTRY_VERIFY_WITH_TIMEOUT(view.searchButton()->isEnabled(), 30'000);
        QSignalSpy finished(&view, &CaseWorkView::searchFinished);
        QTest::mouseClick(view.searchButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30'000);
        CandidateListModel* candidates = view.candidateView()->model();
        const qint64 first = *candidates->candidate(0).recordedCandidateId;
        view.candidateView()->setCurrentRow(0);
        QTest::keyClick(view.candidateView()->listView(), Qt::Key_Return);
        QCOMPARE(view.tabs()->currentIndex(), 2);
        VerdictPanel* form = view.compareView()->verdictPanel();
        form->button(CandidateVerdict::NotAMatch)->click();
        const QString reason = QStringLiteral("Ear lobes differ; the chin is broader");
        QTest::keyClicks(form->reasonEdit(), reason);
        QTRY_COMPARE(worker.pendingCount(), 0);  // the candidate's record is read: no verdict

        // Ana, at another workstation, records her verdict on the same candidate.
        QSignalSpy followed(&view, &CaseWorkView::changesFollowed);
        CaseWork::VerdictDraft anas;
        anas.candidateId = first;
        anas.verdict = VerdictRecord::Verdict::PossibleMatch;
        anas.reason = QStringLiteral("Same nose and hairline");
        QElapsedTimer sinceAna;
        sinceAna.start();
        auto ana = CaseWork(*m_db, Actor(QStringLiteral("ana"))).setVerdict(anas);
        QVERIFY2(ana.ok(), qPrintable(ana.errorMessage()));
        QVERIFY(followed.wait(10'000));  // the watcher polls once a second
        qInfo("another analyst's verdict on screen after %lld ms", qint64(sinceAna.elapsed()));
        QCOMPARE(candidates->candidate(0).verdict, CandidateVerdict::PossibleMatch);
        QCOMPARE(candidates->candidate(0).verdictId, ana->annotationId);
        QCOMPARE(view.compareView()->candidate().verdictId, ana->annotationId);
        QVERIFY2(view.compareView()->messageBanner()->text().startsWith(
                     QStringLiteral("ana recorded \u201CPossible match (lead)\u201D for this candidate at ")) &&
                     view.compareView()->messageBanner()->text().endsWith(
                         QStringLiteral("Your choice, reason and marks are kept: record them only if you "
                                        "still mean to replace it.")),
                 qPrintable(view.compareView()->messageBanner()->text()));
        // What the analyst was doing is untouched: the tab, the card, the unsaved form.
        QCOMPARE(view.tabs()->currentIndex(), 2);
        QCOMPARE(view.candidateView()->currentRow(), 0);
        QCOMPARE(form->verdict(), CandidateVerdict::NotAMatch);
        QCOMPARE(form->reason(), reason);

        // Ana changes her mind before this page has polled again: recording now is refused,
        // naming her verdict, and the page catches up; nothing of ana's is overwritten.
        view.changeWatcher()->stop();
        anas.verdict = VerdictRecord::Verdict::Inconclusive;
        anas.reason = QStringLiteral("Too blurred to say");
        auto again = CaseWork(*m_db, Actor(QStringLiteral("ana"))).setVerdict(anas);
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QSignalSpy recorded(&view, &CaseWorkView::verdictRecorded);
        followed.clear();
        QTest::mouseClick(form->submitButton(), Qt::LeftButton);
        QVERIFY(followed.wait(10'000));
        QCOMPARE(recorded.size(), 0);
        const QRegularExpression refusal(
            QStringLiteral("^The verdict was not recorded: candidate 1 of search %1 got the verdict "
                           "inconclusive from ana at .* UTC since you opened it; look at it and set yours again$")
                .arg(view.currentSearchId()));
        QVERIFY2(refusal.match(view.messageBanner()->text()).hasMatch(), qPrintable(view.messageBanner()->text()));
        QCOMPARE(candidates->candidate(0).verdict, CandidateVerdict::Inconclusive);
        QCOMPARE(view.compareView()->candidate().verdictId, again->annotationId);
        QCOMPARE(form->verdict(), CandidateVerdict::NotAMatch);
        QCOMPARE(form->reason(), reason);
        auto history = VerdictRepository(*m_db).history(first);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), std::size_t(2));  // both of ana's, nothing of this page's
        screenshot(&view, "case-verdict-conflict.png");

        // With ana's verdict in view, recording again replaces it knowingly.
        QTest::mouseClick(form->submitButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10'000);
        QCOMPARE(candidates->candidate(0).verdict, CandidateVerdict::NotAMatch);
        QVERIFY(!view.messageBanner()->isVisible());                 // the refusal is over
        QVERIFY(!view.compareView()->messageBanner()->isVisible());  // and so is the notice
        AuditFilter filter;
        filter.caseId = created->id;
        filter.action = QStringLiteral("verdict_set");
        auto records = AuditTrail(*m_db).records(filter);
        QVERIFY(records.ok());
        QCOMPARE(records->size(), std::size_t(3));
        QCOMPARE(records->back().detailsObject().value(QStringLiteral("old_verdict")).toString(),
                 QStringLiteral("inconclusive"));
        QCOMPARE(records->back().detailsObject().value(QStringLiteral("verdict")).toString(),
                 QStringLiteral("no_match"));

        // Ana adds a probe photo of her own: it appears in this page's list, and the probe the
        // analyst has open stays selected.
        view.changeWatcher()->start();
        const int probesBefore = view.probeModel()->rowCount();
        const int selectedProbe = view.probeList()->currentIndex().row();
        followed.clear();
        auto anasProbe = ProbeImporter(*m_workspace).import(
            *m_db, {created->id, lfwPhoto(QStringLiteral("Al_Pacino"), 3), ProbeRecord::DeclaredKind::CctvStill, {}},
            QStringLiteral("ana"));
        QVERIFY2(anasProbe.ok(), qPrintable(anasProbe.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(view.probeModel()->rowCount(), probesBefore + 1, 10'000);
        QCOMPARE(view.probeModel()->rowOf(anasProbe->probe.id), probesBefore);
        QCOMPARE(view.probeList()->currentIndex().row(), selectedProbe);

        // Ana closes the case: the page follows (no more searches), and says so to the header.
        QSignalSpy updated(&view, &CaseWorkView::caseUpdated);
        auto closed = CaseCatalog(*m_db, Actor(QStringLiteral("ana"))).close(created->id, QStringLiteral("charged"));
        QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));
        QVERIFY(updated.wait(10'000));
        QCOMPARE(view.caseRecord().status, CaseRecord::Status::Closed);
        QCOMPARE(view.caseRecord().changeSeq, closed->changeSeq);
        QVERIFY(!view.searchButton()->isEnabled());
        QVERIFY(AuditTrail(*m_db).verify()->intact());
    }

    // The probe list under QAbstractItemModelTester on its own: filled, appended to (a probe
    // already listed is not added twice), refilled and emptied.
    void probeListModelUnderTheTester() {
        ProbeListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto probe = [](qint64 id, const char* name) {
            ProbeRecord p;
            p.id = id;
            p.caseId = 1;
            p.originalPath = QStringLiteral("/evidence/%1").arg(QString::fromLatin1(name));
            p.evidencePath = QStringLiteral("evidence/%1.jpg").arg(id);
            p.sha256 = QString(64, QLatin1Char('a' + char(id % 6)));
            p.importedAt = QDateTime(QDate(2026, 12, 7), QTime(9, 30), Qt::UTC);
            p.width = 640;
            p.height = 480;
            return p;
        };
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setProbes({probe(1, "cctv-1.jpg"), probe(2, "cctv-2.jpg")});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.addProbe(probe(3, "still.png")), 2);
        QCOMPARE(model.addProbe(probe(2, "cctv-2.jpg")), 1);  // already listed
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowOf(3), 2);
        QCOMPARE(model.rowOf(99), -1);
        const QModelIndex last = model.index(2);
        QVERIFY(last.data().toString().startsWith(QStringLiteral("still.png")));
        QCOMPARE(last.data(ProbeListModel::ProbeIdRole).toLongLong(), 3);
        QCOMPARE(last.data(ProbeListModel::EvidencePathRole).toString(), QStringLiteral("evidence/3.jpg"));
        QVERIFY(last.data(Qt::ToolTipRole).toString().contains(QStringLiteral("/evidence/still.png")));
        QVERIFY(!model.index(3).isValid());
        model.setProbes({probe(4, "sketch.png")});
        QCOMPARE(model.rowCount(), 1);
        model.setProbes({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.addProbe(probe(5, "again.jpg")), 0);
    }
};

QTEST_MAIN(TestCaseWorkView)
#include "test_case_work_view.moc"
