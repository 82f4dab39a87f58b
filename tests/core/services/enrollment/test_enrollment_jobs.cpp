// EnrollmentJobs: the jobs and per-file items that `facecase-cli job list | report`, the end of
// `enroll` and the Galleries dialog's problem table read, on a real workspace; which statuses
// are problems; a job recorded as running is alive only while its gallery's lock is held.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "workspace_fixture.h"
#include "services/enrollment/enrollment_jobs.h"
#include "services/enrollment/gallery_admin.h"
#include "services/enrollment/gallery_lock.h"
#include "store/enrollment_item_repository.h"
#include "store/enrollment_job_repository.h"
#include "store/workspace.h"

using namespace facecase;
using Status = EnrollmentItem::Status;

class TestEnrollmentJobs : public QObject {
    Q_OBJECT

    test::EnrollmentWorkspace m_fixture;

    Gallery createGallery(const QString& name) { return m_fixture.createGallery(name); }

    EnrollmentJob startJob(const Gallery& gallery, const QString& source) {
        auto job =
            EnrollmentJobRepository(m_fixture.db()).create(gallery.id, source, {}, QStringLiteral("dana"));
        if (!job) qFatal("%s", qPrintable(job.errorMessage()));
        return *job;
    }

    // One file of each status, as the writer records them (no image: nothing is enrolled).
    void recordOneOfEach(qint64 jobId) {
        EnrollmentItemRepository items(m_fixture.db());
        for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
            EnrollmentItem item;
            item.jobId = jobId;
            item.status = static_cast<Status>(i);
            item.path =
                QStringLiteral("/photos/%1.jpg").arg(EnrollmentItem::statusName(item.status));
            QVERIFY2(items.record(item).ok(), qPrintable(item.path));
        }
    }

    static QStringList statusNames(const std::vector<EnrollmentItem>& items) {
        QStringList names;
        for (const EnrollmentItem& item : items) names << EnrollmentItem::statusName(item.status);
        names.sort();
        return names;
    }

private slots:
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        m_fixture.open();
    }
    void cleanup() { m_fixture.close(); }

    void listsNewestFirstAndByGallery() {
        const Gallery bookings = createGallery(QStringLiteral("Bookings"));
        const Gallery cases = createGallery(QStringLiteral("Case 42 images"));
        const EnrollmentJob first = startJob(bookings, QStringLiteral("/photos/2010"));
        const EnrollmentJob other = startJob(cases, QStringLiteral("/photos/case42"));
        const EnrollmentJob newest = startJob(bookings, QStringLiteral("/photos/2011"));
        const EnrollmentJobs jobs(m_fixture.db());

        auto all = jobs.list();
        QVERIFY2(all.ok(), qPrintable(all.errorMessage()));
        QCOMPARE(all->size(), std::size_t(3));
        QCOMPARE(all->at(0).id, newest.id);
        QCOMPARE(all->at(2).id, first.id);

        auto ofBookings = jobs.list(QStringLiteral("bookings"));  // names ignore ASCII case
        QVERIFY2(ofBookings.ok(), qPrintable(ofBookings.errorMessage()));
        QCOMPARE(ofBookings->size(), std::size_t(2));
        QCOMPARE(ofBookings->at(0).id, newest.id);
        QCOMPARE(ofBookings->at(1).id, first.id);
        QCOMPARE(jobs.list(QStringLiteral("Case 42 images"))->front().id, other.id);

        auto unknown = jobs.list(QStringLiteral("Mugshots"));
        QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
        QVERIFY2(unknown.errorMessage().contains(QStringLiteral("\"Bookings\"")),
                 qPrintable(unknown.errorMessage()));
        QCOMPARE(jobs.find(newest.id + 100).error().kind, Error::Kind::NotFound);
    }

    // Problems are the files without a clean face; duplicates and enrolled files only on request.
    void itemsListWhatTheReportAsksFor() {
        const EnrollmentJob job =
            startJob(createGallery(QStringLiteral("Bookings")), QStringLiteral("/photos"));
        recordOneOfEach(job.id);
        const EnrollmentJobs jobs(m_fixture.db());

        auto problems = jobs.problems(job.id);
        QVERIFY2(problems.ok(), qPrintable(problems.errorMessage()));
        QCOMPARE(statusNames(*problems),
                 QStringList({QStringLiteral("failed"), QStringLiteral("no_face"),
                              QStringLiteral("several_faces"), QStringLiteral("unreadable")}));
        auto withDuplicates = jobs.items(job.id, EnrollmentJobs::Items::ProblemsAndDuplicates);
        QVERIFY(withDuplicates.ok());
        QCOMPARE(withDuplicates->size(), std::size_t(5));
        QVERIFY(statusNames(*withDuplicates).contains(QStringLiteral("duplicate")));
        auto all = jobs.items(job.id, EnrollmentJobs::Items::All);
        QVERIFY(all.ok());
        QCOMPARE(all->size(), std::size_t(EnrollmentItem::kStatusCount));

        auto found = jobs.find(job.id);
        QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
        QCOMPARE(found->problemCount(), qint64(4));
    }

    // "Running" on record means alive only while a process holds the gallery's lock; a crashed
    // run's job is not.
    void aRunningJobIsActiveOnlyWhileItsGalleryIsLocked() {
        const Gallery gallery = createGallery(QStringLiteral("Bookings"));
        const EnrollmentJob running = startJob(gallery, QStringLiteral("/photos"));
        QCOMPARE(running.status, EnrollmentJob::Status::Running);
        QVERIFY(!EnrollmentJobs::isActive(m_fixture.workspace(), running));  // its process is gone
        FACECASE_SKIP_WITHOUT_WORKSPACE_FOLDER("the gallery lock");
        {
            auto lock = GalleryLock::acquire(m_fixture.workspace(), gallery.id, gallery.name);
            QVERIFY2(lock.ok(), qPrintable(lock.errorMessage()));
            QVERIFY(EnrollmentJobs::isActive(m_fixture.workspace(), running));
            auto finished = EnrollmentJobRepository(m_fixture.db()).finish(
                running.id, EnrollmentJob::Status::Completed, QStringLiteral("dana"));
            QVERIFY(finished.ok());
            QVERIFY(!EnrollmentJobs::isActive(m_fixture.workspace(), *finished));  // locked by another run
        }
        QVERIFY(!EnrollmentJobs::isActive(m_fixture.workspace(), running));
    }
};

QTEST_GUILESS_MAIN(TestEnrollmentJobs)
#include "test_enrollment_jobs.moc"
