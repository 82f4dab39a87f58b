#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace facecase {

// One row of `audit_log`, exactly as stored, and the hash arithmetic of the chain. Plain value.
//
// The canonical form of a record (docs/audit.md has it with a script that checks it) is the
// canonical JSON (CanonicalJson) of the object
//     {"action": action, "actor": actor, "at": at, "case_id": case_id or null,
//      "details": <details>, "seq": seq}
// with the keys in that (sorted) order, every field as stored in the database, and `details`
// spliced in as its exact stored text. AuditTrail::append stores `details` in canonical form, so
// the whole is canonical JSON too; a verifier must not re-serialise it. Then
//     hash = lower-case hex of SHA-256( prev_hash as 64 ASCII hex characters
//                                       followed by the UTF-8 bytes of the canonical form )
// and the first record's prev_hash is 64 '0' characters (genesisHash()).
struct AuditRecord {
    qint64 seq = 0;  // 1, 2, 3, ... without gaps
    QString at;      // as stored: ISO 8601 UTC with ms, "2024-05-01T09:30:00.000Z"
    QString actor;
    std::optional<qint64> caseId;
    QString action;
    QByteArray details;  // canonical JSON text of an object, as stored
    QString prevHash;    // hash of the record before, or genesisHash()
    QString hash;

    QDateTime time() const;  // `at` parsed; invalid if the stored text is not a time
    QJsonObject detailsObject() const;

    QByteArray canonicalForm() const;  // the bytes that are hashed after prev_hash
    QString computeHash() const;       // from prevHash and the fields, ignoring `hash`
    // The canonical JSON of the record with "hash" and "prev_hash" added (keys still sorted):
    // one line of an audit export, from which anyone can recompute that record's hash.
    QByteArray exportJson() const;

    static QString genesisHash() { return QString(64, QLatin1Char('0')); }
};

}  // namespace facecase
