#include "imaging/image_loader.h"
#include "support/test_data.h"
#include "support/test_image_bytes.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLocale>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QtEndian>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include <jpeglib.h>

using namespace facecase;
using namespace facecase::test;

namespace {

struct Rgb {
    int r = 0;
    int g = 0;
    int b = 0;
};

}  // namespace

Q_DECLARE_METATYPE(Rgb)

namespace {

enum class Setup { File, Missing, Directory };

QByteArray toBytes(const std::vector<uchar>& data) {
    return QByteArray(reinterpret_cast<const char*>(data.data()), qsizetype(data.size()));
}

// A real encoder's output: what a camera or an editor would have written.
QByteArray encode(const cv::Mat& image, const char* extension, const std::vector<int>& params = {}) {
    std::vector<uchar> out;
    if (!cv::imencode(extension, image, out, params)) qFatal("cv::imencode(%s) failed", extension);
    return toBytes(out);
}

cv::Scalar bgr(Rgb c) {
    return cv::Scalar(c.b, c.g, c.r);
}

// 64 × 48, two flat halves: colours survive lossy compression well away from the middle.
constexpr int kWidth = 64;
constexpr int kHeight = 48;
const QPoint kLeftProbe(16, 24);
const QPoint kRightProbe(48, 24);

cv::Mat twoHalves(int type, const cv::Scalar& left, const cv::Scalar& right) {
    cv::Mat image(kHeight, kWidth, type, left);
    image(cv::Rect(kWidth / 2, 0, kWidth / 2, kHeight)).setTo(right);
    return image;
}

cv::Mat noise(int width, int height) {
    cv::Mat image(height, width, CV_8UC3);
    cv::theRNG().state = 1234;
    cv::randu(image, 0, 256);
    return image;
}

// The test's own CRC-32 (bitwise), independent of the zlib the loader uses.
quint32 crc32Of(const QByteArray& bytes) {
    quint32 crc = 0xffffffffu;
    for (const char c : bytes) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k) crc = (crc & 1u) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
    }
    return crc ^ 0xffffffffu;
}

QByteArray pngChunk(const QByteArray& type, const QByteArray& data) {
    QByteArray chunk;
    appendBe32(chunk, quint32(data.size()));
    chunk += type + data;
    appendBe32(chunk, crc32Of(type + data));
    return chunk;
}

const QByteArray kPngSignature("\x89PNG\r\n\x1a\n", 8);

QByteArray pngHeaderChunk(quint32 width, quint32 height, int bitDepth, int colorType) {
    QByteArray ihdr;
    appendBe32(ihdr, width);
    appendBe32(ihdr, height);
    ihdr.append(char(bitDepth)).append(char(colorType)).append('\0').append('\0').append('\0');
    return pngChunk("IHDR", ihdr);
}

// A hand-built PNG for layouts OpenCV's encoder does not write (palette, grey + alpha).
// `rows` holds raw scanlines, each preceded by its filter byte.
QByteArray buildPng(int width, int height, int bitDepth, int colorType, const QByteArray& rows,
                    const QByteArray& chunksBeforeData = {}) {
    return kPngSignature + pngHeaderChunk(quint32(width), quint32(height), bitDepth, colorType) + chunksBeforeData +
           pngChunk("IDAT", qCompress(rows).mid(4)) + pngChunk("IEND", {});
}

// Offset of a PNG chunk's length field, found by its type.
qsizetype pngChunkAt(const QByteArray& png, const char* type) {
    return png.indexOf(type) - 4;
}

// A minimal uncompressed little-endian TIFF with 8-bit samples, one strip.
QByteArray buildTiff(int width, int height, int samples, int photometric, int orientation, const QByteArray& pixels) {
    struct Entry {
        quint16 tag, type;
        quint32 count, value;
    };
    const quint32 entries = 11;
    const quint32 bitsOffset = 8 + 2 + entries * 12 + 4;
    const quint32 dataOffset = bitsOffset + 2 * quint32(samples);
    const std::vector<Entry> dir{
        {256, 3, 1, quint32(width)},
        {257, 3, 1, quint32(height)},
        {258, 3, quint32(samples), samples == 1 ? 8u : bitsOffset},
        {259, 3, 1, 1},
        {262, 3, 1, quint32(photometric)},
        {273, 4, 1, dataOffset},
        {274, 3, 1, quint32(orientation)},
        {277, 3, 1, quint32(samples)},
        {278, 3, 1, quint32(height)},
        {279, 4, 1, quint32(pixels.size())},
        {284, 3, 1, 1},
    };
    QByteArray out("II*\0", 4);
    appendLe32(out, 8);
    appendLe16(out, entries);
    for (const Entry& e : dir) {
        appendLe16(out, e.tag);
        appendLe16(out, e.type);
        appendLe32(out, e.count);
        appendLe32(out, e.value);
    }
    appendLe32(out, 0);
    for (int i = 0; i < samples; ++i) appendLe16(out, 8);
    return out + pixels;
}

// Interleaved 8-bit samples of a cv::Mat in the channel order given (TIFF and PNG want RGB).
QByteArray samplesOf(const cv::Mat& image, const std::vector<int>& order, bool pngFilterBytes = false) {
    QByteArray out;
    for (int y = 0; y < image.rows; ++y) {
        if (pngFilterBytes) out.append('\0');
        for (int x = 0; x < image.cols; ++x)
            for (const int c : order) out.append(char(image.ptr<uchar>(y)[x * image.channels() + c]));
    }
    return out;
}

// Inserts an eXIf chunk right after IHDR.
QByteArray pngWithExif(const QByteArray& png, int orientation, bool bigEndian) {
    const qsizetype afterHeader = 8 + 25;
    return png.left(afterHeader) + pngChunk("eXIf", exifBlock(orientation, bigEndian)) + png.mid(afterHeader);
}

// Rewraps a simple (VP8L) WebP as an extended one (VP8X) with an EXIF chunk.
QByteArray webpWithExif(const QByteArray& simple, int width, int height, int orientation, bool bigEndian) {
    const QByteArray bitstream = simple.mid(12);  // the VP8L chunk, header included
    QByteArray vp8x("VP8X", 4);
    appendLe32(vp8x, 10);
    vp8x.append(char(0x08)).append(QByteArray(3, '\0'));  // EXIF flag
    appendLe16(vp8x, quint32(width - 1));
    vp8x.append('\0');
    appendLe16(vp8x, quint32(height - 1));
    vp8x.append('\0');
    const QByteArray block = exifBlock(orientation, bigEndian);
    QByteArray exif("EXIF", 4);
    appendLe32(exif, quint32(block.size()));
    exif += block;
    if (block.size() % 2) exif.append('\0');
    const QByteArray body = QByteArray("WEBP", 4) + vp8x + bitstream + exif;
    QByteArray out("RIFF", 4);
    appendLe32(out, quint32(body.size()));
    return out + body;
}

// The stored raster that a viewer shows as `upright` under EXIF `orientation`, written from the
// EXIF definitions (where stored row 0 and column 0 go), not from the loader's transforms.
cv::Mat storedFor(const cv::Mat& upright, int orientation) {
    const bool swap = orientation >= 5;
    const int storedW = swap ? upright.rows : upright.cols;
    const int storedH = swap ? upright.cols : upright.rows;
    cv::Mat stored(storedH, storedW, upright.type());
    for (int sy = 0; sy < storedH; ++sy) {
        for (int sx = 0; sx < storedW; ++sx) {
            int dx = sx, dy = sy;
            switch (orientation) {
            case 2: dx = storedW - 1 - sx; break;
            case 3: dx = storedW - 1 - sx; dy = storedH - 1 - sy; break;
            case 4: dy = storedH - 1 - sy; break;
            case 5: dx = sy; dy = sx; break;
            case 6: dx = storedH - 1 - sy; dy = sx; break;
            case 7: dx = storedH - 1 - sy; dy = storedW - 1 - sx; break;
            case 8: dx = sy; dy = storedW - 1 - sx; break;
            default: break;
            }
            stored.at<cv::Vec3b>(sy, sx) = upright.at<cv::Vec3b>(dy, dx);
        }
    }
    return stored;
}

// A CMYK JPEG as Photoshop writes it (Adobe marker, inverted samples), through libjpeg.
QByteArray cmykJpeg(const std::vector<std::array<uchar, 4>>& halves) {
    jpeg_compress_struct info;
    jpeg_error_mgr errors;
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = kWidth;
    info.image_height = kHeight;
    info.input_components = 4;
    info.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, 95, TRUE);
    info.write_Adobe_marker = TRUE;
    jpeg_start_compress(&info, TRUE);
    std::vector<uchar> row(kWidth * 4);
    for (int x = 0; x < kWidth; ++x)
        for (int c = 0; c < 4; ++c) row[std::size_t(x * 4 + c)] = uchar(255 - halves[x < kWidth / 2 ? 0 : 1][std::size_t(c)]);
    while (info.next_scanline < info.image_height) {
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    QByteArray out(reinterpret_cast<const char*>(buffer), qsizetype(size));
    std::free(buffer);
    return out;
}

Rgb pixelAt(const Image& image, QPoint at) {
    const std::uint8_t* p = image.data() + at.y() * image.stride() + at.x() * 3;
    return {p[0], p[1], p[2]};
}

bool near(Rgb a, Rgb b, int tolerance) {
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

QByteArray describe(Rgb c) {
    return QStringLiteral("(%1, %2, %3)").arg(c.r).arg(c.g).arg(c.b).toUtf8();
}

QString sha256Of(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString bytesText(qint64 n) {
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(n) + QStringLiteral(" bytes");
}

}  // namespace

class TestImageLoader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void refusesBadInput_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<int>("setup");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("maxFileBytes");  // 0: default
        QTest::addColumn<qint64>("maxPixels");     // 0: default
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("exact");  // else `expected` is a prefix

        const auto file = int(Setup::File);
        const auto invalid = int(Error::Kind::InvalidInput);
        auto row = [&](const char* tag, const QString& name, const QByteArray& bytes, const QString& expected,
                       bool exact = true, qint64 maxFileBytes = 0, qint64 maxPixels = 0) {
            QTest::newRow(tag) << name << file << bytes << maxFileBytes << maxPixels << invalid << expected << exact;
        };

        QTest::newRow("missing file") << QStringLiteral("missing.jpg") << int(Setup::Missing) << QByteArray() << qint64(0)
                                      << qint64(0) << int(Error::Kind::NotFound)
                                      << QStringLiteral("missing.jpg: file does not exist") << true;
        QTest::newRow("directory") << QStringLiteral("holiday.jpg") << int(Setup::Directory) << QByteArray() << qint64(0)
                                   << qint64(0) << invalid
                                   << QStringLiteral("holiday.jpg: is a directory, not an image file") << true;
        row("empty file", QStringLiteral("empty.jpg"), {}, QStringLiteral("empty.jpg: empty file (0 bytes)"));
        row("text file", QStringLiteral("notes.jpg"), "Suspect description\nheight 180 cm, dark jacket\n",
            QStringLiteral("notes.jpg: not an image file (it looks like text: \"Suspect description heig…\")"));
        row("pdf", QStringLiteral("report.jpg"), "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            QStringLiteral("report.jpg: not an image file (a PDF document: starts with %PDF)"));
        row("zip", QStringLiteral("evidence.png"), QByteArray("PK\x03\x04\x14\0\0\0\x08\0", 10),
            QStringLiteral("evidence.png: not an image file (a ZIP archive or an Office document: starts with 50 4b 03 04)"));

        QByteArray random(4096, '\0');
        QRandomGenerator generator(20240611);
        for (char& c : random) c = char(generator.bounded(256));
        random[0] = '\x03';  // fixed so that no signature can match by chance
        row("random bytes", QStringLiteral("noise.jpg"), random,
            QStringLiteral("noise.jpg: not an image file (unknown signature ") +
                QString::fromLatin1(random.left(8).toHex(' ')) + QLatin1Char(')'));

        const QByteArray jpeg = encode(noise(256, 192), ".jpg", {cv::IMWRITE_JPEG_QUALITY, 90});
        row("truncated jpeg", QStringLiteral("half.jpg"), jpeg.left(jpeg.size() / 2),
            QStringLiteral("half.jpg: truncated JPEG data (the file ends inside the image data, before the "
                           "end-of-image marker)"));
        {
            // All-ones bits (stuffed 0xFF 0x00 pairs) are never a valid Huffman code.
            QByteArray corrupt = jpeg;
            const qsizetype middle = corrupt.size() / 2;
            for (qsizetype i = 0; i < 64; i += 2) {
                corrupt[middle + i] = '\xff';
                corrupt[middle + i + 1] = '\0';
            }
            // libjpeg-turbo reports the damage where it loses step (extraneous bytes, premature
            // end…); the wording is libjpeg's and may change between versions.
            row("jpeg corrupt entropy data", QStringLiteral("corrupt.jpg"), corrupt,
                QStringLiteral("corrupt.jpg: corrupt JPEG data ("), false);
        }
        {
            QByteArray big = jpeg;
            const qsizetype sof = big.indexOf("\xff\xc0");
            QVERIFY(sof > 0);
            for (const qsizetype at : {sof + 5, sof + 7}) {
                big[at] = char(60000 >> 8);
                big[at + 1] = char(60000 & 0xff);
            }
            row("jpeg sof 60000x60000", QStringLiteral("big.jpg"), big,
                QStringLiteral("big.jpg: 60000 × 60000 = 3600.0 megapixels is over the 100 megapixel limit"));
        }
        row("jpeg without image data", QStringLiteral("stub.jpg"), jpeg.left(jpeg.indexOf("\xff\xc0")) + "\xff\xd9",
            QStringLiteral("stub.jpg: corrupt JPEG data (end-of-image marker before any image data)"));
        row("jpeg signature only", QStringLiteral("two.jpg"), QByteArray("\xff\xd8", 2),
            QStringLiteral("two.jpg: truncated JPEG data (the file is only 2 bytes)"));

        const QByteArray png = encode(noise(kWidth, kHeight), ".png");
        const qsizetype idat = pngChunkAt(png, "IDAT");
        row("truncated png", QStringLiteral("half.png"), png.left(png.size() / 2),
            QStringLiteral("half.png: truncated PNG data (the file ends inside the IDAT chunk at byte %1: ").arg(idat),
            false);
        {
            QByteArray badCrc = png;
            badCrc[idat + 8 + 100] = char(badCrc[idat + 8 + 100] ^ 0x5a);
            row("png bad crc", QStringLiteral("badcrc.png"), badCrc,
                QStringLiteral("badcrc.png: corrupt PNG data (CRC error in the IDAT chunk at byte %1)").arg(idat));
        }
        {
            // Broken zlib stream behind a correct CRC: only the decoder can tell.
            const quint32 length = qFromBigEndian<quint32>(png.constData() + idat);
            QByteArray data = png.mid(idat + 8, length);
            data[0] = '\0';  // invalid zlib header
            const QByteArray broken = png.left(idat) + pngChunk("IDAT", data) + png.mid(idat + 12 + length);
            row("png corrupt idat", QStringLiteral("idat.png"), broken,
                QStringLiteral("idat.png: corrupt PNG data (the decoder could not read it)"));
        }
        row("png header 60000x60000", QStringLiteral("big.png"), kPngSignature + pngHeaderChunk(60000, 60000, 8, 2),
            QStringLiteral("big.png: 60000 × 60000 = 3600.0 megapixels is over the 100 megapixel limit"));
        row("png zero height", QStringLiteral("flat.png"), kPngSignature + pngHeaderChunk(16, 0, 8, 2),
            QStringLiteral("flat.png: the PNG header gives zero height (16 × 0 pixels)"));
        row("png over custom pixel limit", QStringLiteral("limited.png"), png,
            QStringLiteral("limited.png: 64 × 48 = 0.0031 megapixels is over the 0.001 megapixel limit"), true, 0, 1000);
        row("png beyond opencv limit", QStringLiteral("huge.png"), kPngSignature + pngHeaderChunk(60000, 60000, 8, 2),
            QStringLiteral("huge.png: 60000 × 60000 pixels is beyond OpenCV's limit of 1073741824 pixels "
                           "(CV_IO_MAX_IMAGE_PIXELS)"),
            true, 0, qint64(10'000'000'000));
        row("file over byte limit", QStringLiteral("large.png"), png,
            QStringLiteral("large.png: file is %1, over the limit of 1,000 bytes").arg(bytesText(png.size())), true, 1000);

        {
            QByteArray bmp = encode(noise(16, 16), ".bmp");
            for (int i = 18; i < 22; ++i) bmp[i] = '\0';
            row("bmp zero width", QStringLiteral("zero.bmp"), bmp,
                QStringLiteral("zero.bmp: the BMP header gives zero width (0 × 16 pixels)"));
        }
        const QByteArray bmp = encode(noise(kWidth, kHeight), ".bmp");
        row("truncated bmp", QStringLiteral("half.bmp"), bmp.left(bmp.size() / 2),
            QStringLiteral("half.bmp: truncated BMP data (the pixel rows need %1 bytes, the file has %2)")
                .arg(bmp.size())
                .arg(bmp.size() / 2));

        const QByteArray tiff = encode(noise(kWidth, kHeight), ".tiff");
        row("truncated tiff", QStringLiteral("half.tiff"), tiff.left(tiff.size() / 2),
            QStringLiteral("half.tiff: truncated "), false);

        const QByteArray webp = encode(noise(kWidth, kHeight), ".webp", {cv::IMWRITE_WEBP_QUALITY, 90});
        row("truncated webp", QStringLiteral("half.webp"), webp.left(webp.size() / 2),
            QStringLiteral("half.webp: truncated WebP data (the RIFF header announces %1 bytes, the file has %2)")
                .arg(webp.size())
                .arg(webp.size() / 2));

        row("gif", QStringLiteral("anim.gif"),
            QByteArray("GIF89a\x01\0\x01\0\x80\0\0", 13),
            QStringLiteral("anim.gif: GIF is not a supported image format (Debian's OpenCV 4.6 has no GIF decoder); "
                           "convert it to PNG or JPEG"));
        row("heic", QStringLiteral("IMG_0001.HEIC"), QByteArray("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24),
            QStringLiteral("IMG_0001.HEIC: HEIF/HEIC is not a supported image format (the iPhone photo format); "
                           "convert it to JPEG"));
        row("jpeg 2000", QStringLiteral("scan.jp2"), QByteArray("\0\0\0\x0cjP  \x0d\x0a\x87\x0a\0\0\0\x14" "ftypjp2 ", 24),
            QStringLiteral("scan.jp2: JPEG 2000 is not a supported image format; convert it to PNG or JPEG"));
    }

    void refusesBadInput() {
        QFETCH(QString, fileName);
        QFETCH(int, setup);
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, maxFileBytes);
        QFETCH(qint64, maxPixels);
        QFETCH(int, kind);
        QFETCH(QString, expected);
        QFETCH(bool, exact);

        // One folder per row, so that names can repeat between rows.
        const QString folder = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()));
        QVERIFY(QDir().mkpath(folder));
        const QString path = QDir(folder).filePath(fileName);
        if (setup == int(Setup::File)) writeFile(path, bytes);
        if (setup == int(Setup::Directory)) QVERIFY(QDir().mkpath(path));

        ImageLoadLimits limits;
        if (maxFileBytes > 0) limits.maxFileBytes = maxFileBytes;
        if (maxPixels > 0) limits.maxPixels = maxPixels;
        const ImageLoader loader(limits);

        const auto loaded = loader.loadFile(path);
        QVERIFY2(!loaded.ok(), "a bad file was accepted");
        if (exact)
            QCOMPARE(loaded.errorMessage(), expected);
        else
            QVERIFY2(loaded.errorMessage().startsWith(expected), qPrintable(loaded.errorMessage()));
        QCOMPARE(int(loaded.error().kind), kind);

        // The same bytes from memory give the same reason under the display name.
        if (setup == int(Setup::File)) {
            const auto fromMemory = loader.loadBytes(bytes, QStringLiteral("upload-7"));
            QVERIFY(!fromMemory.ok());
            QCOMPARE(fromMemory.errorMessage().section(QStringLiteral(": "), 1),
                     loaded.errorMessage().section(QStringLiteral(": "), 1));
            QVERIFY(fromMemory.errorMessage().startsWith(QStringLiteral("upload-7: ")));
        }
    }

    void refusesSpecialFile() {
        const auto loaded = ImageLoader().loadFile(QStringLiteral("/dev/null"));
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.errorMessage(), QStringLiteral("null: is not a regular file (a device, pipe or socket)"));
    }

    void refusesUnreadableFile() {
        const QString path = m_dir.filePath(QStringLiteral("locked.png"));
        writeFile(path, encode(noise(8, 8), ".png"));
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
        QFile probe(path);
        if (probe.open(QIODevice::ReadOnly)) QSKIP("running as root: file permissions do not stop reading");
        const auto loaded = ImageLoader().loadFile(path);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.errorMessage(), QStringLiteral("locked.png: cannot be read (Permission denied)"));
    }

    // The 60000 × 60000 headers above would need 10.8 GB of pixels: the refusal must come from
    // the header alone, before any pixel data is read. This PNG even carries real image data
    // behind its header; a second one carries data no decoder can read, and is refused for its
    // size all the same: had the data been decoded first, its error would have come instead.
    void oversizedHeaderIsRefusedWithoutDecoding() {
        const QByteArray rows(1 + 3 * 20000, '\0');
        const QByteArray png = kPngSignature + pngHeaderChunk(20000, 20000, 8, 2) +
                               pngChunk("IDAT", qCompress(rows).mid(4)) + pngChunk("IEND", {});
        const auto loaded = ImageLoader().loadBytes(png, QStringLiteral("wide.png"));
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.errorMessage(),
                 QStringLiteral("wide.png: 20000 × 20000 = 400.0 megapixels is over the 100 megapixel limit"));

        const QByteArray garbage(4096, '\x5a');  // not a zlib stream (its CRC is right)
        const QByteArray unreadable = kPngSignature + pngHeaderChunk(20000, 20000, 8, 2) +
                                      pngChunk("IDAT", garbage) + pngChunk("IEND", {});
        const auto refused = ImageLoader().loadBytes(unreadable, QStringLiteral("wide.png"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.errorMessage(), loaded.errorMessage());

        // The same data behind a small header is decoded, and refused for what it holds.
        const QByteArray small = kPngSignature + pngHeaderChunk(200, 200, 8, 2) +
                                 pngChunk("IDAT", garbage) + pngChunk("IEND", {});
        const auto decoded = ImageLoader().loadBytes(small, QStringLiteral("small.png"));
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.errorMessage().startsWith(QStringLiteral("small.png: ")) &&
                     !decoded.errorMessage().contains(QStringLiteral("megapixel")),
                 qPrintable(decoded.errorMessage()));
    }

    void loadsGoodInput_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("format");
        QTest::addColumn<Rgb>("left");
        QTest::addColumn<Rgb>("right");
        QTest::addColumn<int>("tolerance");

        const Rgb red{200, 40, 40};
        const Rgb blue{30, 90, 220};
        const cv::Mat colour = twoHalves(CV_8UC3, bgr(red), bgr(blue));
        const cv::Mat grey = twoHalves(CV_8UC1, cv::Scalar(60), cv::Scalar(190));
        const Rgb dark{60, 60, 60};
        const Rgb light{190, 190, 190};
        const Rgb white{255, 255, 255};

        QTest::newRow("jpeg") << encode(colour, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95}) << QStringLiteral("JPEG")
                              << red << blue << 12;
        QTest::newRow("jpeg progressive") << encode(colour, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1})
                                          << QStringLiteral("JPEG") << red << blue << 12;
        QTest::newRow("jpeg grey") << encode(grey, ".jpg") << QStringLiteral("JPEG") << dark << light << 6;
        // Cyan, and 50% black ink: Adobe-inverted CMYK as Photoshop writes it.
        QTest::newRow("jpeg cmyk") << cmykJpeg({{{255, 0, 0, 0}}, {{0, 0, 0, 128}}}) << QStringLiteral("JPEG")
                                   << Rgb{0, 255, 255} << Rgb{127, 127, 127} << 6;

        QTest::newRow("png rgb") << encode(colour, ".png") << QStringLiteral("PNG") << red << blue << 0;
        QTest::newRow("png grey") << encode(grey, ".png") << QStringLiteral("PNG") << dark << light << 0;
        // 16-bit: 40000/65535 → 156, 1000/65535 → 4.
        QTest::newRow("png 16-bit rgb")
            << encode(twoHalves(CV_16UC3, cv::Scalar(65535, 1000, 40000), cv::Scalar(0, 65535, 0)), ".png")
            << QStringLiteral("PNG") << Rgb{156, 4, 255} << Rgb{0, 255, 0} << 0;
        QTest::newRow("png 16-bit grey") << encode(twoHalves(CV_16UC1, cv::Scalar(0), cv::Scalar(65535)), ".png")
                                         << QStringLiteral("PNG") << Rgb{0, 0, 0} << white << 0;
        // Transparent over white, not black; half-transparent red → pink.
        const cv::Mat rgba = twoHalves(CV_8UC4, cv::Scalar(0, 0, 0, 0), cv::Scalar(0, 0, 255, 128));
        QTest::newRow("png rgba") << encode(rgba, ".png") << QStringLiteral("PNG") << white << Rgb{255, 127, 127} << 1;
        {
            // Grey + alpha (colour type 4): transparent black left, opaque grey 100 right.
            const cv::Mat greyAlpha = twoHalves(CV_8UC2, cv::Scalar(0, 0), cv::Scalar(100, 255));
            QTest::newRow("png grey+alpha") << buildPng(kWidth, kHeight, 8, 4, samplesOf(greyAlpha, {0, 1}, true))
                                            << QStringLiteral("PNG") << white << Rgb{100, 100, 100} << 0;
        }
        {
            // Palette (colour type 3) with a transparent second entry.
            const cv::Mat indices = twoHalves(CV_8UC1, cv::Scalar(0), cv::Scalar(1));
            const QByteArray palette = pngChunk("PLTE", QByteArray("\x0a\xc8\x1e\xfa\xfa\x00", 6)) +
                                       pngChunk("tRNS", QByteArray("\xff\x00", 2));
            QTest::newRow("png palette") << buildPng(kWidth, kHeight, 8, 3, samplesOf(indices, {0}, true), palette)
                                         << QStringLiteral("PNG") << Rgb{10, 200, 30} << white << 0;
        }

        QTest::newRow("bmp 24-bit") << encode(colour, ".bmp") << QStringLiteral("BMP") << red << blue << 0;
        QTest::newRow("bmp 8-bit grey") << encode(grey, ".bmp") << QStringLiteral("BMP") << dark << light << 0;

        QTest::newRow("tiff") << encode(colour, ".tiff") << QStringLiteral("TIFF") << red << blue << 0;
        QTest::newRow("tiff 16-bit")
            << encode(twoHalves(CV_16UC3, cv::Scalar(65535, 1000, 40000), cv::Scalar(0, 65535, 0)), ".tiff")
            << QStringLiteral("TIFF") << Rgb{156, 4, 255} << Rgb{0, 255, 0} << 0;
        QTest::newRow("tiff float") << encode(twoHalves(CV_32FC3, cv::Scalar(0.5, 0.25, 1.0), cv::Scalar(0, 0, 0)), ".tiff")
                                    << QStringLiteral("TIFF") << Rgb{255, 64, 128} << Rgb{0, 0, 0} << 1;
        {
            // CMYK (photometric 5): cyan left, 50% black right.
            const cv::Mat cmyk = twoHalves(CV_8UC4, cv::Scalar(255, 0, 0, 0), cv::Scalar(0, 0, 0, 128));
            QTest::newRow("tiff cmyk") << buildTiff(kWidth, kHeight, 4, 5, 1, samplesOf(cmyk, {0, 1, 2, 3}))
                                       << QStringLiteral("TIFF") << Rgb{0, 255, 255} << Rgb{127, 127, 127} << 1;
        }
        QTest::newRow("tiff rgba") << encode(rgba, ".tiff") << QStringLiteral("TIFF") << white << Rgb{255, 127, 127}
                                   << 1;

        QTest::newRow("webp lossy") << encode(colour, ".webp", {cv::IMWRITE_WEBP_QUALITY, 90}) << QStringLiteral("WebP")
                                    << red << blue << 12;
        QTest::newRow("webp lossless") << encode(colour, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101})
                                       << QStringLiteral("WebP") << red << blue << 0;
        QTest::newRow("webp alpha") << encode(rgba, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101}) << QStringLiteral("WebP")
                                    << white << Rgb{255, 127, 127} << 1;
    }

    void loadsGoodInput() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, format);
        QFETCH(Rgb, left);
        QFETCH(Rgb, right);
        QFETCH(int, tolerance);

        const QString path = m_dir.filePath(QStringLiteral("good-%1").arg(m_fileCounter++));
        writeFile(path, bytes);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const auto loaded = ImageLoader().loadFile(path);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));

        const Image& image = loaded->image;
        QCOMPARE(image.width(), kWidth);
        QCOMPARE(image.height(), kHeight);
        QCOMPARE(image.byteCount(), std::size_t(kWidth * kHeight * 3));
        QCOMPARE(loaded->format, format);
        QCOMPARE(loaded->storedWidth, kWidth);
        QCOMPARE(loaded->storedHeight, kHeight);
        QCOMPARE(loaded->exifOrientation, 1);
        QCOMPARE(loaded->fileBytes, qint64(bytes.size()));
        QCOMPARE(loaded->sha256, sha256Of(bytes));
        QCOMPARE(loaded->sourcePath, QFileInfo(path).absoluteFilePath());
        QCOMPARE(loaded->loadedAt.timeSpec(), Qt::UTC);
        QVERIFY(loaded->loadedAt >= before.addSecs(-1) && loaded->loadedAt <= QDateTime::currentDateTimeUtc());

        const Rgb gotLeft = pixelAt(image, kLeftProbe);
        const Rgb gotRight = pixelAt(image, kRightProbe);
        QVERIFY2(near(gotLeft, left, tolerance),
                 QByteArray(describe(gotLeft) + " on the left, expected " + describe(left)).constData());
        QVERIFY2(near(gotRight, right, tolerance),
                 QByteArray(describe(gotRight) + " on the right, expected " + describe(right)).constData());
    }

    // For each EXIF orientation, a file whose stored pixels are the upright picture turned the
    // way that orientation describes must load upright — rotated exactly once.
    void appliesExifOrientationOnce_data() {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("tolerance");

        const cv::Mat upright = uprightPicture();
        for (int o = 1; o <= 8; ++o) {
            const cv::Mat stored = storedFor(upright, o);
            const QByteArray jpeg = encode(stored, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95});
            QTest::addRow("jpeg II %d", o) << o << jpegWithExif(jpeg, o, false) << 24;
            QTest::addRow("jpeg MM %d", o) << o << jpegWithExif(jpeg, o, true) << 24;
            QTest::addRow("png eXIf %d", o) << o << pngWithExif(encode(stored, ".png"), o, o % 2 == 0) << 0;
            QTest::addRow("webp EXIF %d", o)
                << o
                << webpWithExif(encode(stored, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101}), stored.cols, stored.rows, o,
                                o % 2 == 1)
                << 0;
            QTest::addRow("tiff tag %d", o) << o << buildTiff(stored.cols, stored.rows, 3, 2, o, samplesOf(stored, {2, 1, 0}))
                                            << 0;
        }
    }

    void appliesExifOrientationOnce() {
        QFETCH(int, orientation);
        QFETCH(QByteArray, bytes);
        QFETCH(int, tolerance);

        const auto loaded = ImageLoader().loadBytes(bytes, QStringLiteral("oriented"));
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->exifOrientation, orientation);
        const cv::Mat upright = uprightPicture();
        QCOMPARE(loaded->image.width(), upright.cols);
        QCOMPARE(loaded->image.height(), upright.rows);
        QCOMPARE(loaded->storedWidth, orientation >= 5 ? upright.rows : upright.cols);
        QCOMPARE(loaded->storedHeight, orientation >= 5 ? upright.cols : upright.rows);
        for (int by = 0; by < upright.rows / kBlock; ++by) {
            for (int bx = 0; bx < upright.cols / kBlock; ++bx) {
                const QPoint centre(bx * kBlock + kBlock / 2, by * kBlock + kBlock / 2);
                const cv::Vec3b want = upright.at<cv::Vec3b>(centre.y(), centre.x());
                const Rgb expected{want[2], want[1], want[0]};
                const Rgb got = pixelAt(loaded->image, centre);
                QVERIFY2(near(got, expected, tolerance),
                         QByteArray("block " + QByteArray::number(bx) + "," + QByteArray::number(by) + ": got " +
                                    describe(got) + ", expected " + describe(expected))
                             .constData());
            }
        }
    }

    void loadBytesMatchesLoadFile() {
        const QByteArray bytes = encode(noise(40, 30), ".png");
        const QString path = m_dir.filePath(QStringLiteral("same.png"));
        writeFile(path, bytes);
        const ImageLoader loader;
        const auto fromFile = loader.loadFile(path);
        const auto fromBytes = loader.loadBytes(bytes, QStringLiteral("clipboard image"));
        QVERIFY(fromFile.ok() && fromBytes.ok());
        QCOMPARE(fromBytes->sourcePath, QStringLiteral("clipboard image"));
        QCOMPARE(fromBytes->sha256, fromFile->sha256);
        QCOMPARE(fromBytes->image.byteCount(), fromFile->image.byteCount());
        QVERIFY(std::equal(fromFile->image.data(), fromFile->image.data() + fromFile->image.byteCount(),
                           fromBytes->image.data()));
        // And the pixels are exactly the encoded ones, in RGB order.
        const cv::Mat original = noise(40, 30);
        const cv::Vec3b p = original.at<cv::Vec3b>(7, 11);
        const Rgb got = pixelAt(fromFile->image, QPoint(11, 7));
        QVERIFY(near(got, Rgb{p[2], p[1], p[0]}, 0));
    }

    // Every photo in the shared detection set must load; failures are listed, not just counted.
    void loadsEveryRealPhoto() {
        FACECASE_REQUIRE_TESTDATA();
        const QString root = test::testDataPath(QStringLiteral("detection"));
        QDirIterator it(root, {QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"), QStringLiteral("*.png")}, QDir::Files,
                        QDirIterator::Subdirectories);
        const ImageLoader loader;
        QStringList failures;
        int count = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            ++count;
            const auto loaded = loader.loadFile(path);
            if (!loaded.ok()) {
                failures << QDir(root).relativeFilePath(path) + QStringLiteral(" → ") + loaded.errorMessage();
                continue;
            }
            if (loaded->image.isNull() || loaded->sha256.size() != 64)
                failures << QDir(root).relativeFilePath(path) + QStringLiteral(" → empty image or bad hash");
        }
        for (const QString& failure : failures) qWarning("%s", qPrintable(failure));
        QVERIFY2(count >= 200, qPrintable(QStringLiteral("only %1 photos found under %2").arg(count).arg(root)));
        QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 of %2 photos failed").arg(failures.size()).arg(count)));
    }

    void loadsKnownRealPhotos() {
        FACECASE_REQUIRE_TESTDATA();
        const ImageLoader loader;
        const auto astronaut = loader.loadFile(test::testDataPath(QStringLiteral("detection/debian/astronaut.png")));
        QVERIFY2(astronaut.ok(), qPrintable(astronaut.errorMessage()));
        QCOMPARE(astronaut->image.width(), 512);
        QCOMPARE(astronaut->image.height(), 512);
        QCOMPARE(astronaut->format, QStringLiteral("PNG"));

        // RGBA with an opaque alpha channel: the colour must come through untouched.
        const QString path = test::testDataPath(QStringLiteral("detection/face-recognition-samples/tests/test_images/32bit.png"));
        const auto rgba = loader.loadFile(path);
        QVERIFY2(rgba.ok(), qPrintable(rgba.errorMessage()));
        QCOMPARE(rgba->image.width(), 626);
        QCOMPARE(rgba->image.height(), 1200);
        const Rgb corner = pixelAt(rgba->image, QPoint(0, 0));
        QVERIFY2(near(corner, Rgb{19, 30, 62}, 0), describe(corner).constData());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(rgba->sha256, sha256Of(file.readAll()));
    }

    // Hostile input: thousands of damaged variants of valid files (bytes flipped, cut, spliced)
    // must each load or be refused with a named reason — never crash, hang or throw.
    void survivesDamagedFiles() {
        const cv::Mat picture = noise(40, 24);
        const QList<QByteArray> seeds{
            encode(picture, ".jpg"), encode(picture, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1}), encode(picture, ".png"),
            encode(picture, ".bmp"), encode(picture, ".tiff"), encode(picture, ".webp", {cv::IMWRITE_WEBP_QUALITY, 90}),
            encode(picture, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101}),
            jpegWithExif(encode(picture, ".jpg"), 6, true), pngWithExif(encode(picture, ".png"), 3, false)};
        QRandomGenerator generator(99);
        const ImageLoader loader;
        int refused = 0;
        constexpr int kRounds = 300;
        for (const QByteArray& seed : seeds) {
            for (int round = 0; round < kRounds; ++round) {
                QByteArray bytes = seed;
                const int edits = 1 + int(generator.bounded(4));
                for (int e = 0; e < edits; ++e) {
                    const auto at = qsizetype(generator.bounded(int(bytes.size())));
                    switch (generator.bounded(4)) {
                    case 0: bytes[at] = char(generator.bounded(256)); break;
                    case 1: bytes[at] = char(bytes[at] ^ char(1 << generator.bounded(8))); break;
                    case 2: bytes.truncate(qMax<qsizetype>(1, at)); break;
                    default: bytes.insert(at, bytes.mid(qsizetype(generator.bounded(int(bytes.size()))), 8)); break;
                    }
                }
                const auto loaded = loader.loadBytes(bytes, QStringLiteral("damaged"));
                if (loaded.ok()) {
                    QVERIFY(!loaded->image.isNull());
                    QCOMPARE(loaded->image.byteCount(),
                             std::size_t(loaded->image.width()) * std::size_t(loaded->image.height()) * 3);
                } else {
                    ++refused;
                    QVERIFY2(loaded.errorMessage().startsWith(QStringLiteral("damaged: ")), qPrintable(loaded.errorMessage()));
                }
            }
        }
        qInfo("%d of %lld damaged files refused", refused, qlonglong(seeds.size() * kRounds));
    }

    // Stateless: one loader shared by threads gives every thread the same answers.
    void isThreadSafe() {
        const QList<QByteArray> inputs{encode(noise(96, 64), ".jpg"), encode(noise(96, 64), ".png"),
                                       encode(noise(96, 64), ".webp"), encode(noise(96, 64), ".tiff")};
        const ImageLoader loader;
        QStringList reference;
        for (const QByteArray& bytes : inputs) {
            const auto loaded = loader.loadBytes(bytes, QStringLiteral("input"));
            QVERIFY(loaded.ok());
            reference << QString::fromLatin1(QCryptographicHash::hash(
                QByteArrayView(reinterpret_cast<const char*>(loaded->image.data()), qsizetype(loaded->image.byteCount())),
                QCryptographicHash::Sha256).toHex());
        }
        std::atomic<int> mismatches{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int round = 0; round < 10; ++round) {
                    const auto i = qsizetype((t + round) % inputs.size());
                    const auto loaded = loader.loadBytes(inputs[i], QStringLiteral("input"));
                    const QString pixels = loaded.ok() ? QString::fromLatin1(QCryptographicHash::hash(
                        QByteArrayView(reinterpret_cast<const char*>(loaded->image.data()),
                                       qsizetype(loaded->image.byteCount())),
                        QCryptographicHash::Sha256).toHex()) : QString();
                    if (pixels != reference[i]) ++mismatches;
                }
            });
        }
        for (std::thread& thread : threads) thread.join();
        QCOMPARE(mismatches.load(), 0);
    }

private:
    static constexpr int kBlock = 16;

    // 48 × 32, six differently coloured 16-pixel blocks: every flip and turn looks different.
    static cv::Mat uprightPicture() {
        static const cv::Scalar colours[] = {{40, 40, 220}, {40, 200, 40}, {220, 60, 40},
                                             {0, 220, 220}, {200, 40, 200}, {230, 230, 230}};
        cv::Mat image(2 * kBlock, 3 * kBlock, CV_8UC3);
        for (int by = 0; by < 2; ++by)
            for (int bx = 0; bx < 3; ++bx)
                image(cv::Rect(bx * kBlock, by * kBlock, kBlock, kBlock)).setTo(colours[by * 3 + bx]);
        return image;
    }

    static void writeFile(const QString& path, const QByteArray& bytes) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
        QCOMPARE(file.write(bytes), qint64(bytes.size()));
    }

    QTemporaryDir m_dir;
    int m_fileCounter = 0;
};

QTEST_GUILESS_MAIN(TestImageLoader)
#include "test_image_loader.moc"
