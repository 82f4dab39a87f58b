#include "imaging/format_sniffer.h"

#include "imaging/byte_reader.h"

#include <QStringList>

#include <array>
#include <cstddef>
#include <optional>

namespace facecase {

namespace {

// Magic numbers hold NUL bytes, which QByteArrayView's array constructor would stop at.
template <std::size_t N>
constexpr QByteArrayView bytesOf(const char (&text)[N]) {
    return QByteArrayView(text, qsizetype(N - 1));
}

struct Signature {
    qint64 offset;
    QByteArrayView magic;
    const char* what;  // completes "not an image file (…)"
};

// Files people drop on the workbench by mistake, named so they recognise them.
const std::array kNotImages{
    Signature{0, bytesOf("%PDF"), "a PDF document"},
    Signature{0, bytesOf("%!PS"), "a PostScript document"},
    Signature{0, bytesOf("PK\x03\x04"), "a ZIP archive or an Office document"},
    Signature{0, bytesOf("\x1f\x8b"), "a gzip archive"},
    Signature{0, bytesOf("7z\xbc\xaf\x27\x1c"), "a 7-Zip archive"},
    Signature{0, bytesOf("Rar!"), "a RAR archive"},
    Signature{0, bytesOf("\x7f" "ELF"), "a Linux program"},
    Signature{0, bytesOf("MZ"), "a Windows program"},
    Signature{0, bytesOf("SQLite format 3"), "an SQLite database"},
    Signature{0, bytesOf("ID3"), "an MP3 audio file"},
    Signature{0, bytesOf("OggS"), "an Ogg audio/video file"},
    Signature{0, bytesOf("\x1a\x45\xdf\xa3"), "a Matroska/WebM video"},
    Signature{0, bytesOf("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "an old Microsoft Office document"},
};

// Real image formats that Debian's OpenCV 4.6 cannot decode, or that the loader does not take
// because it has no header check for them (the pixel limit must hold before decoding).
struct Unsupported {
    qint64 offset;
    QByteArrayView magic;
    const char* name;
    const char* why;  // may be empty
};

const std::array kUnsupported{
    Unsupported{0, bytesOf("GIF87a"), "GIF", "Debian's OpenCV 4.6 has no GIF decoder"},
    Unsupported{0, bytesOf("GIF89a"), "GIF", "Debian's OpenCV 4.6 has no GIF decoder"},
    Unsupported{0, bytesOf("II+\x00"), "BigTIFF", ""},
    Unsupported{0, bytesOf("MM\x00+"), "BigTIFF", ""},
    Unsupported{0, bytesOf("\x00\x00\x00\x0cjP  \x0d\x0a\x87\x0a"), "JPEG 2000", ""},
    Unsupported{0, bytesOf("\xff\x4f\xff\x51"), "JPEG 2000", ""},
    Unsupported{0, bytesOf("\x00\x00\x00\x0cJXL \x0d\x0a\x87\x0a"), "JPEG XL", ""},
    Unsupported{0, bytesOf("\xff\x0a"), "JPEG XL", ""},
    Unsupported{0, bytesOf("8BPS"), "Photoshop (PSD)", ""},
    Unsupported{0, bytesOf("v/1\x01"), "OpenEXR", ""},
    Unsupported{0, bytesOf("#?RADIANCE"), "Radiance HDR", ""},
    Unsupported{0, bytesOf("#?RGBE"), "Radiance HDR", ""},
    Unsupported{0, bytesOf("\x59\xa6\x6a\x95"), "Sun raster", ""},
    Unsupported{0, bytesOf("qoif"), "QOI", ""},
    Unsupported{0, bytesOf("IIRO"), "Olympus raw (ORF)", "camera raw files are not decoded"},
    Unsupported{0, bytesOf("IIU\x00"), "Panasonic raw (RW2)", "camera raw files are not decoded"},
    Unsupported{0, bytesOf("FUJIFILMCCD-RAW"), "Fujifilm raw (RAF)", "camera raw files are not decoded"},
    Unsupported{128, bytesOf("DICM"), "DICOM", ""},
};

QString hexOf(QByteArrayView bytes) {
    QStringList parts;
    for (const char c : bytes)
        parts << QStringLiteral("%1").arg(uint(quint8(c)), 2, 16, QLatin1Char('0'));
    return parts.join(QLatin1Char(' '));
}

// "%PDF" for a readable signature, hex for a binary one.
QString shownMagic(QByteArrayView magic) {
    const QByteArrayView head = magic.first(qMin<qsizetype>(4, magic.size()));
    for (const char c : head)
        if (quint8(c) < 0x20 || quint8(c) >= 0x7f) return hexOf(head);
    return QString::fromLatin1(head);
}

Error unsupported(const QString& name, const QString& why, const QString& convertTo) {
    QString text = name + QStringLiteral(" is not a supported image format");
    if (!why.isEmpty()) text += QStringLiteral(" (") + why + QLatin1Char(')');
    return Error::invalidInput(text + QStringLiteral("; convert it to ") + convertTo);
}

Error notAnImage(const QString& detail) {
    return Error::invalidInput(QStringLiteral("not an image file (") + detail + QLatin1Char(')'));
}

// HEIF/AVIF and MP4/QuickTime share the ISO base media box "ftyp"; the brand says which.
std::optional<Error> sniffIsoMedia(const ByteReader& in) {
    if (!in.matches(4, "ftyp")) return std::nullopt;
    const QByteArrayView brand = in.mid(8, 4);
    if (brand == "avif" || brand == "avis")
        return unsupported(QStringLiteral("AVIF"), {}, QStringLiteral("JPEG or PNG"));
    for (const QByteArrayView heif : {"heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"})
        if (brand == heif)
            return unsupported(QStringLiteral("HEIF/HEIC"), QStringLiteral("the iPhone photo format"),
                               QStringLiteral("JPEG"));
    return notAnImage(QStringLiteral("an MP4/QuickTime video or other ISO media file, brand \"") +
                      QString::fromLatin1(brand) + QStringLiteral("\""));
}

// Text files (notes, HTML, SVG, CSV) show up as their first words.
std::optional<Error> sniffText(QByteArrayView bytes) {
    QByteArrayView head = bytes.first(qMin<qsizetype>(bytes.size(), FormatSniffer::kBytesNeeded));
    // Do not let a UTF-8 sequence cut at the end of the sample pass for binary.
    for (int i = 0; i < 3 && head.size() < bytes.size() && !head.isEmpty() && quint8(head.back()) >= 0x80; ++i)
        head.chop(1);
    for (const char c : head) {
        const auto u = quint8(c);
        if (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f') return std::nullopt;
        if (u == 0x7f) return std::nullopt;
    }
    const QString text = QString::fromUtf8(head);
    if (text.contains(QChar::ReplacementCharacter)) return std::nullopt;
    const QString simplified = text.simplified();
    if (simplified.startsWith(QLatin1String("<svg")) ||
        (simplified.startsWith(QLatin1String("<?xml")) && simplified.contains(QLatin1String("<svg"))))
        return unsupported(QStringLiteral("SVG (a vector drawing)"), {}, QStringLiteral("PNG"));
    constexpr int kShown = 24;
    const QString shown = simplified.size() > kShown ? simplified.left(kShown) + QChar(0x2026) : simplified;
    return notAnImage(QStringLiteral("it looks like text: \"") + shown + QLatin1Char('"'));
}

// A BMP starts with "BM", which plain text can too: also require a known DIB header size.
bool looksLikeBmp(const ByteReader& in) {
    if (!in.matches(0, "BM") || !in.has(0, 18)) return false;
    const quint32 dib = in.u32le(14);
    return dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 ||
           dib == 124;
}

}  // namespace

Result<ImageFormat> FormatSniffer::sniff(QByteArrayView bytes) {
    const ByteReader in(bytes);
    static constexpr QByteArrayView kJpeg = bytesOf("\xff\xd8\xff");
    static constexpr QByteArrayView kPng = bytesOf("\x89PNG\r\n\x1a\n");

    if (in.matches(0, kJpeg)) return ImageFormat::Jpeg;
    if (in.matches(0, kPng)) return ImageFormat::Png;
    if (in.matches(0, bytesOf("II*\x00")) || in.matches(0, bytesOf("MM\x00*"))) return ImageFormat::Tiff;
    if (in.matches(0, "RIFF") && in.matches(8, "WEBP")) return ImageFormat::WebP;
    if (looksLikeBmp(in)) return ImageFormat::Bmp;

    // A file cut short inside the signature itself.
    if (bytes.size() < kJpeg.size() && kJpeg.startsWith(bytes))
        return Error::invalidInput(QStringLiteral("truncated JPEG data (the file is only %1 bytes)").arg(bytes.size()));
    if (bytes.size() < kPng.size() && kPng.startsWith(bytes))
        return Error::invalidInput(QStringLiteral("truncated PNG data (the file is only %1 bytes)").arg(bytes.size()));

    for (const Unsupported& u : kUnsupported)
        if (in.matches(u.offset, u.magic))
            return unsupported(QString::fromLatin1(u.name), QString::fromLatin1(u.why),
                               QStringLiteral("PNG or JPEG"));
    if (in.u8(0) == 'P' && in.u8(1) >= '1' && in.u8(1) <= '7' &&
        (in.u8(2) == ' ' || in.u8(2) == '\n' || in.u8(2) == '\r' || in.u8(2) == '\t'))
        return unsupported(QStringLiteral("Netpbm (PBM/PGM/PPM)"), {}, QStringLiteral("PNG"));
    if (in.matches(0, bytesOf("\x00\x00\x01\x00")) && in.u16le(4) > 0)
        return unsupported(QStringLiteral("Windows icon (ICO)"), {}, QStringLiteral("PNG"));
    if (auto error = sniffIsoMedia(in)) return *error;
    if (in.matches(0, "RIFF")) {
        const QByteArrayView kind = in.mid(8, 4);
        return notAnImage(QStringLiteral("a RIFF container of type \"") + QString::fromLatin1(kind) +
                          QStringLiteral("\" (AVI video or WAVE audio), not WebP"));
    }
    for (const Signature& s : kNotImages)
        if (in.matches(s.offset, s.magic))
            return notAnImage(QString::fromLatin1(s.what) + QStringLiteral(": starts with ") + shownMagic(s.magic));
    if (auto error = sniffText(bytes)) return *error;
    return notAnImage(QStringLiteral("unknown signature ") + hexOf(bytes.first(qMin<qsizetype>(8, bytes.size()))));
}

}  // namespace facecase
