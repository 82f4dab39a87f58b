#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "policy/agency_policy.h"
#include "audit/audit_record.h"
#include "store/database_connection.h"
#include "store/transaction.h"
#include "types/result.h"

namespace facecase {

// The agency policy and its supervisor passphrase in the workspace database (schema 4:
// policy_settings, supervisor_credential). Anyone may read the policy: the CLI and the GUI
// apply it to every search, review and export. Changing it needs the supervisor passphrase,
// and every change (and every refused attempt) writes an audit record:
//   supervisor_passphrase_set      the first passphrase of the workspace
//   supervisor_passphrase_changed  a new one, given the current one
//   policy_changed                 {changes: [{key, from, to}], reason}
//   policy_change_refused          {keys, reason}  (wrong passphrase, none set, bad value)
// Until a passphrase is set the built-in defaults apply and cannot be changed.
// On PostgreSQL there is no passphrase: the login must hold the supervisor role
// (AgencyRoles), and the database's GRANT on policy_settings enforces it.
//
// The passphrase check (Argon2id, ~0.1 s) runs before the write transaction, so the database's
// write lock is never held for it; inside the transaction the stored hash is read again and
// must be the one that was checked.
//
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`.
class PolicyStore {
public:
    explicit PolicyStore(const DatabaseConnection& connection) : m_connection(connection) {}

    // The built-in defaults overlaid with the stored settings. A stored value that is unknown
    // or out of bounds (an edited database) is an InvalidInput error naming it: guardrails
    // that cannot be read are not silently replaced by others.
    Result<AgencyPolicy> load() const;

    Result<bool> hasSupervisorPassphrase() const;

    // The first passphrase needs no `current` (it is ignored); later ones need the current.
    Result<AuditRecord> setSupervisorPassphrase(const QString& current, const QString& next,
                                                const QString& actor);

    struct Change {
        QString key;
        QString value;
        // The value the supervisor's screen showed for `key` when deciding (the dialog's); none:
        // change whatever is stored (the CLI's `policy set`).
        std::optional<QString> seen = std::nullopt;
    };
    // Applies all `changes` or none. `reason` is required and recorded. Returns the
    // policy_changed record; a refusal returns its error after recording policy_change_refused.
    // A change whose `seen` is no longer the stored value (another supervisor changed the key
    // since) is refused as a Conflict naming who set what and when, with nothing written: it is
    // not an attempt at something forbidden, so it leaves no record either.
    Result<AuditRecord> change(const std::vector<Change>& changes, const QString& passphrase,
                               const QString& reason, const QString& actor);

    static constexpr int kMaxReasonLength = 4000;

private:
    struct Stored {
        AgencyPolicy policy;
        std::vector<QString> damaged;  // "key = value: why"
    };
    Result<Stored> read() const;
    Result<QString> storedHash() const;  // empty when none is set
    Error refuse(const QStringList& keys, const QString& actor, Error why) const;
    // Conflict when `change.seen` is given and no longer what `stored` has for its key.
    Result<void> checkSeen(const AgencyPolicy& stored, const Change& change) const;
    // The write transaction a policy change runs in, once the passphrase (SQLite) or the
    // supervisor role (PostgreSQL) allows it; else the recorded refusal.
    Result<Transaction> authorise(const QStringList& keys, const QString& passphrase,
                                  const QString& actor) const;
    // A write transaction in which the stored passphrase hash is still `checkedHash` (the one
    // the passphrase was checked against, before the lock).
    Result<Transaction> beginWithHash(const QString& checkedHash) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
