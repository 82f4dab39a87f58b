#include "casefile/bundle_reader.h"

#include "casefile/case_bundle.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <functional>
#include <zip.h>

namespace facecase {

namespace {
constexpr zip_uint64_t kBlockBytes = 1 << 20;
}

Result<BundleReader> BundleReader::open(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) return Error::notFound(QStringLiteral("%1: no such folder or file").arg(path));
    BundleReader reader;
    reader.m_path = info.absoluteFilePath();
    if (info.isDir()) {
        const QDir root(reader.m_path);
        QDirIterator it(reader.m_path, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString relative = root.relativeFilePath(it.next());
            reader.m_files << relative;
            reader.m_index.emplace(relative, 0);
        }
        reader.m_files.sort();
        return reader;
    }
    if (!CaseBundle::isZipPath(path)) {
        return Error::invalidInput(QStringLiteral("%1: not a bundle folder or .zip file").arg(path));
    }
    int code = 0;
    zip_t* archive = zip_open(QFile::encodeName(reader.m_path).constData(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!archive) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        const QString text = QString::fromUtf8(zip_error_strerror(&error));
        zip_error_fini(&error);
        return Error::invalidInput(QStringLiteral("%1: not a readable ZIP file (%2)").arg(path, text));
    }
    reader.m_archive = std::shared_ptr<zip_t>(archive, [](zip_t* a) { zip_discard(a); });
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < entries; ++i) {
        const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
        if (!name) continue;
        const QString relative = QString::fromUtf8(name);
        if (relative.endsWith(QLatin1Char('/'))) continue;  // a folder entry
        if (!reader.m_index.emplace(relative, i).second) {
            reader.m_duplicates << relative;
            continue;
        }
        reader.m_files << relative;
    }
    reader.m_files.sort();
    return reader;
}

Result<void> BundleReader::stream(const QString& relative,
                                  const std::function<void(const QByteArray&)>& sink) const {
    const auto found = m_index.find(relative);
    if (found == m_index.end()) return Error::notFound(QStringLiteral("%1: no %2 in the bundle").arg(m_path, relative));
    if (!m_archive) {
        QFile file(QDir(m_path).filePath(relative));
        if (!file.open(QIODevice::ReadOnly)) {
            return Error::invalidInput(QStringLiteral("%1: cannot read (%2)").arg(file.fileName(), file.errorString()));
        }
        while (!file.atEnd()) {
            const QByteArray block = file.read(qint64(kBlockBytes));
            if (block.isEmpty() && file.error() != QFileDevice::NoError) {
                return Error::invalidInput(QStringLiteral("%1: cannot read (%2)").arg(file.fileName(), file.errorString()));
            }
            sink(block);
        }
        return {};
    }
    zip_file_t* entry = zip_fopen_index(m_archive.get(), static_cast<zip_uint64_t>(found->second), 0);
    if (!entry) {
        return Error::invalidInput(QStringLiteral("%1: cannot open %2 (%3)")
                                       .arg(m_path, relative, QString::fromUtf8(zip_strerror(m_archive.get()))));
    }
    QByteArray block(qsizetype(kBlockBytes), Qt::Uninitialized);
    for (;;) {
        const zip_int64_t n = zip_fread(entry, block.data(), kBlockBytes);
        if (n < 0) {
            // libzip checks the entry's CRC-32 at its end: a changed byte lands here.
            const QString text = QString::fromUtf8(zip_file_strerror(entry));
            zip_fclose(entry);
            return Error::invalidInput(QStringLiteral("%1: cannot read %2 (%3)").arg(m_path, relative, text));
        }
        if (n == 0) break;
        sink(block.left(qsizetype(n)));
    }
    zip_fclose(entry);
    return {};
}

Result<QByteArray> BundleReader::read(const QString& relative) const {
    QByteArray bytes;
    if (auto done = stream(relative, [&](const QByteArray& block) { bytes += block; }); !done) return done.error();
    return bytes;
}

Result<FileDigest> BundleReader::digest(const QString& relative) const {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 size = 0;
    auto done = stream(relative, [&](const QByteArray& block) {
        hash.addData(block);
        size += block.size();
    });
    if (!done) return done.error();
    return FileDigest{QString::fromLatin1(hash.result().toHex()), size};
}

}  // namespace facecase
