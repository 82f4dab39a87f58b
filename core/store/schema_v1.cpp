#include "store/schema_v1.h"

namespace facecase {

// Conventions, so that the database reads well in the sqlite3 shell and in a court exhibit:
//  - times are TEXT, ISO 8601 UTC with milliseconds ("2024-05-01T09:30:00.000Z"), which sort
//    as text;
//  - JSON columns are TEXT checked with json_valid();
//  - enumerations are TEXT checked against their values, so a typo in code fails loudly;
//  - every foreign key column that a parent delete must find has an index (otherwise removing
//    a 300,000-face gallery scans child tables once per face);
//  - ids that can appear in reports and audit details use AUTOINCREMENT, so an id is never
//    reused for a different record after a delete.
// SQLite keeps the text of each CREATE statement (with its comments) in sqlite_master, so the
// column comments below are what `.schema` shows.
QStringList schemaV1Statements() {
    return {
        // ---- workspace facts ------------------------------------------------------------------
        QStringLiteral(R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,  -- schema_version, workspace_id, created_at, created_by
    value TEXT NOT NULL
) WITHOUT ROWID)sql"),

        // ---- galleries and what is enrolled in them -------------------------------------------
        // `revision` tells the in-memory search index whether it is stale: triggers on faces bump
        // it on every insert, delete and descriptor change, within the same transaction.
        QStringLiteral(R"sql(
CREATE TABLE galleries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL COLLATE NOCASE UNIQUE  -- 'Bookings 2010-2018', 'Case 42 images'
                CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0)
))sql"),

        QStringLiteral(R"sql(
CREATE TABLE subjects (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    gallery_id  INTEGER NOT NULL REFERENCES galleries (id) ON DELETE CASCADE,
    external_id TEXT,                        -- booking number or similar; NULL when unknown
    name        TEXT NOT NULL DEFAULT '',
    attributes  TEXT NOT NULL DEFAULT '{}'   -- free attributes from the import, a JSON object
                CHECK (json_valid(attributes) AND json_type(attributes) = 'object'),
    created_at  TEXT NOT NULL,
    UNIQUE (gallery_id, external_id)         -- also the index for gallery_id lookups
))sql"),

        // Descriptors of different networks (or of one network run plain vs flip-averaged) are
        // not comparable; every descriptor names the model that made it.
        QStringLiteral(R"sql(
CREATE TABLE descriptor_models (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,          -- e.g. 'dlib-resnet-v1/flip-averaged'
    dimensions INTEGER NOT NULL CHECK (dimensions > 0)
))sql"),

        QStringLiteral(R"sql(
CREATE TABLE enrollment_jobs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    gallery_id    INTEGER NOT NULL REFERENCES galleries (id) ON DELETE CASCADE,
    source_folder TEXT NOT NULL,
    options       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
    actor         TEXT NOT NULL,             -- who started it (OS user name)
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    status        TEXT NOT NULL DEFAULT 'running'
                  CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
    CHECK ((status = 'running') = (finished_at IS NULL))
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX enrollment_jobs_by_gallery ON enrollment_jobs (gallery_id))sql"),

        // One row per distinct photo per gallery: re-running an enrollment finds the SHA-256 and
        // skips the file instead of enrolling it twice.
        QStringLiteral(R"sql(
CREATE TABLE images (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    gallery_id       INTEGER NOT NULL REFERENCES galleries (id) ON DELETE CASCADE,
    subject_id       INTEGER REFERENCES subjects (id) ON DELETE SET NULL,
    sha256           TEXT NOT NULL            -- of the file's bytes, lower-case hex
                     CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    path             TEXT NOT NULL,           -- absolute source path when imported
    file_bytes       INTEGER NOT NULL CHECK (file_bytes >= 0),
    width            INTEGER NOT NULL CHECK (width > 0),   -- upright (EXIF orientation applied);
    height           INTEGER NOT NULL CHECK (height > 0),  -- face boxes refer to these pixels
    format           TEXT NOT NULL,           -- 'JPEG', 'PNG', ...
    exif_orientation INTEGER NOT NULL DEFAULT 1 CHECK (exif_orientation BETWEEN 1 AND 8),
    imported_at      TEXT NOT NULL,
    source           TEXT NOT NULL DEFAULT '',  -- how it arrived: 'enrollment', 'import', ...
    job_id           INTEGER REFERENCES enrollment_jobs (id) ON DELETE SET NULL,
    UNIQUE (gallery_id, sha256),
    UNIQUE (id, gallery_id)                   -- target of faces' (image_id, gallery_id) key
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX images_by_sha256 ON images (sha256))sql"),  // "is this probe already in a gallery?"
        QStringLiteral(R"sql(
CREATE INDEX images_by_subject ON images (subject_id) WHERE subject_id IS NOT NULL)sql"),
        QStringLiteral(R"sql(
CREATE INDEX images_by_job ON images (job_id) WHERE job_id IS NOT NULL)sql"),

        // gallery_id is copied from the image so that loading a gallery's descriptors is one
        // index range scan; the composite foreign key guarantees the copy matches the image.
        QStringLiteral(R"sql(
CREATE TABLE faces (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    image_id       INTEGER NOT NULL,
    gallery_id     INTEGER NOT NULL,
    face_index     INTEGER NOT NULL CHECK (face_index >= 1),  -- 1-based, reading order in the image
    box_x          REAL NOT NULL,                             -- upright image pixels
    box_y          REAL NOT NULL,
    box_width      REAL NOT NULL CHECK (box_width > 0),
    box_height     REAL NOT NULL CHECK (box_height > 0),
    detector_score REAL NOT NULL DEFAULT 0,
    manual         INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),  -- boxed by the analyst
    landmarks      BLOB NOT NULL              -- 68 (x, y) pairs, float32 little-endian
                   CHECK (length(landmarks) = 544),
    quality        TEXT NOT NULL CHECK (json_valid(quality)),  -- measurements, levels, warnings
    quality_level  TEXT NOT NULL CHECK (quality_level IN ('good', 'caution', 'poor')),
    model_id       INTEGER REFERENCES descriptor_models (id),
    descriptor     BLOB                       -- float32 little-endian, the source of truth for
                   CHECK (length(descriptor) > 0 AND length(descriptor) % 4 = 0),  -- the index
    CHECK ((descriptor IS NULL) = (model_id IS NULL)),
    UNIQUE (image_id, face_index),
    FOREIGN KEY (image_id, gallery_id) REFERENCES images (id, gallery_id) ON DELETE CASCADE
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX faces_by_gallery_model ON faces (gallery_id, model_id))sql"),

        QStringLiteral(R"sql(
CREATE TRIGGER faces_insert_bumps_revision AFTER INSERT ON faces BEGIN
    UPDATE galleries SET revision = revision + 1 WHERE id = NEW.gallery_id;
END)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER faces_delete_bumps_revision AFTER DELETE ON faces BEGIN
    UPDATE galleries SET revision = revision + 1 WHERE id = OLD.gallery_id;
END)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER faces_update_bumps_revision
AFTER UPDATE OF gallery_id, model_id, descriptor ON faces BEGIN
    UPDATE galleries SET revision = revision + 1 WHERE id IN (OLD.gallery_id, NEW.gallery_id);
END)sql"),

        // One row per file an enrollment job looked at, whatever became of it: the job's report
        // and what lets an analyst see why a booking photo is not searchable.
        QStringLiteral(R"sql(
CREATE TABLE enrollment_items (
    id           INTEGER PRIMARY KEY,
    job_id       INTEGER NOT NULL REFERENCES enrollment_jobs (id) ON DELETE CASCADE,
    path         TEXT NOT NULL,
    sha256       TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),  -- NULL if unreadable
    status       TEXT NOT NULL CHECK (status IN (
                     'ok',             -- enrolled
                     'no_face',        -- the detector ran and found none
                     'several_faces',  -- enrolled or skipped by policy; see message
                     'unreadable',     -- not an image, truncated, too large, ...
                     'duplicate',      -- same bytes already in this gallery
                     'failed')),       -- the pipeline failed (model error, ...): not "no face"
    face_count   INTEGER NOT NULL DEFAULT 0 CHECK (face_count >= 0),
    image_id     INTEGER REFERENCES images (id) ON DELETE SET NULL,
    message      TEXT NOT NULL DEFAULT '',
    processed_at TEXT NOT NULL,
    UNIQUE (job_id, path)
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX enrollment_items_by_image ON enrollment_items (image_id) WHERE image_id IS NOT NULL)sql"),

        // ---- cases, searches and what analysts concluded ----------------------------------------
        // Cases are never deleted (RESTRICT from everything that refers to them): the audit
        // trail must keep its subject.
        QStringLiteral(R"sql(
CREATE TABLE cases (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_number TEXT NOT NULL UNIQUE CHECK (length(trim(case_number)) > 0),
    title       TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL CHECK (length(trim(purpose)) > 0),  -- purpose / legal basis
    analyst     TEXT NOT NULL,
    opened_at   TEXT NOT NULL,
    closed_at   TEXT,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'archived')),
    CHECK ((status = 'open') = (closed_at IS NULL))
))sql"),

        // A search keeps what it searched with (probe copy in evidence/, its face, descriptor and
        // parameters) and a snapshot of the gallery's name and revision, so the record stands
        // even after the gallery changes or is removed.
        QStringLiteral(R"sql(
CREATE TABLE searches (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id              INTEGER NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
    gallery_id           INTEGER REFERENCES galleries (id) ON DELETE SET NULL,
    gallery_name         TEXT NOT NULL,
    gallery_revision     INTEGER NOT NULL,
    probe_sha256         TEXT NOT NULL CHECK (length(probe_sha256) = 64),
    probe_evidence_path  TEXT NOT NULL,       -- relative to the workspace folder
    probe_original_path  TEXT NOT NULL DEFAULT '',
    probe_face_index     INTEGER NOT NULL CHECK (probe_face_index >= 1),
    probe_box_x          REAL NOT NULL,
    probe_box_y          REAL NOT NULL,
    probe_box_width      REAL NOT NULL,
    probe_box_height     REAL NOT NULL,
    probe_descriptor     BLOB NOT NULL,
    model_id             INTEGER NOT NULL REFERENCES descriptor_models (id),
    parameters           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(parameters)),
    actor                TEXT NOT NULL,
    started_at           TEXT NOT NULL,
    finished_at          TEXT
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX searches_by_case ON searches (case_id))sql"),
        QStringLiteral(R"sql(
CREATE INDEX searches_by_gallery ON searches (gallery_id) WHERE gallery_id IS NOT NULL)sql"),

        // The ranked list shown to the analyst, with a snapshot of what identified each face.
        QStringLiteral(R"sql(
CREATE TABLE candidates (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    search_id           INTEGER NOT NULL REFERENCES searches (id) ON DELETE CASCADE,
    rank                INTEGER NOT NULL CHECK (rank >= 1),
    face_id             INTEGER REFERENCES faces (id) ON DELETE SET NULL,
    distance            REAL NOT NULL CHECK (distance >= 0),
    score               REAL,                 -- calibrated; NULL when no calibration applied
    image_sha256        TEXT NOT NULL CHECK (length(image_sha256) = 64),
    subject_external_id TEXT,
    subject_name        TEXT,
    UNIQUE (search_id, rank)
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX candidates_by_face ON candidates (face_id) WHERE face_id IS NOT NULL)sql"),

        // Notes and verdicts are appended, never edited: a changed mind is a new row.
        QStringLiteral(R"sql(
CREATE TABLE annotations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
    search_id    INTEGER REFERENCES searches (id) ON DELETE RESTRICT,
    candidate_id INTEGER REFERENCES candidates (id) ON DELETE RESTRICT,
    kind         TEXT NOT NULL CHECK (kind IN ('note', 'verdict')),
    verdict      TEXT CHECK (verdict IN ('possible_match', 'no_match', 'inconclusive')),
    note         TEXT NOT NULL DEFAULT '',
    analyst      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    CHECK ((kind = 'verdict') = (verdict IS NOT NULL)),
    CHECK (kind = 'note' OR candidate_id IS NOT NULL)  -- a verdict is about a candidate
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX annotations_by_case ON annotations (case_id))sql"),
        QStringLiteral(R"sql(
CREATE INDEX annotations_by_search ON annotations (search_id) WHERE search_id IS NOT NULL)sql"),
        QStringLiteral(R"sql(
CREATE INDEX annotations_by_candidate ON annotations (candidate_id) WHERE candidate_id IS NOT NULL)sql"),

        // ---- audit log --------------------------------------------------------------------------
        // hash = SHA-256(prev_hash || canonical record); the first record's prev_hash is 64 '0's.
        // `facecase-cli audit verify` recomputes the chain; the triggers below only stop
        // accidental edits, the chain is what detects deliberate ones.
        QStringLiteral(R"sql(
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,            -- 1, 2, 3, ...; rows are never deleted
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    case_id   INTEGER REFERENCES cases (id) ON DELETE RESTRICT,
    action    TEXT NOT NULL CHECK (length(action) > 0),
    details   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX audit_log_by_case ON audit_log (case_id, seq) WHERE case_id IS NOT NULL)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit log records cannot be changed');
END)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit log records cannot be deleted');
END)sql"),
    };
}

}  // namespace facecase
