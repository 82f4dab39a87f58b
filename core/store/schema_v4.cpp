#include "store/schema_v4.h"

namespace facecase {

// Conventions as in schema_v1.cpp and schema_v3.cpp (no SQL comments in ALTER TABLE columns).
QStringList schemaV4Statements() {
    return {
        // The agency's policy, one row per setting that differs from the built-in default
        // (AgencyPolicy names the keys and bounds). Written only by PolicyStore, which checks
        // the supervisor passphrase and writes a `policy_changed` audit record in the same
        // transaction; the audit record, not this row, is the history.
        QStringLiteral(R"sql(
CREATE TABLE policy_settings (
    key        TEXT PRIMARY KEY CHECK (length(key) > 0),
    value      TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL
))sql"),

        // The supervisor passphrase as libsodium's crypto_pwhash_str() encodes it: algorithm,
        // parameters, salt and Argon2id hash in one string. At most one row.
        QStringLiteral(R"sql(
CREATE TABLE supervisor_credential (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    passphrase_hash TEXT NOT NULL CHECK (passphrase_hash GLOB '$argon2id$*'),
    set_at          TEXT NOT NULL,
    set_by          TEXT NOT NULL
))sql"),

        // Retention: days after closing that the case's probes, evidence copies, searches and
        // verdicts are kept (NULL: the policy's default applies). A purge removes them, keeps
        // the case row and its audit records, and sets purged_at.
        QStringLiteral(R"sql(
ALTER TABLE cases ADD COLUMN retention_days INTEGER
    CHECK (retention_days IS NULL OR retention_days > 0))sql"),
        QStringLiteral(R"sql(
ALTER TABLE cases ADD COLUMN purged_at TEXT)sql"),
        // A purged case is a record that its data existed; it cannot be reopened to add more.
        QStringLiteral(R"sql(
CREATE TRIGGER cases_purged_stay_closed BEFORE UPDATE OF status ON cases
WHEN OLD.purged_at IS NOT NULL AND NEW.status = 'open' BEGIN
    SELECT RAISE(ABORT, 'a purged case cannot be reopened');
END)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER cases_purge_is_final BEFORE UPDATE OF purged_at ON cases
WHEN OLD.purged_at IS NOT NULL BEGIN
    SELECT RAISE(ABORT, 'a purge cannot be undone');
END)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER cases_purge_needs_closed_case BEFORE UPDATE OF purged_at ON cases
WHEN NEW.purged_at IS NOT NULL AND OLD.status = 'open' BEGIN
    SELECT RAISE(ABORT, 'an open case cannot be purged');
END)sql"),

        // Second reviewer: another analyst confirms (or disputes) a possible-match verdict
        // before it may leave the application, when the policy asks for it.
        QStringLiteral(R"sql(
CREATE TABLE verdict_reviews (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    outcome       TEXT NOT NULL CHECK (outcome IN ('confirmed', 'disputed')),
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    analyst       TEXT NOT NULL CHECK (length(trim(analyst)) > 0),
    reviewed_at   TEXT NOT NULL
))sql"),
        QStringLiteral(R"sql(
CREATE INDEX verdict_reviews_by_annotation ON verdict_reviews (annotation_id))sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER verdict_reviews_only_possible_matches BEFORE INSERT ON verdict_reviews
WHEN (SELECT verdict FROM annotations WHERE id = NEW.annotation_id)
     IS NOT 'possible_match' BEGIN
    SELECT RAISE(ABORT, 'only a possible-match verdict is reviewed');
END)sql"),
        // Compared as the store keeps names (trimmed); ASCII case is ignored so "JDoe" cannot
        // confirm "jdoe".
        QStringLiteral(R"sql(
CREATE TRIGGER verdict_reviews_by_another_analyst BEFORE INSERT ON verdict_reviews
WHEN lower(trim(NEW.analyst)) =
     (SELECT lower(trim(analyst)) FROM annotations WHERE id = NEW.annotation_id) BEGIN
    SELECT RAISE(ABORT, 'the reviewing analyst must differ from the one who set the verdict');
END)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER verdict_reviews_are_not_edited BEFORE UPDATE ON verdict_reviews BEGIN
    SELECT RAISE(ABORT, 'reviews cannot be changed; add a new one');
END)sql"),
    };
}

}  // namespace facecase
