#include "services/enrollment/chip_backfill.h"

#include <QFileInfo>
#include <optional>

#include "services/casework/original_check.h"
#include "services/casework/recorded_photo.h"
#include "services/enrollment/enrolled_face_images.h"
#include "store/face_image_reader.h"
#include "store/face_image_writer.h"
#include "store/gallery_repository.h"
#include "store/transaction.h"

namespace facecase {

namespace {
// The last original read, kept while its faces (neighbours by id) are cut.
struct OpenPhoto {
    QString path;
    Result<LoadedImage> loaded = Error::notFound(QString());
};

void note(ChipBackfill::Report& report, const QString& line) {
    if (report.problems.size() < ChipBackfill::Report::kMaxProblems) report.problems.push_back(line);
}
}  // namespace

Result<ChipBackfill::Report> ChipBackfill::run(const DatabaseConnection& connection,
                                               qint64 galleryId, const Progress& progress) {
    if (auto real = GalleryRepository(connection).requireForFaces(galleryId, Gallery::Kind::Real);
        !real) {
        return real.error();
    }
    Report report;
    OpenPhoto photo;
    qint64 after = 0;
    qint64 handled = 0;
    for (;;) {
        auto page = FaceImageReader(connection).missing(galleryId, after, kPageFaces);
        if (!page) return page.error();
        if (page->empty()) break;
        std::vector<std::pair<const FaceImageReader::Missing*, FaceImages>> made;
        for (const FaceImageReader::Missing& face : *page) {
            after = face.faceId;
            if (photo.path != face.path) {
                photo.path = face.path;
                photo.loaded = RecordedPhoto::load(face.path, face.sha256);
            }
            const QString name = QStringLiteral("face %1 (%2)").arg(face.faceId).arg(face.path);
            if (!photo.loaded) {
                // Said as the search and the GUI say it; the check hashes, never decodes.
                const OriginalCheck original = OriginalCheck::of(face.path, face.sha256);
                if (original.state == OriginalCheck::State::Unreachable) ++report.unreachable;
                else if (original.state == OriginalCheck::State::Changed) ++report.changed;
                else ++report.failed;
                note(report, QStringLiteral("%1: original %2").arg(name,
                    original.verified() ? photo.loaded.errorMessage() : original.describe()));
                continue;
            }
            if (!face.landmarks) {
                ++report.failed;
                note(report, QStringLiteral("%1: its stored landmarks do not decode").arg(name));
                continue;
            }
            auto chip = RecordedPhoto::alignedChip(photo.loaded->image, *face.landmarks);
            auto images = chip ? EnrolledFaceImages::encode(photo.loaded->image, chip->image,
                                                            face.box)
                               : Result<FaceImages>(chip.error());
            if (!images) {
                ++report.failed;
                note(report, QStringLiteral("%1: %2").arg(name, images.errorMessage()));
                continue;
            }
            made.emplace_back(&face, std::move(images).value());
        }
        if (!made.empty()) {
            auto transaction = Transaction::begin(connection, Transaction::Kind::Write);
            if (!transaction) return transaction.error();
            FaceImageWriter writer(connection);
            qint64 written = 0;
            for (const auto& [face, images] : made) {
                auto kept = writer.insert(face->faceId, images,
                                          QStringLiteral("face %1").arg(face->faceId));
                if (!kept) return kept.error();
                written += *kept ? 1 : 0;
            }
            if (auto committed = transaction->commit(); !committed) return committed.error();
            report.stored += written;
        }
        handled += qint64(page->size());
        if (progress) progress(handled);
    }
    return report;
}

}  // namespace facecase
