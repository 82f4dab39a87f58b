#include "services/casework/audit_inspection.h"

#include "store/transaction.h"

namespace facecase {

QJsonObject AuditInspection::verificationJson(const AuditVerification& v) {
    QJsonObject object{{QStringLiteral("intact"), v.intact()},
                       {QStringLiteral("records"), v.recordCount}};
    if (v.intact()) {
        object.insert(QStringLiteral("head_seq"), v.headSeq);
        object.insert(QStringLiteral("head_hash"), v.headHash);
    } else {
        object.insert(QStringLiteral("break"),
                      QJsonObject{{QStringLiteral("seq"), v.firstBreak->seq},
                                  {QStringLiteral("kind"), AuditVerification::kindName(v.firstBreak->kind)},
                                  {QStringLiteral("explanation"), v.firstBreak->explanation}});
    }
    return object;
}

QJsonObject AuditInspection::checkJson(const Check& check) {
    QJsonObject object = verificationJson(check.verification);
    object.insert(QStringLiteral("complete"), check.anchors.agrees());
    object.insert(QStringLiteral("anchors"), check.anchors.json());
    object.insert(QStringLiteral("cross_check"), check.crossCheck.json());
    return object;
}

Result<AuditInspection::Check> AuditInspection::verify(const DatabaseConnection& connection,
                                                       const Actor& actor, const Options& options) {
    // The anchors first: each was written after its record committed, so the snapshots taken
    // below hold every record they name, however many appends happen meanwhile.
    auto anchors = AuditAnchorCheck::readAnchors(
        options.witnessPath.value_or(connection.auditWitnessPath()), options.namedHeads);
    if (!anchors) return anchors.error();
    auto verification = AuditTrail(connection).verify();
    if (!verification) return verification.error();
    if (auto compared = anchors->compare(connection); !compared) return compared.error();
    auto crossCheck = AuditCrossCheck::run(connection);
    if (!crossCheck) return crossCheck.error();
    Check check{std::move(verification).value(), std::move(anchors).value(),
                std::move(crossCheck).value(), std::nullopt, std::nullopt};
    if (!options.record) return check;

    const auto append = [&]() -> Result<qint64> {
        auto transaction = Transaction::begin(connection, Transaction::Kind::Write);
        if (!transaction) return transaction.error();
        AuditEntry entry;
        entry.action = QStringLiteral("audit_verified");
        entry.actor = actor.name();
        entry.details = checkJson(check);
        auto appended = AuditTrail(connection).append(*transaction, entry);
        if (!appended) return appended.error();
        if (auto committed = transaction->commit(); !committed) return committed.error();
        return appended->seq;
    };
    if (auto seq = append()) check.recordedSeq = *seq;
    else check.recordError = seq.error();
    return check;
}

}  // namespace facecase
