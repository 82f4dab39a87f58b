// The gallery's change sequence (schema 5) on both backends: what DescriptorReader::loadChanges
// reports after enrollments and removals made through another connection, when it refuses to
// (too many changes, a face changed in place), how the revision moves, that face ids follow
// commit order on PostgreSQL whoever inserts, and that a version-4 workspace keeps its faces and
// gets the log when it is opened.
#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstring>
#include <optional>

#include "store/descriptor_reader.h"
#include "store/face_record_writer.h"
#include "store/gallery_image_remover.h"
#include "store/gallery_repository.h"
#include "store/postgres_address.h"
#include "store/postgres_roles.h"
#include "store/schema_migrations.h"
#include "store/schema_postgres.h"
#include "store/schema_v1.h"
#include "store/schema_v2.h"
#include "store/schema_v3.h"
#include "store/schema_v4.h"
#include "store/transaction.h"
#include "store/workspace.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {
const QString kModel = QStringLiteral("dlib-resnet-v1/flip-averaged");

// Photos first..last, one face each.
std::vector<EnrollmentRecord> photos(int first, int last) {
    std::vector<EnrollmentRecord> records;
    for (int n = first; n <= last; ++n) records.push_back(syntheticRecord(n));
    return records;
}

std::vector<qint64> faceIdsOf(const std::vector<StoredImage>& stored) {
    std::vector<qint64> ids;
    for (const StoredImage& image : stored) ids.insert(ids.end(), image.faceIds.begin(), image.faceIds.end());
    return ids;
}

Result<RemovedGalleryImage> removeImage(const DatabaseConnection& db, qint64 gallery, qint64 imageId) {
    GalleryImageKey key;
    key.imageId = imageId;
    return GalleryImageRemover(db).remove(gallery, key, QStringLiteral("zoe"),
                                          QStringLiteral("Booking expunged"));
}
}  // namespace

class TestGalleryChanges : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;  // SQLite or PostgreSQL: FACECASE_TEST_BACKEND
    QTemporaryDir m_dir;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;     // the reader's
    std::optional<DatabaseConnection> m_other;  // another session: the enrolling workstation
    qint64 m_gallery = 0;

    qint64 revision() { return *DescriptorReader(*m_db).revision(m_gallery); }

    // An empty database (a folder with an empty facecase.sqlite, or a new PostgreSQL database)
    // and a connection to it, for building an old schema by hand; returns its location.
    QString emptyDatabase(std::optional<DatabaseConnection>& connection) {
        if (testBackend() == SqlBackend::Sqlite) {
            const QString folder = m_dir.filePath(QStringLiteral("version4"));
            QDir().mkpath(folder);
            auto opened = DatabaseConnection::open(QDir(folder).filePath(Workspace::databaseFileName()));
            if (!opened) qFatal("%s", qPrintable(opened.errorMessage()));
            connection.emplace(std::move(opened).value());
            return folder;
        }
        const PrivatePostgres& cluster = *m_workspaces.cluster();
        if (auto created = cluster.superuserQuery(QStringLiteral("CREATE DATABASE version4"),
                                                  QStringLiteral("postgres"));
            !created) {
            qFatal("%s", qPrintable(created.errorMessage()));
        }
        const QString url = QStringLiteral("postgresql://%1@%2:%3/version4")
                                .arg(cluster.superuser(), PrivatePostgres::host())
                                .arg(cluster.port());
        auto opened = DatabaseConnection::open(*PostgresAddress::fromUrl(url));
        if (!opened) qFatal("%s", qPrintable(opened.errorMessage()));
        connection.emplace(std::move(opened).value());
        return url;
    }

private slots:
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        auto connection = workspace->openConnection();
        auto other = workspace->openConnection();
        QVERIFY(connection.ok() && other.ok());
        m_db.emplace(std::move(connection).value());
        m_other.emplace(std::move(other).value());
        auto gallery = GalleryRepository(*m_db).create(QStringLiteral("Bookings"));
        QVERIFY2(gallery.ok(), qPrintable(gallery.errorMessage()));
        m_gallery = gallery->id;
    }
    void cleanup() {
        m_other.reset();
        m_db.reset();
    }

    // What another session enrolled and removed since a load, and nothing else: not the faces
    // of another model or gallery, not the removals the loaded state had already seen.
    void changesSinceALoadAreWhatAnotherSessionDid() {
        FaceRecordWriter writer(*m_db, kModel);
        auto first = writer.insertBatch(m_gallery, photos(1, 10));
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        QVERIFY(removeImage(*m_db, m_gallery, first->at(0).imageId).ok());  // before the load
        auto loaded = DescriptorReader(*m_db).loadGallery(m_gallery, kModel);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->count(), std::size_t(9));

        FaceRecordWriter otherWriter(*m_other, kModel);
        auto added = otherWriter.insertBatch(m_gallery, photos(11, 13));
        QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
        auto moreAdded = otherWriter.insertBatch(m_gallery, {syntheticRecord(14, 2)});
        QVERIFY(moreAdded.ok());
        QVERIFY(removeImage(*m_other, m_gallery, first->at(4).imageId).ok());
        QVERIFY(removeImage(*m_other, m_gallery, added->at(1).imageId).ok());  // added, then gone
        // Not this gallery's, not this model's.
        auto elsewhere = GalleryRepository(*m_other).create(QStringLiteral("Case 42 images"));
        QVERIFY(elsewhere.ok());
        QVERIFY(otherWriter.insertBatch(elsewhere->id, photos(20, 21)).ok());
        QVERIFY(FaceRecordWriter(*m_other, QStringLiteral("dlib-resnet-v1/plain"))
                    .insertBatch(m_gallery, photos(30, 30))
                    .ok());

        auto changes = DescriptorReader(*m_db).loadChanges(m_gallery, kModel, loaded->revision,
                                                           loaded->faceIds.back(), 100);
        QVERIFY2(changes.ok(), qPrintable(changes.errorMessage()));
        QVERIFY2(changes->usable(), qPrintable(changes->unusable));
        QCOMPARE(changes->revision, revision());
        QVERIFY(changes->revision > loaded->revision);
        const std::vector<qint64> expectedAdded{added->at(0).faceIds[0], added->at(2).faceIds[0],
                                                moreAdded->at(0).faceIds[0],
                                                moreAdded->at(0).faceIds[1]};
        QCOMPARE(changes->added.faceIds, expectedAdded);
        QCOMPARE(changes->addedCount, expectedAdded.size());
        QCOMPARE(changes->added.revision, changes->revision);
        // The descriptors are the stored ones, bit for bit.
        const Descriptor stored = syntheticRecord(14, 2).faces[1].descriptor.value();
        QVERIFY(std::memcmp(changes->added.row(3), stored.values.data(), sizeof stored.values) == 0);
        const std::vector<qint64> expectedRemoved{first->at(4).faceIds[0], added->at(1).faceIds[0]};
        QCOMPARE(changes->removedFaceIds, expectedRemoved);
        QCOMPARE(changes->faceCount, std::size_t(9 + 4 - 1));

        // Applied to the loaded state they give exactly what a load reads now.
        std::vector<qint64> followed;
        for (qint64 id : loaded->faceIds)
            if (!std::binary_search(expectedRemoved.begin(), expectedRemoved.end(), id))
                followed.push_back(id);
        followed.insert(followed.end(), expectedAdded.begin(), expectedAdded.end());
        QCOMPARE(DescriptorReader(*m_db).loadGallery(m_gallery, kModel)->faceIds, followed);

        // Nothing since now; an unknown model has neither changes nor faces.
        auto none = DescriptorReader(*m_db).loadChanges(m_gallery, kModel, changes->revision,
                                                        expectedAdded.back(), 100);
        QVERIFY(none.ok() && none->usable());
        QCOMPARE(none->addedCount + none->removedCount, std::size_t(0));
        auto unknown = DescriptorReader(*m_db).loadChanges(m_gallery, QStringLiteral("x/y"), 0, 0, 100);
        QVERIFY(unknown.ok() && unknown->usable());
        QCOMPARE(unknown->faceCount + unknown->addedCount + unknown->removedCount, std::size_t(0));
        auto missing = DescriptorReader(*m_db).loadChanges(9999, kModel, 0, 0, 100);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
    }

    // The reader is told why it must read the gallery in full, and reads no descriptor for it.
    void changesThatCannotBeFollowedSayWhy() {
        auto first = FaceRecordWriter(*m_db, kModel).insertBatch(m_gallery, photos(1, 10));
        QVERIFY(first.ok());
        const qint64 loadedAt = revision();
        const qint64 highest = faceIdsOf(*first).back();
        QVERIFY(FaceRecordWriter(*m_other, kModel).insertBatch(m_gallery, photos(11, 13)).ok());
        QVERIFY(removeImage(*m_other, m_gallery, first->at(0).imageId).ok());

        auto many = DescriptorReader(*m_db).loadChanges(m_gallery, kModel, loadedAt, highest, 3);
        QVERIFY(many.ok());
        QVERIFY(!many->usable());
        QCOMPARE(many->unusable,
                 QStringLiteral("3 faces added and 1 removed since revision %1, more than 3").arg(loadedAt));
        QCOMPARE(many->added.count(), std::size_t(0));
        QVERIFY(many->removedFaceIds.empty());

        auto back = DescriptorReader(*m_db).loadChanges(m_gallery, kModel, revision() + 5, highest, 100);
        QVERIFY(back.ok());
        QVERIFY2(back->unusable.contains(QStringLiteral("went back")), qPrintable(back->unusable));

        // No FaceCase code changes a descriptor in place; if anything does, it is logged and
        // the reader cannot know which row to replace.
        const qint64 face = first->at(3).faceIds[0];
        QVERIFY(m_other->exec(QStringLiteral("UPDATE faces SET descriptor = descriptor WHERE id = %1").arg(face),
                              QStringLiteral("change a descriptor"))
                    .ok());
        auto changed = DescriptorReader(*m_db).loadChanges(m_gallery, kModel, loadedAt, highest, 100);
        QVERIFY(changed.ok());
        QCOMPARE(changed->unusable,
                 QStringLiteral("face %1 changed in place since revision %2").arg(face).arg(loadedAt));
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT kind FROM face_changes WHERE face_id = %1").arg(face))
                     .toString(),
                 QStringLiteral("changed"));
    }

    // The revision moves with every committed change and with nothing else; on PostgreSQL once
    // per transaction and gallery (schema_v5.cpp), also when one transaction switches galleries.
    void revisionMovesWithEveryCommittedChange() {
        auto other = GalleryRepository(*m_db).create(QStringLiteral("Case 42 images"));
        QVERIFY(other.ok());
        FaceRecordWriter writer(*m_db, kModel);
        auto stored = writer.insertBatch(m_gallery, photos(1, 20));
        QVERIFY(stored.ok());
        QCOMPARE(revision(), revisionBumps(20, 1));
        auto elsewhere = writer.insert(other->id, syntheticRecord(21));
        QVERIFY(elsewhere.ok());
        // Another face on an image that is there (a writer cannot run inside this transaction).
        const auto addFaceTo = [&](qint64 face, int index) {
            return m_db->exec(
                QStringLiteral("INSERT INTO faces (image_id, gallery_id, face_index, box_x, box_y, "
                               "box_width, box_height, landmarks, quality, quality_level, model_id, "
                               "descriptor) SELECT image_id, gallery_id, %2, 0, 0, 1, 1, landmarks, "
                               "quality, quality_level, model_id, descriptor FROM faces WHERE id = %1")
                    .arg(face)
                    .arg(index),
                QStringLiteral("add a face"));
        };

        {   // Alternating between two galleries in one transaction.
            const qint64 before = revision();
            const qint64 otherBefore = *DescriptorReader(*m_db).revision(other->id);
            auto transaction = Transaction::begin(*m_db, Transaction::Kind::Write);
            QVERIFY(transaction.ok());
            for (int n = 2; n <= 4; ++n) {
                QVERIFY(addFaceTo(stored->front().faceIds[0], n).ok());
                QVERIFY(addFaceTo(elsewhere->faceIds[0], n).ok());
            }
            QVERIFY(transaction->commit().ok());
            QVERIFY(revision() > before);
            QVERIFY(*DescriptorReader(*m_db).revision(other->id) > otherBefore);
        }
        {   // Rolled back: neither the face nor the bump remain, and the next change bumps.
            const qint64 before = revision();
            auto transaction = Transaction::begin(*m_db, Transaction::Kind::Write);
            QVERIFY(transaction.ok());
            QVERIFY(addFaceTo(stored->front().faceIds[0], 9).ok());
            QVERIFY(revision() > before);  // seen inside the transaction
            transaction->rollback();
            QCOMPARE(revision(), before);
            QVERIFY(writer.insert(m_gallery, syntheticRecord(30)).ok());
            QCOMPARE(revision(), before + 1);
        }
        // A removal by cascade from its image, and the log has its face.
        const qint64 before = revision();
        QVERIFY(removeImage(*m_other, m_gallery, stored->at(1).imageId).ok());
        QCOMPARE(revision(), before + 1);
        QCOMPARE(count(*m_db, QStringLiteral("face_changes")), qint64(1));
        // The log is not edited; a removed gallery takes its log with it.
        QVERIFY(!m_db->exec(QStringLiteral("UPDATE face_changes SET revision = 1"), QStringLiteral("edit the log")).ok());
        QVERIFY(GalleryRepository(*m_db).remove(m_gallery, QStringLiteral("zoe"), QStringLiteral("Bookings retired")).ok());
        QCOMPARE(count(*m_db, QStringLiteral("face_changes")), qint64(0));
    }

    // Face ids follow commit order on PostgreSQL even for a session that does not take the
    // writer lock itself (psql, another program): its INSERT takes it, before any id is drawn.
    void insertsWaitForTheWriterLock() {
        if (testBackend() == SqlBackend::Sqlite)
            QSKIP("SQLite has one writer by construction (BEGIN IMMEDIATE, the file lock)");
        auto stored = FaceRecordWriter(*m_db, kModel).insertBatch(m_gallery, photos(1, 1));
        QVERIFY(stored.ok());
        const QString insert = QStringLiteral(
            "INSERT INTO faces (image_id, gallery_id, face_index, box_x, box_y, box_width, box_height, "
            "landmarks, quality, quality_level) SELECT image_id, gallery_id, 2, 0, 0, 1, 1, landmarks, "
            "quality, quality_level FROM faces WHERE id = %1")
                                   .arg(stored->front().faceIds[0]);
        QVERIFY(m_other->exec(QStringLiteral("SET lock_timeout = 300"), QStringLiteral("set up")).ok());
        {
            auto writing = Transaction::begin(*m_db, Transaction::Kind::Write);  // holds the lock
            QVERIFY(writing.ok());
            auto refused = m_other->exec(insert, QStringLiteral("insert a face by hand"));
            QVERIFY(!refused.ok());
            QVERIFY2(refused.errorMessage().contains(QStringLiteral("lock timeout")),
                     qPrintable(refused.errorMessage()));
        }
        QVERIFY(m_other->exec(insert, QStringLiteral("insert a face by hand")).ok());
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(2));
    }

    // A workspace made by a version-4 build: opening it migrates to version 5 keeping every
    // face, and from then on its removals are logged and its changes can be followed.
    void version4WorkspaceKeepsItsFacesAndGetsTheLog() {
        std::optional<DatabaseConnection> old;
        const QString location = emptyDatabase(old);
        const QStringList schema =
            testBackend() == SqlBackend::Sqlite
                ? schemaV1Statements() + schemaV2Statements() + schemaV3Statements() + schemaV4Statements()
                : postgresSchemaStatements() + AgencyRoles::schemaStatements();
        {
            auto transaction = Transaction::begin(*old, Transaction::Kind::Write);
            QVERIFY(transaction.ok());
            for (const QString& statement : schema) {
                auto r = old->exec(statement, QStringLiteral("build a version 4 database"));
                QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
            }
            QVERIFY(old->exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('schema_version', '4'), "
                                             "('workspace_id', 'v4-workspace')"),
                              QStringLiteral("stamp version 4"))
                        .ok());
            if (testBackend() == SqlBackend::Sqlite) {
                QVERIFY(old->exec(QStringLiteral("PRAGMA application_id = %1").arg(SchemaMigrations::kApplicationId),
                                  QStringLiteral("stamp"))
                            .ok());
            }
            QVERIFY(transaction->commit().ok());
        }
        auto gallery = GalleryRepository(*old).create(QStringLiteral("Bookings 2010-2018"));
        QVERIFY2(gallery.ok(), qPrintable(gallery.errorMessage()));
        auto stored = FaceRecordWriter(*old, kModel).insertBatch(gallery->id, photos(1, 6));
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QVERIFY(removeImage(*old, gallery->id, stored->at(0).imageId).ok());
        auto before = DescriptorReader(*old).loadGallery(gallery->id, kModel);
        QVERIFY(before.ok());
        QCOMPARE(before->count(), std::size_t(5));
        old.reset();

        auto workspace = Workspace::open(location);
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        QCOMPARE(workspace->schemaVersion(), SchemaMigrations::kLatestVersion);
        auto db = workspace->openConnection();
        QVERIFY(db.ok());
        auto after = DescriptorReader(*db).loadGallery(gallery->id, kModel);
        QVERIFY(after.ok());
        QCOMPARE(after->faceIds, before->faceIds);
        QCOMPARE(after->values, before->values);
        QCOMPARE(after->revision, before->revision);
        QCOMPARE(count(*db, QStringLiteral("face_changes")), qint64(0));  // nothing before v5
        QCOMPARE(scalar(*db, QStringLiteral("SELECT value FROM meta WHERE key = 'workspace_id'")).toString(),
                 QStringLiteral("v4-workspace"));

        QVERIFY(removeImage(*db, gallery->id, stored->at(2).imageId).ok());
        auto added = FaceRecordWriter(*db, kModel).insertBatch(gallery->id, photos(7, 8));
        QVERIFY(added.ok());
        auto changes = DescriptorReader(*db).loadChanges(gallery->id, kModel, after->revision,
                                                         after->faceIds.back(), 100);
        QVERIFY2(changes.ok() && changes->usable(), qPrintable(changes.ok() ? changes->unusable : changes.errorMessage()));
        QCOMPARE(changes->removedFaceIds, std::vector<qint64>{stored->at(2).faceIds[0]});
        QCOMPARE(changes->added.faceIds, faceIdsOf(*added));
        QCOMPARE(changes->faceCount, std::size_t(6));
        if (testBackend() == SqlBackend::Sqlite) {
            QCOMPARE(scalar(*db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
            QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")).toInt(), 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestGalleryChanges)
#include "test_gallery_changes.moc"
