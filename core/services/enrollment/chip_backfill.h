#pragma once

#include <QString>
#include <functional>
#include <vector>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// Gives the faces of a gallery enrolled before schema 6 the chip and thumbnail enrollment now
// stores with every face (issue 12), re-cut from their originals: only from an original that is
// reachable and still has the SHA-256 on record (RecordedPhoto), the chip aligned by the
// landmarks stored at enrollment (the chip the descriptor saw), the thumbnail from the stored box.
// A face whose original is unreachable or changed is left without and counted: it works as
// before. Idempotent: a face that has its images keeps them, so a stopped run is run again.
//
// Pages of kPageFaces faces: decoded and encoded outside any transaction, then written in one
// write transaction per page (the write lock is held for the inserts only). One photo decode
// per image (faces of one photo are neighbours by id). Uses the calling thread's connection.
// Writes derived data only (from verified originals), so no audit record.
class ChipBackfill {
public:
    static constexpr int kPageFaces = 100;

    struct Report {
        qint64 stored = 0;
        qint64 unreachable = 0;  // original missing, its folder gone, unreadable
        qint64 changed = 0;      // original readable, other bytes
        qint64 failed = 0;       // decodable original, but no chip (no landmarks, bad box)
        std::vector<QString> problems;  // one line per face left without, first kMaxProblems
        static constexpr std::size_t kMaxProblems = 100;
    };
    // Called after each page with the faces handled so far.
    using Progress = std::function<void(qint64 handled)>;

    // Refuses a synthetic gallery (its "photos" are not files).
    static Result<Report> run(const DatabaseConnection& connection, qint64 galleryId,
                              const Progress& progress = {});
};

}  // namespace facecase
