#include "compare/candidate_face_job.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThreadPool>

#include "photo/image_conversion.h"
#include "services/casework/original_check.h"
#include "services/casework/recorded_photo.h"
#include "services/pipeline/pipeline_pool.h"

namespace facecase::ui {

namespace {
using Outcome = CandidateFaceJob::Outcome;

Error superseded() {
    return Error::cancelled(QStringLiteral("superseded by a newer request"));
}

// On a pool thread: all file access, decoding, landmarks, alignment and conversions.
Outcome analyse(const CandidateFaceJob::Request& request, PipelinePool& pool,
                const RequestToken& token) {
    QElapsedTimer timer;
    timer.start();
    auto loaded = RecordedPhoto::load(request.path, request.sha256);
    if (!loaded) {
        // Said the way the CLI and the provenance say it: unreachable (and why) or changed.
        const OriginalCheck original = OriginalCheck::of(request.path, request.sha256);
        if (original.verified()) return loaded.error();  // readable, but not decodable
        return Error{loaded.error().kind, QStringLiteral("original ") + original.describe()};
    }
    if (!token.isWanted()) return superseded();

    CandidateFaceResult result;
    result.requestId = request.id;
    {
        auto lease = pool.acquire();
        if (!lease) return lease.error();
        PipelineOptions options;
        options.computeDescriptors = false;  // the comparison is visual; the distance is on record
        auto face = (*lease)->analyzeRegion(loaded->image, request.box, options);
        if (!face)
            return Error{face.error().kind,
                         QStringLiteral("%1: %2").arg(QFileInfo(request.path).fileName(),
                                                      face.errorMessage())};
        result.face = std::move(face.value());
    }
    result.face.index = request.faceIndex;
    result.source = std::move(loaded.value());
    result.photo = PhotoPyramid::build(result.source.image);
    result.chip = toDisplayImage(result.face.chip.image);
    result.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return result;
}
}  // namespace

CandidateFaceJob::CandidateFaceJob(QThreadPool* threadPool, QObject* parent)
    : QObject(parent), m_requests(this, threadPool) {}

// Queued work is skipped; running work finishes unseen (LatestRequestJob drops it).
CandidateFaceJob::~CandidateFaceJob() = default;

quint64 CandidateFaceJob::analyze(const QString& path, const QString& sha256, const QRectF& box,
                                  int faceIndex) {
    const QString name = QFileInfo(path).fileName();
    if (!m_pool) {
        const quint64 id = m_requests.refuse();  // supersedes whatever is in flight
        emit failed(id, path, tr("%1: the face models are not loaded.").arg(name));
        return id;
    }
    const quint64 id = m_requests.start(
        name,
        [request = Request{0, path, sha256, box, faceIndex},
         pool = m_pool](const RequestToken& token) mutable -> Outcome {
            request.id = token.id();
            return analyse(request, *pool, token);
        },
        [this](const CandidateFaceResult& result) { emit finished(result); },
        [this, path](quint64 failedId, const Error& error) {
            emit failed(failedId, path, error.message);
        });
    emit started(id, path);
    return id;
}

void CandidateFaceJob::cancel() {
    m_requests.cancel();
}

}  // namespace facecase::ui
