// GalleryCatalog and GalleryAdmin::create: what the Galleries dialog, the case view's gallery
// combo and `facecase-cli gallery list | stats` read, on a real workspace. Galleries are created
// through the service (the rules: unique names ignoring case, named in the refusal), faces and
// jobs written as enrollment writes them.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "workspace_fixture.h"
#include "services/enrollment/gallery_admin.h"
#include "services/enrollment/gallery_catalog.h"
#include "store/enrollment_job_repository.h"
#include "store_test_support.h"

using namespace facecase;
using facecase::test::syntheticRecord;

class TestGalleryCatalog : public QObject {
    Q_OBJECT

    test::EnrollmentWorkspace m_fixture;

    GalleryAdmin admin() const { return m_fixture.admin(); }
    Gallery create(const QString& name) { return m_fixture.createGallery(name); }

    // `faces` faces per photo, one photo per entry, with descriptors of `model`.
    void enrollFaces(const Gallery& gallery, const QString& model, const std::vector<int>& faces) {
        std::vector<EnrollmentRecord> records;
        for (std::size_t i = 0; i < faces.size(); ++i)
            records.push_back(syntheticRecord(int(gallery.id * 100 + qint64(i)), faces[i]));
        auto stored = FaceRecordWriter(m_fixture.db(), model).insertBatch(gallery.id, records);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    }

private slots:
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        m_fixture.open();
    }
    void cleanup() { m_fixture.close(); }

    void createdGalleriesAreListedByNameAndFoundInAnyCase() {
        const Gallery cases = create(QStringLiteral("  Case 42 images "));
        const Gallery bookings = create(QStringLiteral("Bookings 2010–2018"));
        QCOMPARE(cases.name, QStringLiteral("Case 42 images"));  // trimmed
        QVERIFY(!cases.isSynthetic());                           // photos only

        const GalleryCatalog catalog(m_fixture.db());
        auto listed = catalog.list();
        QVERIFY2(listed.ok(), qPrintable(listed.errorMessage()));
        QCOMPARE(listed->size(), std::size_t(2));
        QCOMPARE(listed->at(0).name, bookings.name);
        QCOMPARE(listed->at(1).name, cases.name);
        auto found = catalog.findByName(QStringLiteral("case 42 IMAGES"));
        QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
        QCOMPARE(found->id, cases.id);
        QCOMPARE(catalog.findById(bookings.id)->name, bookings.name);
    }

    void aDuplicateNameIsRefusedNamingTheExistingGallery() {
        create(QStringLiteral("Case 42 images"));
        auto duplicate = admin().create(QStringLiteral("CASE 42 IMAGES"));
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(
            duplicate.errorMessage().contains(QStringLiteral("\"Case 42 images\" already exists")),
            qPrintable(duplicate.errorMessage()));
        QCOMPARE(GalleryCatalog(m_fixture.db()).list()->size(), std::size_t(1));
    }

    void anUnknownNameIsNotFoundNamingTheGalleriesThereAre() {
        create(QStringLiteral("Bookings"));
        auto missing = GalleryCatalog(m_fixture.db()).findByName(QStringLiteral("Bokings"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QVERIFY2(missing.errorMessage().contains(QStringLiteral("\"Bookings\"")),
                 qPrintable(missing.errorMessage()));
    }

    void statisticsCountImagesFacesAndModels() {
        const Gallery gallery = create(QStringLiteral("Bookings"));
        enrollFaces(gallery, QStringLiteral("dlib-resnet/flip"), {2, 1, 0});
        auto stats = GalleryCatalog(m_fixture.db()).statistics(gallery.id);
        QVERIFY2(stats.ok(), qPrintable(stats.errorMessage()));
        QCOMPARE(stats->gallery.imageCount, qint64(3));
        QCOMPARE(stats->gallery.faceCount, qint64(3));
        QCOMPARE(stats->descriptorModels.size(), std::size_t(1));
        QCOMPARE(stats->descriptorModels.front().first, QStringLiteral("dlib-resnet/flip"));
        QCOMPARE(stats->descriptorModels.front().second, qint64(3));
        QCOMPARE(GalleryCatalog(m_fixture.db()).statistics(gallery.id + 1).error().kind,
                 Error::Kind::NotFound);
    }

    // The case view's combo: every gallery with the model a search must match, none yet for an
    // empty gallery.
    void choicesNameEachGallerysDescriptorModel() {
        const Gallery empty = create(QStringLiteral("Case 42 images"));
        const Gallery enrolled = create(QStringLiteral("Bookings"));
        enrollFaces(enrolled, QStringLiteral("dlib-resnet/plain"), {1, 1});
        auto choices = GalleryCatalog(m_fixture.db()).choices();
        QVERIFY2(choices.ok(), qPrintable(choices.errorMessage()));
        QCOMPARE(choices->size(), std::size_t(2));
        QCOMPARE(choices->at(0).gallery.id, enrolled.id);
        QCOMPARE(choices->at(0).gallery.faceCount, qint64(2));
        QCOMPARE(choices->at(0).descriptorModel, QStringLiteral("dlib-resnet/plain"));
        QCOMPARE(choices->at(1).gallery.id, empty.id);
        QVERIFY(choices->at(1).descriptorModel.isEmpty());
    }

    // The Galleries table: each gallery with its newest job, or none.
    void overviewCarriesEachGallerysNewestJob() {
        const Gallery never = create(QStringLiteral("Case 42 images"));
        const Gallery bookings = create(QStringLiteral("Bookings"));
        EnrollmentJobRepository jobs(m_fixture.db());
        auto first =
            jobs.create(bookings.id, QStringLiteral("/photos/2010"), {}, QStringLiteral("dana"));
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        QVERIFY(
            jobs.finish(first->id, EnrollmentJob::Status::Completed, QStringLiteral("dana")).ok());
        auto second =
            jobs.create(bookings.id, QStringLiteral("/photos/2011"), {}, QStringLiteral("dana"));
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));

        auto rows = GalleryCatalog(m_fixture.db()).overview();
        QVERIFY2(rows.ok(), qPrintable(rows.errorMessage()));
        QCOMPARE(rows->size(), std::size_t(2));
        QCOMPARE(rows->at(0).gallery.id, bookings.id);
        QVERIFY(rows->at(0).lastJob.has_value());
        QCOMPARE(rows->at(0).lastJob->id, second->id);
        QCOMPARE(rows->at(0).lastJob->source, QStringLiteral("/photos/2011"));
        QCOMPARE(rows->at(1).gallery.id, never.id);
        QVERIFY(!rows->at(1).lastJob.has_value());
    }
};

QTEST_GUILESS_MAIN(TestGalleryCatalog)
#include "test_gallery_catalog.moc"
