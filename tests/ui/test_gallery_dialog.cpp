// The Galleries dialog on real photos and a real workspace: enroll a folder with a truncated JPEG
// and a text file posing as one (progress reaches the total, the gallery lists the right face
// count, the problems table names both files with their reasons), while the GUI thread keeps
// servicing a timer; cancel a 300-photo manifest mid-run and resume it without
// duplicates; synthetic galleries are "benchmark only" and refused as targets; removing a gallery
// or one image asks first and for a reason, which lands in the audit log; File ▸ Galleries… (Ctrl+G) opens the dialog. Both models under QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <functional>
#include <optional>

#include "galleries/enrollment_problem_model.h"
#include "galleries/gallery_dialog.h"
#include "galleries/gallery_list_model.h"
#include "galleries/gallery_removal_dialog.h"
#include "jobs/database_worker.h"
#include "jobs/engine_host.h"
#include "jobs/enrollment_runner.h"
#include "mainwindow/main_window.h"
#include "services/enrollment/enrollment_summary.h"
#include "settings/app_settings.h"
#include "audit/audit_trail.h"
#include "store/enrollment_item_repository.h"
#include "store/gallery_repository.h"
#include "support/test_data.h"
#include "widgets/message_banner.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
// With FACECASE_SCREENSHOT_DIR set (under Xvfb for the docs), saves what `dialog` shows once
// its models have loaded.
void screenshot(GalleryDialog* dialog, const char* name) {
    const QString dir = qEnvironmentVariable("FACECASE_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isEnrolling() && !dialog->galleryModel()->isLoading() &&
                                 !dialog->problemModel()->isLoading(),
                             30'000);
    QCoreApplication::sendPostedEvents();  // layout requests and updates posted meanwhile
    QVERIFY(dialog->grab().save(QDir(dir).filePath(QString::fromLatin1(name))));
}

// Counts the ticks of a GUI-thread timer that fall while `busy()` holds: each one is the event
// loop serving a timer while the work was in flight (how long it took is for the benchmarks).
class BusyTicks {
public:
    explicit BusyTicks(std::function<bool()> busy) : m_busy(std::move(busy)) {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            if (m_busy()) ++m_ticks;
        });
        m_timer.start();
    }
    int ticks() const { return m_ticks; }

private:
    std::function<bool()> m_busy;
    QTimer m_timer;
    int m_ticks = 0;
};

bool scalarExists(const DatabaseConnection& db, const QString& sql) {
    QSqlQuery query(db.database());
    return query.exec(sql) && query.next();
}

int rowOfPathEnding(const EnrollmentProblemModel& model, const QString& fileName) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.itemAt(row).path.endsWith(QLatin1Char('/') + fileName)) return row;
    return -1;
}
}  // namespace

class TestGalleryDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_engine;
    std::optional<Workspace> m_workspace;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<AppSettings> m_settings;
    QString m_photos;       // people's photos plus two bad files
    int m_goodPhotos = 0;
    QString m_manifest;     // 300 LFW photos

    std::optional<DatabaseConnection> connection() {
        auto c = m_workspace->openConnection();
        if (!c) return std::nullopt;
        return std::move(c).value();
    }

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_engine = std::make_unique<EngineHost>();
        m_engine->start();
        auto workspace = Workspace::open(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        m_worker = std::make_unique<DatabaseWorker>(*m_workspace);
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_settings->setWorkerThreads(2);

        // Two people's photos, each in a folder naming them, and two files that only look like
        // photos: a JPEG cut short and a text file.
        m_photos = m_dir.filePath(QStringLiteral("photos"));
        for (const QString& person : {QStringLiteral("amy"), QStringLiteral("penny")}) {
            const QDir from(test::testDataPath(QStringLiteral("detection/face-api-samples/images/%1").arg(person)));
            QVERIFY(QDir().mkpath(QDir(m_photos).filePath(person)));
            for (const QString& name : from.entryList(QDir::Files)) {
                QVERIFY(QFile::copy(from.filePath(name), QDir(m_photos).filePath(person + QLatin1Char('/') + name)));
                ++m_goodPhotos;
            }
        }
        QCOMPARE(m_goodPhotos, 10);
        QVERIFY(QDir().mkpath(QDir(m_photos).filePath(QStringLiteral("unknown"))));
        QFile jpeg(test::testDataPath(QStringLiteral("lfw-devtest/images/Al_Pacino/Al_Pacino_0001.jpg")));
        QVERIFY(jpeg.open(QIODevice::ReadOnly));
        const QByteArray bytes = jpeg.readAll();
        QFile truncated(QDir(m_photos).filePath(QStringLiteral("unknown/truncated.jpg")));
        QVERIFY(truncated.open(QIODevice::WriteOnly));
        truncated.write(bytes.left(bytes.size() / 3));
        truncated.close();
        QFile text(QDir(m_photos).filePath(QStringLiteral("unknown/notes.jpg")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("Suspect seen near the pharmacy at 21:40.\n");
        text.close();

        // A manifest of 300 LFW photos: big enough to cancel mid-run.
        m_manifest = m_dir.filePath(QStringLiteral("lfw300.csv"));
        QFile manifest(m_manifest);
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write("path,subject_id\n");
        const QDir lfw(test::testDataPath(QStringLiteral("lfw-devtest/images")));
        int rows = 0;
        for (const QString& person : lfw.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            for (const QString& name : QDir(lfw.filePath(person)).entryList(QDir::Files, QDir::Name)) {
                if (rows == 300) break;
                manifest.write(QStringLiteral("%1,%2\n").arg(lfw.filePath(person + QLatin1Char('/') + name), person).toUtf8());
                ++rows;
            }
        }
        manifest.close();
        QCOMPARE(rows, 300);
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->isReady(), 60'000);
    }
    void cleanupTestCase() {
        m_worker.reset();
        m_engine.reset();
    }

    void enrollFolderListsProblemsAndKeepsTheGuiResponsive() {
        GalleryDialog dialog(m_engine.get(), m_worker.get(), *m_settings);
        QAbstractItemModelTester galleryTester(dialog.galleryModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester problemTester(dialog.problemModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTRY_VERIFY(!dialog.galleryModel()->isLoading());
        QCOMPARE(dialog.galleryModel()->rowCount(), 0);
        QVERIFY(dialog.enrollFolderButton()->isEnabled());

        QSignalSpy finished(&dialog, &GalleryDialog::enrollmentFinished);
        QSignalSpy changed(&dialog, &GalleryDialog::galleriesChanged);
        QSignalSpy progress(dialog.enrollmentRunner(), &ui::EnrollmentRunner::progress);
        BusyTicks ticks([&] { return dialog.isEnrolling(); });
        QVERIFY(dialog.startEnrollment(ui::EnrollmentRunner::SourceKind::Folder, m_photos, QStringLiteral("Cast")));
        QVERIFY(dialog.isEnrolling());  // started, not done: the work is on other threads
        QVERIFY(!dialog.enrollFolderButton()->isEnabled());
        QVERIFY(dialog.cancelButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120'000);
        // The GUI thread served its timer while the photos were being enrolled.
        QVERIFY2(ticks.ticks() >= 2, qPrintable(QString::number(ticks.ticks())));

        const auto summary = finished.first().first().value<EnrollmentSummary>();
        QVERIFY(!summary.cancelled);
        QVERIFY(summary.galleryCreated);
        QCOMPARE(summary.progress.total, qint64(m_goodPhotos + 2));
        // Progress reached the total, and the bar shows it.
        QVERIFY(progress.count() >= 1);
        const auto last = progress.last().first().value<EnrollmentProgress>();
        QCOMPARE(last.done, last.total);
        QCOMPARE(last.total, qint64(m_goodPhotos + 2));
        QCOMPARE(dialog.progressBar()->maximum(), m_goodPhotos + 2);
        QCOMPARE(dialog.progressBar()->value(), m_goodPhotos + 2);
        QVERIFY2(dialog.progressLabel()->text().contains(QString::number(m_goodPhotos + 2)),
                 qPrintable(dialog.progressLabel()->text()));
        QVERIFY(changed.count() >= 1);
        QVERIFY(!dialog.messageBanner()->isVisible());

        // The gallery is listed, selected, with one face per enrolled photo.
        const qint64 enrolled = summary.job.count(EnrollmentItem::Status::Ok) +
                                summary.job.count(EnrollmentItem::Status::SeveralFaces);
        QCOMPARE(enrolled, qint64(m_goodPhotos));  // all ten portraits have a face
        QTRY_COMPARE(dialog.galleryModel()->rowCount(), 1);
        const int row = dialog.galleryModel()->rowOfName(QStringLiteral("cast"));
        QCOMPARE(row, 0);
        QCOMPARE(dialog.galleryModel()->rowAt(row).gallery.faceCount, qint64(m_goodPhotos));
        QCOMPARE(dialog.galleryModel()->index(row, GalleryListModel::FacesColumn).data().toString(),
                 QString::number(m_goodPhotos));
        QVERIFY(!dialog.galleryModel()->index(row, GalleryListModel::ModelColumn).data().toString().isEmpty());
        QVERIFY(dialog.galleryModel()->index(row, GalleryListModel::LastJobColumn).data().toString()
                    .contains(QStringLiteral("2 problems")));
        QTRY_COMPARE(dialog.statisticsValue(QStringLiteral("Faces")), QString::number(m_goodPhotos));
        QCOMPARE(dialog.statisticsValue(QStringLiteral("Images")), QString::number(m_goodPhotos));

        // The two bad files, each named, with the loader's reason.
        QTRY_COMPARE(dialog.problemModel()->rowCount(), 2);
        QCOMPARE(dialog.problemModel()->jobId(), summary.job.id);
        for (const QString& name : {QStringLiteral("truncated.jpg"), QStringLiteral("notes.jpg")}) {
            const int r = rowOfPathEnding(*dialog.problemModel(), name);
            QVERIFY2(r >= 0, qPrintable(name));
            const QAbstractItemModel* m = dialog.problemModel();
            QVERIFY(m->index(r, EnrollmentProblemModel::PathColumn).data().toString().endsWith(name));
            QCOMPARE(m->index(r, EnrollmentProblemModel::StatusColumn).data().toString(), QStringLiteral("Unreadable"));
            const QString reason = m->index(r, EnrollmentProblemModel::MessageColumn).data().toString();
            QVERIFY2(!reason.isEmpty(), qPrintable(name));
            QVERIFY(m->index(r, EnrollmentProblemModel::MessageColumn).data(Qt::ToolTipRole).toString().contains(name));
        }
        const int truncatedRow = rowOfPathEnding(*dialog.problemModel(), QStringLiteral("truncated.jpg"));
        QVERIFY2(dialog.problemModel()->itemAt(truncatedRow).message.contains(QStringLiteral("truncated"), Qt::CaseInsensitive),
                 qPrintable(dialog.problemModel()->itemAt(truncatedRow).message));
        QVERIFY(dialog.jobSummaryLabel()->text().contains(QStringLiteral("2 needing attention")));

        // Keyboard: the main controls take focus by Tab.
        for (QWidget* w : std::initializer_list<QWidget*>{dialog.galleryTable(), dialog.targetCombo(),
                                                          dialog.enrollFolderButton(), dialog.problemTable()})
            QVERIFY(w->focusPolicy() & Qt::TabFocus);
        screenshot(&dialog, "galleries.png");
    }

    void cancelStopsMidRunAndTheJobResumesWithoutDuplicates() {
        GalleryDialog dialog(m_engine.get(), m_worker.get(), *m_settings);
        dialog.show();
        QTRY_VERIFY(!dialog.galleryModel()->isLoading());
        QSignalSpy finished(&dialog, &GalleryDialog::enrollmentFinished);
        QVERIFY(dialog.startEnrollment(ui::EnrollmentRunner::SourceKind::Manifest, m_manifest, QStringLiteral("LFW 300")));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.progressBar()->maximum() == 300 && dialog.progressBar()->value() >= 10, 120'000);
        QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
        QVERIFY(!dialog.cancelButton()->isEnabled());
        // How soon a run stops after Cancel is measured by `facecase-cli bench enroll
        // --cancel-after` (docs/benchmarks.md); here: that it stops, mid-run, resumable.
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120'000);
        const auto first = finished.first().first().value<EnrollmentSummary>();
        QVERIFY(first.cancelled);
        QCOMPARE(first.job.status, facecase::EnrollmentJob::Status::Cancelled);
        QVERIFY2(first.progress.done < 300, qPrintable(QString::number(first.progress.done)));
        QVERIFY(dialog.progressLabel()->text().contains(QStringLiteral("resume")));
        QVERIFY(!dialog.isEnrolling());
        qInfo("cancelled after %lld of 300 files", first.progress.done);

        // Again: the same job resumes, skips what it recorded, and stores nothing twice; the
        // GUI thread keeps servicing a 50 ms timer all along.
        BusyTicks ticks([&] { return dialog.isEnrolling(); });
        QVERIFY(dialog.startEnrollment(ui::EnrollmentRunner::SourceKind::Manifest, m_manifest, QStringLiteral("LFW 300")));
        QVERIFY(dialog.isEnrolling());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 240'000);
        const auto second = finished.at(1).first().value<EnrollmentSummary>();
        QVERIFY2(ticks.ticks() >= 2, qPrintable(QString::number(ticks.ticks())));
        QVERIFY(!second.cancelled);
        QVERIFY(second.resumed);
        QCOMPARE(second.job.id, first.job.id);
        QCOMPARE(second.job.status, facecase::EnrollmentJob::Status::Completed);
        QCOMPARE(second.progress.resumed, first.progress.done);
        QCOMPARE(second.progress.done, qint64(300));
        QCOMPARE(second.job.itemCount(), qint64(300));  // one item per manifest row
        QCOMPARE(second.job.count(EnrollmentItem::Status::Duplicate), qint64(0));

        auto db = connection();
        QVERIFY(db);
        auto gallery = GalleryRepository(*db).findByName(QStringLiteral("LFW 300"));
        QVERIFY2(gallery.ok(), qPrintable(gallery.errorMessage()));
        const qint64 enrolled = second.job.count(EnrollmentItem::Status::Ok) +
                                second.job.count(EnrollmentItem::Status::SeveralFaces);
        QCOMPARE(gallery->faceCount, enrolled);
        QVERIFY(enrolled > 250);  // LFW photos are centred portraits
        // Every enrolled row points at a distinct stored image.
        auto items = EnrollmentItemRepository(*db).list(second.job.id);
        QVERIFY(items.ok());
        QSet<qint64> images;
        for (const EnrollmentItem& item : *items)
            if (item.imageId) images.insert(*item.imageId);
        QCOMPARE(qint64(images.size()), gallery->imageCount);
        QTRY_VERIFY(dialog.galleryModel()->rowOfName(QStringLiteral("LFW 300")) >= 0);
    }

    void syntheticGalleriesAreBenchmarkOnly() {
        auto db = connection();
        QVERIFY(db);
        auto synthetic = GalleryRepository(*db).create(QStringLiteral("Synth 1M"), {}, Gallery::Kind::Synthetic);
        QVERIFY2(synthetic.ok(), qPrintable(synthetic.errorMessage()));
        GalleryDialog dialog(m_engine.get(), m_worker.get(), *m_settings);
        QAbstractItemModelTester tester(dialog.galleryModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QTRY_VERIFY(dialog.galleryModel()->rowOfName(QStringLiteral("Synth 1M")) >= 0);
        const int row = dialog.galleryModel()->rowOfName(QStringLiteral("Synth 1M"));
        QVERIFY(dialog.galleryModel()->index(row, GalleryListModel::KindColumn).data().toString()
                    .contains(QStringLiteral("benchmark only")));
        QVERIFY(dialog.galleryModel()->index(row, GalleryListModel::NameColumn)
                    .data(GalleryListModel::SyntheticRole).toBool());
        QCOMPARE(dialog.targetCombo()->findText(QStringLiteral("Synth 1M")), -1);
        QVERIFY(dialog.targetCombo()->findText(QStringLiteral("Cast")) >= 0);
        QVERIFY(dialog.selectGallery(QStringLiteral("Synth 1M")));
        QTRY_VERIFY(dialog.statisticsValue(QStringLiteral("Kind")).contains(QStringLiteral("benchmark only")));
        QVERIFY(!dialog.startEnrollment(ui::EnrollmentRunner::SourceKind::Folder, m_photos, QStringLiteral("synth 1m")));
        QVERIFY(dialog.messageBanner()->isVisible());
        QVERIFY(dialog.messageBanner()->text().contains(QStringLiteral("Synth 1M")));
        QVERIFY(!dialog.isEnrolling());
        QVERIFY(!dialog.startEnrollment(ui::EnrollmentRunner::SourceKind::Folder, m_photos, QStringLiteral("  ")));
    }

    void removeAsksFirstAndWhy() {
        GalleryDialog dialog(m_engine.get(), m_worker.get(), *m_settings);
        dialog.show();
        QTRY_VERIFY(dialog.galleryModel()->rowOfName(QStringLiteral("Synth 1M")) >= 0);
        const int before = dialog.galleryModel()->rowCount();
        QSignalSpy changed(&dialog, &GalleryDialog::galleriesChanged);
        QVERIFY(dialog.selectGallery(QStringLiteral("Synth 1M")));
        QVERIFY(dialog.removeButton()->isEnabled());

        // Cancel keeps it.
        QTest::mouseClick(dialog.removeButton(), Qt::LeftButton);
        GalleryRemovalDialog* box = nullptr;
        QTRY_VERIFY((box = dialog.findChild<GalleryRemovalDialog*>(QStringLiteral("removeGalleryConfirmation"))));
        QVERIFY(box->findChild<QLabel*>(QStringLiteral("removalQuestion"))->text().contains(QStringLiteral("synthetic benchmark gallery")));
        QVERIFY(!box->okButton()->isEnabled());  // not without a reason
        box->reject();
        // Had the rejection queued a removal, its result would be delivered before this
        // marker's, queued behind it on the same worker.
        bool markerCalled = false;
        m_worker->run<int>([](const DatabaseConnection&) -> Result<int> { return 0; }, &dialog,
                           [&markerCalled](Result<int>) { markerCalled = true; });
        QTRY_VERIFY_WITH_TIMEOUT(markerCalled, 30'000);
        QCOMPARE(dialog.galleryModel()->rowCount(), before);
        QCOMPARE(changed.count(), 0);

        QTRY_VERIFY(!dialog.findChild<GalleryRemovalDialog*>(QStringLiteral("removeGalleryConfirmation")));
        QTest::mouseClick(dialog.removeButton(), Qt::LeftButton);
        QTRY_VERIFY((box = dialog.findChild<GalleryRemovalDialog*>(QStringLiteral("removeGalleryConfirmation"))));
        box->reasonEdit()->setPlainText(QStringLiteral("   "));
        QVERIFY(!box->okButton()->isEnabled());
        box->reasonEdit()->setPlainText(QStringLiteral("Benchmark finished"));
        QVERIFY(box->okButton()->isEnabled());
        box->okButton()->click();
        QTRY_COMPARE(changed.count(), 1);
        QTRY_COMPARE(dialog.galleryModel()->rowCount(), before - 1);
        QCOMPARE(dialog.galleryModel()->rowOfName(QStringLiteral("Synth 1M")), -1);
        QTRY_VERIFY(!dialog.findChild<GalleryRemovalDialog*>(QStringLiteral("removeGalleryConfirmation")));
        auto db = connection();
        QVERIFY(db);
        QCOMPARE(GalleryRepository(*db).findByName(QStringLiteral("Synth 1M")).error().kind, Error::Kind::NotFound);
        auto records = AuditTrail(*db).records();
        QVERIFY(records.ok() && !records->empty());
        QCOMPARE(records->back().action, QStringLiteral("gallery_removed"));
        QCOMPARE(records->back().detailsObject().value(QStringLiteral("reason")).toString(), QStringLiteral("Benchmark finished"));
        QCOMPARE(records->back().detailsObject().value(QStringLiteral("kind")).toString(), QStringLiteral("synthetic"));
    }

    void removeImageAsksWhichAndWhy() {
        auto db = connection();
        QVERIFY(db);
        auto cast = GalleryRepository(*db).findByName(QStringLiteral("Cast"));
        QVERIFY(cast.ok());
        QSqlQuery first(db->database());
        QVERIFY(first.exec(QStringLiteral("SELECT id, sha256 FROM images WHERE gallery_id = %1 ORDER BY id LIMIT 1").arg(cast->id)));
        QVERIFY(first.next());
        const qint64 imageId = first.value(0).toLongLong();
        const QString sha256 = first.value(1).toString();
        first.finish();

        GalleryDialog dialog(m_engine.get(), m_worker.get(), *m_settings);
        dialog.show();
        QTRY_VERIFY(dialog.galleryModel()->rowOfName(QStringLiteral("Cast")) >= 0);
        QVERIFY(dialog.selectGallery(QStringLiteral("Cast")));
        QTRY_VERIFY(dialog.removeImageButton()->isEnabled());
        QSignalSpy changed(&dialog, &GalleryDialog::galleriesChanged);
        QTest::mouseClick(dialog.removeImageButton(), Qt::LeftButton);
        GalleryRemovalDialog* box = nullptr;
        QTRY_VERIFY((box = dialog.findChild<GalleryRemovalDialog*>(QStringLiteral("removeGalleryImageDialog"))));
        box->reasonEdit()->setPlainText(QStringLiteral("Enrolled by mistake"));
        box->imageEdit()->setText(QStringLiteral("abc"));
        QVERIFY(!box->okButton()->isEnabled());  // neither an id nor a SHA-256

        // An image the gallery lacks: the dialog stays open and says so.
        box->imageEdit()->setText(QStringLiteral("99999999"));
        QVERIFY(box->okButton()->isEnabled());
        box->okButton()->click();
        QTRY_VERIFY(box->errorText().contains(QStringLiteral("gallery \"Cast\" has no image with id 99999999")));
        QVERIFY(box->isVisible());

        box->imageEdit()->setText(sha256.toUpper());
        box->okButton()->click();
        QTRY_VERIFY(!dialog.findChild<GalleryRemovalDialog*>(QStringLiteral("removeGalleryImageDialog")));
        QTRY_COMPARE(changed.count(), 1);
        QVERIFY(dialog.messageBanner()->text().contains(QStringLiteral("was removed")));
        QVERIFY(!scalarExists(*db, QStringLiteral("SELECT 1 FROM images WHERE id = %1").arg(imageId)));
        auto records = AuditTrail(*db).records();
        QVERIFY(records.ok() && !records->empty());
        QCOMPARE(records->back().action, QStringLiteral("gallery_image_removed"));
        const QJsonObject details = records->back().detailsObject();
        QCOMPARE(details.value(QStringLiteral("image_id")).toInteger(), imageId);
        QCOMPARE(details.value(QStringLiteral("sha256")).toString(), sha256);
        QCOMPARE(details.value(QStringLiteral("reason")).toString(), QStringLiteral("Enrolled by mistake"));
        auto verified = AuditTrail(*db).verify();
        QVERIFY(verified.ok() && verified->intact());
    }

    void problemModelLoadsAJobsProblems() {
        // Standalone, under the tester: load, reload, clear.
        EnrollmentProblemModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto db = connection();
        QVERIFY(db);
        auto cast = GalleryRepository(*db).findByName(QStringLiteral("Cast"));
        QVERIFY(cast.ok());
        GalleryListModel galleries;
        QAbstractItemModelTester galleryTester(&galleries, QAbstractItemModelTester::FailureReportingMode::QtTest);
        galleries.setWorker(m_worker.get());
        QTRY_VERIFY(!galleries.isLoading() && galleries.rowCount() >= 2);
        const int row = galleries.rowOfGallery(cast->id);
        QVERIFY(row >= 0);
        QVERIFY(galleries.rowAt(row).lastJob.has_value());
        const qint64 jobId = galleries.rowAt(row).lastJob->id;
        QSignalSpy loaded(&model, &EnrollmentProblemModel::loaded);
        model.load(m_worker.get(), jobId);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        model.load(m_worker.get(), jobId);
        QTRY_COMPARE(loaded.count(), 2);
        QCOMPARE(model.rowCount(), 2);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        galleries.setWorker(nullptr);
        QCOMPARE(galleries.rowCount(), 0);
    }

    void mainWindowOpensGalleriesWithCtrlG() {
        MainWindow window;
        window.openWorkspace(m_workspace->folder());
        QTRY_VERIFY_WITH_TIMEOUT(window.galleriesAction()->isEnabled(), 30'000);
        QCOMPARE(window.galleriesAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_G));
        QVERIFY(!window.galleryDialog());
        window.galleriesAction()->trigger();
        QVERIFY(window.galleryDialog());
        QVERIFY(window.galleryDialog()->isVisible());
        QVERIFY(!window.galleryDialog()->isModal());
        QTRY_VERIFY(window.galleryDialog()->galleryModel()->rowOfName(QStringLiteral("LFW 300")) >= 0);
    }
};

QTEST_MAIN(TestGalleryDialog)
#include "test_gallery_dialog.moc"
