#include "store/schema_v6.h"

namespace facecase {

namespace {
// One spelling with the backend's integer and blob types filled in: the columns and checks are
// the same on both. The SHA-256 of each encoding lets an export or a check prove the bytes are
// those stored at enrollment.
QString faceImagesTable(const QString& integer, const QString& blob, const QString& length) {
    return QStringLiteral(R"sql(
CREATE TABLE face_images (
    face_id          %1 PRIMARY KEY REFERENCES faces (id) ON DELETE CASCADE,
    chip             %2 NOT NULL CHECK (%3(chip) > 0),
    chip_format      TEXT NOT NULL CHECK (chip_format IN ('jpeg', 'png')),
    chip_sha256      TEXT NOT NULL CHECK (length(chip_sha256) = 64),
    thumbnail        %2 NOT NULL CHECK (%3(thumbnail) > 0),
    thumbnail_format TEXT NOT NULL CHECK (thumbnail_format IN ('jpeg', 'png')),
    thumbnail_sha256 TEXT NOT NULL CHECK (length(thumbnail_sha256) = 64)
))sql")
        .arg(integer, blob, length);
}
}  // namespace

QStringList schemaV6Statements() {
    return {faceImagesTable(QStringLiteral("INTEGER"), QStringLiteral("BLOB"),
                            QStringLiteral("length"))};
}

// Grants as for `faces`: enrollers write (and remove, with their photos), every role reads.
QStringList postgresSchemaV6Statements() {
    return {
        faceImagesTable(QStringLiteral("BIGINT"), QStringLiteral("BYTEA"),
                        QStringLiteral("octet_length")),
        QStringLiteral("GRANT SELECT ON face_images TO facecase_analyst, facecase_enroller, "
                       "facecase_supervisor, facecase_auditor"),
        QStringLiteral("GRANT INSERT, UPDATE, DELETE ON face_images TO facecase_enroller"),
    };
}

}  // namespace facecase
