// GalleryIndexCache following its gallery on both backends: another session enrolls and
// removes photos, and get() applies only those changes (the gallery's change sequence, schema 5)
// to an index that answers exactly like a fresh full load; too many changes, a face changed in
// place or a log that disagrees with the gallery make it read in full; an HNSW graph is rebased
// while few faces changed and rebuilt after.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <optional>

#include "matching/synthetic_descriptors.h"
#include "services/bench/index_update_benchmark.h"
#include "policy/policy_store.h"
#include "services/search/descriptor_snapshot.h"
#include "services/search/gallery_index_cache.h"
#include "services/search/gallery_search.h"
#include "store/face_record_writer.h"
#include "store/gallery_image_remover.h"
#include "store/gallery_repository.h"
#include "store/synthetic_face_writer.h"
#include "store/workspace.h"
#include "store/workspace_identity.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {
const QString kModel = QStringLiteral("dlib-resnet-v1/flip-averaged");

GalleryIndexOptions hnswOptions(std::size_t threshold) {
    GalleryIndexOptions options;
    options.hnswThreshold = threshold;
    options.hnsw.m = 8;
    options.hnsw.efConstruction = 40;
    return options;
}
}  // namespace

class TestGalleryIndexCache : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;
    QTemporaryDir m_dir;  // index folders, one per cache
    int m_serial = 0;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;     // the searching workstation's
    std::optional<DatabaseConnection> m_other;  // another workstation, enrolling and removing
    qint64 m_gallery = 0;

    QString indexFolder() { return m_dir.filePath(QStringLiteral("indexes-%1").arg(++m_serial)); }

    // Photos first..last, one face each, in one transaction of `db`.
    std::vector<StoredImage> enroll(const DatabaseConnection& db, int first, int last) {
        std::vector<EnrollmentRecord> records;
        for (int n = first; n <= last; ++n) records.push_back(syntheticRecord(n));
        auto stored = FaceRecordWriter(db, kModel).insertBatch(m_gallery, records);
        if (!stored) qFatal("%s", qPrintable(stored.errorMessage()));
        return std::move(stored).value();
    }

    void remove(qint64 imageId) {
        GalleryImageKey key;
        key.imageId = imageId;
        auto removed = GalleryImageRemover(*m_other).remove(m_gallery, key, QStringLiteral("zoe"),
                                                            QStringLiteral("Booking expunged"));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
    }

    GalleryIndexLoad get(GalleryIndexCache& cache) {
        auto load = cache.get(*m_db, m_gallery, kModel);
        if (!load) qFatal("%s", qPrintable(load.errorMessage()));
        return std::move(load).value();
    }

    // What a fresh full load (a new process) builds of the gallery now.
    std::shared_ptr<const GalleryIndex> freshLoad(const GalleryIndexOptions& options = {}) {
        GalleryIndexCache fresh(indexFolder(), options);
        GalleryIndexLoad load = get(fresh);
        if (load.fromCache || load.incremental) qFatal("a fresh cache must load in full");
        return load.index;
    }

    // Both indexes give the same answers, to the bit: the same faces (in the same rows, so ties
    // resolve the same way), the same distances, the same revision and size.
    static void compareAnswers(const GalleryIndex& followed, const GalleryIndex& fresh,
                               const std::vector<Descriptor>& probes,
                               SearchMode mode = SearchMode::ExactOnly) {
        QCOMPARE(followed.revision(), fresh.revision());
        QVERIFY(std::ranges::equal(followed.exactIndex()->faceIds(), fresh.exactIndex()->faceIds()));
        for (const Descriptor& probe : probes) {
            auto a = followed.search(probe, 10, mode);
            auto b = fresh.search(probe, 10, mode);
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(a->hits, b->hits);
            QCOMPARE(a->galleryFaces, b->galleryFaces);
            QCOMPARE(a->revision, b->revision);
        }
    }

    // A synthetic gallery "Bench" of `faces` faces of population 1, written in batches of
    // 10,000 (as gallery synth does); returns the write rate in faces per second.
    double fillSyntheticGallery(qint64 faces) {
        auto bench = GalleryRepository(*m_db).create(QStringLiteral("Bench"), {}, Gallery::Kind::Synthetic);
        if (!bench) qFatal("%s", qPrintable(bench.errorMessage()));
        SyntheticFaceWriter writer(*m_db, kModel);
        const SyntheticDescriptors population(1);
        QElapsedTimer timer;
        timer.start();
        for (qint64 first = 1; first <= faces; first += 10'000) {
            const qint64 n = std::min<qint64>(10'000, faces - first + 1);
            std::vector<float> rows(std::size_t(n) * Descriptor::kSize);
            population.fill(std::uint64_t(first - 1), std::size_t(n), rows.data());
            if (auto r = writer.insertBatch(bench->id, 1, first, n, rows.data()); !r)
                qFatal("%s", qPrintable(r.errorMessage()));
        }
        return double(faces) / (double(timer.nsecsElapsed()) / 1e9);
    }

    static std::vector<Descriptor> probes(std::initializer_list<int> photos) {
        std::vector<Descriptor> out;
        for (int n : photos) out.push_back(*syntheticRecord(n).faces.front().descriptor);
        for (quint64 seed : {424242u, 515151u}) out.push_back(syntheticDescriptor(seed));
        return out;
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

    void followsAnotherSessionsEnrollment() {
        enroll(*m_db, 1, 60);
        GalleryIndexCache cache(indexFolder());
        const GalleryIndexLoad first = get(cache);
        QVERIFY(!first.fromCache && !first.incremental);
        QCOMPARE(first.how(), QStringLiteral("loaded"));
        QCOMPARE(first.index->size(), std::size_t(60));

        const auto added = enroll(*m_other, 61, 63);  // 5% of the gallery
        const GalleryIndexLoad followed = get(cache);
        QVERIFY(!followed.fromCache);
        QVERIFY2(followed.incremental, qPrintable(followed.reloadReason));
        QCOMPARE(followed.facesAdded, std::size_t(3));
        QCOMPARE(followed.facesRemoved, std::size_t(0));
        QCOMPARE(followed.how(), QStringLiteral("updated (+3 -0 faces)"));
        QCOMPARE(followed.index->size(), std::size_t(63));
        QCOMPARE(followed.index->revision(),
                 GalleryRepository(*m_db).findByName(QStringLiteral("Bookings"))->revision);
        // Appended after the first index's rows, in the matrix they share (the reader left
        // room); an index handed out stays as it was.
        QCOMPARE(followed.index->exactIndex()->row(0), first.index->exactIndex()->row(0));
        QCOMPARE(first.index->size(), std::size_t(60));
        QCOMPARE(first.index->search(*syntheticRecord(62).faces.front().descriptor, 60)->hits.size(),
                 std::size_t(60));
        // The added faces are found, and every answer is a fresh load's.
        auto hit = followed.index->search(*syntheticRecord(62).faces.front().descriptor, 1);
        QVERIFY(hit.ok());
        QCOMPARE(hit->hits.front().faceId, added[1].faceIds.front());
        compareAnswers(*followed.index, *freshLoad(), probes({1, 30, 61, 62, 63}));
        compareAnswers(*followed.index, *freshLoad(), probes({1, 62}), SearchMode::Automatic);

        const GalleryIndexLoad again = get(cache);
        QVERIFY(again.fromCache);
        QCOMPARE(again.index, followed.index);
        QCOMPARE(again.how(), QStringLiteral("already current"));
    }

    // Removals (GalleryImageRemover) drop exactly their faces; the search reports how its index
    // was brought up to date.
    void followsRemovals() {
        const auto stored = enroll(*m_db, 1, 60);
        auto cache = std::make_shared<GalleryIndexCache>(indexFolder());
        const GallerySearch search(cache, nullptr);
        const GallerySearchRequest request{QStringLiteral("Bookings"), kModel,
                                           *syntheticRecord(10).faces.front().descriptor, 5,
                                           SearchMode::Automatic};
        auto before = search.search(*m_db, request);
        QVERIFY2(before.ok(), qPrintable(before.errorMessage()));
        QCOMPARE(before->indexLoad, QStringLiteral("loaded"));
        QCOMPARE(before->candidates.front().provenance.faceId, stored[9].faceIds.front());

        remove(stored[9].imageId);
        remove(stored[40].imageId);
        enroll(*m_other, 61, 61);
        auto after = search.search(*m_db, request);
        QVERIFY2(after.ok(), qPrintable(after.errorMessage()));
        QCOMPARE(after->indexLoad, QStringLiteral("updated (+1 -2 faces)"));
        QCOMPARE(after->gallerySize, std::size_t(59));
        QVERIFY(after->galleryRevision > before->galleryRevision);
        for (const SearchCandidate& candidate : after->candidates) {
            QVERIFY(candidate.provenance.faceId != stored[9].faceIds.front());
            QVERIFY(candidate.provenance.faceId != stored[40].faceIds.front());
        }
        const GalleryIndexLoad load = get(*cache);
        QVERIFY(load.fromCache);
        compareAnswers(*load.index, *freshLoad(), probes({10, 41, 61, 2}));

        // A removed gallery is no index any more.
        QVERIFY(GalleryRepository(*m_other).remove(m_gallery, QStringLiteral("zoe"), QStringLiteral("Retired")).ok());
        auto gone = cache->get(*m_db, m_gallery, kModel);
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().kind, Error::Kind::NotFound);
    }

    // More than GalleryIndexOptions::maxChangedShare (10%) of the faces changed: a full read
    // (the update would cost about as much, and an HNSW graph would drift too far).
    void manyChangesAreReadInFull() {
        enroll(*m_db, 1, 60);
        GalleryIndexCache cache(indexFolder());
        get(cache);
        enroll(*m_other, 61, 70);
        const GalleryIndexLoad load = get(cache);
        QVERIFY(!load.incremental && !load.fromCache);
        QVERIFY2(load.reloadReason.contains(QStringLiteral("10 faces added and 0 removed since revision")) &&
                     load.reloadReason.endsWith(QStringLiteral("more than 6")),
                 qPrintable(load.reloadReason));
        QVERIFY(load.how().startsWith(QStringLiteral("reloaded (10 faces added")));
        QCOMPARE(load.index->size(), std::size_t(70));
        compareAnswers(*load.index, *freshLoad(), probes({1, 65, 70}));
    }

    // What the change log cannot describe, the cache reads in full: a descriptor changed in
    // place (no FaceCase code does it), a log row deleted by hand (the face counts disagree).
    void whatTheLogCannotSayIsReadInFull() {
        const auto stored = enroll(*m_db, 1, 60);
        GalleryIndexCache cache(indexFolder());
        const qint64 loadedAt = get(cache).index->revision();
        const qint64 face = stored[20].faceIds.front();
        const Descriptor moved = syntheticDescriptor(777);
        QVERIFY(m_other->exec(QStringLiteral("UPDATE faces SET descriptor = %1 WHERE id = %2")
                                  .arg(blobLiteral(*m_other, FaceRecord::encodeDescriptor(moved)))
                                  .arg(face),
                              QStringLiteral("change a descriptor in place"))
                    .ok());
        const GalleryIndexLoad changed = get(cache);
        QVERIFY(!changed.incremental);
        QCOMPARE(changed.reloadReason,
                 QStringLiteral("face %1 changed in place since revision %2").arg(face).arg(loadedAt));
        auto found = changed.index->search(moved, 1);
        QVERIFY(found.ok());
        QCOMPARE(found->hits.front().faceId, face);
        QCOMPARE(found->hits.front().distance, 0.0);

        remove(stored[5].imageId);
        QVERIFY(m_other->exec(QStringLiteral("DELETE FROM face_changes WHERE face_id = %1").arg(stored[5].faceIds.front()),
                              QStringLiteral("lose a log row"))
                    .ok());
        const GalleryIndexLoad checked = get(cache);
        QVERIFY(!checked.incremental);
        QVERIFY2(checked.reloadReason.endsWith(QStringLiteral("give 60 faces, the gallery holds 59")),
                 qPrintable(checked.reloadReason));
        QCOMPARE(checked.index->size(), std::size_t(59));
        compareAnswers(*checked.index, *freshLoad(), probes({6, 21}));
    }

    // A process with no index in memory reads this workstation's descriptor snapshot and applies
    // the changes since: the same answers as a full read of the database.
    void snapshotIsReadThenFollowsTheGallery() {
        const auto enrolled = enroll(*m_db, 1, 60);
        const QString folder = indexFolder();
        {
            GalleryIndexCache first(folder, {}, GalleryIndexCache::Snapshots::Always);
            const GalleryIndexLoad load = get(first);
            QCOMPARE(load.how(), QStringLiteral("loaded"));
            QVERIFY2(load.snapshotNote.isEmpty(), qPrintable(load.snapshotNote));
            const QFileInfo written(first.snapshotPath(m_gallery, kModel));
            QVERIFY(written.exists());
            // Biometric templates: the owner's only.
            QCOMPARE(written.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                              QFileDevice::WriteGroup | QFileDevice::WriteOther),
                     QFileDevice::Permissions{});
        }
        GalleryIndexCache unchanged(folder, {}, GalleryIndexCache::Snapshots::Always);
        const GalleryIndexLoad same = get(unchanged);
        QVERIFY(same.fromSnapshot && !same.incremental);
        QCOMPARE(same.how(), QStringLiteral("read from this workstation's copy"));
        compareAnswers(*same.index, *freshLoad(), probes({1, 30, 60}));

        enroll(*m_other, 61, 62);
        remove(enrolled[4].imageId);  // +2 -1
        GalleryIndexCache later(folder, {}, GalleryIndexCache::Snapshots::Always);
        const GalleryIndexLoad followed = get(later);
        QVERIFY2(followed.fromSnapshot && followed.incremental, qPrintable(followed.snapshotNote));
        QCOMPARE(followed.how(),
                 QStringLiteral("read from this workstation's copy, updated (+2 -1 faces)"));
        QCOMPARE(followed.index->size(), std::size_t(61));
        compareAnswers(*followed.index, *freshLoad(), probes({1, 5, 61, 62}));
        // Further changes in this process follow from there, as for any index in memory.
        enroll(*m_other, 63, 63);
        const GalleryIndexLoad again = get(later);
        QVERIFY(again.incremental && !again.fromSnapshot);
        compareAnswers(*again.index, *freshLoad(), probes({63}));
    }

    // Agency databases get a snapshot by default; an SQLite workspace, which reads its own file
    // about as fast, does not.
    void snapshotsAreForAgencyDatabases() {
        enroll(*m_db, 1, 5);
        GalleryIndexCache cache(indexFolder());
        get(cache);
        QCOMPARE(QFileInfo::exists(cache.snapshotPath(m_gallery, kModel)),
                 m_db->dialect().backend() == SqlBackend::PostgreSql);
    }

    // An agency that allows no templates at rest on workstations says so in its policy: the
    // next open reads the server and removes the copy this workstation had kept.
    void policyKeepsTemplatesOffWorkstations() {
        if (m_db->dialect().backend() != SqlBackend::PostgreSql)
            QSKIP("workstation copies are kept of agency databases only");
        enroll(*m_db, 1, 5);
        const QString folder = indexFolder();
        const QString path = GalleryIndexCache(folder).snapshotPath(m_gallery, kModel);
        {
            GalleryIndexCache first(folder);
            get(first);
        }
        QVERIFY(QFileInfo::exists(path));
        auto changed = PolicyStore(*m_db).change(
            {{QStringLiteral("index.workstation_copies"), QStringLiteral("none")}}, {},
            QStringLiteral("No biometric templates at rest on workstations"), QStringLiteral("boss"));
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));
        GalleryIndexCache next(folder);
        const GalleryIndexLoad load = get(next);
        QVERIFY(!load.fromSnapshot);
        QVERIFY(!QFileInfo::exists(path));
        QCOMPARE(load.index->size(), std::size_t(5));
    }

    // A damaged snapshot, or one of another gallery state the change log cannot bridge, is not
    // used: the database is read in full, and a good snapshot written in its place.
    void unusableSnapshotIsReadInFullAndReplaced() {
        enroll(*m_db, 1, 60);
        const QString folder = indexFolder();
        {
            GalleryIndexCache first(folder, {}, GalleryIndexCache::Snapshots::Always);
            get(first);
        }
        const QString path = GalleryIndexCache(folder).snapshotPath(m_gallery, kModel);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek(file.size() / 2));
            const QByteArray byte = file.read(1);
            QVERIFY(file.seek(file.size() / 2));
            QCOMPARE(file.write(QByteArray(1, char(byte.at(0) ^ 0x5a))), 1);
        }
        GalleryIndexCache damaged(folder, {}, GalleryIndexCache::Snapshots::Always);
        const GalleryIndexLoad full = get(damaged);
        QVERIFY(!full.fromSnapshot);
        QCOMPARE(full.how(), QStringLiteral("loaded"));
        QVERIFY2(full.snapshotNote.contains(QStringLiteral("checksum does not match")),
                 qPrintable(full.snapshotNote));
        GalleryIndexCache repaired(folder, {}, GalleryIndexCache::Snapshots::Always);
        QVERIFY(get(repaired).fromSnapshot);

        enroll(*m_other, 61, 75);  // 25%: more than the change log is used for
        GalleryIndexCache behind(folder, {}, GalleryIndexCache::Snapshots::Always);
        const GalleryIndexLoad reread = get(behind);
        QVERIFY(!reread.fromSnapshot && !reread.incremental);
        QVERIFY2(reread.snapshotNote.startsWith(QStringLiteral("this workstation's copy was not used: 15 faces added")),
                 qPrintable(reread.snapshotNote));
        compareAnswers(*reread.index, *freshLoad(), probes({1, 75}));
    }

    // A snapshot whose rows differ from the database (edited, or a bug) never shows its score:
    // the candidates are checked against the database, the snapshot dropped and the search
    // run again on the database's descriptors.
    void searchChecksCandidatesAgainstTheDatabase() {
        const auto stored = enroll(*m_db, 1, 60);
        const QString folder = indexFolder();
        auto truth = freshLoad();
        // A snapshot in which face 10's row is the probe itself: it would rank first at 0.
        const Descriptor probe = syntheticDescriptor(4242);
        std::vector<float> values(truth->exactIndex()->row(0),
                                  truth->exactIndex()->row(0) + 60 * Descriptor::kSize);
        std::copy(probe.values.begin(), probe.values.end(), values.begin() + 9 * Descriptor::kSize);
        std::vector<qint64> ids(truth->exactIndex()->faceIds().begin(), truth->exactIndex()->faceIds().end());
        auto forged = ExactIndex::create(std::move(values), std::move(ids), truth->revision());
        QVERIFY(forged.ok());
        auto workspaceId = workspaceIdOf(*m_db);
        QVERIFY(workspaceId.ok());
        auto cache = std::make_shared<GalleryIndexCache>(folder, GalleryIndexOptions{},
                                                         GalleryIndexCache::Snapshots::Always);
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(DescriptorSnapshot::write(cache->snapshotPath(m_gallery, kModel),
                                          {*workspaceId, m_gallery, kModel}, *forged,
                                          stored.back().faceIds.front())
                    .ok());

        const GallerySearch search(cache, nullptr);
        auto found = search.search(*m_db, {QStringLiteral("Bookings"), kModel, probe, 5, SearchMode::ExactOnly});
        QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
        QCOMPARE(found->indexLoad, QStringLiteral("loaded"));  // the second, from the database
        auto expected = truth->search(probe, 5, SearchMode::ExactOnly);
        QVERIFY(expected.ok());
        QCOMPARE(found->candidates.size(), expected->hits.size());
        for (std::size_t i = 0; i < expected->hits.size(); ++i) {
            QCOMPARE(found->candidates[i].provenance.faceId, expected->hits[i].faceId);
            QCOMPARE(found->candidates[i].distance, expected->hits[i].distance);
        }
        // The snapshot written after that read is the database's.
        GalleryIndexCache next(folder, {}, GalleryIndexCache::Snapshots::Always);
        const GalleryIndexLoad load = get(next);
        QVERIFY(load.fromSnapshot);
        compareAnswers(*load.index, *truth, {probe});
    }

    // Above the HNSW threshold: the graph is rebased while few faces changed (its file kept as
    // built, and refused by a restarted process, which rebuilds), then rebuilt past 10%.
    void hnswGraphIsRebasedThenRebuilt() {
        const GalleryIndexOptions options = hnswOptions(50);
        const QString folder = indexFolder();
        enroll(*m_db, 1, 60);
        GalleryIndexCache cache(folder, options);
        const GalleryIndexLoad first = get(cache);
        QVERIFY(first.index->usesHnsw() && first.hnswBuilt);
        const QString path = cache.hnswPath(m_gallery, kModel);
        const QByteArray built = fileFingerprint(path);
        QVERIFY(!built.isEmpty());

        const auto added = enroll(*m_other, 61, 63);
        const GalleryIndexLoad followed = get(cache);
        QVERIFY2(followed.incremental, qPrintable(followed.reloadReason));
        QVERIFY(followed.index->usesHnsw());
        QVERIFY(!followed.hnswBuilt);
        QCOMPARE(followed.index->hnswIndex()->facesChangedSinceBuilt(), std::size_t(3));
        QCOMPARE(followed.index->hnswIndex()->builtForRevision(), first.index->revision());
        QCOMPARE(fileFingerprint(path), built);  // the file still describes what the graph does
        auto hit = followed.index->search(*syntheticRecord(63).faces.front().descriptor, 3);
        QVERIFY(hit.ok());
        QCOMPARE(hit->method, SearchMethod::Hnsw);
        QCOMPARE(hit->hits.front().faceId, added[2].faceIds.front());
        compareAnswers(*followed.index, *freshLoad(options), probes({1, 61, 63}));

        // A restarted process: the file is for an earlier state, so the graph is rebuilt.
        GalleryIndexCache restarted(folder, options);
        const GalleryIndexLoad reopened = get(restarted);
        QVERIFY(reopened.hnswBuilt);
        QVERIFY2(reopened.hnswNote.contains(QStringLiteral("stale")), qPrintable(reopened.hnswNote));

        // 4 more: 7 changed since the graph was built, past 10% of 67: read in full, rebuilt.
        enroll(*m_other, 64, 67);
        const GalleryIndexLoad drifted = get(cache);
        QVERIFY(!drifted.incremental);
        QVERIFY2(drifted.reloadReason.startsWith(QStringLiteral("7 faces changed since the HNSW graph was built")),
                 qPrintable(drifted.reloadReason));
        QVERIFY(drifted.hnswBuilt && drifted.index->usesHnsw());
        QCOMPARE(drifted.index->hnswIndex()->facesChangedSinceBuilt(), std::size_t(0));
    }

    // `bench index-update` on a small synthetic gallery: the update is incremental and answers
    // like a fresh load; a real gallery is refused (the benchmark adds faces).
    void indexUpdateBenchmarkRuns() {
        fillSyntheticGallery(300);
        enroll(*m_db, 1, 3);
        IndexUpdateBenchmarkOptions options;
        options.gallery = QStringLiteral("bench");
        options.add = 20;
        options.probes = 10;
        auto result = IndexUpdateBenchmark::run(*m_workspace, options);
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        QCOMPARE(result->facesBefore, std::size_t(300));
        QCOMPARE(result->facesAfter, std::size_t(320));
        QVERIFY2(result->incremental, qPrintable(result->reloadReason));
        QVERIFY(result->identicalAnswers);
        QCOMPARE(result->probesCompared, 10);
        QCOMPARE(result->backend, m_db->dialect().name());
        options.gallery = QStringLiteral("Bookings");
        auto refused = IndexUpdateBenchmark::run(*m_workspace, options);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("give a synthetic one")),
                 qPrintable(refused.errorMessage()));
    }

    // The measurement behind docs/benchmarks.md, on the test's backend: set FACECASE_BENCH_FACES
    // (e.g. 100000) and optionally FACECASE_BENCH_ADD (default 1000); prints the numbers.
    void measurement() {
        const QByteArray faces = qgetenv("FACECASE_BENCH_FACES");
        if (faces.isEmpty()) QSKIP("set FACECASE_BENCH_FACES=N to run the index update measurement");
        const QByteArray add = qgetenv("FACECASE_BENCH_ADD");
        const double rate = fillSyntheticGallery(faces.toLongLong());
        qInfo("%s: %lld synthetic faces written at %.0f faces/s (batches of 10,000)",
              qPrintable(m_db->dialect().name()), faces.toLongLong(), rate);
        IndexUpdateBenchmarkOptions options;
        options.gallery = QStringLiteral("Bench");
        options.add = add.isEmpty() ? 1000 : add.toLongLong();
        for (int run = 0; run < 3; ++run) {
            auto r = IndexUpdateBenchmark::run(*m_workspace, options);
            QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
            qInfo("%s: %zu faces loaded in %.3f s; +%lld faces written in %.3f s; index %s in %.3f s; "
                  "fresh full load %.3f s; answers %s",
                  qPrintable(r->backend), r->facesBefore, r->firstLoadSeconds, options.add,
                  r->addSeconds, r->incremental ? "updated" : qPrintable(QStringLiteral("reloaded (%1)").arg(r->reloadReason)),
                  r->updateSeconds, r->fullReloadSeconds, r->identicalAnswers ? "identical" : "DIFFERENT");
            QVERIFY(r->incremental && r->identicalAnswers);
        }
    }

    // An update that takes the gallery past the threshold builds the graph as a first load does.
    void growingPastTheThresholdBuildsTheGraph() {
        enroll(*m_db, 1, 60);
        GalleryIndexCache cache(indexFolder(), hnswOptions(62));
        QVERIFY(!get(cache).index->usesHnsw());
        enroll(*m_other, 61, 63);
        const GalleryIndexLoad load = get(cache);
        QVERIFY2(load.incremental, qPrintable(load.reloadReason));
        QVERIFY(load.hnswBuilt);
        QVERIFY(load.index->usesHnsw());
        QVERIFY(QFile::exists(cache.hnswPath(m_gallery, kModel)));
    }
};

QTEST_GUILESS_MAIN(TestGalleryIndexCache)
#include "test_gallery_index_cache.moc"
