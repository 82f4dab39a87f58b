#include "audit/audit_cross_check.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
// The record that created one object: where it is and which case it belongs to.
struct Creation {
    qint64 seq = 0;
    std::optional<qint64> caseId;
};

// One kind of object and the action that creates it.
struct ObjectKind {
    QString noun;      // "probe"
    QString action;    // "probe_added"
    QString idKey;     // the id's key in the record's details: "probe_id"
    QString rowQuery;  // SELECT id, case_id of every such object
};

const std::vector<ObjectKind>& objectKinds() {
    static const std::vector<ObjectKind> kinds{
        {QStringLiteral("probe"), QStringLiteral("probe_added"), QStringLiteral("probe_id"),
         QStringLiteral("SELECT id, case_id FROM probes ORDER BY id")},
        {QStringLiteral("search"), QStringLiteral("search_run"), QStringLiteral("search_id"),
         QStringLiteral("SELECT id, case_id FROM searches ORDER BY id")},
        {QStringLiteral("verdict"), QStringLiteral("verdict_set"), QStringLiteral("annotation_id"),
         QStringLiteral("SELECT id, case_id FROM annotations WHERE kind = 'verdict' ORDER BY id")},
        {QStringLiteral("review"), QStringLiteral("verdict_reviewed"), QStringLiteral("review_id"),
         QStringLiteral("SELECT r.id, a.case_id FROM verdict_reviews r "
                        "JOIN annotations a ON a.id = r.annotation_id ORDER BY r.id")},
    };
    return kinds;
}

bool isStatusAction(const QString& action) {
    return action == QLatin1String("case_created") || action == QLatin1String("case_closed") ||
           action == QLatin1String("case_reopened");
}
}  // namespace

void AuditCrossCheck::disagree(QString object, QString problem, std::optional<qint64> seq) {
    ++disagreementCount;
    if (disagreements.size() < kMaxListed) {
        disagreements.push_back(Disagreement{std::move(object), std::move(problem), seq});
    }
}

Result<AuditCrossCheck> AuditCrossCheck::run(const DatabaseConnection& connection) {
    auto transaction = Transaction::begin(connection, Transaction::Kind::Read);
    if (!transaction) return transaction.error();
    const QString& db = connection.databasePath();
    AuditCrossCheck check;

    // The trail's side: what the records say was created, and each case's status history.
    QHash<qint64, qint64> created;                         // case id -> case_created seq
    QHash<qint64, std::pair<QString, qint64>> lastStatus;  // case id -> (action, seq)
    QSet<qint64> purged;                                   // case ids with case_purged
    QHash<qint64, qint64> firstRecordOfCase;               // case id -> its first record's seq
    std::vector<QHash<qint64, Creation>> creations(objectKinds().size());
    {
        QStringList actions{QStringLiteral("'case_created'"), QStringLiteral("'case_closed'"),
                            QStringLiteral("'case_reopened'"), QStringLiteral("'case_purged'")};
        for (const ObjectKind& kind : objectKinds()) actions << QLatin1Char('\'') + kind.action + QLatin1Char('\'');
        QSqlQuery records(connection.database());
        records.setForwardOnly(true);
        if (!records.exec(QStringLiteral("SELECT seq, case_id, action, details FROM audit_log "
                                         "WHERE action IN (%1) ORDER BY seq")
                              .arg(actions.join(QLatin1Char(','))))) {
            return databaseError(db, QStringLiteral("read the audit records to cross-check"),
                                 records.lastError());
        }
        while (records.next()) {
            const qint64 seq = records.value(0).toLongLong();
            const std::optional<qint64> caseId =
                records.value(1).isNull() ? std::nullopt : std::optional<qint64>(records.value(1).toLongLong());
            const QString action = records.value(2).toString();
            if (caseId && !firstRecordOfCase.contains(*caseId)) firstRecordOfCase.insert(*caseId, seq);
            if (caseId && action == QLatin1String("case_created") && !created.contains(*caseId)) {
                created.insert(*caseId, seq);
            }
            if (caseId && isStatusAction(action)) lastStatus.insert(*caseId, {action, seq});
            if (caseId && action == QLatin1String("case_purged")) purged.insert(*caseId);
            for (std::size_t k = 0; k < objectKinds().size(); ++k) {
                if (action != objectKinds()[k].action) continue;
                const QJsonObject details =
                    QJsonDocument::fromJson(records.value(3).toString().toUtf8()).object();
                const QJsonValue id = details.value(objectKinds()[k].idKey);
                if (id.isDouble()) {
                    creations[k].insert(id.toInteger(), Creation{seq, caseId});
                } else {
                    check.disagree(QStringLiteral("audit record %1").arg(seq),
                                   QStringLiteral("%1 record names no %2").arg(action, objectKinds()[k].idKey),
                                   seq);
                }
            }
        }
        if (records.lastError().type() != QSqlError::NoError) {
            return databaseError(db, QStringLiteral("read the audit records to cross-check"),
                                 records.lastError());
        }
    }

    // The state's side: cases.
    QHash<qint64, QString> caseNames;
    {
        QSqlQuery cases(connection.database());
        cases.setForwardOnly(true);
        if (!cases.exec(QStringLiteral("SELECT id, case_number, status, purged_at FROM cases ORDER BY id"))) {
            return databaseError(db, QStringLiteral("read the cases to cross-check"), cases.lastError());
        }
        while (cases.next()) {
            ++check.objectsChecked;
            const qint64 id = cases.value(0).toLongLong();
            const QString object = QStringLiteral("case %1").arg(cases.value(1).toString());
            caseNames.insert(id, cases.value(1).toString());
            const QString status = cases.value(2).toString();
            if (!created.contains(id)) {
                check.disagree(object, QStringLiteral("the trail has no case_created record"));
            }
            const auto last = lastStatus.constFind(id);
            const bool open = status == QLatin1String("open");
            if (last != lastStatus.cend()) {
                const bool closedByTrail = last->first == QLatin1String("case_closed");
                if (open && closedByTrail) {
                    check.disagree(object,
                                   QStringLiteral("is open, but its last status record is case_closed (seq %1) "
                                                  "and no case_reopened follows")
                                       .arg(last->second),
                                   last->second);
                } else if (!open && !closedByTrail) {
                    check.disagree(object,
                                   QStringLiteral("is %1, but the trail has no case_closed record after its "
                                                  "%2 (seq %3)")
                                       .arg(status, last->first)
                                       .arg(last->second),
                                   last->second);
                }
            } else if (!open) {
                check.disagree(object, QStringLiteral("is %1, but the trail has no case_closed record").arg(status));
            }
            if (!cases.value(3).isNull() && !purged.contains(id)) {
                check.disagree(object, QStringLiteral("is purged, but the trail has no case_purged record"));
            }
        }
        if (cases.lastError().type() != QSqlError::NoError) {
            return databaseError(db, QStringLiteral("read the cases to cross-check"), cases.lastError());
        }
    }
    for (auto it = firstRecordOfCase.cbegin(); it != firstRecordOfCase.cend(); ++it) {
        if (!caseNames.contains(it.key())) {
            check.disagree(QStringLiteral("case id %1").arg(it.key()),
                           QStringLiteral("audit records name it (first: seq %1), but there is no such case")
                               .arg(it.value()),
                           it.value());
        }
    }
    const auto caseName = [&](std::optional<qint64> id) {
        if (!id) return QStringLiteral("no case");
        const auto name = caseNames.constFind(*id);
        return name != caseNames.cend() ? QStringLiteral("case %1").arg(*name)
                                        : QStringLiteral("case id %1").arg(*id);
    };

    // Probes, searches, verdicts, reviews: each row has its record; each record its row.
    for (std::size_t k = 0; k < objectKinds().size(); ++k) {
        const ObjectKind& kind = objectKinds()[k];
        QHash<qint64, Creation>& recorded = creations[k];
        QSqlQuery rows(connection.database());
        rows.setForwardOnly(true);
        if (!rows.exec(kind.rowQuery)) {
            return databaseError(db, QStringLiteral("read the %1s to cross-check").arg(kind.noun),
                                 rows.lastError());
        }
        while (rows.next()) {
            ++check.objectsChecked;
            const qint64 id = rows.value(0).toLongLong();
            const std::optional<qint64> caseId = rows.value(1).toLongLong();
            const auto record = recorded.constFind(id);
            const QString object = QStringLiteral("%1 %2").arg(kind.noun).arg(id);
            if (record == recorded.cend()) {
                check.disagree(object, QStringLiteral("(%1) has no %2 record").arg(caseName(caseId), kind.action));
                continue;
            }
            if (record->caseId != caseId) {
                check.disagree(object,
                               QStringLiteral("belongs to %1, but its %2 record (seq %3) says %4")
                                   .arg(caseName(caseId), kind.action)
                                   .arg(record->seq)
                                   .arg(caseName(record->caseId)),
                               record->seq);
            }
            recorded.erase(record);
        }
        if (rows.lastError().type() != QSqlError::NoError) {
            return databaseError(db, QStringLiteral("read the %1s to cross-check").arg(kind.noun),
                                 rows.lastError());
        }
        // What is left was recorded but is gone: fine only when its case's purge is recorded.
        QList<qint64> gone = recorded.keys();
        std::sort(gone.begin(), gone.end());
        for (const qint64 id : gone) {
            const Creation& c = recorded[id];
            if (c.caseId && purged.contains(*c.caseId)) continue;
            check.disagree(QStringLiteral("%1 %2").arg(kind.noun).arg(id),
                           QStringLiteral("(%1) was recorded by %2 (seq %3), but is gone and no purge "
                                          "of its case is recorded")
                               .arg(caseName(c.caseId), kind.action)
                               .arg(c.seq),
                           c.seq);
        }
    }
    return check;
}

QStringList AuditCrossCheck::findings() const {
    QStringList lines;
    for (const Disagreement& d : disagreements) {
        lines << QStringLiteral("%1: %2").arg(d.object, d.problem);
    }
    if (disagreementCount > static_cast<qint64>(disagreements.size())) {
        lines << QStringLiteral("… and %1 more disagreements")
                     .arg(disagreementCount - static_cast<qint64>(disagreements.size()));
    }
    return lines;
}

QJsonObject AuditCrossCheck::json() const {
    QJsonArray listed;
    for (const Disagreement& d : disagreements) {
        listed.append(QJsonObject{{QStringLiteral("object"), d.object},
                                  {QStringLiteral("problem"), d.problem},
                                  {QStringLiteral("seq"), d.seq ? QJsonValue(*d.seq) : QJsonValue()}});
    }
    return QJsonObject{{QStringLiteral("agrees"), agrees()},
                       {QStringLiteral("objects"), objectsChecked},
                       {QStringLiteral("disagreement_count"), disagreementCount},
                       {QStringLiteral("disagreements"), listed}};
}

}  // namespace facecase
