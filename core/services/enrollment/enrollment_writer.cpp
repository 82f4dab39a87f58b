#include "services/enrollment/enrollment_writer.h"

#include "store/enrollment_item_repository.h"
#include "store/face_record_writer.h"
#include "store/subject_repository.h"
#include "store/transaction.h"

#include <QElapsedTimer>

#include <chrono>

namespace facecase {

namespace {
double msSince(const QElapsedTimer& timer) { return double(timer.nsecsElapsed()) / 1e6; }
constexpr int kMaxCachedSubjects = 50'000;

QString subjectKey(const EnrollmentInput& input) {
    return input.subjectExternalId.isEmpty() ? QStringLiteral("n:") + input.subjectName
                                             : QStringLiteral("x:") + input.subjectExternalId;
}
}  // namespace

struct EnrollmentWriter::Store {
    DatabaseConnection connection;
    FaceRecordWriter faces;
    SubjectRepository subjects;
    EnrollmentItemRepository items;

    Store(DatabaseConnection c, const QString& modelId)
        : connection(std::move(c)), faces(connection, modelId), subjects(connection), items(connection) {}
};

EnrollmentWriter::EnrollmentWriter(Workspace workspace, qint64 galleryId, qint64 jobId,
                                   QString modelId, const EnrollmentOptions& options,
                                   BoundedQueue<EnrollmentOutcome>& outcomes,
                                   EnrollmentInFlight& inFlight, EnrollmentCounters& counters)
    : m_workspace(std::move(workspace)),
      m_galleryId(galleryId),
      m_jobId(jobId),
      m_modelId(std::move(modelId)),
      m_options(options),
      m_outcomes(outcomes),
      m_inFlight(inFlight),
      m_counters(counters) {}

EnrollmentWriter::~EnrollmentWriter() = default;

void EnrollmentWriter::addTimings(EnrollmentTimings& timings) const {
    timings.subjectsMs += m_timings.subjectsMs;
    timings.imagesMs += m_timings.imagesMs;
    timings.itemsMs += m_timings.itemsMs;
    timings.writerWaitMs += m_timings.writerWaitMs;
    timings.batches += m_timings.batches;
}

Result<void> EnrollmentWriter::run() {
    auto connection = m_workspace.openConnection();
    if (!connection) return connection.error();
    // On the heap: the repositories keep references to the connection, which must not move.
    auto store = std::make_unique<Store>(std::move(connection).value(), m_modelId);

    std::vector<EnrollmentOutcome> batch;
    batch.reserve(std::size_t(m_options.batchSize));
    QElapsedTimer batchAge;
    QElapsedTimer wait;
    for (;;) {
        const auto timeout = std::chrono::milliseconds(
            batch.empty() ? 250 : std::max<qint64>(1, m_options.batchMilliseconds - batchAge.elapsed()));
        bool closed = false;
        wait.start();
        std::optional<EnrollmentOutcome> outcome = m_outcomes.popFor(timeout, &closed);
        m_timings.writerWaitMs += msSince(wait);
        if (outcome) {
            if (batch.empty()) batchAge.start();
            batch.push_back(std::move(*outcome));
        }
        const bool due = !batch.empty() && (int(batch.size()) >= m_options.batchSize ||
                                            batchAge.elapsed() >= m_options.batchMilliseconds);
        if (due || (closed && !batch.empty())) {
            if (auto flushed = flush(*store, batch); !flushed) return flushed;
            batch.clear();
        }
        if (closed) return {};
    }
}

Result<void> EnrollmentWriter::flush(Store& store, std::vector<EnrollmentOutcome>& batch) {
    QElapsedTimer timer;
    timer.start();
    if (auto r = storeSubjects(store, batch); !r) return r;
    m_timings.subjectsMs += msSince(timer);
    timer.restart();
    if (auto r = storeImages(store, batch); !r) return r;
    m_timings.imagesMs += msSince(timer);
    timer.restart();
    if (auto r = storeItems(store, batch); !r) return r;
    m_timings.itemsMs += msSince(timer);
    ++m_timings.batches;
    for (const EnrollmentOutcome& outcome : batch) {
        m_inFlight.remove(outcome.input.path, outcome.sha256);
        m_counters.addCommitted(outcome.status);
    }
    return {};
}

Result<void> EnrollmentWriter::storeSubjects(Store& store, std::vector<EnrollmentOutcome>& batch) {
    std::optional<Transaction> transaction;
    QHash<QString, qint64> added;
    for (EnrollmentOutcome& outcome : batch) {
        if (!outcome.record || !outcome.input.hasSubject()) continue;
        const QString key = subjectKey(outcome.input);
        // Rows with attributes are always upserted: a later row may add to the subject.
        if (outcome.input.subjectAttributes.isEmpty()) {
            if (const auto it = m_subjectIds.constFind(key); it != m_subjectIds.constEnd()) {
                outcome.record->image.subjectId = it.value();
                continue;
            }
            if (const auto it = added.constFind(key); it != added.constEnd()) {
                outcome.record->image.subjectId = it.value();
                continue;
            }
        }
        if (!transaction) {
            auto begun = Transaction::begin(store.connection, Transaction::Kind::Write);
            if (!begun) return begun.error();
            transaction.emplace(std::move(begun).value());
        }
        auto id = store.subjects.upsert(m_galleryId, outcome.input.subjectExternalId,
                                        outcome.input.subjectName, outcome.input.subjectAttributes);
        if (!id) return id.error();
        outcome.record->image.subjectId = *id;
        added.insert(key, *id);
    }
    if (!transaction) return {};
    if (auto committed = transaction->commit(); !committed) return committed;
    if (m_subjectIds.size() + added.size() > kMaxCachedSubjects) m_subjectIds.clear();
    m_subjectIds.insert(added);
    return {};
}

Result<void> EnrollmentWriter::storeImages(Store& store, std::vector<EnrollmentOutcome>& batch) {
    std::vector<EnrollmentRecord> records;
    std::vector<std::size_t> owners;  // batch index of each record
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!batch[i].record) continue;
        records.push_back(std::move(*batch[i].record));
        batch[i].record.reset();
        owners.push_back(i);
    }
    if (records.empty()) return {};

    std::vector<std::optional<StoredImage>> stored(records.size());
    auto all = store.faces.insertBatch(m_galleryId, records);
    if (all) {
        for (std::size_t k = 0; k < records.size(); ++k) stored[k] = std::move((*all)[k]);
    } else if (all.error().kind == Error::Kind::InvalidInput) {
        // The batch was refused before any SQL because one record is invalid (a NaN in a
        // descriptor, ...): store the others one by one and report that one as failed.
        for (std::size_t k = 0; k < records.size(); ++k) {
            auto one = store.faces.insert(m_galleryId, records[k]);
            if (one) {
                stored[k] = std::move(one).value();
                continue;
            }
            const QString refusal = records[k].image.path + QStringLiteral(": cannot enroll (");
            if (!one.errorMessage().startsWith(refusal)) return one.error();  // not about it
            EnrollmentOutcome& outcome = batch[owners[k]];
            outcome.status = EnrollmentItem::Status::Failed;
            outcome.message = one.errorMessage();
        }
    } else {
        return all.error();
    }

    for (std::size_t k = 0; k < records.size(); ++k) {
        if (!stored[k]) continue;
        EnrollmentOutcome& outcome = batch[owners[k]];
        outcome.existingImageId = stored[k]->imageId;
        if (stored[k]->outcome == StoredImage::Outcome::AlreadyEnrolled && !outcome.recovering) {
            // A byte-identical copy committed in this batch or just before.
            outcome.status = EnrollmentItem::Status::Duplicate;
            outcome.message = QStringLiteral("same bytes as image %1 (enrolled by this run)")
                                  .arg(stored[k]->imageId);
        }
    }
    return {};
}

Result<void> EnrollmentWriter::storeItems(Store& store, const std::vector<EnrollmentOutcome>& batch) {
    auto transaction = Transaction::begin(store.connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const EnrollmentOutcome& outcome : batch) {
        EnrollmentItem item;
        item.jobId = m_jobId;
        item.path = outcome.input.path;
        item.sha256 = outcome.sha256;
        item.status = outcome.status;
        item.faceCount = outcome.faceCount;
        item.imageId = outcome.existingImageId;
        item.message = outcome.message;
        item.processedAt = now;
        if (auto recorded = store.items.record(item); !recorded) return recorded;
    }
    return transaction->commit();
}

}  // namespace facecase
