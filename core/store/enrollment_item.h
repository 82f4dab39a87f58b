#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace facecase {

// What became of one file an enrollment job looked at: a row of `enrollment_items`. Plain value.
struct EnrollmentItem {
    enum class Status {
        Ok,            // enrolled
        NoFace,        // the detector ran and found none
        SeveralFaces,  // enrolled (the largest face) or skipped, by policy; see message
        Unreadable,    // not an image, truncated, empty, missing, malformed manifest row, ...
        Duplicate,     // same bytes already in this gallery (image_id names it)
        Failed,        // the pipeline failed (model error, ...): not "no face"
    };

    qint64 id = 0;
    qint64 jobId = 0;
    QString path;    // absolute; for a manifest row without a usable path "<manifest>:<line>"
    QString sha256;  // empty when the bytes were never read
    Status status = Status::Ok;
    int faceCount = 0;  // faces the detector found (not only the enrolled one)
    std::optional<qint64> imageId;
    QString message;
    QDateTime processedAt;  // UTC; now when left invalid

    static QString statusName(Status value);  // the schema's spelling: "ok", "no_face", ...
    static std::optional<Status> statusFromName(const QString& name);
    // Everything but Ok and Duplicate: what an analyst should look at.
    static bool isProblem(Status value) { return value != Status::Ok && value != Status::Duplicate; }
    static constexpr int kStatusCount = 6;
};

}  // namespace facecase
