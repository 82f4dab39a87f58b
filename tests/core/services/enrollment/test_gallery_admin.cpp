// GalleryAdmin: a gallery or one of its images is removed only while no enrollment holds the
// gallery's lock (in this process or another), with the reason and the workspace's actor on the
// audit record.
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "services/enrollment/gallery_admin.h"
#include "services/enrollment/gallery_lock.h"
#include "store/gallery_repository.h"
#include "store/workspace.h"

using namespace facecase;

class TestGalleryAdmin : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    static QString lastAudit(const DatabaseConnection& db) {
        QSqlQuery q(db.database());
        return q.exec(QStringLiteral("SELECT action || '|' || actor || '|' || json_extract(details, '$.reason') "
                                     "FROM audit_log ORDER BY seq DESC LIMIT 1")) && q.next()
                   ? q.value(0).toString()
                   : QString();
    }

private slots:
    void refusedWhileAnEnrollmentHoldsTheLock() {
        auto workspace = Workspace::open(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        auto db = workspace->openConnection();
        QVERIFY(db.ok());
        auto gallery = GalleryRepository(*db).create(QStringLiteral("Bookings"));
        QVERIFY(gallery.ok());
        const GalleryAdmin admin(*workspace, *db, Actor(QStringLiteral("dana")));

        {
            // An enrollment is writing into the gallery (here: its lock, as Enrollment takes it).
            auto enrolling = GalleryLock::acquire(*workspace, gallery->id, gallery->name);
            QVERIFY2(enrolling.ok(), qPrintable(enrolling.errorMessage()));
            auto removed = admin.removeGallery(gallery->id, QStringLiteral("duplicate import"));
            QVERIFY(!removed.ok());
            QCOMPARE(removed.error().kind, Error::Kind::InvalidInput);
            GalleryImageKey key;
            key.imageId = 1;
            auto image = admin.removeImage(gallery->id, key, QStringLiteral("wrong person"));
            QVERIFY(!image.ok());
            QCOMPARE(image.error().kind, Error::Kind::InvalidInput);
            QVERIFY(GalleryRepository(*db).findById(gallery->id).ok());  // untouched
        }

        // The lock released: removed, with its reason and who did it on record.
        auto removed = admin.removeGallery(gallery->id, QStringLiteral("duplicate import"));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        QCOMPARE(removed->name, QStringLiteral("Bookings"));
        QVERIFY(!GalleryRepository(*db).findById(gallery->id).ok());
        QCOMPARE(lastAudit(*db), QStringLiteral("gallery_removed|dana|duplicate import"));
        QCOMPARE(admin.removeGallery(gallery->id, QStringLiteral("again")).error().kind, Error::Kind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestGalleryAdmin)
#include "test_gallery_admin.moc"
