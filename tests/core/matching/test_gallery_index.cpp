#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "matching/gallery_index.h"
#include "matching/synthetic_descriptors.h"
#include "matching_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {

std::shared_ptr<const ExactIndex> exactOf(std::size_t n, qint64 revision) {
    auto index = ExactIndex::create(SyntheticDescriptors(4).matrix(n, 2), spacedIds(n), revision);
    if (!index) qFatal("%s", qPrintable(index.errorMessage()));
    return std::make_shared<const ExactIndex>(std::move(index).value());
}

GalleryIndexOptions smallThreshold() {
    GalleryIndexOptions options;
    options.hnswThreshold = 3'000;
    options.hnsw.efConstruction = 100;
    return options;
}

}  // namespace

class TestGalleryIndex : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void belowThresholdSearchesExactly() {
        const auto exact = exactOf(2'000, 9);
        const GalleryIndex gallery(exact, smallThreshold());
        QVERIFY(!gallery.wantsHnsw());
        QVERIFY(!gallery.usesHnsw());
        const Descriptor probe = SyntheticDescriptors(4).mate(exact->row(17), 0.35, 1);
        auto result = gallery.search(probe, 20);
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        QCOMPARE(result->method, SearchMethod::Exact);
        QCOMPARE(result->galleryFaces, std::size_t(2'000));
        QCOMPARE(result->revision, qint64(9));
        QCOMPARE(result->hits, *exact->search(probe, 20, 1));
        QCOMPARE(result->hits.front().faceId, exact->faceId(17));
        QCOMPARE(GalleryIndex::methodName(result->method), QStringLiteral("exact"));
    }

    void switchesToHnswAtTheThreshold() {
        const auto exact = exactOf(4'000, 3);
        const GalleryIndex gallery(exact, smallThreshold());
        QVERIFY(gallery.wantsHnsw());
        const Descriptor probe = SyntheticDescriptors(4).mate(exact->row(2'500), 0.32, 2);
        // Until an HNSW index is attached, searches run exact: slower, never wrong.
        auto before = gallery.search(probe, 10);
        QVERIFY(before.ok());
        QCOMPARE(before->method, SearchMethod::Exact);

        const QString path = m_dir.filePath(QStringLiteral("gallery.hnsw"));
        auto prepared = gallery.prepareHnsw(path, 2);
        QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
        QVERIFY(!prepared->loaded);
        QVERIFY2(prepared->rebuildReason.contains(QStringLiteral("no HNSW index file")),
                 qPrintable(prepared->rebuildReason));
        QVERIFY(prepared->saveError.isEmpty());
        auto withHnsw = gallery.withHnsw(prepared->index);
        QVERIFY(withHnsw.ok());
        QVERIFY(withHnsw->usesHnsw());
        QVERIFY(!withHnsw->wantsHnsw());

        auto after = withHnsw->search(probe, 10);
        QVERIFY(after.ok());
        QCOMPARE(after->method, SearchMethod::Hnsw);
        QCOMPARE(GalleryIndex::methodName(after->method), QStringLiteral("hnsw"));
        QCOMPARE(after->galleryFaces, std::size_t(4'000));
        QCOMPARE(after->hits.front(), before->hits.front());
        auto forced = withHnsw->search(probe, 10, SearchMode::ExactOnly);
        QVERIFY(forced.ok());
        QCOMPARE(forced->method, SearchMethod::Exact);
        QCOMPARE(forced->hits, before->hits);

        // The second start of the same gallery state loads the file instead of building.
        auto again = gallery.prepareHnsw(path, 2);
        QVERIFY(again.ok());
        QVERIFY(again->loaded);
        QVERIFY(again->rebuildReason.isEmpty());

        // A changed gallery: the file is stale, so it is rebuilt and replaced.
        const GalleryIndex changed(exactOf(4'000, 4), smallThreshold());
        auto rebuilt = changed.prepareHnsw(path, 2);
        QVERIFY(rebuilt.ok());
        QVERIFY(!rebuilt->loaded);
        QVERIFY2(rebuilt->rebuildReason.contains(QStringLiteral("stale")),
                 qPrintable(rebuilt->rebuildReason));
        // ... and an index of another gallery state is never attached.
        QVERIFY(!gallery.withHnsw(rebuilt->index).ok());
        QVERIFY(!gallery.withHnsw(nullptr).ok());
    }

    void staleness() {
        const GalleryIndex gallery(exactOf(10, 12));
        QVERIFY(!gallery.isStaleFor(12));
        QVERIFY(gallery.isStaleFor(13));
        QCOMPARE(gallery.revision(), qint64(12));
        QCOMPARE(gallery.size(), std::size_t(10));
    }

    void emptyAndErrors() {
        const GalleryIndex empty;
        auto result = empty.search(SyntheticDescriptors().descriptor(0), 5);
        QVERIFY(result.ok());
        QVERIFY(result->hits.empty());
        QCOMPARE(result->galleryFaces, std::size_t(0));
        QVERIFY(!empty.search(SyntheticDescriptors().descriptor(0), 0).ok());
        QVERIFY(GalleryIndexOptions{}.hnswThreshold >= 1'000'000);
    }
};

QTEST_GUILESS_MAIN(TestGalleryIndex)
#include "test_gallery_index.moc"
