#include "store/schema_v3.h"

namespace facecase {

// Conventions as in schema_v1.cpp. Columns added with ALTER TABLE carry no SQL comment: SQLite
// splices the column text into the stored CREATE TABLE, where a trailing "--" would swallow the
// closing parenthesis.
QStringList schemaV3Statements() {
    return {
        // One row per distinct photo per case. The bytes live once in the workspace's evidence
        // folder, named by their SHA-256 (two cases with the same photo share the file); the row
        // says how it arrived. What the analyst declared the photo to be is recorded because a
        // sketch or an edited picture is not a photograph of the person (issue 6's guardrails).
        QStringLiteral(R"sql(
CREATE TABLE probes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
    sha256        TEXT NOT NULL               -- of the file's bytes, lower-case hex
                  CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    evidence_path TEXT NOT NULL               -- relative to the workspace: evidence/<sha256>.<ext>
                  CHECK (length(evidence_path) > 0 AND substr(evidence_path, 1, 1) <> '/'),
    original_path TEXT NOT NULL DEFAULT '',   -- absolute path it was imported from
    file_bytes    INTEGER NOT NULL CHECK (file_bytes >= 0),
    width         INTEGER NOT NULL CHECK (width > 0),   -- upright (EXIF orientation applied);
    height        INTEGER NOT NULL CHECK (height > 0),  -- face boxes refer to these pixels
    format        TEXT NOT NULL,              -- 'JPEG', 'PNG', ...
    imported_at   TEXT NOT NULL,
    actor         TEXT NOT NULL,              -- who added it
    declared_kind TEXT NOT NULL DEFAULT 'unknown' CHECK (declared_kind IN (
                      'camera_photo', 'screenshot', 'cctv_still', 'edited_image',
                      'composite_sketch', 'artist_drawing', 'unknown')),
    edit_note     TEXT NOT NULL DEFAULT '',   -- what was edited; required for edited images
    CHECK (declared_kind <> 'edited_image' OR length(trim(edit_note)) > 0),
    UNIQUE (case_id, sha256)                  -- also the index for case_id lookups
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX probes_by_sha256 ON probes (sha256))sql"),  // "which cases used this photo?"

        // Searches recorded before version 3 keep probe_id NULL: their probe is described by
        // the probe_* columns of version 1, which every search still fills.
        QStringLiteral(R"sql(
ALTER TABLE searches ADD COLUMN probe_id INTEGER REFERENCES probes (id) ON DELETE RESTRICT)sql"),
        QStringLiteral(R"sql(
ALTER TABLE searches ADD COLUMN manual_face INTEGER NOT NULL DEFAULT 0
    CHECK (manual_face IN (0, 1)))sql"),
        QStringLiteral(R"sql(
CREATE INDEX searches_by_probe ON searches (probe_id) WHERE probe_id IS NOT NULL)sql"),

        // A verdict's reason is required; notes (the v1 `note` column) are optional. Enforced by
        // a trigger rather than a CHECK so that rows written before version 3 stay valid.
        QStringLiteral(R"sql(
ALTER TABLE annotations ADD COLUMN reason TEXT NOT NULL DEFAULT '')sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER annotations_verdict_needs_reason BEFORE INSERT ON annotations
WHEN NEW.kind = 'verdict' AND length(trim(NEW.reason)) = 0 BEGIN
    SELECT RAISE(ABORT, 'a verdict needs a reason');
END)sql"),
        // Appended, never edited: a changed mind is a new row (deletion stays possible for the
        // retention purge, which the audit log records).
        QStringLiteral(R"sql(
CREATE TRIGGER annotations_are_not_edited BEFORE UPDATE ON annotations BEGIN
    SELECT RAISE(ABORT, 'annotations cannot be changed; add a new one');
END)sql"),

        // Points an analyst puts on the probe or the candidate image with a label ("scar above
        // left eyebrow"), in the image's upright pixels.
        QStringLiteral(R"sql(
CREATE TABLE annotation_marks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    side          TEXT NOT NULL CHECK (side IN ('probe', 'candidate')),
    x             REAL NOT NULL CHECK (x >= 0),
    y             REAL NOT NULL CHECK (y >= 0),
    label         TEXT NOT NULL DEFAULT ''
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX annotation_marks_by_annotation ON annotation_marks (annotation_id))sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER annotation_marks_are_not_edited BEFORE UPDATE ON annotation_marks BEGIN
    SELECT RAISE(ABORT, 'annotation marks cannot be changed; add a new annotation');
END)sql"),

        // The audit view filters by date range, action and analyst over the whole log.
        QStringLiteral(R"sql(
CREATE INDEX audit_log_by_time ON audit_log (at))sql"),
        QStringLiteral(R"sql(
CREATE INDEX audit_log_by_action_actor ON audit_log (action, actor))sql"),
    };
}

}  // namespace facecase
