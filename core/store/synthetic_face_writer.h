#pragma once

#include <QString>
#include <cstdint>
#include <optional>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// Bulk writer for synthetic galleries (`facecase-cli gallery synth`): benchmark fixtures of
// generated descriptors, stored like enrolled faces so that every search path (descriptor
// loading, index cache, candidate provenance) runs on them, yet unmistakable for people.
//
// Synthetic face number n (1-based) of a population with seed S is stored as
//  - subject: external id "SYN-000042", name "Synthetic 42", attributes
//    {"synthetic": true, "seed": S, "number": n};
//  - image: path "synthetic:S:n", SHA-256 of that text, source 'synthetic', format 'synthetic',
//    1x1 pixels, 0 bytes (there is no photo);
//  - face: box (0, 0, 1, 1), 68 landmarks at (0, 0), quality 'poor' with a warning that says
//    what it is, and the descriptor under `modelId`.
// The gallery must be synthetic (Gallery::Kind::Synthetic); the schema's triggers refuse these
// rows anywhere else, and refuse photos in a synthetic gallery.
//
// Rows are written in number order and each batch is one transaction, so a gallery holds
// numbers 1..count() with no gap, and a run stopped between batches continues with
// count() + 1. (gallery, SHA-256) is unique, so a number can never be stored twice.
//
// Cost: ~3 inserts per face with prepared statements; see docs/cli.md for measured rates.
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`,
// which must outlive it.
class SyntheticFaceWriter {
public:
    SyntheticFaceWriter(const DatabaseConnection& connection, QString modelId);

    // What a synthetic gallery already holds: how many faces, and the seed they were made with
    // (from its first image; nullopt when empty).
    struct Contents {
        qint64 faces = 0;
        std::optional<std::uint64_t> seed;
    };
    Result<Contents> contents(qint64 galleryId) const;

    // Stores faces first .. first + count - 1 (1-based numbers) of the population `seed`;
    // `descriptors` holds count rows of 128 floats. One transaction: all or nothing. Refuses a
    // gallery that is not synthetic, a `first` that would leave a gap or repeat a number, and
    // non-finite descriptor values.
    Result<void> insertBatch(qint64 galleryId, std::uint64_t seed, qint64 first, qint64 count,
                             const float* descriptors);

    const QString& modelId() const { return m_modelId; }

    static QString imagePath(std::uint64_t seed, qint64 number);  // "synthetic:<seed>:<n>"
    static QString externalId(qint64 number);                     // "SYN-000042"
    static QString source() { return QStringLiteral("synthetic"); }

private:
    Result<qint64> modelRowId();

    const DatabaseConnection& m_connection;
    QString m_modelId;
};

}  // namespace facecase
