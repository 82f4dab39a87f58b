#include "audit/audit_record.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include "audit/canonical_json.h"

namespace facecase {

namespace {
QByteArray fields(const AuditRecord& r, bool withHashes) {
    QByteArray out;
    out.reserve(r.details.size() + r.actor.size() + 256);
    out += "{\"action\":";
    out += CanonicalJson::quoted(r.action);
    out += ",\"actor\":";
    out += CanonicalJson::quoted(r.actor);
    out += ",\"at\":";
    out += CanonicalJson::quoted(r.at);
    out += ",\"case_id\":";
    out += r.caseId ? QByteArray::number(*r.caseId) : QByteArray("null");
    out += ",\"details\":";
    out += r.details;
    if (withHashes) {  // "hash" < "prev_hash" < "seq": the keys stay sorted
        out += ",\"hash\":";
        out += CanonicalJson::quoted(r.hash);
        out += ",\"prev_hash\":";
        out += CanonicalJson::quoted(r.prevHash);
    }
    out += ",\"seq\":";
    out += QByteArray::number(r.seq);
    out += '}';
    return out;
}
}  // namespace

QDateTime AuditRecord::time() const {
    return QDateTime::fromString(at, Qt::ISODateWithMs);
}

QJsonObject AuditRecord::detailsObject() const {
    return QJsonDocument::fromJson(details).object();
}

QByteArray AuditRecord::canonicalForm() const {
    return fields(*this, false);
}

QString AuditRecord::computeHash() const {
    QCryptographicHash sha(QCryptographicHash::Sha256);
    sha.addData(prevHash.toUtf8());
    sha.addData(canonicalForm());
    return QString::fromLatin1(sha.result().toHex());
}

QByteArray AuditRecord::exportJson() const {
    return fields(*this, true);
}

}  // namespace facecase
