#include "store/schema_v5.h"

#include "store/sql_dialect.h"

namespace facecase {

// How a reader follows a gallery (DescriptorReader::loadChanges, GalleryIndexCache):
//  - faces added since it loaded are the faces with an id above the highest it holds. That is
//    exact only because face ids follow commit order, i.e. every face committed after the
//    reader's snapshot has a larger id than every face in it:
//      SQLite: faces.id is AUTOINCREMENT (never reused, always above every id handed out) and
//      there is one writer at a time (BEGIN IMMEDIATE), so a later commit drew its ids later.
//      PostgreSQL: an identity hands out numbers outside transactions, so a later commit could
//      hold a smaller id; what orders them is the writer lock. Every write transaction takes
//      the workspace's advisory lock at BEGIN (SqlDialect::beginTransaction) and holds it until
//      its commit is visible, and every FaceCase path that inserts faces runs in one
//      (FaceRecordWriter::insertBatch, SyntheticFaceWriter::append, WorkspaceCopy, which copies
//      explicit ids into an empty database only). The trigger faces_insert_takes_writer_lock
//      below makes every other session (psql, another program) take the same lock before its
//      first id is drawn: statement triggers fire before the rows, and their defaults, exist.
//      (The identity must not be CACHEd per session: PostgreSQL's default, CACHE 1, is kept.)
//  - faces removed since, and faces whose descriptor, model or gallery changed in place (no
//    FaceCase code does that today; the log says so, and the reader then reads the gallery in
//    full), are rows of `face_changes`, written by the faces triggers in the same transaction,
//    each with the gallery's revision after the change: a reader that loaded revision R needs
//    the rows with revision > R.
// The log is the database's, not the application's: only triggers write it (on PostgreSQL a
// SECURITY DEFINER function, so no role needs INSERT on it), nobody may edit it; rows go only
// with their gallery. A reader also compares its face count with the gallery's after applying
// the changes, and reads in full when they differ.
QStringList schemaV5Statements() {
    return {
        QStringLiteral(R"sql(
CREATE TABLE face_changes (
    id         INTEGER PRIMARY KEY,
    gallery_id INTEGER NOT NULL REFERENCES galleries (id) ON DELETE CASCADE,
    face_id    INTEGER NOT NULL,         -- no foreign key: the face is gone, or moved
    model_id   INTEGER,                  -- its descriptor model; NULL: it had no descriptor
    kind       TEXT NOT NULL CHECK (kind IN ('removed', 'changed')),
    revision   INTEGER NOT NULL CHECK (revision > 0)  -- the gallery's, with this change made
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX face_changes_by_gallery ON face_changes (gallery_id, revision))sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER face_changes_are_not_edited BEFORE UPDATE ON face_changes BEGIN
    SELECT RAISE(ABORT, 'the log of face changes cannot be edited');
END)sql"),

        // Schema 1's triggers, now also writing the log. The gallery row is read after the bump,
        // so the logged revision is the one this change made. When the gallery itself is being
        // deleted (faces go by cascade) its row is gone and nothing is logged.
        QStringLiteral(R"sql(
DROP TRIGGER faces_delete_bumps_revision)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER faces_delete_bumps_revision AFTER DELETE ON faces BEGIN
    UPDATE galleries SET revision = revision + 1 WHERE id = OLD.gallery_id;
    INSERT INTO face_changes (gallery_id, face_id, model_id, kind, revision)
        SELECT id, OLD.id, OLD.model_id, 'removed', revision FROM galleries
        WHERE id = OLD.gallery_id;
END)sql"),
        QStringLiteral(R"sql(
DROP TRIGGER faces_update_bumps_revision)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER faces_update_bumps_revision
AFTER UPDATE OF gallery_id, model_id, descriptor ON faces BEGIN
    UPDATE galleries SET revision = revision + 1 WHERE id IN (OLD.gallery_id, NEW.gallery_id);
    INSERT INTO face_changes (gallery_id, face_id, model_id, kind, revision)
        SELECT id, NEW.id, NEW.model_id, 'changed', revision FROM galleries
        WHERE id IN (OLD.gallery_id, NEW.gallery_id);
END)sql"),
    };
}

// The same on PostgreSQL, plus:
//  - the revision moves once per transaction and gallery: facecase_gallery_changed() bumps it
//    for the first face change of a gallery in a transaction and notes the gallery in the
//    transaction-local setting facecase.revision_bumped (set_config(…, true): gone at COMMIT or
//    ROLLBACK, undone with a rolled-back savepoint together with the bump). The INSERT trigger's
//    WHEN reads that setting, so the other inserts of the transaction call no function at all.
//    A transaction that alternates between galleries bumps again at each switch: more often,
//    never less. A reader still never sees an unchanged revision after faces changed: its
//    snapshot holds a transaction's changes all or none, and each changing one bumped.
//    (20,000 inserts in one transaction: 3.1 s with a bump per row, ~0.1 s of trigger work now.)
//  - faces_by_gallery_model also orders by id, so "this gallery's faces above id N" is one index
//    range on PostgreSQL too (SQLite's indexes end with the rowid anyway).
QStringList postgresSchemaV5Statements() {
    return {
        QStringLiteral(R"sql(
CREATE TABLE face_changes (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    gallery_id BIGINT NOT NULL REFERENCES galleries (id) ON DELETE CASCADE,
    face_id    BIGINT NOT NULL,
    model_id   BIGINT,
    kind       TEXT NOT NULL CHECK (kind IN ('removed', 'changed')),
    revision   BIGINT NOT NULL CHECK (revision > 0)
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX face_changes_by_gallery ON face_changes (gallery_id, revision))sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER face_changes_are_not_edited BEFORE UPDATE ON face_changes
FOR EACH ROW EXECUTE FUNCTION facecase_refuse('the log of face changes cannot be edited'))sql"),
        QStringLiteral(R"sql(
GRANT SELECT ON face_changes TO facecase_analyst, facecase_enroller, facecase_supervisor,
    facecase_auditor)sql"),

        QStringLiteral(R"sql(
DROP INDEX faces_by_gallery_model)sql"),
        QStringLiteral(R"sql(
CREATE INDEX faces_by_gallery_model ON faces (gallery_id, model_id, id))sql"),

        // Returns the gallery's revision after the bump (NULL when the gallery is being deleted).
        QStringLiteral(R"sql(
CREATE FUNCTION facecase_gallery_changed(gallery BIGINT) RETURNS BIGINT LANGUAGE plpgsql AS $fn$
DECLARE
    now_at BIGINT;
BEGIN
    IF current_setting('facecase.revision_bumped', true) IS DISTINCT FROM CAST(gallery AS text) THEN
        UPDATE galleries SET revision = revision + 1 WHERE id = gallery RETURNING revision INTO now_at;
        PERFORM set_config('facecase.revision_bumped', CAST(gallery AS text), true);
        RETURN now_at;
    END IF;
    RETURN (SELECT revision FROM galleries WHERE id = gallery);
END
$fn$)sql"),
        QStringLiteral(R"sql(
DROP TRIGGER faces_bump_gallery_revision ON faces)sql"),
        QStringLiteral(R"sql(
DROP FUNCTION faces_bump_gallery_revision())sql"),
        QStringLiteral(R"sql(
CREATE FUNCTION faces_record_change() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    revision_now BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM facecase_gallery_changed(NEW.gallery_id);
        RETURN NULL;
    END IF;
    revision_now := facecase_gallery_changed(OLD.gallery_id);
    IF revision_now IS NOT NULL THEN
        INSERT INTO face_changes (gallery_id, face_id, model_id, kind, revision)
        VALUES (OLD.gallery_id, OLD.id, OLD.model_id,
                CASE TG_OP WHEN 'DELETE' THEN 'removed' ELSE 'changed' END, revision_now);
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.gallery_id <> OLD.gallery_id THEN
        revision_now := facecase_gallery_changed(NEW.gallery_id);
        INSERT INTO face_changes (gallery_id, face_id, model_id, kind, revision)
        VALUES (NEW.gallery_id, NEW.id, NEW.model_id, 'changed', revision_now);
    END IF;
    RETURN NULL;
END
$fn$)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER faces_bump_gallery_revision AFTER INSERT ON faces FOR EACH ROW
WHEN (current_setting('facecase.revision_bumped', true) IS DISTINCT FROM CAST(NEW.gallery_id AS text))
EXECUTE FUNCTION faces_record_change())sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER faces_record_change
AFTER DELETE OR UPDATE OF gallery_id, model_id, descriptor ON faces
FOR EACH ROW EXECUTE FUNCTION faces_record_change())sql"),

        // pg_try_advisory_xact_lock in the WHEN costs one lookup when the session holds the lock
        // already (every FaceCase writer): the function below only runs to wait for it.
        QStringLiteral(R"sql(
CREATE FUNCTION faces_take_writer_lock() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(%1);
    RETURN NULL;
END
$fn$)sql")
            .arg(SqlDialect::kWriterLockKey),
        QStringLiteral(R"sql(
CREATE TRIGGER faces_insert_takes_writer_lock BEFORE INSERT ON faces FOR EACH STATEMENT
WHEN (NOT pg_try_advisory_xact_lock(%1))
EXECUTE FUNCTION faces_take_writer_lock())sql")
            .arg(SqlDialect::kWriterLockKey),
    };
}

}  // namespace facecase
