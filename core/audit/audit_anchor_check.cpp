#include "audit/audit_anchor_check.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlQuery>
#include <algorithm>

#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

Result<AuditAnchorCheck> AuditAnchorCheck::readAnchors(const QString& witnessPath,
                                                       std::vector<AuditAnchor> named) {
    AuditAnchorCheck check;
    check.witnessPath = witnessPath;
    if (!witnessPath.isEmpty()) {
        auto contents = AuditWitness::read(witnessPath);
        if (contents) {
            check.witnessFound = contents->found;
            check.unreadableLines = contents->unreadableLines;
            check.m_anchors = std::move(contents->anchors);
        } else {
            check.witnessFound = true;
            check.witnessError = contents.errorMessage();
        }
    }
    check.m_anchors.insert(check.m_anchors.end(), std::make_move_iterator(named.begin()),
                           std::make_move_iterator(named.end()));
    std::stable_sort(check.m_anchors.begin(), check.m_anchors.end(),
                     [](const AuditAnchor& a, const AuditAnchor& b) { return a.seq < b.seq; });
    check.anchors = static_cast<qint64>(check.m_anchors.size());
    if (!check.m_anchors.empty()) check.lastAnchor = check.m_anchors.back();
    return check;
}

Result<void> AuditAnchorCheck::compare(const DatabaseConnection& connection) {
    auto transaction = Transaction::begin(connection, Transaction::Kind::Read);
    if (!transaction) return transaction.error();
    QSqlQuery last(connection.database());
    last.setForwardOnly(true);
    if (!last.exec(QStringLiteral("SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1"))) {
        return databaseError(connection.databasePath(), QStringLiteral("read the newest audit record"),
                             last.lastError());
    }
    lastSeq = last.next() ? last.value(0).toLongLong() : 0;
    last.finish();
    differences.clear();
    differenceCount = 0;
    if (m_anchors.empty()) return {};

    const auto differ = [&](const AuditAnchor& anchor, std::optional<QString> hash) {
        ++differenceCount;
        if (differences.size() < kMaxListed) {
            differences.push_back(Difference{anchor.seq, anchor.hash, anchor.at, std::move(hash)});
        }
    };
    // A merge of two seq-ordered lists: the anchors and the log from the first anchored seq on.
    QSqlQuery rows(connection.database());
    rows.setForwardOnly(true);
    rows.prepare(QStringLiteral("SELECT seq, hash FROM audit_log WHERE seq >= ? ORDER BY seq"));
    rows.bindValue(0, m_anchors.front().seq);
    if (!rows.exec()) {
        return databaseError(connection.databasePath(), QStringLiteral("read the audit log"),
                             rows.lastError());
    }
    auto anchor = m_anchors.cbegin();
    while (anchor != m_anchors.cend() && anchor->seq <= lastSeq && rows.next()) {
        const qint64 seq = rows.value(0).toLongLong();
        const QString hash = rows.value(1).toString();
        for (; anchor != m_anchors.cend() && anchor->seq < seq; ++anchor) differ(*anchor, std::nullopt);
        for (; anchor != m_anchors.cend() && anchor->seq == seq; ++anchor) {
            if (anchor->hash != hash) differ(*anchor, hash);
        }
    }
    if (rows.lastError().type() != QSqlError::NoError) {
        return databaseError(connection.databasePath(), QStringLiteral("read the audit log"),
                             rows.lastError());
    }
    // Anchors beyond the end of the log are the missing tail, reported once (tailMissing()).
    for (; anchor != m_anchors.cend() && anchor->seq <= lastSeq; ++anchor) differ(*anchor, std::nullopt);
    return {};
}

QStringList AuditAnchorCheck::findings() const {
    QStringList lines;
    if (tailMissing()) {
        lines << QStringLiteral("records after seq %1 are missing (last anchored seq %2 at %3)")
                     .arg(lastSeq)
                     .arg(lastAnchor->seq)
                     .arg(lastAnchor->at);
    }
    for (const Difference& d : differences) {
        lines << (d.hash ? QStringLiteral("record %1 differs from its anchor (anchored at %2 with "
                                          "hash %3, now %4)")
                               .arg(d.seq)
                               .arg(d.anchoredAt, d.anchoredHash, *d.hash)
                         : QStringLiteral("record %1 is missing (anchored at %2 with hash %3)")
                               .arg(d.seq)
                               .arg(d.anchoredAt, d.anchoredHash));
    }
    if (differenceCount > static_cast<qint64>(differences.size())) {
        lines << QStringLiteral("… and %1 more anchored records differ or are missing")
                     .arg(differenceCount - static_cast<qint64>(differences.size()));
    }
    return lines;
}

QJsonObject AuditAnchorCheck::json() const {
    QJsonArray listed;
    for (const Difference& d : differences) {
        listed.append(QJsonObject{{QStringLiteral("seq"), d.seq},
                                  {QStringLiteral("anchored_hash"), d.anchoredHash},
                                  {QStringLiteral("anchored_at"), d.anchoredAt},
                                  {QStringLiteral("hash"), d.hash ? QJsonValue(*d.hash) : QJsonValue()}});
    }
    return QJsonObject{
        {QStringLiteral("witness"), witnessPath.isEmpty() ? QJsonValue() : QJsonValue(witnessPath)},
        {QStringLiteral("witness_found"), witnessFound},
        {QStringLiteral("error"), witnessError.isEmpty() ? QJsonValue() : QJsonValue(witnessError)},
        {QStringLiteral("anchors"), anchors},
        {QStringLiteral("unreadable_lines"), unreadableLines},
        {QStringLiteral("last_anchored_seq"), lastAnchor ? QJsonValue(lastAnchor->seq) : QJsonValue()},
        {QStringLiteral("last_anchored_at"), lastAnchor ? QJsonValue(lastAnchor->at) : QJsonValue()},
        {QStringLiteral("last_seq"), lastSeq},
        {QStringLiteral("tail_missing"), tailMissing()},
        {QStringLiteral("missing_after_seq"), tailMissing() ? QJsonValue(lastSeq) : QJsonValue()},
        {QStringLiteral("differences"), listed},
        {QStringLiteral("difference_count"), differenceCount},
        {QStringLiteral("agrees"), agrees()},
    };
}

Result<AuditAnchor> AuditAnchorCheck::parseNamedHead(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("^([1-9][0-9]{0,17}):([0-9a-fA-F]{64})$"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch()) {
        return Error::invalidInput(
            QStringLiteral("\"%1\" is not a chain head: write SEQ:HASH (the seq and 64-hex-digit "
                           "hash `audit verify` prints)").arg(text));
    }
    AuditAnchor anchor;
    anchor.seq = match.captured(1).toLongLong();
    anchor.hash = match.captured(2).toLower();
    anchor.at = QStringLiteral("(named)");
    return anchor;
}

}  // namespace facecase
