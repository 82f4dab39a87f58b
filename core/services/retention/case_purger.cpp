#include "services/retention/case_purger.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <algorithm>

#include "policy/policy_store.h"
#include "audit/audit_trail.h"
#include "store/case_repository.h"
#include "store/sql_values.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
QString day(const QDateTime& time) {
    return time.toUTC().date().toString(Qt::ISODate);
}

ExpiredCase describe(const CaseRecord& c, int policyDays) {
    ExpiredCase e;
    e.record = c;
    e.retentionDays = c.retentionDaysOr(policyDays);
    e.policyDefault = !c.retentionDays.has_value();
    e.expiredAt = c.expiresAt(policyDays);
    return e;
}
}  // namespace

CasePurger::CasePurger(Workspace workspace, const DatabaseConnection& connection)
    : m_workspace(std::move(workspace)), m_connection(connection) {}

Result<int> CasePurger::policyDefaultDays() const {
    auto policy = PolicyStore(m_connection).load();
    if (!policy) return policy.error();
    return policy->retentionDaysAfterClose;
}

Result<std::vector<ExpiredCase>> CasePurger::expired(const QDateTime& now) const {
    auto days = policyDefaultDays();
    if (!days) return days.error();
    auto cases = CaseRepository(m_connection).list();
    if (!cases) return cases.error();
    std::vector<ExpiredCase> due;
    for (const CaseRecord& c : *cases) {
        if (c.status == CaseRecord::Status::Open || c.isPurged()) continue;
        ExpiredCase e = describe(c, *days);
        if (!e.expiredAt.isValid() || e.expiredAt > now) continue;
        auto counts = countsOf(c.id);
        if (!counts) return counts.error();
        e.counts = *counts;
        due.push_back(std::move(e));
    }
    std::stable_sort(due.begin(), due.end(), [](const ExpiredCase& a, const ExpiredCase& b) {
        return a.expiredAt < b.expiredAt;
    });
    return due;
}

Result<PurgeCounts> CasePurger::countsOf(qint64 caseId) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // Evidence paths as stored (probes since schema 3, searches' own copy path since 1); a file
    // is shared when a row of another case names it too.
    query.prepare(QStringLiteral(R"sql(
WITH own_searches AS (SELECT id FROM searches WHERE case_id = ?),
     own_annotations AS (SELECT id FROM annotations WHERE case_id = ?),
     paths AS (SELECT evidence_path AS path FROM probes WHERE case_id = ?
               UNION SELECT probe_evidence_path FROM searches WHERE case_id = ?)
SELECT (SELECT count(*) FROM probes WHERE case_id = ?),
       (SELECT count(*) FROM own_searches),
       (SELECT count(*) FROM candidates WHERE search_id IN (SELECT id FROM own_searches)),
       (SELECT count(*) FROM annotations WHERE case_id = ? AND kind = 'verdict'),
       (SELECT count(*) FROM annotations WHERE case_id = ? AND kind = 'note'),
       (SELECT count(*) FROM verdict_reviews WHERE annotation_id IN (SELECT id FROM own_annotations)),
       (SELECT count(*) FROM annotation_marks WHERE annotation_id IN (SELECT id FROM own_annotations)),
       (SELECT count(*) FROM paths),
       (SELECT count(*) FROM paths p
         WHERE EXISTS (SELECT 1 FROM probes WHERE evidence_path = p.path AND case_id <> ?)
            OR EXISTS (SELECT 1 FROM searches
                       WHERE probe_evidence_path = p.path AND case_id <> ?)))sql"));
    for (int i = 0, n = int(query.lastQuery().count(QLatin1Char('?'))); i < n; ++i)
        query.bindValue(i, caseId);
    if (!query.exec() || !query.next()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("count the data of case %1").arg(caseId),
                             query.lastError());
    }
    PurgeCounts c;
    c.probes = query.value(0).toLongLong();
    c.searches = query.value(1).toLongLong();
    c.candidates = query.value(2).toLongLong();
    c.verdicts = query.value(3).toLongLong();
    c.notes = query.value(4).toLongLong();
    c.reviews = query.value(5).toLongLong();
    c.marks = query.value(6).toLongLong();
    c.evidenceFiles = query.value(7).toLongLong();
    c.sharedEvidenceFiles = query.value(8).toLongLong();
    return c;
}

Result<QStringList> CasePurger::evidencePathsOf(qint64 caseId) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT evidence_path FROM probes WHERE case_id = ? "
                                 "UNION SELECT probe_evidence_path FROM searches "
                                 "WHERE case_id = ? ORDER BY 1"));
    for (int i = 0, n = int(query.lastQuery().count(QLatin1Char('?'))); i < n; ++i)
        query.bindValue(i, caseId);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("list the evidence files of case %1").arg(caseId),
                             query.lastError());
    }
    QStringList paths;
    while (query.next()) paths << query.value(0).toString();
    return paths;
}

Result<void> CasePurger::deleteRows(qint64 caseId, const QString& caseNumber) const {
    // Children before parents: annotations refer to searches and candidates (ON DELETE
    // RESTRICT) and take their marks and reviews with them; searches take their candidates;
    // probes go last because searches refer to them (RESTRICT). Marks and reviews are deleted
    // explicitly so the order does not depend on cascades.
    const QStringList statements{
        QStringLiteral("DELETE FROM annotation_marks WHERE annotation_id IN "
                       "(SELECT id FROM annotations WHERE case_id = ?)"),
        QStringLiteral("DELETE FROM verdict_reviews WHERE annotation_id IN "
                       "(SELECT id FROM annotations WHERE case_id = ?)"),
        QStringLiteral("DELETE FROM annotations WHERE case_id = ?"),
        QStringLiteral("DELETE FROM candidates WHERE search_id IN "
                       "(SELECT id FROM searches WHERE case_id = ?)"),
        QStringLiteral("DELETE FROM searches WHERE case_id = ?"),
        QStringLiteral("DELETE FROM probes WHERE case_id = ?"),
    };
    for (const QString& sql : statements) {
        QSqlQuery query(m_connection.database());
        query.prepare(sql);
        query.bindValue(0, caseId);
        if (!query.exec()) {
            return databaseError(m_connection.databasePath(),
                                 QStringLiteral("purge case \"%1\"").arg(caseNumber),
                                 query.lastError());
        }
    }
    return {};
}

Result<CasePurger::Outcome> CasePurger::purge(qint64 caseId, const QString& actor) {
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    // Everything is decided under the write lock: a concurrent reopen or retention change
    // either committed before (and is seen here) or waits.
    auto found = CaseRepository(m_connection).findById(caseId);
    if (!found) return found.error();
    const CaseRecord& c = *found;
    if (c.isPurged()) {
        return Error::invalidInput(QStringLiteral("case \"%1\" was already purged on %2")
                                       .arg(c.caseNumber, day(c.purgedAt)));
    }
    if (c.status == CaseRecord::Status::Open) {
        return Error::invalidInput(
            QStringLiteral("case \"%1\" is open: only closed cases past their retention period "
                           "are purged")
                .arg(c.caseNumber));
    }
    auto days = policyDefaultDays();
    if (!days) return days.error();
    ExpiredCase what = describe(c, *days);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (what.expiredAt > now) {
        return Error::invalidInput(
            QStringLiteral("case \"%1\" has not expired: closed %2, kept %3 days (%4), so it "
                           "expires on %5; only expired cases are purged")
                .arg(c.caseNumber, day(c.closedAt))
                .arg(what.retentionDays)
                .arg(what.policyDefault ? QStringLiteral("policy default")
                                        : QStringLiteral("its own period"),
                     day(what.expiredAt)));
    }
    auto counts = countsOf(caseId);
    if (!counts) return counts.error();
    what.counts = *counts;
    auto paths = evidencePathsOf(caseId);
    if (!paths) return paths.error();
    if (auto deleted = deleteRows(caseId, c.caseNumber); !deleted) return deleted.error();

    const QString purgedAt = sql::timestamp(now);
    QSqlQuery mark(m_connection.database());
    mark.prepare(QStringLiteral("UPDATE cases SET purged_at = ? WHERE id = ?"));
    mark.bindValue(0, purgedAt);
    mark.bindValue(1, caseId);
    if (!mark.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("mark case \"%1\" purged").arg(c.caseNumber),
                             mark.lastError());
    }

    const PurgeCounts& n = what.counts;
    AuditEntry entry;
    entry.action = QStringLiteral("case_purged");
    entry.actor = actor;
    entry.caseId = caseId;
    entry.at = QDateTime::fromString(purgedAt, Qt::ISODateWithMs);
    entry.details = n.toJson();
    const QJsonObject about{
        {QStringLiteral("case_number"), c.caseNumber},
        {QStringLiteral("retention_days"), what.retentionDays},
        {QStringLiteral("retention_source"),
         what.policyDefault ? QStringLiteral("policy") : QStringLiteral("case")},
        {QStringLiteral("closed_at"), sql::timestamp(c.closedAt)},
        {QStringLiteral("expired_at"), sql::timestamp(what.expiredAt)},
    };
    for (auto it = about.begin(); it != about.end(); ++it) entry.details.insert(it.key(), it.value());
    auto recorded = AuditTrail(m_connection).append(*transaction, entry);
    if (!recorded) return recorded.error();
    if (auto committed = transaction->commit(); !committed) return committed.error();

    Outcome outcome;
    outcome.purged = std::move(what);
    outcome.purgedAt = entry.at;
    outcome.audit = *recorded;
    // After the commit: the rows are gone for good, the files follow. A failure here is
    // reported, not fatal; the next orphan sweep retries.
    auto files = EvidenceSweeper(m_workspace, m_connection).removeUnreferenced(*paths);
    if (files) {
        outcome.files = *files;
    } else {
        for (const QString& path : *paths)
            outcome.files.failed << QStringLiteral("%1: %2").arg(path, files.errorMessage());
    }
    return outcome;
}

Result<CasePurger::Run> CasePurger::purgeAll(const std::vector<qint64>& caseIds,
                                             const QString& actor) {
    Run run;
    for (const qint64 id : caseIds) {
        auto purged = purge(id, actor);
        if (purged) {
            run.purged.push_back(std::move(purged).value());
        } else {
            run.failures << purged.errorMessage();
        }
    }
    auto orphans = EvidenceSweeper(m_workspace, m_connection).sweepOrphans();
    if (!orphans) return orphans.error();
    run.orphans = *orphans;
    return run;
}

}  // namespace facecase
