// Enrollment end to end on real photos: a folder tree with the files booking exports really
// contain (several faces, no face, empty, truncated, text named .jpg, nested folders), a CSV
// manifest with the awkward parts of CSV, re-runs, cancel and resume, the crash window between
// storing images and recording items, and the guards (lock, descriptor model).
#include "services/enrollment/enrollment.h"
#include "services/enrollment/folder_enrollment_source.h"
#include "services/enrollment/gallery_lock.h"
#include "services/enrollment/manifest_enrollment_source.h"
#include "store/enrollment_item_repository.h"
#include "store/gallery_repository.h"
#include "support/test_data.h"
#include "support/test_workspaces.h"

#include <optional>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <future>
#include <map>
#include <mutex>
#include <stop_token>
#include <thread>

using namespace facecase;

namespace {
std::shared_ptr<PipelinePool> pool() {
    static std::shared_ptr<PipelinePool> shared = [] {
        auto models = FaceModels::loadDefault();
        if (!models) qWarning("%s", qPrintable(models.errorMessage()));
        return models ? std::make_shared<PipelinePool>(*models) : nullptr;
    }();
    return shared;
}

#define REQUIRE_MODELS()                                                                          \
    do {                                                                                          \
        FACECASE_REQUIRE_TESTDATA();                                                              \
        if (!pool()) QSKIP("face models not found: run installer/setup.sh or set FACECASE_MODEL_DIR"); \
    } while (false)
// An enrollment takes its gallery's lock, a file of the workspace folder: none on PostgreSQL yet.
#define REQUIRE_ENROLLMENT()                                                                      \
    do {                                                                                          \
        REQUIRE_MODELS();                                                                         \
        FACECASE_SKIP_WITHOUT_WORKSPACE_FOLDER("the gallery lock");                               \
    } while (false)

QString lfw(const QString& person, int n) {
    return test::testDataPath(QStringLiteral("lfw-devtest/images/%1/%1_%2.jpg").arg(person).arg(n, 4, 10, QLatin1Char('0')));
}

// The first ten LFW dev-test people with at least three photos.
const QStringList kPeople{
    QStringLiteral("Abdullah_Gul"), QStringLiteral("Abid_Hamid_Mahmud_Al-Tikriti"),
    QStringLiteral("Adel_Al-Jubeir"), QStringLiteral("Adrien_Brody"), QStringLiteral("Al_Pacino"),
    QStringLiteral("Alan_Greenspan"), QStringLiteral("Albert_Costa"),
    QStringLiteral("Aleksander_Kwasniewski"), QStringLiteral("Ali_Naimi"), QStringLiteral("Allyson_Felix")};

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool copyFile(const QString& from, const QString& to) {
    QDir().mkpath(QFileInfo(to).absolutePath());
    return QFile::copy(from, to);
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// 30 LFW photos in one sub-folder per person, a nested sub-folder, an empty one, a hidden
// file and the bad files. Returns the number of files that should become items.
int buildFolder(const QString& root) {
    int files = 0;
    for (const QString& person : kPeople) {
        for (int i = 1; i <= 3; ++i) {
            copyFile(lfw(person, i), QDir(root).filePath(QStringLiteral("%1/%1_%2.jpg").arg(person).arg(i)));
            ++files;
        }
    }
    copyFile(lfw(QStringLiteral("Abdullah_Gul"), 4), QDir(root).filePath(QStringLiteral("Abdullah_Gul/2019/visit.jpg")));
    QDir(root).mkpath(QStringLiteral("Empty folder"));
    writeFile(QDir(root).filePath(QStringLiteral(".DS_Store")), "hidden clutter");
    copyFile(test::testDataPath(QStringLiteral("detection/dlib-faces/dogs.jpg")), QDir(root).filePath(QStringLiteral("dogs.jpg")));
    copyFile(test::testDataPath(QStringLiteral("detection/face-recognition-samples/examples/two_people.jpg")),
                QDir(root).filePath(QStringLiteral("two_people.jpg")));
    writeFile(QDir(root).filePath(QStringLiteral("empty.jpg")), {});
    const QByteArray jpeg = readAll(lfw(QStringLiteral("Al_Pacino"), 3));
    writeFile(QDir(root).filePath(QStringLiteral("truncated.jpg")), jpeg.left(jpeg.size() / 2));
    writeFile(QDir(root).filePath(QStringLiteral("notes.jpg")), QByteArray("Booking notes\n").repeated(80));
    return files + 6;
}

QVariant scalar(const DatabaseConnection& db, const QString& sql) {
    QSqlQuery q(db.database());
    if (!q.exec(sql) || !q.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return {};
    }
    return q.value(0);
}

std::map<QString, EnrollmentItem> itemsByPath(const DatabaseConnection& db, qint64 jobId) {
    std::map<QString, EnrollmentItem> byPath;
    auto items = EnrollmentItemRepository(db).list(jobId);
    if (items) for (EnrollmentItem& item : *items) byPath[item.path] = item;
    return byPath;
}

struct Counts {
    qint64 images = 0, faces = 0, subjects = 0;
    std::array<qint64, EnrollmentItem::kStatusCount> items{};
    bool operator==(const Counts&) const = default;
};

Counts countsOf(const DatabaseConnection& db, const EnrollmentJob& job) {
    return {scalar(db, QStringLiteral("SELECT count(*) FROM images")).toLongLong(),
            scalar(db, QStringLiteral("SELECT count(*) FROM faces")).toLongLong(),
            scalar(db, QStringLiteral("SELECT count(*) FROM subjects")).toLongLong(), job.itemCounts};
}

EnrollmentOptions optionsFor(const QString& gallery) {
    EnrollmentOptions options;
    options.gallery = gallery;
    options.threads = 2;
    options.batchSize = 8;  // several batches even for a small folder
    return options;
}

Result<EnrollmentSummary> enrollFolder(const Workspace& workspace, const QString& folder,
                                       EnrollmentOptions options, const std::atomic_bool* cancel = nullptr,
                                       const Enrollment::ProgressHandler& progress = {}) {
    auto source = FolderEnrollmentSource::create(folder, FolderEnrollmentSource::SubjectRule::Folder);
    if (!source) return source.error();
    return Enrollment(pool(), workspace, std::move(options)).run(**source, cancel, progress);
}
// A folder's inputs passed through, with word once the n-th was handed to the enrollment's
// reader: another thread can then cancel mid-run without watching the clock. release() says it
// anyway (the run ended first), so a waiting thread never hangs.
class SignallingSource : public EnrollmentSource {
public:
    SignallingSource(std::unique_ptr<EnrollmentSource> inner, int after)
        : m_inner(std::move(inner)), m_after(after), m_reached(m_promise.get_future()) {}

    void waitUntilReached() const { m_reached.wait(); }
    void release() {
        std::call_once(m_said, [this] { m_promise.set_value(); });
    }

    QString location() const override { return m_inner->location(); }
    QJsonObject describe() const override { return m_inner->describe(); }
    Result<QString> listSha256() const override { return m_inner->listSha256(); }
    Result<void> open() override { return m_inner->open(); }
    Result<std::optional<EnrollmentInput>> next() override {
        if (++m_handed == m_after) release();
        return m_inner->next();
    }
    Result<qint64> count(const std::atomic_bool* cancel) override { return m_inner->count(cancel); }
    void excludeFolder(const QString& folder) override { m_inner->excludeFolder(folder); }

private:
    std::unique_ptr<EnrollmentSource> m_inner;
    const int m_after;
    int m_handed = 0;
    std::promise<void> m_promise;
    std::shared_future<void> m_reached;
    std::once_flag m_said;
};
}  // namespace

class TestEnrollment : public QObject {
    Q_OBJECT

    test::TestWorkspaces m_workspaces;
    QTemporaryDir m_dir;  // the photo folders and manifests
    QString m_photos;
    int m_files = 0;
    std::optional<Workspace> m_workspace;  // the clean run, the reference for the others
    Counts m_clean;

    // `purpose` only says what the workspace is for, where the test reads.
    Workspace freshWorkspace(const QString& purpose) {
        Q_UNUSED(purpose);
        auto workspace = m_workspaces.next();
        if (!workspace) qFatal("%s", qPrintable(workspace.errorMessage()));
        return *workspace;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (test::testDataRoot().isEmpty() || !pool()) return;
        m_photos = m_dir.filePath(QStringLiteral("photos"));
        m_files = buildFolder(m_photos);
    }

    void enrollsTheFolderAndReportsEachBadFile() {
        REQUIRE_ENROLLMENT();
        m_workspace = freshWorkspace(QStringLiteral("clean"));
        auto summary = enrollFolder(*m_workspace, m_photos, optionsFor(QStringLiteral("Bookings")));
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QVERIFY(summary->galleryCreated);
        QVERIFY(!summary->cancelled && !summary->resumed);
        QCOMPARE(summary->job.status, EnrollmentJob::Status::Completed);
        QCOMPARE(summary->job.itemCount(), qint64(m_files));  // the hidden file is no item
        QCOMPARE(summary->progress.total, qint64(m_files));
        QCOMPARE(summary->progress.done, qint64(m_files));

        auto db = m_workspace->openConnection();
        QVERIFY(db.ok());
        auto items = itemsByPath(*db, summary->job.id);
        QCOMPARE(int(items.size()), m_files);
        const auto item = [&](const QString& relative) { return items[QDir(m_photos).filePath(relative)]; };

        // Every LFW photo enrolled (a few show a second face in the background: flagged).
        int enrolled = 0;
        for (const auto& [path, it] : items) {
            if (!QDir(m_photos).relativeFilePath(path).contains(QLatin1Char('/'))) continue;
            QVERIFY2(it.status == EnrollmentItem::Status::Ok || it.status == EnrollmentItem::Status::SeveralFaces,
                     qPrintable(path + QStringLiteral(": ") + it.message));
            QVERIFY(it.imageId.has_value());
            QCOMPARE(it.sha256.size(), 64);
            ++enrolled;
        }
        QCOMPARE(enrolled, 31);

        const EnrollmentItem dogs = item(QStringLiteral("dogs.jpg"));
        QCOMPARE(dogs.status, EnrollmentItem::Status::NoFace);
        QVERIFY2(dogs.message.startsWith(QStringLiteral("dogs.jpg: no face found")), qPrintable(dogs.message));
        QVERIFY(!dogs.imageId);

        const EnrollmentItem group = item(QStringLiteral("two_people.jpg"));
        QCOMPARE(group.status, EnrollmentItem::Status::SeveralFaces);
        QCOMPARE(group.faceCount, 2);
        QVERIFY(group.imageId.has_value());
        QVERIFY2(group.message.contains(QStringLiteral("2 faces found; enrolled the largest")), qPrintable(group.message));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM faces WHERE image_id = %1").arg(*group.imageId)).toInt(), 1);

        const EnrollmentItem empty = item(QStringLiteral("empty.jpg"));
        QCOMPARE(empty.status, EnrollmentItem::Status::Unreadable);
        QCOMPARE(empty.message, QStringLiteral("empty.jpg: empty file (0 bytes)"));
        const EnrollmentItem truncated = item(QStringLiteral("truncated.jpg"));
        QCOMPARE(truncated.status, EnrollmentItem::Status::Unreadable);
        QVERIFY2(truncated.message.startsWith(QStringLiteral("truncated.jpg: truncated JPEG")), qPrintable(truncated.message));
        const EnrollmentItem text = item(QStringLiteral("notes.jpg"));
        QCOMPARE(text.status, EnrollmentItem::Status::Unreadable);
        QVERIFY2(text.message.startsWith(QStringLiteral("notes.jpg: not an image file")), qPrintable(text.message));
        QVERIFY(text.sha256.isEmpty());  // refused from its first bytes, never read whole

        // Subjects from the first-level folder names, the nested photo included.
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM subjects")).toInt(), kPeople.size());
        QSqlQuery q(db->database());
        QVERIFY(q.exec(QStringLiteral("SELECT i.path, s.external_id, s.name FROM images i "
                                      "LEFT JOIN subjects s ON s.id = i.subject_id")));
        int withSubject = 0;
        while (q.next()) {
            const QString relative = QDir(m_photos).relativeFilePath(q.value(0).toString());
            if (!relative.contains(QLatin1Char('/'))) {
                QVERIFY(q.value(1).isNull());  // two_people.jpg sits in the root
                continue;
            }
            QCOMPARE(q.value(1).toString(), relative.section(QLatin1Char('/'), 0, 0));
            QCOMPARE(q.value(2).toString(), q.value(1).toString());
            ++withSubject;
        }
        QCOMPARE(withSubject, 31);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM images WHERE path LIKE '%/2019/visit.jpg'")).toInt(), 1);

        m_clean = countsOf(*db, summary->job);
        QCOMPARE(m_clean.images, 32);
        QCOMPARE(m_clean.faces, 32);  // one face per photo: the mugshot policy
        // Every enrolled face keeps its chip and thumbnail (schema 6), written by the workers.
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM face_images fi JOIN faces f "
                                            "ON f.id = fi.face_id")).toLongLong(),
                 m_clean.faces);
        qInfo("clean run: %lld files in %.2f s, %.1f images/s", summary->progress.processed,
              summary->progress.elapsedSeconds, summary->progress.imagesPerSecond);
    }

    void rerunEnrollsNothingNewWithoutDecoding() {
        REQUIRE_ENROLLMENT();
        QVERIFY(m_workspace);
        auto summary = enrollFolder(*m_workspace, m_photos, optionsFor(QStringLiteral("Bookings")));
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QVERIFY(!summary->resumed);  // the first job completed: this is a new one
        QCOMPARE(summary->job.itemCount(), qint64(m_files));
        QCOMPARE(summary->job.count(EnrollmentItem::Status::Duplicate), 32);
        // Known photos are recognised by their hash before decoding: only dogs.jpg (no face
        // last time either) went through the detector again.
        QCOMPARE(summary->timings.pipeline.photos, 1);
        auto db = m_workspace->openConnection();
        QVERIFY(db.ok());
        const Counts again = countsOf(*db, summary->job);
        QCOMPARE(again.images, m_clean.images);
        QCOMPARE(again.faces, m_clean.faces);
        QCOMPARE(again.subjects, m_clean.subjects);
        const auto items = itemsByPath(*db, summary->job.id);
        const EnrollmentItem dup = items.at(QDir(m_photos).filePath(QStringLiteral("Al_Pacino/Al_Pacino_1.jpg")));
        QCOMPARE(dup.status, EnrollmentItem::Status::Duplicate);
        QVERIFY(dup.imageId.has_value());
        QVERIFY2(dup.message.startsWith(QStringLiteral("already in the gallery as image")), qPrintable(dup.message));
        qInfo("re-run: %lld files in %.3f s", summary->progress.processed, summary->progress.elapsedSeconds);
    }

    void cancelThenResumeGivesTheCleanRunsCounts() {
        REQUIRE_ENROLLMENT();
        QVERIFY(m_workspace);
        const Workspace workspace = freshWorkspace(QStringLiteral("cancel"));
        EnrollmentOptions options = optionsFor(QStringLiteral("Bookings"));
        options.batchSize = 4;
        options.progressIntervalMs = 10;
        std::atomic_bool cancel{false};
        auto first = enrollFolder(workspace, m_photos, options, &cancel, [&](const EnrollmentProgress& p) {
            if (p.done >= 8) cancel = true;
        });
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        QVERIFY(first->cancelled);
        QCOMPARE(first->job.status, EnrollmentJob::Status::Cancelled);
        QVERIFY2(first->job.itemCount() >= 8 && first->job.itemCount() < m_files,
                 qPrintable(QString::number(first->job.itemCount())));

        auto second = enrollFolder(workspace, m_photos, options);
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        QVERIFY(second->resumed && !second->cancelled);
        QCOMPARE(second->job.id, first->job.id);
        QCOMPARE(second->job.status, EnrollmentJob::Status::Completed);
        QCOMPARE(second->progress.resumed, first->job.itemCount());  // skipped, not read again
        auto db = workspace.openConnection();
        QVERIFY(db.ok());
        QCOMPARE(countsOf(*db, second->job), m_clean);
    }

    // Cancel from another thread, as the Galleries dialog's button and Ctrl-C do, and no
    // progress handler to wake the run now and then: the stop request itself wakes it, so it
    // ends mid-run, cancelled and resumable.
    void aStopFromAnotherThreadEndsTheRunMidWay() {
        REQUIRE_ENROLLMENT();
        QVERIFY(m_workspace);
        const Workspace workspace = freshWorkspace(QStringLiteral("stop-token"));
        auto folder = FolderEnrollmentSource::create(m_photos, FolderEnrollmentSource::SubjectRule::Folder);
        QVERIFY2(folder.ok(), qPrintable(folder.errorMessage()));
        SignallingSource source(std::move(folder).value(), 4);
        std::stop_source stop;
        std::thread canceller([&] {
            source.waitUntilReached();
            stop.request_stop();
        });
        auto first = Enrollment(pool(), workspace, optionsFor(QStringLiteral("Bookings"))).run(source, stop.get_token());
        source.release();
        canceller.join();
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        QVERIFY(first->cancelled);
        QCOMPARE(first->job.status, EnrollmentJob::Status::Cancelled);
        // At most the 4 inputs handed out, the work queue (2 x 2 threads) and a photo per worker:
        // a run that slept through the request would read on (30-odd items, as it did when the
        // stop only took effect once the reader reached the end).
        QVERIFY2(first->job.itemCount() <= 4 + 4 + 2, qPrintable(QString::number(first->job.itemCount())));

        auto second = enrollFolder(workspace, m_photos, optionsFor(QStringLiteral("Bookings")));
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        QVERIFY(second->resumed && !second->cancelled);
        QCOMPARE(second->job.id, first->job.id);
        auto db = workspace.openConnection();
        QVERIFY(db.ok());
        QCOMPARE(countsOf(*db, second->job), m_clean);
    }

    // Stopped before it began: the count is cancelled, the job recorded as cancelled, nothing read.
    void aStopRequestedBeforeTheRunCancelsItWhileCounting() {
        REQUIRE_ENROLLMENT();
        const Workspace workspace = freshWorkspace(QStringLiteral("stopped-early"));
        auto source = FolderEnrollmentSource::create(m_photos, FolderEnrollmentSource::SubjectRule::Folder);
        QVERIFY2(source.ok(), qPrintable(source.errorMessage()));
        std::stop_source stop;
        stop.request_stop();
        auto summary = Enrollment(pool(), workspace, optionsFor(QStringLiteral("Bookings"))).run(**source, stop.get_token());
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QVERIFY(summary->cancelled);
        QCOMPARE(summary->job.status, EnrollmentJob::Status::Cancelled);
        QCOMPARE(summary->job.itemCount(), qint64(0));
    }

    // A crash after a batch's images were committed but before its items were: the re-run
    // analyses those photos again, stores nothing twice, and recreates the items as they were
    // (several_faces included).
    void recoversItemsLostBetweenTheTwoCommits() {
        REQUIRE_ENROLLMENT();
        QVERIFY(m_workspace);
        const Workspace workspace = freshWorkspace(QStringLiteral("crash-window"));
        auto clean = enrollFolder(workspace, m_photos, optionsFor(QStringLiteral("Bookings")));
        QVERIFY2(clean.ok(), qPrintable(clean.errorMessage()));
        {
            auto db = workspace.openConnection();
            QVERIFY(db.ok());
            QSqlQuery q(db->database());
            QVERIFY(q.exec(QStringLiteral("DELETE FROM enrollment_items WHERE job_id = %1 AND (path LIKE "
                                          "'%two_people.jpg' OR path LIKE '%/Al_Pacino/%' OR path LIKE '%dogs.jpg')")
                               .arg(clean->job.id)));
            QCOMPARE(q.numRowsAffected(), 5);
            QVERIFY(q.exec(QStringLiteral("UPDATE enrollment_jobs SET status = 'running', finished_at = NULL")));
        }
        auto resumed = enrollFolder(workspace, m_photos, optionsFor(QStringLiteral("Bookings")));
        QVERIFY2(resumed.ok(), qPrintable(resumed.errorMessage()));
        QCOMPARE(resumed->interruptedJobs, 1);
        QVERIFY(resumed->resumed);
        QCOMPARE(resumed->progress.processed, 5);
        auto db = workspace.openConnection();
        QVERIFY(db.ok());
        QCOMPARE(countsOf(*db, resumed->job), m_clean);
        const auto items = itemsByPath(*db, resumed->job.id);
        QCOMPARE(items.at(QDir(m_photos).filePath(QStringLiteral("two_people.jpg"))).status,
                 EnrollmentItem::Status::SeveralFaces);
    }

    void manifestWithAttributesQuotesAndRelativePaths() {
        REQUIRE_ENROLLMENT();
        const Workspace workspace = freshWorkspace(QStringLiteral("manifest"));
        const QString folder = m_dir.filePath(QStringLiteral("manifest"));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/photos")));
        for (const auto& [person, n] : std::vector<std::pair<QString, int>>{
                 {QStringLiteral("Abdullah_Gul"), 1}, {QStringLiteral("Adrien_Brody"), 2}, {QStringLiteral("Al_Pacino"), 1}}) {
            QVERIFY(QFile::copy(lfw(person, n), QStringLiteral("%1/photos/%2_%3.jpg").arg(folder, person).arg(n)));
        }
        const QString absolute = lfw(QStringLiteral("Adrien_Brody"), 1);
        const QByteArray csv =
            "\xEF\xBB\xBFpath,subject_id,name,dob,Notes\r\n"                                 // 1
            "photos/Abdullah_Gul_1.jpg,B-1001,\"Gul, Abdullah\",1950-10-29,\"line one\r\n"  // 2
            "line two\"\r\n"                                                                  // 3
            + absolute.toUtf8() + ",B-1002,Adrien Brody,1973-04-14,\r\n"                      // 4
            "photos/Adrien_Brody_2.jpg, B-1002 ,,,\"said \"\"hi\"\"\"\r\n"                    // 5
            "photos/missing.jpg,B-1003,Nobody,,\r\n"                                          // 6
            "\r\n"                                                                            // 7
            "photos/Abdullah_Gul_1.jpg,B-1001,,,\r\n"                                         // 8: twice
            "bad,row,with,too,many,fields\r\n"                                                // 9
            "photos/Al_Pacino_1.jpg,B-1004,\"Al Pacino,,\r\n";                                // 10: unclosed
        const QString manifestPath = folder + QStringLiteral("/bookings.csv");
        QVERIFY(writeFile(manifestPath, csv));

        auto source = ManifestEnrollmentSource::create(manifestPath);
        QVERIFY2(source.ok(), qPrintable(source.errorMessage()));
        QCOMPARE((*source)->columns(), (QStringList{QStringLiteral("path"), QStringLiteral("subject_id"),
                                                    QStringLiteral("name"), QStringLiteral("dob"), QStringLiteral("Notes")}));
        auto summary = Enrollment(pool(), workspace, optionsFor(QStringLiteral("Manifest"))).run(**source);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(summary->progress.total, 7);      // the blank line is no row
        QCOMPARE(summary->job.itemCount(), 6);     // the repeated row is the same item
        QCOMPARE(summary->progress.resumed, 1);

        auto db = workspace.openConnection();
        QVERIFY(db.ok());
        auto items = itemsByPath(*db, summary->job.id);
        const QString photos = folder + QStringLiteral("/photos/");
        QVERIFY(items.at(photos + QStringLiteral("Abdullah_Gul_1.jpg")).imageId.has_value());
        QVERIFY(items.at(absolute).imageId.has_value());
        QVERIFY(items.at(photos + QStringLiteral("Adrien_Brody_2.jpg")).imageId.has_value());
        const EnrollmentItem missing = items.at(photos + QStringLiteral("missing.jpg"));
        QCOMPARE(missing.status, EnrollmentItem::Status::Unreadable);
        QCOMPARE(missing.message, QStringLiteral("missing.jpg: file does not exist"));
        const EnrollmentItem bad = items.at(manifestPath + QStringLiteral(":9"));
        QCOMPARE(bad.status, EnrollmentItem::Status::Unreadable);
        QVERIFY2(bad.message.startsWith(QStringLiteral("manifest line 9: 6 fields, the header has 5")), qPrintable(bad.message));
        const EnrollmentItem unclosed = items.at(manifestPath + QStringLiteral(":10"));
        QVERIFY2(unclosed.message.startsWith(QStringLiteral("manifest line 10: a quoted field is never closed")),
                 qPrintable(unclosed.message));

        // Subjects with their booking numbers, names and attributes (merged over rows).
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM subjects")).toInt(), 2);
        const auto attributes = [&](const char* id) {
            return QJsonDocument::fromJson(scalar(*db, QStringLiteral("SELECT attributes FROM subjects WHERE external_id = '%1'")
                                                           .arg(QLatin1String(id))).toString().toUtf8()).object();
        };
        QCOMPARE(scalar(*db, QStringLiteral("SELECT name FROM subjects WHERE external_id = 'B-1001'")).toString(),
                 QStringLiteral("Gul, Abdullah"));
        QCOMPARE(attributes("B-1001"), (QJsonObject{{QStringLiteral("dob"), QStringLiteral("1950-10-29")},
                                                    {QStringLiteral("Notes"), QStringLiteral("line one\nline two")}}));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT name FROM subjects WHERE external_id = 'B-1002'")).toString(),
                 QStringLiteral("Adrien Brody"));  // the second row's empty name changes nothing
        QCOMPARE(attributes("B-1002"), (QJsonObject{{QStringLiteral("dob"), QStringLiteral("1973-04-14")},
                                                    {QStringLiteral("Notes"), QStringLiteral("said \"hi\"")}}));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM images i JOIN subjects s ON s.id = i.subject_id "
                                            "WHERE s.external_id = 'B-1002'")).toInt(), 2);
    }

    void manifestHeaderOfTwentyThousandColumns_data() {
        QTest::addColumn<bool>("repeated");
        QTest::newRow("distinct") << false;
        QTest::newRow("last repeats the second") << true;
    }
    void manifestHeaderOfTwentyThousandColumns() {
        // Issue 13: the header check was pairwise (seconds for this header). It needs no models:
        // the header is read and checked when the source is created.
        QFETCH(bool, repeated);
        constexpr int kColumns = 20'000;
        QByteArrayList names{"path"};
        for (int i = 2; i <= kColumns; ++i) names << "attribute_" + QByteArray::number(i);
        if (repeated) names.last() = "ATTRIBUTE_2";
        const QString manifestPath = m_dir.filePath(QStringLiteral("wide-%1.csv").arg(repeated ? 1 : 0));
        QVERIFY(writeFile(manifestPath, names.join(',') + "\nphotos/a.jpg\n"));

        auto source = ManifestEnrollmentSource::create(manifestPath);
        if (!repeated) {
            QVERIFY2(source.ok(), qPrintable(source.errorMessage()));
            QCOMPARE((*source)->columns().size(), kColumns);
            QCOMPARE((*source)->columns().last(), QStringLiteral("attribute_20000"));
            return;
        }
        QVERIFY(!source.ok());
        QVERIFY2(source.errorMessage().endsWith(
                     QStringLiteral("line 1: column \"ATTRIBUTE_2\" appears twice (columns 2 and 20000)")),
                 qPrintable(source.errorMessage()));
    }

    void severalFacesSkipPolicyEnrollsNothing() {
        REQUIRE_ENROLLMENT();
        const Workspace workspace = freshWorkspace(QStringLiteral("skip"));
        const QString folder = m_dir.filePath(QStringLiteral("skip-photos"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(QDir(m_photos).filePath(QStringLiteral("two_people.jpg")), folder + QStringLiteral("/two_people.jpg")));
        EnrollmentOptions options = optionsFor(QStringLiteral("Skip"));
        options.severalFaces = SeveralFacesPolicy::Skip;
        auto summary = enrollFolder(workspace, folder, options);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(summary->job.count(EnrollmentItem::Status::SeveralFaces), 1);
        auto db = workspace.openConnection();
        QVERIFY(db.ok());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM images")).toInt(), 0);
        const auto items = itemsByPath(*db, summary->job.id);
        QVERIFY2(items.begin()->second.message.contains(QStringLiteral("none enrolled")),
                 qPrintable(items.begin()->second.message));
    }

    void refusesAMixOfDescriptorModesAndASecondWriter() {
        REQUIRE_ENROLLMENT();
        QVERIFY(m_workspace);
        EnrollmentOptions plain = optionsFor(QStringLiteral("Bookings"));
        plain.pipeline.descriptorMode = DescriptorMode::Plain;
        auto mixed = enrollFolder(*m_workspace, m_photos, plain);
        QVERIFY(!mixed.ok());
        QVERIFY2(mixed.errorMessage().contains(QStringLiteral("cannot be compared")), qPrintable(mixed.errorMessage()));

        auto db = m_workspace->openConnection();
        QVERIFY(db.ok());
        auto gallery = GalleryRepository(*db).findByName(QStringLiteral("Bookings"));
        QVERIFY(gallery.ok());
        QVERIFY(!GalleryLock::isHeld(*m_workspace, gallery->id));
        auto held = std::make_optional(GalleryLock::acquire(*m_workspace, gallery->id, gallery->name));
        QVERIFY2(held->ok(), qPrintable(held->errorMessage()));
        QVERIFY(GalleryLock::isHeld(*m_workspace, gallery->id));
        auto second = enrollFolder(*m_workspace, m_photos, optionsFor(QStringLiteral("Bookings")));
        QVERIFY(!second.ok());
        // Who holds it: a process and host on a folder; on an agency database the login and
        // the server process of its session, which is what an administrator can look up.
        const QString expected = m_workspace->isPostgres()
                                     ? QStringLiteral("is in use by %1 (facecase, ").arg(m_workspace->actor().name())
                                     : QStringLiteral("is in use by another program (");
        QVERIFY2(second.errorMessage().contains(expected), qPrintable(second.errorMessage()));
        if (m_workspace->isPostgres()) {
            QVERIFY2(second.errorMessage().contains(QStringLiteral("server process ")), qPrintable(second.errorMessage()));
        }
        held.reset();  // the lock goes with its holder
        QVERIFY(!GalleryLock::isHeld(*m_workspace, gallery->id));
    }
};

QTEST_GUILESS_MAIN(TestEnrollment)
#include "test_enrollment.moc"
