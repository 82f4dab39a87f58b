// Enrollment jobs on the audit record: `enrollment_started` with the job row's insert or resume,
// `enrollment_finished` with every final status change (interrupted jobs of a dead process too),
// in the same transaction (a record that cannot be written takes the job change with it), with
// whole-number counts only, and a chain that still verifies.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "audit/audit_trail.h"
#include "store/enrollment_item_repository.h"
#include "store/enrollment_job_repository.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/workspace.h"
#include "store_test_support.h"
#include "support/test_workspaces.h"

using namespace facecase;
using namespace facecase::test;

namespace {
const QString kManifestSha = QStringLiteral("5d41402abc4b2a76b9719d911017c592"
                                            "5d41402abc4b2a76b9719d911017c592");

QJsonObject manifestOptions() {
    return QJsonObject{{QStringLiteral("mode"), QStringLiteral("manifest")},
                       {QStringLiteral("model"), QStringLiteral("dlib-resnet-v1/flip-averaged")},
                       {QStringLiteral("min_face"), 80}};
}
}  // namespace

class TestEnrollmentJobAudit : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;  // SQLite or PostgreSQL: FACECASE_TEST_BACKEND
    std::optional<DatabaseConnection> m_db;
    Gallery m_gallery;

    std::vector<AuditRecord> records() {
        auto all = AuditTrail(*m_db).records();
        if (!all) qFatal("%s", qPrintable(all.errorMessage()));
        return std::move(all).value();
    }
    void recordItem(qint64 jobId, int n, EnrollmentItem::Status status, std::optional<qint64> imageId = {}) {
        EnrollmentItem item;
        item.jobId = jobId;
        item.path = QStringLiteral("/photos/%1.jpg").arg(n);
        item.status = status;
        item.imageId = imageId;
        QVERIFY(EnrollmentItemRepository(*m_db).record(item).ok());
    }

private slots:
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        auto connection = workspace->openConnection();
        QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
        m_db.emplace(std::move(connection).value());
        auto gallery = GalleryRepository(*m_db).create(QStringLiteral("Bookings 2010–2018"));
        QVERIFY(gallery.ok());
        m_gallery = *gallery;
    }
    void cleanup() { m_db.reset(); }

    void startAndFinishAreRecordedWithSourceAndCounts() {
        EnrollmentJobRepository jobs(*m_db);
        auto job = jobs.create(m_gallery.id, QStringLiteral("/data/bookings.csv"), manifestOptions(),
                               QStringLiteral("zoe"), EnrollmentStart{kManifestSha, true});
        QVERIFY2(job.ok(), qPrintable(job.errorMessage()));
        auto started = records();
        QCOMPARE(started.size(), std::size_t(1));
        QCOMPARE(started[0].action, QStringLiteral("enrollment_started"));
        QCOMPARE(started[0].actor, QStringLiteral("zoe"));
        QVERIFY(!started[0].caseId.has_value());
        QCOMPARE(QString::fromUtf8(started[0].details),
                 QStringLiteral("{\"gallery_created\":true,\"gallery_id\":%1,\"gallery_name\":\"Bookings "
                                "2010–2018\",\"job_id\":%2,\"manifest_sha256\":\"%3\",\"model\":"
                                "\"dlib-resnet-v1/flip-averaged\",\"resumed\":false,\"source\":"
                                "\"/data/bookings.csv\",\"source_kind\":\"manifest\"}")
                     .arg(m_gallery.id)
                     .arg(job->id)
                     .arg(kManifestSha));

        // Three photos stored (one with two faces), one duplicate, one without a face, one
        // unreadable, one failed.
        FaceRecordWriter writer(*m_db, QStringLiteral("m"));
        std::vector<EnrollmentRecord> photos{syntheticRecord(1, 2), syntheticRecord(2), syntheticRecord(3)};
        for (EnrollmentRecord& photo : photos) photo.image.jobId = job->id;
        auto stored = writer.insertBatch(m_gallery.id, photos);
        QVERIFY(stored.ok());
        recordItem(job->id, 1, EnrollmentItem::Status::Ok, (*stored)[0].imageId);
        recordItem(job->id, 2, EnrollmentItem::Status::Ok, (*stored)[1].imageId);
        recordItem(job->id, 3, EnrollmentItem::Status::SeveralFaces, (*stored)[2].imageId);
        recordItem(job->id, 4, EnrollmentItem::Status::Duplicate, (*stored)[0].imageId);
        recordItem(job->id, 5, EnrollmentItem::Status::NoFace);
        recordItem(job->id, 6, EnrollmentItem::Status::Unreadable);
        recordItem(job->id, 7, EnrollmentItem::Status::Failed);

        auto finished = jobs.finish(job->id, EnrollmentJob::Status::Completed, QStringLiteral("zoe"));
        QVERIFY2(finished.ok(), qPrintable(finished.errorMessage()));
        QCOMPARE(finished->status, EnrollmentJob::Status::Completed);
        QCOMPARE(finished->itemCount(), qint64(7));
        auto all = records();
        QCOMPARE(all.size(), std::size_t(2));
        QCOMPARE(all[1].action, QStringLiteral("enrollment_finished"));
        QCOMPARE(QString::fromUtf8(all[1].details),
                 QStringLiteral("{\"duplicates_skipped\":1,\"faces_enrolled\":4,\"failed\":1,\"files\":7,"
                                "\"gallery_id\":%1,\"gallery_name\":\"Bookings 2010–2018\",\"images_enrolled\":3,"
                                "\"job_id\":%2,\"no_face\":1,\"several_faces\":1,\"source\":\"/data/bookings.csv\","
                                "\"source_kind\":\"manifest\",\"status\":\"completed\",\"unreadable\":1}")
                     .arg(m_gallery.id)
                     .arg(job->id));
        auto verified = AuditTrail(*m_db).verify();
        QVERIFY(verified.ok());
        QVERIFY(verified->intact());
        QCOMPARE(verified->recordCount, qint64(2));
    }

    void resumedAndInterruptedJobsAreRecordedToo() {
        EnrollmentJobRepository jobs(*m_db);
        const QJsonObject folder{{QStringLiteral("mode"), QStringLiteral("folder")}};
        auto job = jobs.create(m_gallery.id, QStringLiteral("/photos"), folder, QStringLiteral("zoe"));
        QVERIFY(job.ok());
        // Its process dies; the next run finds it still "running".
        auto interrupted = jobs.interruptRunning(m_gallery.id, QStringLiteral("sam"));
        QVERIFY2(interrupted.ok(), qPrintable(interrupted.errorMessage()));
        QCOMPARE(*interrupted, 1);
        QVERIFY(jobs.resume(job->id, folder, QStringLiteral("sam")).ok());
        QVERIFY(jobs.finish(job->id, EnrollmentJob::Status::Cancelled, QStringLiteral("sam")).ok());
        QCOMPARE(*jobs.interruptRunning(m_gallery.id, QStringLiteral("sam")), 0);

        auto all = records();
        QCOMPARE(all.size(), std::size_t(4));
        QStringList actions;
        for (const AuditRecord& r : all) actions << r.action;
        QCOMPARE(actions, QStringList({QStringLiteral("enrollment_started"), QStringLiteral("enrollment_finished"),
                                       QStringLiteral("enrollment_started"), QStringLiteral("enrollment_finished")}));
        QCOMPARE(all[0].detailsObject().value(QStringLiteral("manifest_sha256")), QJsonValue(QJsonValue::Null));
        QCOMPARE(all[0].detailsObject().value(QStringLiteral("source_kind")).toString(), QStringLiteral("folder"));
        QCOMPARE(all[1].actor, QStringLiteral("sam"));
        QCOMPARE(all[1].detailsObject().value(QStringLiteral("status")).toString(), QStringLiteral("interrupted"));
        QCOMPARE(all[2].detailsObject().value(QStringLiteral("resumed")).toBool(), true);
        QCOMPARE(all[2].detailsObject().value(QStringLiteral("job_id")).toInteger(), job->id);
        QCOMPARE(all[3].detailsObject().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(all[3].detailsObject().value(QStringLiteral("files")).toInteger(), qint64(0));
        auto verified = AuditTrail(*m_db).verify();
        QVERIFY(verified.ok() && verified->intact());
    }

    // The record is part of the job change: when it cannot be written, the change is undone.
    void aJobChangeWithoutItsRecordRollsBack() {
        EnrollmentJobRepository jobs(*m_db);
        auto refused = jobs.create(m_gallery.id, QStringLiteral("/photos"), {}, QStringLiteral("  "));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("needs an actor")), qPrintable(refused.errorMessage()));
        QCOMPARE(count(*m_db, QStringLiteral("enrollment_jobs")), qint64(0));

        auto job = jobs.create(m_gallery.id, QStringLiteral("/photos"), {}, QStringLiteral("zoe"));
        QVERIFY(job.ok());
        QVERIFY(!jobs.finish(job->id, EnrollmentJob::Status::Completed, QString()).ok());
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT status FROM enrollment_jobs")).toString(), QStringLiteral("running"));
        QVERIFY(!jobs.resume(job->id, {}, QString()).ok());
        QVERIFY(!jobs.interruptRunning(m_gallery.id, QString()).ok());
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT status FROM enrollment_jobs")).toString(), QStringLiteral("running"));
        QCOMPARE(count(*m_db, QStringLiteral("audit_log")), qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestEnrollmentJobAudit)
#include "test_enrollment_job_audit.moc"
