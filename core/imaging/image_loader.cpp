#include "imaging/image_loader.h"

#include "imaging/exif_orientation.h"
#include "imaging/format_sniffer.h"
#include "imaging/image_decoder.h"
#include "imaging/image_header_reader.h"
#include "imaging/jpeg_entropy_checker.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <atomic>
#include <exception>
#include <new>

namespace facecase {

namespace {

// "12,345 bytes", with a rounded size in brackets once the exact count is hard to read.
QString byteCountText(qint64 bytes) {
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    QString text = english.toString(bytes) + QStringLiteral(" bytes");
    if (bytes >= 1'000'000)
        text += QStringLiteral(" (") + english.formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat) + QLatin1Char(')');
    return text;
}

// 3600.0 for large counts; two significant digits below one megapixel, so small limits in
// tests and previews still read sensibly.
QString megapixelText(qint64 pixels) {
    const double mp = double(pixels) / 1e6;
    return mp >= 1.0 ? QString::number(mp, 'f', 1) : QString::number(mp, 'g', 2);
}

Error withName(const QString& name, const Error& error) {
    return {error.kind, name + QStringLiteral(": ") + error.message};
}

Error invalid(const QString& name, const QString& reason) {
    return Error::invalidInput(name + QStringLiteral(": ") + reason);
}

// Messages name the file, not its folder: short enough for a status line, and the caller
// knows the full path.
QString nameOf(const QString& path) {
    const QString name = QFileInfo(QDir::cleanPath(path)).fileName();
    return name.isEmpty() ? path : name;
}

}  // namespace

ImageLoader::ImageLoader(ImageLoadLimits limits) : m_limits(limits) {}

Result<LoadedImage> ImageLoader::loadFile(const QString& path) const {
    const QString name = nameOf(path);
    try {
        if (path.isEmpty()) return Error::notFound(QStringLiteral("no file name given"));
        const QFileInfo info(path);
        if (!info.exists()) return Error::notFound(name + QStringLiteral(": file does not exist"));
        if (info.isDir()) return invalid(name, QStringLiteral("is a directory, not an image file"));
        if (!info.isFile()) return invalid(name, QStringLiteral("is not a regular file (a device, pipe or socket)"));
        if (info.size() > m_limits.maxFileBytes) return invalid(name, fileSizeReason(info.size()));

        QFile file(info.absoluteFilePath());
        if (!file.open(QIODevice::ReadOnly))
            return invalid(name, QStringLiteral("cannot be read (") + file.errorString() + QLatin1Char(')'));
        // A video or archive dropped by mistake is refused from its first bytes, not after reading
        // all of it.
        QByteArray bytes = file.read(FormatSniffer::kBytesNeeded);
        if (!bytes.isEmpty() && !file.atEnd()) {
            if (const auto format = FormatSniffer::sniff(bytes); !format.ok()) return withName(name, format.error());
        }
        bytes += file.readAll();
        if (file.error() != QFileDevice::NoError)
            return invalid(name, QStringLiteral("cannot be read (") + file.errorString() + QLatin1Char(')'));
        return load(bytes, name, info.absoluteFilePath());
    } catch (const std::bad_alloc&) {
        return Error::internal(name + QStringLiteral(": not enough memory to load the file"));
    } catch (const std::exception& e) {
        return Error::internal(name + QStringLiteral(": ") + QString::fromLocal8Bit(e.what()));
    }
}

Result<LoadedImage> ImageLoader::loadBytes(const QByteArray& bytes, const QString& displayName) const {
    const QString name = displayName.isEmpty() ? QStringLiteral("(image in memory)") : displayName;
    try {
        return load(bytes, name, name);
    } catch (const std::bad_alloc&) {
        return Error::internal(name + QStringLiteral(": not enough memory to load the image"));
    } catch (const std::exception& e) {
        return Error::internal(name + QStringLiteral(": ") + QString::fromLocal8Bit(e.what()));
    }
}

QString ImageLoader::fileSizeReason(qint64 size) const {
    return QStringLiteral("file is %1, over the limit of %2").arg(byteCountText(size), byteCountText(m_limits.maxFileBytes));
}

namespace {
std::atomic<quint64> s_decodesStarted{0};
}  // namespace

quint64 ImageLoader::decodesStarted() { return s_decodesStarted.load(std::memory_order_relaxed); }

Result<LoadedImage> ImageLoader::load(const QByteArray& bytes, const QString& name, const QString& sourcePath) const {
    // Cheapest checks first; nothing is decoded until the header has passed every limit.
    if (bytes.size() > m_limits.maxFileBytes) return invalid(name, fileSizeReason(bytes.size()));
    if (bytes.isEmpty()) return invalid(name, QStringLiteral("empty file (0 bytes)"));

    const auto header = ImageHeaderReader::read(bytes);
    if (!header.ok()) return withName(name, header.error());
    if (header->pixelCount() > m_limits.maxPixels)
        return invalid(name, QStringLiteral("%1 × %2 = %3 megapixels is over the %4 megapixel limit")
                                 .arg(header->width)
                                 .arg(header->height)
                                 .arg(megapixelText(header->pixelCount()),
                                      QString::number(double(m_limits.maxPixels) / 1e6, 'g', 6)));
    if (const auto decodable = ImageDecoder::checkDecodable(*header); !decodable.ok())
        return withName(name, decodable.error());
    if (!header->defect.isEmpty()) return invalid(name, header->defect);
    if (header->format == ImageFormat::Jpeg) {
        if (const auto entropy = JpegEntropyChecker::check(bytes); !entropy.ok()) return withName(name, entropy.error());
    }

    const int orientation = ExifOrientation::read(header->exif);
    s_decodesStarted.fetch_add(1, std::memory_order_relaxed);
    auto image = ImageDecoder::decode(bytes, *header, orientation);
    if (!image.ok()) return withName(name, image.error());

    LoadedImage loaded;
    loaded.image = std::move(image).value();
    loaded.sourcePath = sourcePath;
    loaded.sha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    loaded.fileBytes = bytes.size();
    loaded.format = imageFormatName(header->format);
    loaded.storedWidth = int(header->width);
    loaded.storedHeight = int(header->height);
    loaded.exifOrientation = orientation;
    loaded.loadedAt = QDateTime::currentDateTimeUtc();
    return loaded;
}

}  // namespace facecase
