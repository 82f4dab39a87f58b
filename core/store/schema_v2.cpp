#include "store/schema_v2.h"

namespace facecase {

// Why triggers and not only checks in code: a synthetic descriptor next to real ones would turn
// up as a candidate with a name and a booking number, i.e. be mistaken for a person. The
// database refuses every way of mixing the two, whichever program writes to it:
//  - a gallery's kind is fixed when it is created;
//  - images whose source is 'synthetic' go only into synthetic galleries, all others only into
//    real ones (faces follow: their (image_id, gallery_id) key must match their image's);
//  - no enrollment job can be started on a synthetic gallery.
// RAISE messages are constants in SQLite; the services check first and name the gallery.
QStringList schemaV2Statements() {
    return {
        // Existing galleries were all enrolled from photos: they become 'real'. 'synthetic': a
        // benchmark fixture, not people. (No SQL comment here: SQLite splices the column text
        // into the stored CREATE TABLE, where a trailing "--" would swallow the closing paren.)
        QStringLiteral(R"sql(
ALTER TABLE galleries ADD COLUMN kind TEXT NOT NULL DEFAULT 'real'
    CHECK (kind IN ('real', 'synthetic')))sql"),

        QStringLiteral(R"sql(
CREATE TRIGGER galleries_kind_is_fixed BEFORE UPDATE OF kind ON galleries
WHEN NEW.kind IS NOT OLD.kind BEGIN
    SELECT RAISE(ABORT, 'a gallery''s kind (real or synthetic) is fixed when it is created');
END)sql"),

        QStringLiteral(R"sql(
CREATE TRIGGER images_no_photos_in_synthetic_galleries BEFORE INSERT ON images
WHEN NEW.source IS NOT 'synthetic'
     AND (SELECT kind FROM galleries WHERE id = NEW.gallery_id) = 'synthetic' BEGIN
    SELECT RAISE(ABORT, 'this gallery is synthetic (a benchmark fixture): photos cannot be enrolled into it');
END)sql"),

        QStringLiteral(R"sql(
CREATE TRIGGER images_synthetic_only_in_synthetic_galleries BEFORE INSERT ON images
WHEN NEW.source = 'synthetic'
     AND (SELECT kind FROM galleries WHERE id = NEW.gallery_id) IS NOT 'synthetic' BEGIN
    SELECT RAISE(ABORT, 'synthetic faces go only into a synthetic gallery, never among real photos');
END)sql"),

        // Moving an image to another gallery or relabelling its source must not mix kinds either.
        QStringLiteral(R"sql(
CREATE TRIGGER images_kind_matches_gallery_on_update BEFORE UPDATE OF gallery_id, source ON images
WHEN (NEW.source IS 'synthetic')
     <> ((SELECT kind FROM galleries WHERE id = NEW.gallery_id) IS 'synthetic') BEGIN
    SELECT RAISE(ABORT, 'synthetic and real images cannot be mixed in one gallery');
END)sql"),

        QStringLiteral(R"sql(
CREATE TRIGGER enrollment_jobs_only_in_real_galleries BEFORE INSERT ON enrollment_jobs
WHEN (SELECT kind FROM galleries WHERE id = NEW.gallery_id) = 'synthetic' BEGIN
    SELECT RAISE(ABORT, 'this gallery is synthetic (a benchmark fixture): photos cannot be enrolled into it');
END)sql"),
    };
}

}  // namespace facecase
