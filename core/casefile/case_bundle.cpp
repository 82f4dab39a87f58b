#include "casefile/case_bundle.h"

#include <QCryptographicHash>

namespace facecase {

namespace {
constexpr qsizetype kHexLength = 64;

// Where the seal's 64 hex characters start in `manifest`, or -1. The manifest is written by
// QJsonDocument (indented), which puts the member as `"manifest_seal": "<hex>"`.
qsizetype sealValueAt(const QByteArray& manifest) {
    const QByteArray key = '"' + CaseBundle::sealKey().toLatin1() + QByteArrayLiteral("\": \"");
    const qsizetype at = manifest.indexOf(key);
    if (at < 0 || manifest.indexOf(key, at + 1) >= 0) return -1;  // absent or ambiguous
    const qsizetype value = at + key.size();
    return value + kHexLength < manifest.size() && manifest.at(value + kHexLength) == '"' ? value : -1;
}
}  // namespace

QString CaseBundle::evidencePath(const QString& sha256, const QString& suffix) {
    const QString ext = suffix.isEmpty() ? QStringLiteral("jpg") : suffix.toLower();
    return evidenceFolder() + QLatin1Char('/') + sha256 + QLatin1Char('.') + ext;
}

bool CaseBundle::isZipPath(const QString& path) {
    return path.endsWith(QLatin1String(".zip"), Qt::CaseInsensitive);
}

QString CaseBundle::sealOf(const QByteArray& manifest) {
    const qsizetype at = sealValueAt(manifest);
    if (at < 0) return {};
    QByteArray zeroed = manifest;
    zeroed.replace(at, kHexLength, QByteArray(kHexLength, '0'));
    return QString::fromLatin1(QCryptographicHash::hash(zeroed, QCryptographicHash::Sha256).toHex());
}

QByteArray CaseBundle::withSeal(QByteArray manifest, const QString& seal) {
    const qsizetype at = sealValueAt(manifest);
    if (at >= 0 && seal.size() == kHexLength) manifest.replace(at, kHexLength, seal.toLatin1());
    return manifest;
}

}  // namespace facecase
