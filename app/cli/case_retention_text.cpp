#include "cli/case_retention_text.h"

#include "policy/policy_store.h"

namespace facecase::cli {

Result<int> policyRetentionDays(const DatabaseConnection& connection) {
    auto policy = PolicyStore(connection).load();
    if (!policy) return policy.error();
    return policy->retentionDaysAfterClose;
}

QString daysText(int days) {
    return days == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(days);
}

QString dayText(const QDateTime& time) {
    return time.isValid() ? time.toUTC().date().toString(Qt::ISODate) : QStringLiteral("-");
}

QJsonObject retentionJson(const CaseRecord& c, int policyDays) {
    return QJsonObject{
        {QStringLiteral("retention_days"), c.retentionDaysOr(policyDays)},
        {QStringLiteral("retention_source"),
         c.retentionDays ? QStringLiteral("case") : QStringLiteral("policy")},
        {QStringLiteral("expires_at"), timeJson(c.expiresAt(policyDays))},
        {QStringLiteral("purged_at"), timeJson(c.purgedAt)},
    };
}

QString retentionText(const CaseRecord& c, int policyDays) {
    QString text = QStringLiteral("kept %1 after closing (%2)")
                       .arg(daysText(c.retentionDaysOr(policyDays)),
                            c.retentionDays ? QStringLiteral("own period")
                                            : QStringLiteral("policy default"));
    if (c.isPurged()) return text + QStringLiteral(", data purged %1").arg(dayText(c.purgedAt));
    if (c.status == CaseRecord::Status::Open) return text;
    const QDateTime expires = c.expiresAt(policyDays);
    return text + QStringLiteral(", %1 %2")
                      .arg(expires <= QDateTime::currentDateTimeUtc() ? QStringLiteral("expired")
                                                                      : QStringLiteral("expires"),
                           dayText(expires));
}

QJsonValue timeJson(const QDateTime& time) {
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject caseJson(const CaseRecord& c, int policyDays) {
    QJsonObject object{
        {QStringLiteral("id"), c.id},
        {QStringLiteral("number"), c.caseNumber},
        {QStringLiteral("title"), c.title},
        {QStringLiteral("purpose"), c.purpose},
        {QStringLiteral("analyst"), c.analyst},
        {QStringLiteral("status"), CaseRecord::statusName(c.status)},
        {QStringLiteral("opened_at"), timeJson(c.openedAt)},
        {QStringLiteral("closed_at"), timeJson(c.closedAt)},
        {QStringLiteral("last_activity"), timeJson(c.lastActivity)},
    };
    const QJsonObject retention = retentionJson(c, policyDays);
    for (auto it = retention.begin(); it != retention.end(); ++it) object.insert(it.key(), it.value());
    return object;
}

}  // namespace facecase::cli
