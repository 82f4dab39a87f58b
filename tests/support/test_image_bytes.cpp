#include "support/test_image_bytes.h"

#include <QString>  // QByteArray concatenation (QStringBuilder)

namespace facecase::test {

void appendBe16(QByteArray& out, quint32 v) {
    out.append(char((v >> 8) & 0xff)).append(char(v & 0xff));
}
void appendBe32(QByteArray& out, quint32 v) {
    appendBe16(out, v >> 16);
    appendBe16(out, v & 0xffff);
}
void appendLe16(QByteArray& out, quint32 v) {
    out.append(char(v & 0xff)).append(char((v >> 8) & 0xff));
}
void appendLe32(QByteArray& out, quint32 v) {
    appendLe16(out, v & 0xffff);
    appendLe16(out, v >> 16);
}
void appendU16(QByteArray& out, quint32 v, bool bigEndian) {
    bigEndian ? appendBe16(out, v) : appendLe16(out, v);
}
void appendU32(QByteArray& out, quint32 v, bool bigEndian) {
    bigEndian ? appendBe32(out, v) : appendLe32(out, v);
}

QByteArray exifBlock(int orientation, bool bigEndian) {
    QByteArray out = bigEndian ? QByteArray("MM\0*", 4) : QByteArray("II*\0", 4);
    appendU32(out, 8, bigEndian);
    appendU16(out, 1, bigEndian);
    appendU16(out, 0x0112, bigEndian);
    appendU16(out, 3, bigEndian);  // SHORT
    appendU32(out, 1, bigEndian);
    appendU16(out, quint32(orientation), bigEndian);  // left-justified in the 4-byte value field
    appendU16(out, 0, bigEndian);
    appendU32(out, 0, bigEndian);  // no next IFD
    return out;
}

// Cameras put the APP1 segment right after SOI.
QByteArray jpegWithExif(const QByteArray& jpeg, int orientation, bool bigEndian) {
    const QByteArray payload = QByteArray("Exif\0\0", 6) + exifBlock(orientation, bigEndian);
    QByteArray segment("\xff\xe1", 2);
    appendBe16(segment, quint32(payload.size() + 2));
    return jpeg.left(2) + segment + payload + jpeg.mid(2);
}

}  // namespace facecase::test
