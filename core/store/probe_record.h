#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace facecase {

// A probe photo of a case: a row of `probes`. The bytes are in the workspace's evidence folder
// (`evidencePath`, relative to the workspace folder), named by their SHA-256. Plain value.
struct ProbeRecord {
    // What the analyst says the photo is. Sketches and drawings are not photographs of the
    // person and are never searched; an edited image needs a note of what was edited.
    enum class DeclaredKind {
        CameraPhoto,
        Screenshot,  // screenshot / social media
        CctvStill,
        EditedImage,
        CompositeSketch,
        ArtistDrawing,
        Unknown,
    };

    qint64 id = 0;
    qint64 caseId = 0;
    QString sha256;        // lower-case hex of the file's bytes
    QString evidencePath;  // "evidence/<sha256>.<ext>", relative to the workspace folder
    QString originalPath;  // absolute path it was imported from; for pasted image data, where
                           // it came from: "clipboard (PNG data, pasted 2026-…Z)"
    qint64 fileBytes = 0;
    int width = 0;         // upright pixels (EXIF orientation applied)
    int height = 0;
    QString format;        // "JPEG", "PNG", ...
    QDateTime importedAt;  // UTC
    QString actor;
    DeclaredKind declaredKind = DeclaredKind::Unknown;
    QString editNote;

    // True for the kinds a face search refuses (composite sketch, artist drawing).
    bool isDrawing() const;

    static QString kindName(DeclaredKind kind);  // the column's values: "camera_photo", ...
    static std::optional<DeclaredKind> kindFromName(const QString& name);
    static QString kindNames();  // "camera_photo, screenshot, ..." for messages and --help
};

}  // namespace facecase
