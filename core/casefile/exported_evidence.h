#pragma once

#include <QString>

namespace facecase {

// What became of one evidence image (a probe original or a candidate's source photo) in an
// export. A source that is gone or no longer has the recorded SHA-256 is recorded as such in the
// manifest, never silently left out. Plain value.
struct ExportedEvidence {
    enum class Status {
        Copied,   // in the bundle at bundlePath, re-hashed while copying: matches the record
        Missing,  // no file at sourcePath (or no path is known)
        Changed,  // the file at sourcePath has other bytes than recorded (actualSha256); not copied
        Unreadable,  // the file exists but could not be read (detail says why)
        // Verified at sourcePath (the recorded SHA-256) but not copied: the agency policy
        // (export.candidate_images = aligned_chips) exports the face's aligned chip instead.
        Withheld,
    };

    QString sha256;      // the SHA-256 the workspace recorded for the image
    QString sourcePath;  // where it was read from (absolute); empty when unknown
    Status status = Status::Missing;
    QString bundlePath;  // "evidence/<sha256>.<ext>" when copied
    qint64 size = 0;     // bytes copied
    QString actualSha256;  // when Changed
    QString detail;        // a sentence for the manifest and report when not Copied

    bool copied() const { return status == Status::Copied; }
    // The recorded bytes were found (copied, or withheld by policy): nothing is wrong with it.
    bool verified() const { return status == Status::Copied || status == Status::Withheld; }
    static QString statusName(Status status) {
        switch (status) {
        case Status::Copied: return QStringLiteral("copied");
        case Status::Missing: return QStringLiteral("missing");
        case Status::Changed: return QStringLiteral("changed");
        case Status::Unreadable: return QStringLiteral("unreadable");
        case Status::Withheld: return QStringLiteral("withheld");
        }
        return QStringLiteral("missing");
    }
};

}  // namespace facecase
