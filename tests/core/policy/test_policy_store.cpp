// PolicyStore on real workspaces: defaults until a supervisor acts, the passphrase stored as an
// Argon2id hash, changes only with the passphrase and a reason, every change and every refusal
// in the audit log, and a tampered policy row refused rather than guessed around.
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "policy/policy_store.h"
#include "policy/supervisor_passphrase.h"
#include "audit/audit_trail.h"
#include "store/workspace.h"
#include "../store/store_test_support.h"

using namespace facecase;

namespace {
const QString kPass = QStringLiteral("correct horse battery staple");
const QString kBoss = QStringLiteral("sgt.miller");

bool agencyDatabase() {
    return test::testBackend() == SqlBackend::PostgreSql;
}
}  // namespace

// The passphrase is a workspace folder's guard; on an agency database the supervisor role is.
#define SKIP_ON_AGENCY_DATABASE()                                                             \
    do {                                                                                      \
        if (agencyDatabase())                                                                 \
            QSKIP("the supervisor passphrase guards a workspace folder; on an agency "        \
                  "database the supervisor role does (agencyDatabaseHasNoPassphrase, "        \
                  "test_postgres_roles)");                                                    \
    } while (false)

class TestPolicyStore : public QObject {
    Q_OBJECT

    test::FreshWorkspaces m_workspaces;

    DatabaseConnection freshConnection() { return m_workspaces.next(); }
    static std::vector<AuditRecord> audit(const DatabaseConnection& db) { return test::auditRecordsOf(db); }
    static QString scalar(const DatabaseConnection& db, const QString& sql) {
        return test::scalar(db, sql).toString();
    }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void passphraseIsAnArgon2idHash() {
        auto hash = SupervisorPassphrase::hash(kPass);
        QVERIFY2(hash.ok(), qPrintable(hash.errorMessage()));
        QVERIFY2(hash->startsWith(QStringLiteral("$argon2id$v=19$m=65536,t=2,p=1$")), qPrintable(*hash));
        QVERIFY(!hash->contains(kPass));
        QVERIFY(SupervisorPassphrase::matches(*hash, kPass));
        QVERIFY(!SupervisorPassphrase::matches(*hash, kPass + QLatin1Char(' ')));
        QVERIFY(!SupervisorPassphrase::matches(*hash, QString()));
        QVERIFY(!SupervisorPassphrase::matches(QStringLiteral("$argon2id$broken"), kPass));
        // Salted: the same passphrase hashes differently every time.
        QVERIFY(*SupervisorPassphrase::hash(kPass) != *hash);
        auto shortOne = SupervisorPassphrase::hash(QStringLiteral("hunter2"));
        QVERIFY(!shortOne.ok());
        QVERIFY2(shortOne.errorMessage().contains(QStringLiteral("too short (7 characters, at least 12)")),
                 qPrintable(shortOne.errorMessage()));
    }

    void defaultsUntilASupervisorSetsAPassphrase() {
        SKIP_ON_AGENCY_DATABASE();
        DatabaseConnection db = freshConnection();
        PolicyStore store(db);
        auto policy = store.load();
        QVERIFY(policy.ok());
        QVERIFY(*policy == AgencyPolicy());
        QCOMPARE(*store.hasSupervisorPassphrase(), false);

        auto refused = store.change({{QStringLiteral("review.second_reviewer"), QStringLiteral("required")}},
                                    kPass, QStringLiteral("new rule"), kBoss);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("no supervisor passphrase is set")),
                 qPrintable(refused.errorMessage()));
        QVERIFY(*store.load() == AgencyPolicy());
        const auto records = audit(db);
        QCOMPARE(records.size(), size_t(1));
        QCOMPARE(records[0].action, QStringLiteral("policy_change_refused"));
        QCOMPARE(records[0].detailsObject().value(QStringLiteral("keys")).toString(),
                 QStringLiteral("review.second_reviewer"));
        QCOMPARE(records[0].actor, kBoss);
    }

    void changesNeedThePassphraseAndAReason() {
        SKIP_ON_AGENCY_DATABASE();
        DatabaseConnection db = freshConnection();
        PolicyStore store(db);
        auto set = store.setSupervisorPassphrase({}, kPass, kBoss);
        QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
        QCOMPARE(set->action, QStringLiteral("supervisor_passphrase_set"));
        QVERIFY(scalar(db, QStringLiteral("SELECT passphrase_hash FROM supervisor_credential"))
                    .startsWith(QStringLiteral("$argon2id$")));

        // Wrong passphrase, blank reason, value out of bounds: refused, recorded, nothing changed.
        const std::vector<PolicyStore::Change> strict{
            {QStringLiteral("search.max_false_match_one_in"), QStringLiteral("100000")},
            {QStringLiteral("review.second_reviewer"), QStringLiteral("required")}};
        auto wrong = store.change(strict, QStringLiteral("not the passphrase"), QStringLiteral("r"), kBoss);
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.errorMessage().contains(QStringLiteral("passphrase is not correct")),
                 qPrintable(wrong.errorMessage()));
        auto noReason = store.change(strict, kPass, QStringLiteral("  "), kBoss);
        QVERIFY(!noReason.ok());
        QVERIFY(noReason.errorMessage().contains(QStringLiteral("needs a reason")));
        auto bad = store.change({strict[0], {QStringLiteral("search.min_candidates"), QStringLiteral("1")}},
                                kPass, QStringLiteral("r"), kBoss);
        QVERIFY(!bad.ok());
        QVERIFY(bad.errorMessage().contains(QStringLiteral("search.min_candidates cannot be \"1\"")));
        QVERIFY(*store.load() == AgencyPolicy());  // the valid first change was not applied either
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM policy_settings")), QStringLiteral("0"));

        auto changed = store.change(strict, kPass, QStringLiteral("County board order 2026-14"),
                                    QStringLiteral("lt.ortiz"));
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));
        auto policy = store.load();
        QVERIFY(policy.ok());
        QCOMPARE(policy->maxFalseMatchOneIn, 100000);
        QVERIFY(policy->secondReviewerRequired);
        QCOMPARE(changed->action, QStringLiteral("policy_changed"));
        QCOMPARE(changed->actor, QStringLiteral("lt.ortiz"));
        const QJsonArray changes = changed->detailsObject().value(QStringLiteral("changes")).toArray();
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes[0].toObject().value(QStringLiteral("from")).toString(), QStringLiteral("10000"));
        QCOMPARE(changes[0].toObject().value(QStringLiteral("to")).toString(), QStringLiteral("100000"));
        QCOMPARE(changes[1].toObject().value(QStringLiteral("to")).toString(), QStringLiteral("required"));
        QCOMPARE(changed->detailsObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("County board order 2026-14"));

        // Settings that depend on each other change together in any order: raising the
        // minimum above the old default is fine when the default rises with it.
        auto together = store.change({{QStringLiteral("search.min_candidates"), QStringLiteral("30")},
                                      {QStringLiteral("search.default_candidates"), QStringLiteral("40")}},
                                     kPass, QStringLiteral("longer lists"), kBoss);
        QVERIFY2(together.ok(), qPrintable(together.errorMessage()));
        QCOMPARE(store.load()->defaultCandidates, 40);
        auto inconsistent = store.change({{QStringLiteral("search.max_candidates"), QStringLiteral("35")}},
                                         kPass, QStringLiteral("shorter"), kBoss);
        QVERIFY(!inconsistent.ok());
        QVERIFY2(inconsistent.errorMessage().contains(QStringLiteral("candidate list lengths must keep")),
                 qPrintable(inconsistent.errorMessage()));

        QStringList actions;
        for (const AuditRecord& r : audit(db)) actions << r.action;
        QCOMPARE(actions, (QStringList{QStringLiteral("supervisor_passphrase_set"),
                                       QStringLiteral("policy_change_refused"),
                                       QStringLiteral("policy_change_refused"),
                                       QStringLiteral("policy_change_refused"),
                                       QStringLiteral("policy_changed"), QStringLiteral("policy_changed"),
                                       QStringLiteral("policy_change_refused")}));
        auto verified = AuditTrail(db).verify();
        QVERIFY(verified.ok() && verified->intact());
    }

    void passphraseChangeNeedsTheCurrentOne() {
        SKIP_ON_AGENCY_DATABASE();
        DatabaseConnection db = freshConnection();
        PolicyStore store(db);
        QVERIFY(store.setSupervisorPassphrase({}, kPass, kBoss).ok());
        const QString next = QStringLiteral("a whole new passphrase, 2026");
        auto wrong = store.setSupervisorPassphrase(QStringLiteral("guess guess guess"), next, QStringLiteral("intruder"));
        QVERIFY(!wrong.ok());
        QVERIFY(wrong.errorMessage().contains(QStringLiteral("current supervisor passphrase is not correct")));
        auto changed = store.setSupervisorPassphrase(kPass, next, kBoss);
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));
        QCOMPARE(changed->action, QStringLiteral("supervisor_passphrase_changed"));
        QVERIFY(!store.change({{QStringLiteral("search.default_candidates"), QStringLiteral("30")}}, kPass,
                              QStringLiteral("r"), kBoss)
                     .ok());
        QVERIFY(store.change({{QStringLiteral("search.default_candidates"), QStringLiteral("30")}}, next,
                             QStringLiteral("r"), kBoss)
                    .ok());
        const auto records = audit(db);
        QCOMPARE(records[1].action, QStringLiteral("policy_change_refused"));
        QCOMPARE(records[1].actor, QStringLiteral("intruder"));
        QCOMPARE(records[1].detailsObject().value(QStringLiteral("keys")).toString(),
                 QStringLiteral("supervisor_passphrase"));
    }

    // An agency database knows who is logged in: no passphrase is set (refused, on record) and
    // a supervisor login changes the policy without one (here the cluster's superuser, which
    // acts as every role; the roles themselves are test_postgres_roles').
    void agencyDatabaseHasNoPassphrase() {
        if (!agencyDatabase()) QSKIP("a workspace folder is guarded by the passphrase");
        DatabaseConnection db = freshConnection();
        PolicyStore store(db);
        auto refused = store.setSupervisorPassphrase({}, kPass, kBoss);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("needs no supervisor passphrase")),
                 qPrintable(refused.errorMessage()));
        auto changed = store.change({{QStringLiteral("review.second_reviewer"), QStringLiteral("required")}},
                                    QString(), QStringLiteral("new rule"), kBoss);
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));
        QCOMPARE(changed->action, QStringLiteral("policy_changed"));
        const auto records = audit(db);
        QCOMPARE(records.front().action, QStringLiteral("policy_change_refused"));
    }

    // Two supervisors with the policy open at two workstations (two connections): a change
    // carries the value its screen showed, and one made after the other supervisor changed that
    // setting is refused naming who set what and when, with nothing written or recorded.
    void aChangeOnAStaleScreenIsRefusedNamingWhoChangedTheSetting() {
        DatabaseConnection mine = freshConnection();
        DatabaseConnection theirs = m_workspaces.another();
        const QString pass = agencyDatabase() ? QString() : kPass;
        if (!agencyDatabase()) QVERIFY(PolicyStore(mine).setSupervisorPassphrase({}, kPass, kBoss).ok());
        auto seen = PolicyStore(mine).load();  // this supervisor opens the policy dialog
        QVERIFY(seen.ok());
        const QString key = QStringLiteral("search.max_candidates");
        QCOMPARE(seen->valueText(key), QStringLiteral("100"));

        auto other = PolicyStore(theirs).change({{key, QStringLiteral("60"), seen->valueText(key)}}, pass,
                                                QStringLiteral("shorter lists for the task force"), kBoss);
        QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
        const std::size_t recordsBefore = audit(mine).size();

        auto stale = PolicyStore(mine).change(
            {{QStringLiteral("review.second_reviewer"), QStringLiteral("required"),
              seen->valueText(QStringLiteral("review.second_reviewer"))},
             {key, QStringLiteral("80"), seen->valueText(key)}},
            pass, QStringLiteral("shorter lists"), QStringLiteral("lt.ortiz"));
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().kind, Error::Kind::Conflict);
        const QRegularExpression said(QStringLiteral(
            "^search\\.max_candidates was changed to 60 by .+ at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC "
            "since you opened the policy; look at it and set yours again$"));
        QVERIFY2(said.match(stale.errorMessage()).hasMatch(), qPrintable(stale.errorMessage()));
        QCOMPARE(PolicyStore(mine).load()->maxCandidates, 60);
        QVERIFY(!PolicyStore(mine).load()->secondReviewerRequired);  // all or nothing
        QCOMPARE(audit(mine).size(), recordsBefore);

        // Seen as it is now it goes through, "from" naming the other supervisor's value; the
        // CLI (no seen value) changes whatever is stored.
        auto fresh = PolicyStore(mine).change({{key, QStringLiteral("80"), QStringLiteral("60")}}, pass,
                                              QStringLiteral("shorter lists"), kBoss);
        QVERIFY2(fresh.ok(), qPrintable(fresh.errorMessage()));
        const QJsonObject change =
            fresh->detailsObject().value(QStringLiteral("changes")).toArray().first().toObject();
        QCOMPARE(change.value(QStringLiteral("from")).toString(), QStringLiteral("60"));
        QCOMPARE(change.value(QStringLiteral("to")).toString(), QStringLiteral("80"));
        QVERIFY(PolicyStore(theirs).change({{key, QStringLiteral("90")}}, pass, QStringLiteral("cli"), kBoss).ok());
        QVERIFY(AuditTrail(mine).verify()->intact());
    }

    // Someone edits policy_settings with sqlite3 to loosen the guardrails: the workspace
    // refuses to run on a policy it cannot vouch for, naming the row; setting it again repairs.
    void tamperedRowsAreRefused() {
        DatabaseConnection db = freshConnection();
        PolicyStore store(db);
        if (!agencyDatabase()) QVERIFY(store.setSupervisorPassphrase({}, kPass, kBoss).ok());
        QVERIFY(db.exec(QStringLiteral("INSERT INTO policy_settings VALUES "
                                       "('search.min_candidates', '1', 'x', 'mallory')"),
                        QStringLiteral("tamper")).ok());
        auto loaded = store.load();
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.errorMessage().contains(QStringLiteral("search.min_candidates = \"1\"")),
                 qPrintable(loaded.errorMessage()));
        QVERIFY(loaded.errorMessage().contains(QStringLiteral("a supervisor must set it again")));
        QVERIFY(store.change({{QStringLiteral("search.min_candidates"), QStringLiteral("10")}}, kPass,
                             QStringLiteral("repair after tampering"), kBoss)
                    .ok());
        QCOMPARE(store.load()->minCandidates, 10);

        QVERIFY(db.exec(QStringLiteral("INSERT INTO policy_settings VALUES "
                                       "('search.off', '1', 'x', 'mallory')"),
                        QStringLiteral("tamper")).ok());
        QVERIFY(store.load().errorMessage().contains(QStringLiteral("unknown policy setting")));
    }
};

QTEST_GUILESS_MAIN(TestPolicyStore)
#include "test_policy_store.moc"
