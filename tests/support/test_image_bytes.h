#pragma once
// Byte-level builders for test images: what cameras and odd encoders write, made by hand so
// tests can feed the loader exactly the structure they mean to test.

#include <QByteArray>

namespace facecase::test {

void appendBe16(QByteArray& out, quint32 v);
void appendBe32(QByteArray& out, quint32 v);
void appendLe16(QByteArray& out, quint32 v);
void appendLe32(QByteArray& out, quint32 v);
void appendU16(QByteArray& out, quint32 v, bool bigEndian);
void appendU32(QByteArray& out, quint32 v, bool bigEndian);

// A TIFF-structured EXIF block holding only IFD0 with the Orientation tag, in either byte order.
QByteArray exifBlock(int orientation, bool bigEndian);
// `jpeg` with an APP1 "Exif" segment carrying `orientation` inserted right after SOI.
QByteArray jpegWithExif(const QByteArray& jpeg, int orientation, bool bigEndian);

}  // namespace facecase::test
