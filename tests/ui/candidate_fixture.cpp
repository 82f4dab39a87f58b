#include "candidate_fixture.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <algorithm>

#include "services/search/built_in_calibration.h"
#include "services/pipeline/descriptor_model_key.h"
#include "services/pipeline/pipeline_pool.h"
#include "support/test_data.h"

namespace facecase::test {

namespace {
QString qualityKey(FaceQuality::Level level) {
    switch (level) {
        case FaceQuality::Level::Good:
            return QStringLiteral("good");
        case FaceQuality::Level::Caution:
            return QStringLiteral("caution");
        case FaceQuality::Level::Poor:
            return QStringLiteral("poor");
    }
    return {};
}
}  // namespace

QString sample(const QString& person, int n) {
    return testDataPath(
        QStringLiteral("detection/face-api-samples/images/%1/%1%2.png").arg(person).arg(n));
}

QStringList samplePeople() {
    return {QStringLiteral("amy"),     QStringLiteral("bernadette"), QStringLiteral("howard"),
            QStringLiteral("leonard"), QStringLiteral("penny"),      QStringLiteral("raj"),
            QStringLiteral("sheldon"), QStringLiteral("stuart")};
}

std::vector<ui::CandidateRow> CandidateFixture::rows() const {
    std::vector<ui::CandidateRow> rows;
    for (const SearchCandidate& c : outcome.candidates)
        rows.push_back({c, outcome.gallerySize, std::nullopt, ui::CandidateVerdict::None});
    return rows;
}

int CandidateFixture::rowOf(const QString& fileName) const {
    for (std::size_t i = 0; i < outcome.candidates.size(); ++i)
        if (QFileInfo(outcome.candidates[i].provenance.imagePath).fileName() == fileName)
            return int(i);
    return -1;
}

Result<CandidateFixture> buildCandidates(PipelinePool& pool, const QString& probePath,
                                         const QStringList& gallery, int k) {
    auto lease = pool.acquire();
    if (!lease) return lease.error();
    const PipelineOptions options;  // flip-averaged descriptors, like enrollment and search
    const QString modelKey = DescriptorModelKey::of(*pool.models(), options.descriptorMode);
    auto calibration = BuiltInCalibration::forModel(modelKey);
    if (!calibration) return calibration.error();

    CandidateFixture fixture;
    auto probe = (*lease)->analyzeFile(probePath, options);
    if (!probe) return probe.error();
    if (probe->faces.empty() || !probe->faces.front().descriptor)
        return Error::invalidInput(probePath + QStringLiteral(": no face"));
    fixture.probe = std::move(probe.value());
    const Descriptor& probeDescriptor = *fixture.probe.faces.front().descriptor;

    std::vector<SearchCandidate> all;
    qint64 imageId = 0;
    qint64 faceId = 0;
    QStringList subjects;
    for (const QString& path : gallery) {
        auto analysis = (*lease)->analyzeFile(path, options);
        if (!analysis) return analysis.error();
        ++imageId;
        const LoadedImage& source = analysis->source;
        const QString person = QFileInfo(path).dir().dirName();
        if (!subjects.contains(person)) subjects << person;
        for (const DetectedFace& face : analysis->faces) {
            if (!face.descriptor) continue;
            SearchCandidate c;
            c.distance = probeDescriptor.distanceTo(*face.descriptor);
            CandidateProvenance& p = c.provenance;
            p.faceId = ++faceId;
            p.faceIndex = face.index;
            p.box = face.box.rect;
            p.qualityLevel = qualityKey(face.quality.overall());
            p.manualFace = face.box.manual;
            p.landmarks = face.landmarks;  // as enrollment stores them
            p.galleryId = 1;
            p.imageId = imageId;
            p.imagePath = source.sourcePath;
            p.imageSha256 = source.sha256;
            p.fileBytes = source.fileBytes;
            p.width = source.image.width();
            p.height = source.image.height();
            p.format = source.format;
            p.importedAt = source.loadedAt.toString(Qt::ISODate);
            p.source = QStringLiteral("enrollment");
            p.jobId = 1;
            p.jobSourceFolder = QFileInfo(path).dir().absolutePath();
            p.jobActor = QStringLiteral("facecase-tests");
            p.subjectId = subjects.indexOf(person) + 1;
            p.subjectExternalId = QStringLiteral("BBT-%1").arg(subjects.indexOf(person) + 101);
            p.subjectName = person.left(1).toUpper() + person.mid(1);
            p.subjectAttributes =
                QJsonObject{{QStringLiteral("series"), QStringLiteral("The Big Bang Theory")},
                            {QStringLiteral("photo"), QFileInfo(path).fileName()}};
            all.push_back(std::move(c));
        }
    }
    std::sort(all.begin(), all.end(), [](const SearchCandidate& a, const SearchCandidate& b) {
        return a.distance < b.distance;
    });
    GallerySearchOutcome& outcome = fixture.outcome;
    outcome.galleryId = 1;
    outcome.galleryName = QStringLiteral("bbt-samples");
    outcome.galleryRevision = 1;
    outcome.gallerySize = all.size();
    outcome.modelKey = modelKey;
    outcome.method = SearchMethod::Exact;
    outcome.k = k;
    for (std::size_t i = 0; i < all.size() && int(i) < k; ++i) {
        SearchCandidate c = all[i];
        c.rank = int(i) + 1;
        c.fmr = calibration->fmrAt(c.distance);
        c.expectedFalseCandidates = calibration->expectedFalseCandidates(c.distance, all.size());
        outcome.candidates.push_back(std::move(c));
    }
    return fixture;
}

}  // namespace facecase::test
