#include "casefile/file_digest.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSaveFile>

namespace facecase {

namespace {
constexpr qint64 kBlockBytes = 1 << 20;

Result<QFile*> openForReading(QFile& file) {
    if (!file.exists()) return Error::notFound(QStringLiteral("%1: no such file").arg(file.fileName()));
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot read (%2)").arg(file.fileName(), file.errorString()));
    }
    return &file;
}
}  // namespace

FileDigest FileDigest::ofBytes(const QByteArray& bytes) {
    return {QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()),
            bytes.size()};
}

Result<FileDigest> FileDigest::ofFile(const QString& path) {
    QFile file(path);
    if (auto opened = openForReading(file); !opened) return opened.error();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        return Error::invalidInput(QStringLiteral("%1: cannot read (%2)").arg(path, file.errorString()));
    }
    return FileDigest{QString::fromLatin1(hash.result().toHex()), file.size()};
}

Result<FileDigest> FileDigest::copy(const QString& from, const QString& to) {
    QFile source(from);
    if (auto opened = openForReading(source); !opened) return opened.error();
    if (QFile::exists(to)) return Error::invalidInput(QStringLiteral("%1: already exists").arg(to));
    QSaveFile target(to);
    if (!target.open(QIODevice::WriteOnly)) {
        return Error::invalidInput(QStringLiteral("%1: cannot write (%2)").arg(to, target.errorString()));
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 size = 0;
    while (!source.atEnd()) {
        const QByteArray block = source.read(kBlockBytes);
        if (block.isEmpty() && source.error() != QFileDevice::NoError) {
            return Error::invalidInput(QStringLiteral("%1: cannot read (%2)").arg(from, source.errorString()));
        }
        hash.addData(block);
        size += block.size();
        if (target.write(block) != block.size()) {
            return Error::invalidInput(QStringLiteral("%1: cannot write (%2)").arg(to, target.errorString()));
        }
    }
    if (!target.commit()) {
        return Error::invalidInput(QStringLiteral("%1: cannot write (%2)").arg(to, target.errorString()));
    }
    return FileDigest{QString::fromLatin1(hash.result().toHex()), size};
}

}  // namespace facecase
