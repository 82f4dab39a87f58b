#include "services/enrollment/enrollment_reader.h"

#include "imaging/format_sniffer.h"
#include "store/enrolled_image_finder.h"
#include "store/enrollment_item_repository.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

namespace facecase {

namespace {
double msSince(const QElapsedTimer& timer) { return double(timer.nsecsElapsed()) / 1e6; }
}  // namespace

EnrollmentReader::EnrollmentReader(Workspace workspace, EnrollmentSource& source,
                                   qint64 galleryId, qint64 jobId, ImageLoadLimits limits,
                                   Queues queues, EnrollmentInFlight& inFlight,
                                   EnrollmentCounters& counters, const std::atomic_bool& stop)
    : m_workspace(std::move(workspace)),
      m_source(source),
      m_galleryId(galleryId),
      m_jobId(jobId),
      m_limits(limits),
      m_queues(queues),
      m_inFlight(inFlight),
      m_counters(counters),
      m_stop(stop) {}

void EnrollmentReader::addTimings(EnrollmentTimings& timings) const {
    timings.readMs += m_readMs;
    timings.hashMs += m_hashMs;
    timings.lookupMs += m_lookupMs;
    timings.readerBlockedMs += m_blockedMs;
}

EnrollmentReader::FileBytes EnrollmentReader::readFile(const QString& path) const {
    // Whatever is wrong before decoding, the loader says it in its own words (it stops at the
    // same early check, without reading a large file).
    const auto loaderMessage = [this, &path] {
        auto loaded = ImageLoader(m_limits).loadFile(path);
        return loaded ? QStringLiteral("%1: cannot be read").arg(QFileInfo(path).fileName())
                      : loaded.errorMessage();
    };
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile() || info.size() > m_limits.maxFileBytes) {
        return {{}, loaderMessage()};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {{}, loaderMessage()};
    QByteArray bytes = file.read(FormatSniffer::kBytesNeeded);
    if (!bytes.isEmpty() && !file.atEnd()) {
        // A video or archive among the photos is refused from its first bytes, not read whole.
        if (const auto format = FormatSniffer::sniff(bytes); !format.ok()) {
            return {{}, info.fileName() + QStringLiteral(": ") + format.error().message};
        }
    }
    bytes += file.readAll();
    if (file.error() != QFileDevice::NoError) return {{}, loaderMessage()};
    return {std::move(bytes), {}};
}

bool EnrollmentReader::send(EnrollmentOutcome outcome) {
    QElapsedTimer timer;
    timer.start();
    const bool sent = m_queues.outcomes.push(std::move(outcome));
    m_blockedMs += msSince(timer);
    return sent;
}

bool EnrollmentReader::send(EnrollmentWorkItem item) {
    QElapsedTimer timer;
    timer.start();
    const bool sent = m_queues.work.push(std::move(item));
    m_blockedMs += msSince(timer);
    return sent;
}

Result<void> EnrollmentReader::run() {
    auto connection = m_workspace.openConnection();
    if (!connection) return connection.error();
    const EnrollmentItemRepository items(*connection);
    const EnrolledImageFinder images(*connection);
    if (auto opened = m_source.open(); !opened) return opened.error();

    QElapsedTimer timer;
    while (!m_stop.load()) {
        auto next = m_source.next();
        if (!next) return next.error();
        if (!next->has_value()) {
            m_reachedEnd = true;
            break;
        }
        EnrollmentInput input = std::move(**next);

        // Resume: a file this job has recorded (in any status) is done. A path still in
        // flight is a manifest naming one file twice: enrolled once.
        timer.start();
        auto known = items.exists(m_jobId, input.path);
        m_lookupMs += msSince(timer);
        if (!known) return known.error();
        if (*known || !m_inFlight.addPath(input.path)) {
            m_counters.addResumed();
            continue;
        }

        EnrollmentOutcome outcome;
        outcome.status = EnrollmentItem::Status::Unreadable;
        if (!input.problem.isEmpty()) {
            outcome.message = input.problem;
            outcome.input = std::move(input);
            if (!send(std::move(outcome))) break;
            continue;
        }

        timer.start();
        FileBytes file = readFile(input.path);
        m_readMs += msSince(timer);
        if (!file.problem.isEmpty()) {
            outcome.message = file.problem;
            outcome.input = std::move(input);
            if (!send(std::move(outcome))) break;
            continue;
        }

        timer.start();
        const QString sha256 = QString::fromLatin1(
            QCryptographicHash::hash(file.bytes, QCryptographicHash::Sha256).toHex());
        m_hashMs += msSince(timer);

        outcome.sha256 = sha256;
        outcome.status = EnrollmentItem::Status::Duplicate;
        if (const auto twin = m_inFlight.addHash(sha256, input.path)) {
            outcome.message = QStringLiteral("same bytes as %1 (enrolled by this run)").arg(*twin);
            outcome.input = std::move(input);
            if (!send(std::move(outcome))) break;
            continue;
        }
        timer.start();
        auto enrolled = images.find(m_galleryId, sha256);
        m_lookupMs += msSince(timer);
        if (!enrolled) return enrolled.error();

        EnrollmentWorkItem work;
        if (enrolled->has_value()) {
            const EnrolledImage& existing = **enrolled;
            if (existing.jobId == m_jobId && existing.path == input.path) {
                work.recovering = true;  // stored just before an interruption, item lost
            } else {
                outcome.existingImageId = existing.id;
                outcome.message = QStringLiteral("already in the gallery as image %1, from %2")
                                      .arg(existing.id)
                                      .arg(existing.path);
                outcome.input = std::move(input);
                if (!send(std::move(outcome))) break;
                continue;
            }
        }
        work.input = std::move(input);
        work.bytes = std::move(file.bytes);
        work.sha256 = sha256;
        if (!send(std::move(work))) break;
    }
    return {};
}

}  // namespace facecase
