#include "casefile/zip_archive_writer.h"

#include <QDir>
#include <QFile>
#include <zip.h>

namespace facecase {

namespace {
QString openErrorText(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const QString text = QString::fromUtf8(zip_error_strerror(&error));
    zip_error_fini(&error);
    return text;
}

bool alreadyCompressed(const QString& path) {
    static const QStringList kSuffixes{QStringLiteral(".jpg"), QStringLiteral(".jpeg"), QStringLiteral(".png"),
                                       QStringLiteral(".webp"), QStringLiteral(".pdf"), QStringLiteral(".gif")};
    for (const QString& suffix : kSuffixes) {
        if (path.endsWith(suffix, Qt::CaseInsensitive)) return true;
    }
    return false;
}
}  // namespace

Result<FileDigest> ZipArchiveWriter::write(const QString& zipPath, const QString& folder,
                                           const QStringList& relativePaths, const QDateTime& modified) {
    if (QFile::exists(zipPath)) return Error::invalidInput(QStringLiteral("%1: already exists").arg(zipPath));
    int code = 0;
    zip_t* archive = zip_open(QFile::encodeName(zipPath).constData(), ZIP_CREATE | ZIP_EXCL, &code);
    if (!archive) {
        return Error::invalidInput(QStringLiteral("%1: cannot create (%2)").arg(zipPath, openErrorText(code)));
    }
    const auto fail = [&](const QString& what) -> Error {
        const QString text = QStringLiteral("%1: cannot %2 (%3)").arg(zipPath, what, QString::fromUtf8(zip_strerror(archive)));
        zip_discard(archive);  // writes nothing
        return Error::invalidInput(text);
    };
    const time_t mtime = static_cast<time_t>(modified.toSecsSinceEpoch());
    const QDir root(folder);
    for (const QString& relative : relativePaths) {
        const QByteArray source = QFile::encodeName(root.filePath(relative));
        zip_source_t* data = zip_source_file(archive, source.constData(), 0, -1);
        if (!data) return fail(QStringLiteral("read %1").arg(relative));
        const zip_int64_t index =
            zip_file_add(archive, relative.toUtf8().constData(), data, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(data);
            return fail(QStringLiteral("add %1").arg(relative));
        }
        const auto entry = static_cast<zip_uint64_t>(index);
        if (zip_set_file_compression(archive, entry, alreadyCompressed(relative) ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0 ||
            zip_file_set_mtime(archive, entry, mtime, 0) != 0) {
            return fail(QStringLiteral("set up %1").arg(relative));
        }
    }
    if (zip_close(archive) != 0) return fail(QStringLiteral("write"));
    return FileDigest::ofFile(zipPath);
}

}  // namespace facecase
