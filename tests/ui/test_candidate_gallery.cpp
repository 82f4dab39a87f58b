// The candidate gallery on real search results: eight people's photos analysed by the engine,
// ranked against a probe of Sheldon. The model's contract (item-model tester, roles, wording),
// thumbnails made off the GUI thread and delivered by dataChanged, broken files shown as such,
// cards painted with or without a thumbnail, and the analyst's keyboard: arrows, Enter, 1/2/3.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>
#include <QtTest>
#include <memory>
#include <cmath>
#include <optional>

#include "candidate_fixture.h"
#include "candidates/candidate_delegate.h"
#include "candidates/candidate_filter_model.h"
#include "candidates/candidate_gallery_view.h"
#include "candidates/candidate_list_model.h"
#include "matching/fmr_wording.h"
#include "candidates/thumbnail_loader.h"
#include "compare/candidate_face_job.h"
#include "jobs/engine_host.h"
#include "support/test_data.h"

using namespace facecase;
using namespace facecase::ui;

Q_DECLARE_METATYPE(std::optional<facecase::FmrEstimate>)

namespace {
using Role = CandidateListModel::Role;

// Count of pixels that differ from the top-left one: "something was painted here".
int paintedPixels(const QImage& image, const QRect& area) {
    const QRgb background = image.pixel(area.topLeft());
    int count = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            if (image.pixel(x, y) != background) ++count;
    return count;
}
}  // namespace

class TestCandidateGallery : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void fmrWording_data();
    void fmrWording();
    void expectedWording();
    void rowsComeFromTheRealRanking();
    void modelPassesTheItemModelTester();
    void thumbnailsLoadOffTheGuiThreadAndArriveByDataChanged();
    void thumbnailsAreMadeAtTheDevicePixelRatio();
    void thumbnailIsTheAlignedChipOfTheCompareView();
    void missingFileGivesAnErrorThumbnail();
    void changedFileGivesAnErrorThumbnail();
    void clearedRequestsAreDropped();
    void delegatePaintsWithoutAThumbnail();
    void headerShowsTheSearchAndTheLeadsNote();
    void candidatesBelowTheThresholdAreMarkedNotHidden();
    void keyboardMovesComparesAndRecordsVerdicts();
    void verdictFilterAndOrder();
    void screenshot();

private:
    std::vector<CandidateRow> rowsWithPath(const QString& path, const QString& sha256) const;

    std::unique_ptr<EngineHost> m_engine;
    std::optional<test::CandidateFixture> m_fixture;
    std::unique_ptr<CandidateGalleryView> m_view;
    QTemporaryDir m_dir;
};

void TestCandidateGallery::initTestCase() {
    FACECASE_REQUIRE_TESTDATA();
    m_engine = std::make_unique<EngineHost>();
    m_engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->state() != EngineHost::State::Loading, 60000);
    QVERIFY2(m_engine->isReady(), qPrintable(m_engine->errorMessage()));
    // Probe: Sheldon's fifth photo. Gallery: photos 1-4 of all eight people (32 faces).
    QStringList gallery;
    for (const QString& person : test::samplePeople())
        for (int n = 1; n <= 4; ++n) gallery << test::sample(person, n);
    auto fixture = test::buildCandidates(*m_engine->pipelinePool(),
                                         test::sample(QStringLiteral("sheldon"), 5), gallery, 12);
    QVERIFY2(fixture.ok(), qPrintable(fixture.errorMessage()));
    m_fixture = std::move(fixture.value());
    QCOMPARE(m_fixture->outcome.candidates.size(), std::size_t(12));
}

void TestCandidateGallery::cleanupTestCase() {
    m_view.reset();
    m_engine.reset();
}

void TestCandidateGallery::init() {
    m_view = std::make_unique<CandidateGalleryView>(m_engine.get());
    m_view->resize(1280, 800);
}

void TestCandidateGallery::cleanup() {
    m_view.reset();
}

std::vector<CandidateRow> TestCandidateGallery::rowsWithPath(const QString& path,
                                                             const QString& sha256) const {
    std::vector<CandidateRow> rows = m_fixture->rows();
    rows.resize(1);
    rows[0].candidate.provenance.imagePath = path;
    rows[0].candidate.provenance.imageSha256 = sha256;
    return rows;
}

void TestCandidateGallery::fmrWording_data() {
    QTest::addColumn<std::optional<FmrEstimate>>("fmr");
    QTest::addColumn<QString>("words");
    QTest::addColumn<QString>("brief");
    QTest::newRow("1 in 40,000") << std::optional<FmrEstimate>(FmrEstimate{2.5e-5, false})
                                 << QStringLiteral("1 in 40,000 different people score this close")
                                 << QStringLiteral("1 in 40,000");
    QTest::newRow("two significant digits")
        << std::optional<FmrEstimate>(FmrEstimate{1.0 / 1234.0, false})
        << QStringLiteral("1 in 1,200 different people score this close")
        << QStringLiteral("1 in 1,200");
    // An upper bound rounds down, so "fewer than" stays true: 1/123,456 < 1/120,000.
    QTest::newRow("upper bound") << std::optional<FmrEstimate>(FmrEstimate{1.0 / 123456.0, true})
                                 << QStringLiteral(
                                        "Fewer than 1 in 120,000 different people score this "
                                        "close")
                                 << QStringLiteral("< 1 in 120,000");
    QTest::newRow("percent") << std::optional<FmrEstimate>(FmrEstimate{0.12, false})
                             << QStringLiteral("12% of different people score this close")
                             << QStringLiteral("12%");
    QTest::newRow("small percent")
        << std::optional<FmrEstimate>(FmrEstimate{0.035, false})
        << QStringLiteral("3.5% of different people score this close") << QStringLiteral("3.5%");
    QTest::newRow("no calibration")
        << std::optional<FmrEstimate>() << QStringLiteral("Not calibrated: the distance alone")
        << QStringLiteral("\u2014");
}

void TestCandidateGallery::fmrWording() {
    QFETCH(std::optional<FmrEstimate>, fmr);
    QFETCH(QString, words);
    QFETCH(QString, brief);
    QCOMPARE(FmrWording::rate(fmr), words);
    QCOMPARE(FmrWording::shortRate(fmr), brief);
}

void TestCandidateGallery::expectedWording() {
    QCOMPARE(FmrWording::expected(7.5, 300000, false),
             QStringLiteral("In a gallery of 300,000 expect ~7.5 false candidates this close"));
    QCOMPARE(FmrWording::expected(0.0123, 32, true),
             QStringLiteral("In a gallery of 32 expect fewer than 0.012 false candidates this "
                            "close"));
    QCOMPARE(FmrWording::expected(-1, 32, false), QString());
}

void TestCandidateGallery::rowsComeFromTheRealRanking() {
    m_view->setResults(m_fixture->outcome, m_fixture->rows());
    const CandidateListModel* model = m_view->model();
    QCOMPARE(model->rowCount(), 12);
    // Sheldon's four gallery photos are the nearest faces to his fifth.
    for (int row = 0; row < 4; ++row) {
        const QModelIndex i = model->index(row);
        QCOMPARE(i.data(Role::SubjectNameRole).toString(), QStringLiteral("Sheldon"));
        QCOMPARE(i.data(Role::RankRole).toInt(), row + 1);
    }
    double previous = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex i = model->index(row);
        const double distance = i.data(Role::DistanceRole).toDouble();
        QVERIFY(distance >= previous);
        previous = distance;
        // The shipped calibration rates every distance; the words say how often.
        QVERIFY(i.data(Role::FmrRole).isValid());
        const QString words = i.data(Role::FmrTextRole).toString();
        QVERIFY2(QRegularExpression(
                     QStringLiteral(
                         "^((Fewer than )?1 in [0-9,]+ different people|[0-9.]+% of different "
                         "people) score this close$"))
                     .match(words)
                     .hasMatch(),
                 qPrintable(words));
        QVERIFY(i.data(Role::ExpectedFalseTextRole)
                    .toString()
                    .startsWith(QStringLiteral("In a gallery of 32 expect ")));
        QCOMPARE(i.data(Role::GallerySizeRole).toULongLong(), 32ull);
        QVERIFY(!i.data(Role::RecordedCandidateIdRole).isValid());  // not on record yet
        QVERIFY(i.data(Qt::ToolTipRole).toString().contains(words));
    }
    // A mate is rarer among different people than the 12th candidate.
    QVERIFY(model->index(0).data(Role::FmrRole).toDouble() <
            model->index(11).data(Role::FmrRole).toDouble());
    m_view->model()->setRecordedCandidateId(0, 4711);
    QCOMPARE(model->index(0).data(Role::RecordedCandidateIdRole).toLongLong(), 4711);
}

void TestCandidateGallery::modelPassesTheItemModelTester() {
    CandidateListModel* model = m_view->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(m_view->proxyModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_view->setResults(m_fixture->outcome, m_fixture->rows());
    QCOMPARE(model->rowCount(), 12);
    model->setVerdict(2, CandidateVerdict::NotAMatch);
    model->setVerdict(0, CandidateVerdict::PossibleMatch);
    m_view->filterCombo()->setCurrentIndex(
        m_view->filterCombo()->findData(int(CandidateFilterModel::Filter::HideNotAMatch)));
    QCOMPARE(m_view->proxyModel()->rowCount(), 11);
    for (int row = 0; row < model->rowCount(); ++row)
        model->data(model->index(row), Qt::DecorationRole);  // thumbnails start loading
    QTRY_VERIFY_WITH_TIMEOUT(model->thumbnailLoader()->pendingCount() == 0, 30000);
    model->setCandidates(m_fixture->rows());  // a second search replaces the first
    model->clear();
    QCOMPARE(model->rowCount(), 0);
}

void TestCandidateGallery::thumbnailsLoadOffTheGuiThreadAndArriveByDataChanged() {
    QThreadPool pool;
    ThumbnailLoader loader(&pool);
    CandidateListModel model(&loader);
    model.setThumbnailSize(QSize(160, 160), 1.0);
    model.setCandidates(m_fixture->rows());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    const QModelIndex first = model.index(0);
    const QPixmap placeholder = first.data(Qt::DecorationRole).value<QPixmap>();
    QVERIFY(!placeholder.isNull());  // never blocks: a placeholder at once
    QVERIFY(first.data(Role::ThumbnailLoadingRole).toBool());
    QCOMPARE(loader.pendingCount(), 1);
    first.data(Qt::DecorationRole);  // asking again does not queue a second decode
    QCOMPARE(loader.pendingCount(), 1);

    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 30000);
    const QList<QVariant> args = changed.takeFirst();
    QCOMPARE(args.at(0).toModelIndex(), first);
    QVERIFY(args.at(2).value<QList<int>>().contains(Qt::DecorationRole));
    QVERIFY(loader.lastDecodeThread() != nullptr);
    QVERIFY(loader.lastDecodeThread() != QThread::currentThread());
    QVERIFY(loader.lastDecodeThread() != qApp->thread());

    const QPixmap thumbnail = first.data(Qt::DecorationRole).value<QPixmap>();
    QVERIFY(thumbnail.cacheKey() != placeholder.cacheKey());
    QCOMPARE(std::max(thumbnail.width(), thumbnail.height()), 160);
    QVERIFY(first.data(Role::ThumbnailErrorRole).toString().isEmpty());
    QVERIFY(!first.data(Role::ThumbnailLoadingRole).toBool());
    // The crop is the face, not the background: a real photo has contrast there.
    const QImage image = thumbnail.toImage().convertToFormat(QImage::Format_Grayscale8);
    int lo = 255;
    int hi = 0;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4) {
            lo = std::min(lo, qGray(image.pixel(x, y)));
            hi = std::max(hi, qGray(image.pixel(x, y)));
        }
    QVERIFY2(hi - lo > 80, qPrintable(QStringLiteral("contrast %1").arg(hi - lo)));
}

void TestCandidateGallery::thumbnailsAreMadeAtTheDevicePixelRatio() {
    QThreadPool pool;
    ThumbnailLoader loader(&pool);
    CandidateListModel model(&loader);
    model.setThumbnailSize(QSize(100, 100), 2.0);
    model.setCandidates(m_fixture->rows());
    model.index(1).data(Qt::DecorationRole);
    QTRY_VERIFY_WITH_TIMEOUT(!model.index(1).data(Role::ThumbnailLoadingRole).toBool(), 30000);
    const QPixmap thumbnail = model.index(1).data(Qt::DecorationRole).value<QPixmap>();
    QCOMPARE(thumbnail.devicePixelRatio(), 2.0);
    QCOMPARE(std::max(thumbnail.width(), thumbnail.height()), 200);  // device pixels
    QCOMPARE(std::max(thumbnail.deviceIndependentSize().width(),
                      thumbnail.deviceIndependentSize().height()),
             100.0);
}

// The card shows the face as the compare view does: the aligned chip (issue 4), re-cut here
// from the stored landmarks, there from landmarks fitted again inside the stored box. At the
// chip's own size the two agree to rounding; the old crop of the box with a margin does not.
void TestCandidateGallery::thumbnailIsTheAlignedChipOfTheCompareView() {
    const auto meanDifference = [](const QImage& a, const QImage& b) {
        const QImage ga = a.convertToFormat(QImage::Format_Grayscale8);
        const QImage gb = b.convertToFormat(QImage::Format_Grayscale8);
        double sum = 0;
        for (int y = 0; y < ga.height(); ++y)
            for (int x = 0; x < ga.width(); ++x) sum += std::abs(qGray(ga.pixel(x, y)) - qGray(gb.pixel(x, y)));
        return sum / (ga.width() * ga.height());
    };
    const int row = 2;
    const CandidateProvenance& p = m_fixture->outcome.candidates[std::size_t(row)].provenance;
    QVERIFY(p.landmarks.has_value());
    QThreadPool pool;
    ThumbnailLoader loader(&pool);
    CandidateListModel model(&loader);
    model.setThumbnailSize(QSize(FaceChip::kSize, FaceChip::kSize), 1.0);
    model.setCandidates(m_fixture->rows());
    model.index(row).data(Qt::DecorationRole);
    QTRY_VERIFY_WITH_TIMEOUT(!model.index(row).data(Role::ThumbnailLoadingRole).toBool(), 30000);
    QVERIFY2(model.index(row).data(Role::ThumbnailErrorRole).toString().isEmpty(),
             qPrintable(model.index(row).data(Role::ThumbnailErrorRole).toString()));
    const QImage thumbnail = model.index(row).data(Qt::DecorationRole).value<QPixmap>().toImage();
    QCOMPARE(thumbnail.size(), QSize(FaceChip::kSize, FaceChip::kSize));
    QVERIFY(loader.lastDecodeThread() != qApp->thread());

    CandidateFaceJob job(&pool);
    job.setPipelinePool(m_engine->pipelinePool());
    QImage chip;
    connect(&job, &CandidateFaceJob::finished, this, [&chip](const CandidateFaceResult& r) { chip = r.chip; });
    job.analyze(p.imagePath, p.imageSha256, p.box, p.faceIndex);
    QTRY_VERIFY_WITH_TIMEOUT(!chip.isNull(), 30000);
    QCOMPARE(chip.size(), thumbnail.size());
    const double aligned = meanDifference(thumbnail, chip);
    QVERIFY2(aligned < 2.0, qPrintable(QStringLiteral("mean difference %1 grey levels").arg(aligned)));

    // Without landmarks (none on record) the loader falls back to the crop: visibly another picture.
    loader.request({p.imagePath, p.imageSha256, p.box, std::nullopt}, thumbnail.size(), 1.0);
    const QString cropKey = ThumbnailLoader::keyFor({p.imagePath, p.imageSha256, p.box, std::nullopt}, thumbnail.size());
    QTRY_VERIFY_WITH_TIMEOUT(loader.isLoaded(cropKey), 30000);
    const QImage crop = loader.pixmap(cropKey).toImage().scaled(thumbnail.size());
    const double cropped = meanDifference(crop, chip);
    qInfo("aligned thumbnail vs compare chip: %.2f grey levels; crop vs chip: %.2f", aligned, cropped);
    QVERIFY2(cropped > 4 * std::max(aligned, 1.0), qPrintable(QStringLiteral("crop differs by %1, aligned by %2").arg(cropped).arg(aligned)));
}

void TestCandidateGallery::missingFileGivesAnErrorThumbnail() {
    const QString missing = m_dir.filePath(QStringLiteral("moved-away.png"));
    QThreadPool pool;
    ThumbnailLoader loader(&pool);
    CandidateListModel model(&loader);
    model.setCandidates(rowsWithPath(missing, QString(64, QLatin1Char('0'))));
    const QModelIndex i = model.index(0);
    i.data(Qt::DecorationRole);
    QTRY_VERIFY_WITH_TIMEOUT(!i.data(Role::ThumbnailLoadingRole).toBool(), 30000);
    const QString error = i.data(Role::ThumbnailErrorRole).toString();
    QVERIFY2(error.contains(QStringLiteral("moved-away.png")), qPrintable(error));
    QVERIFY(!i.data(Qt::DecorationRole).value<QPixmap>().isNull());  // the error thumbnail
    QVERIFY(i.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Thumbnail unavailable")));
}

void TestCandidateGallery::changedFileGivesAnErrorThumbnail() {
    // The file at the recorded path is now another photo: its SHA-256 no longer matches.
    const QString copy = m_dir.filePath(QStringLiteral("replaced.png"));
    QVERIFY(QFile::copy(test::sample(QStringLiteral("penny"), 1), copy));
    const QString recorded = m_fixture->outcome.candidates[0].provenance.imageSha256;
    QThreadPool pool;
    ThumbnailLoader loader(&pool);
    CandidateListModel model(&loader);
    model.setCandidates(rowsWithPath(copy, recorded));
    model.index(0).data(Qt::DecorationRole);
    QTRY_VERIFY_WITH_TIMEOUT(!model.index(0).data(Role::ThumbnailLoadingRole).toBool(), 30000);
    const QString error = model.index(0).data(Role::ThumbnailErrorRole).toString();
    QVERIFY2(error.contains(QStringLiteral("replaced.png")) &&
                 error.contains(QStringLiteral("changed since it was enrolled")),
             qPrintable(error));
}

void TestCandidateGallery::clearedRequestsAreDropped() {
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    ThumbnailLoader loader(&pool);
    QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
    for (const SearchCandidate& c : m_fixture->outcome.candidates)
        loader.request({c.provenance.imagePath, c.provenance.imageSha256, c.provenance.box, std::nullopt},
                       QSize(64, 64), 1.0);
    QCOMPARE(loader.pendingCount(), 12);
    loader.clear();  // a new search: nothing of the old one may arrive
    QCOMPARE(loader.pendingCount(), 0);
    pool.waitForDone();
    // The finished notifications were posted before waitForDone() returned: a call queued now
    // is delivered after them.
    bool flushed = false;
    QMetaObject::invokeMethod(&loader, [&flushed] { flushed = true; }, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(flushed, 30000);
    QCOMPARE(ready.count(), 0);
    QVERIFY(!loader.isLoaded(
        ThumbnailLoader::keyFor({m_fixture->outcome.candidates[0].provenance.imagePath,
                                 m_fixture->outcome.candidates[0].provenance.imageSha256,
                                 m_fixture->outcome.candidates[0].provenance.box, std::nullopt},
                                QSize(64, 64))));
}

void TestCandidateGallery::delegatePaintsWithoutAThumbnail() {
    CandidateDelegate delegate;
    QStyleOptionViewItem option;
    option.font = m_view->font();
    option.palette = m_view->palette();
    option.state = QStyle::State_Enabled;
    const QSize size = delegate.sizeHint(option, {});
    QVERIFY(size.width() > delegate.thumbnailSize().width());
    QVERIFY(size.height() > delegate.thumbnailSize().height() + 60);
    option.rect = QRect(QPoint(0, 0), size);

    // 1. The real model before its thumbnail arrived: the placeholder is painted.
    QThreadPool pool;
    ThumbnailLoader loader(&pool);
    CandidateListModel model(&loader);
    model.setCandidates(m_fixture->rows());
    QImage card(size, QImage::Format_ARGB32_Premultiplied);
    card.fill(Qt::transparent);
    {
        QPainter painter(&card);
        delegate.paint(&painter, option, model.index(0));
    }
    QVERIFY(model.index(0).data(Role::ThumbnailLoadingRole).toBool());  // still on its way
    const QRect textArea(8, delegate.thumbnailSize().height() + 20, size.width() - 16,
                         size.height() - delegate.thumbnailSize().height() - 28);
    QVERIFY(paintedPixels(card, textArea) > 200);  // subject, distance, rate, verdict badge
    // The rank badge: near-black on the thumbnail's top-left corner.
    const QColor badge = card.pixelColor(21, 26);
    QVERIFY2(badge.lightness() < 90, qPrintable(badge.name()));

    // 2. A row with no decoration at all still makes a whole card.
    QStandardItemModel bare;
    auto* item = new QStandardItem;
    item->setData(7, Role::RankRole);
    item->setData(QStringLiteral("Jane Doe"), Role::SubjectNameRole);
    item->setData(QStringLiteral("0.512"), Role::DistanceTextRole);
    item->setData(int(CandidateVerdict::Inconclusive), Role::VerdictRole);
    bare.appendRow(item);
    QImage empty(size, QImage::Format_ARGB32_Premultiplied);
    empty.fill(Qt::transparent);
    {
        QPainter painter(&empty);
        delegate.paint(&painter, option, bare.index(0, 0));
    }
    QVERIFY(paintedPixels(empty, textArea) > 100);
    // The inconclusive badge's amber is there (with its word).
    bool amber = false;
    for (int y = textArea.top(); y < size.height() && !amber; ++y)
        for (int x = 0; x < size.width() && !amber; ++x)
            amber = empty.pixelColor(x, y) == VerdictStyle::color(CandidateVerdict::Inconclusive);
    QVERIFY(amber);
}

void TestCandidateGallery::headerShowsTheSearchAndTheLeadsNote() {
    m_view->setProbeDescription(QStringLiteral("face 1 of sheldon5.png"));
    m_view->setResults(m_fixture->outcome);
    const QString header = m_view->headerText();
    QVERIFY2(header.contains(QStringLiteral("sheldon5.png")), qPrintable(header));
    QVERIFY(header.contains(QStringLiteral("\u201Cbbt-samples\u201D")));
    QVERIFY(header.contains(QStringLiteral("N = 32 faces")));
    QVERIFY(header.contains(QStringLiteral("k = 12")));
    QVERIFY(header.contains(m_fixture->outcome.modelKey));
    QVERIFY(header.contains(QStringLiteral("exact search")));
    const auto* note = m_view->findChild<QLabel*>(QStringLiteral("candidateGalleryNote"));
    QVERIFY(note);
    QVERIFY(
        note->text().startsWith(QStringLiteral("Investigative leads \u2014 not identifications")));
    m_view->clear();
    QVERIFY(note->text().startsWith(QStringLiteral("Investigative leads")));  // permanent
}

// The threshold shown (settings: "1 in N"): a candidate whose calibrated rate is weaker is
// marked (role, tooltip, faded card with words on it) and counted in the header, and still
// listed: investigation mode never cuts the list.
void TestCandidateGallery::candidatesBelowTheThresholdAreMarkedNotHidden() {
    QThreadPool pool;
    ThumbnailLoader loader(&pool);
    CandidateListModel model(&loader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCandidates(m_fixture->rows());
    const auto weakerThan = [this](int oneIn) {
        QList<bool> expected;
        for (const SearchCandidate& c : m_fixture->outcome.candidates)
            expected << (c.fmr && !c.fmr->beyondData && c.fmr->fmr > 1.0 / oneIn);
        return expected;
    };
    // Unset: nothing is claimed.
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(!model.index(row).data(Role::BelowThresholdRole).toBool());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setThresholdOneIn(10000);
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(Role::BelowThresholdRole));
    const QList<bool> expected = weakerThan(10000);
    QVERIFY2(expected.contains(true) && expected.contains(false), "the fixture needs both kinds");
    QCOMPARE(model.rowCount(), 12);  // never cut
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex i = model.index(row);
        QCOMPARE(i.data(Role::BelowThresholdRole).toBool(), expected.at(row));
        QCOMPARE(i.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Below the threshold shown (1 in 10,000)")),
                 expected.at(row));
    }
    QCOMPARE(model.belowThresholdCount(), int(expected.count(true)));
    // The mate ranked first scores far rarer than 1 in 10,000.
    QVERIFY(!model.isBelowThreshold(0));

    // The card says it: faded and with words on the face, unlike the same card without a threshold.
    CandidateDelegate delegate;
    QStyleOptionViewItem option;
    option.font = m_view->font();
    option.palette = m_view->palette();
    option.state = QStyle::State_Enabled;
    option.rect = QRect(QPoint(0, 0), delegate.sizeHint(option, {}));
    const int weak = int(expected.indexOf(true));
    const auto paintCard = [&](int row) {
        QImage card(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
        card.fill(Qt::white);
        QPainter painter(&card);
        delegate.paint(&painter, option, model.index(row));
        return card;
    };
    const QImage marked = paintCard(weak);
    model.setThresholdOneIn(0);
    QVERIFY(!model.index(weak).data(Role::BelowThresholdRole).toBool());
    QVERIFY(paintCard(weak) != marked);

    // The header states the threshold and how many fall below it; the grid still shows all 12.
    m_view->setResults(m_fixture->outcome, m_fixture->rows());
    m_view->setThresholdOneIn(10000);
    const QString header = m_view->headerText();
    QVERIFY2(header.contains(QStringLiteral("Threshold shown: 1 in 10,000 (%1 candidate").arg(expected.count(true))),
             qPrintable(header));
    QCOMPARE(m_view->proxyModel()->rowCount(), 12);
    m_view->setThresholdOneIn(1000000);
    QVERIFY2(m_view->headerText().contains(QStringLiteral("1 in 1,000,000")), qPrintable(m_view->headerText()));
    QVERIFY(m_view->model()->belowThresholdCount() >= int(expected.count(true)));
}

void TestCandidateGallery::keyboardMovesComparesAndRecordsVerdicts() {
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_view->setResults(m_fixture->outcome, m_fixture->rows());
    QListView* list = m_view->listView();
    list->setFocus();
    QCOMPARE(m_view->currentRow(), 0);

    QSignalSpy compare(m_view.get(), &CandidateGalleryView::compareRequested);
    QSignalSpy verdict(m_view.get(), &CandidateGalleryView::verdictRequested);

    QTest::keyClick(list, Qt::Key_Right);
    QCOMPARE(m_view->currentRow(), 1);
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(compare.count(), 1);
    QCOMPARE(compare.takeFirst().at(0).toInt(), 1);
    QTest::keyClick(list, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(compare.count(), 1);
    compare.clear();

    QTest::keyClick(list, Qt::Key_1);
    QTest::keyClick(list, Qt::Key_2);
    QTest::keyClick(list, Qt::Key_3);
    QCOMPARE(verdict.count(), 3);
    QCOMPARE(verdict.at(0).at(0).toInt(), 1);
    QCOMPARE(verdict.at(0).at(1).value<CandidateVerdict>(), CandidateVerdict::PossibleMatch);
    QCOMPARE(verdict.at(1).at(1).value<CandidateVerdict>(), CandidateVerdict::NotAMatch);
    QCOMPARE(verdict.at(2).at(1).value<CandidateVerdict>(), CandidateVerdict::Inconclusive);
    // The view only asks; the verdict shows once the owner sets it.
    QCOMPARE(CandidateVerdict(m_view->model()->index(1).data(Role::VerdictRole).toInt()),
             CandidateVerdict::None);

    // Down moves a whole row of cards: as many as fit across.
    const int across = list->viewport()->width() /
                       m_view->listView()->visualRect(m_view->proxyModel()->index(0, 0)).width();
    QVERIFY(across > 1);
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(m_view->currentRow(), 1 + across);
    QTest::keyClick(list, Qt::Key_Left);
    QCOMPARE(m_view->currentRow(), across);
    QTest::keyClick(list, Qt::Key_Home);
    QCOMPARE(m_view->currentRow(), 0);

    // A double click compares too.
    const QRect second = list->visualRect(m_view->proxyModel()->index(1, 0));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, second.center());
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(compare.count(), 1);
    QCOMPARE(compare.takeFirst().at(0).toInt(), 1);
}

void TestCandidateGallery::verdictFilterAndOrder() {
    m_view->setResults(m_fixture->outcome, m_fixture->rows());
    CandidateFilterModel* proxy = m_view->proxyModel();
    QComboBox* filter = m_view->filterCombo();
    const auto choose = [&](CandidateFilterModel::Filter f) {
        filter->setCurrentIndex(filter->findData(int(f)));
    };
    const auto sourceRows = [&] {
        QList<int> rows;
        for (int r = 0; r < proxy->rowCount(); ++r)
            rows << proxy->mapToSource(proxy->index(r, 0)).row();
        return rows;
    };
    m_view->setVerdict(0, CandidateVerdict::PossibleMatch);
    m_view->setVerdict(3, CandidateVerdict::PossibleMatch);
    m_view->setVerdict(2, CandidateVerdict::NotAMatch);
    m_view->setVerdict(5, CandidateVerdict::Inconclusive);

    choose(CandidateFilterModel::Filter::PossibleMatch);
    QCOMPARE(sourceRows(), QList<int>({0, 3}));
    choose(CandidateFilterModel::Filter::NotAMatch);
    QCOMPARE(sourceRows(), QList<int>({2}));
    choose(CandidateFilterModel::Filter::Inconclusive);
    QCOMPARE(sourceRows(), QList<int>({5}));
    choose(CandidateFilterModel::Filter::HideNotAMatch);
    QCOMPARE(proxy->rowCount(), 11);
    QVERIFY(!sourceRows().contains(2));
    choose(CandidateFilterModel::Filter::NotReviewed);
    QCOMPARE(proxy->rowCount(), 8);
    // A verdict recorded while filtered: the card leaves the "not reviewed" list at once.
    m_view->setVerdict(1, CandidateVerdict::NotAMatch);
    QCOMPARE(proxy->rowCount(), 7);
    QVERIFY(!sourceRows().contains(1));

    choose(CandidateFilterModel::Filter::NotAMatch);
    QCOMPARE(sourceRows(), QList<int>({1, 2}));
    choose(CandidateFilterModel::Filter::All);
    QCOMPARE(proxy->rowCount(), 12);
    m_view->orderCombo()->setCurrentIndex(
        m_view->orderCombo()->findData(int(CandidateFilterModel::Order::Verdict)));
    // Leads, then inconclusive, then unreviewed by rank, then the excluded.
    QCOMPARE(sourceRows(), QList<int>({0, 3, 5, 4, 6, 7, 8, 9, 10, 11, 1, 2}));

    // Filtering everything away says so instead of showing an empty grid.
    m_view->orderCombo()->setCurrentIndex(0);
    m_view->model()->setCandidates({});
    const auto* empty = m_view->findChild<QLabel*>(QStringLiteral("candidateGalleryEmpty"));
    QVERIFY(empty && !empty->isHidden());
}

void TestCandidateGallery::screenshot() {
    const QString dir = qEnvironmentVariable("FACECASE_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set FACECASE_SCREENSHOT_DIR to write the gallery screenshot");
    m_view->setProbeDescription(QStringLiteral("face 1 of sheldon5.png"));
    m_view->setResults(m_fixture->outcome, m_fixture->rows());
    m_view->setVerdict(0, CandidateVerdict::PossibleMatch);
    m_view->setVerdict(1, CandidateVerdict::PossibleMatch);
    m_view->setVerdict(4, CandidateVerdict::NotAMatch);
    m_view->setVerdict(5, CandidateVerdict::Inconclusive);
    m_view->setCurrentRow(2);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_view->listView()->setFocus();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_view->thumbnailLoader()->pendingCount() == 0 &&
            m_view->model()->index(11).data(Qt::DecorationRole).isValid() &&
            !m_view->model()->index(11).data(Role::ThumbnailLoadingRole).toBool(),
        30000);
    QCoreApplication::sendPostedEvents();  // layout requests and updates posted meanwhile
    QVERIFY(QDir().mkpath(dir));
    const QString path = QDir(dir).filePath(QStringLiteral("candidate-gallery.png"));
    QVERIFY(m_view->grab().save(path));
    qInfo("wrote %s", qPrintable(path));
}

QTEST_MAIN(TestCandidateGallery)
#include "test_candidate_gallery.moc"
