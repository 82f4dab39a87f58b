// GalleryAdmin: a gallery or one of its images is removed only while no enrollment holds the
// gallery's lock (in this process or another), with the reason and the workspace's actor on the
// audit record.
#include <QRegularExpression>
#include <QDir>
#include <QSqlQuery>
#include <QTest>
#include <optional>

#include "services/enrollment/gallery_admin.h"
#include "services/enrollment/gallery_lock.h"
#include "store/gallery_repository.h"
#include "store/workspace.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

class TestGalleryAdmin : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;

    static QString lastAudit(const DatabaseConnection& db) {
        return scalar(db, QStringLiteral("SELECT action || '|' || actor || '|' || %1 "
                                         "FROM audit_log ORDER BY seq DESC LIMIT 1")
                              .arg(jsonField(db, QStringLiteral("details"), QStringLiteral("reason"))))
            .toString();
    }

private slots:
    void refusedWhileAnEnrollmentHoldsTheLock() {
        FACECASE_SKIP_WITHOUT_WORKSPACE_FOLDER("the gallery lock");
        auto workspace = m_workspaces.next();
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

    // While an enrollment holds the gallery (a lock file, or on PostgreSQL a session lock of
    // another connection), a removal is refused and removes nothing; once the holder is gone
    // it goes through, and nothing was written in the current directory.
    void removalWaitsForTheGalleryLock() {
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        auto db = workspace->openConnection();
        QVERIFY(db.ok());
        auto gallery = GalleryRepository(*db).create(QStringLiteral("Bookings"));
        QVERIFY(gallery.ok());
        const QStringList before = QDir::current().entryList(QDir::AllEntries | QDir::Hidden);
        {
            auto held = GalleryLock::acquire(*workspace, gallery->id, gallery->name);
            QVERIFY2(held.ok(), qPrintable(held.errorMessage()));
            QVERIFY(GalleryLock::isHeld(*workspace, gallery->id));
            auto removed = GalleryAdmin(*workspace, *db, Actor(QStringLiteral("dana")))
                               .removeGallery(gallery->id, QStringLiteral("duplicate import"));
            QVERIFY(!removed.ok());
            QVERIFY2(removed.errorMessage().contains(QStringLiteral("gallery \"Bookings\" is in use by ")),
                     qPrintable(removed.errorMessage()));
            QVERIFY(GalleryRepository(*db).findById(gallery->id).ok());
        }
        QVERIFY(!GalleryLock::isHeld(*workspace, gallery->id));
        auto removed = GalleryAdmin(*workspace, *db, Actor(QStringLiteral("dana")))
                           .removeGallery(gallery->id, QStringLiteral("duplicate import"));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        QVERIFY(!GalleryRepository(*db).findById(gallery->id).ok());
        QCOMPARE(QDir::current().entryList(QDir::AllEntries | QDir::Hidden), before);
    }
};

QTEST_GUILESS_MAIN(TestGalleryAdmin)
#include "test_gallery_admin.moc"
