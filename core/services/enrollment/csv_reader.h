#pragma once

#include <QChar>
#include <QString>
#include <QStringList>

#include <optional>

class QIODevice;

namespace facecase {

// RFC 4180 CSV records read one at a time from a UTF-8 file: quoted fields with doubled quotes,
// delimiters and line breaks inside quotes, CRLF or LF, a leading UTF-8 byte-order mark.
// Memory holds one record, whatever the file's size.
//
// A broken record never ends the reading: it comes back with `error` set and reading resumes
// at the next line. Errors: invalid UTF-8, text after a closing quote, and a quote that is never
// closed -- found at the end of the file or once a quoted field grows past kMaxQuotedBytes or
// kMaxQuotedLines; the reader then rewinds to the line after the one the record started on, so
// one stray quote costs one row, not the rest of the file. Not thread-safe.
class CsvReader {
public:
    struct Record {
        QStringList fields;
        int line = 0;     // 1-based physical line where the record starts
        QString error;    // empty when well-formed; otherwise what is wrong, without the line
    };

    static constexpr qint64 kMaxQuotedBytes = 1 << 20;
    static constexpr int kMaxQuotedLines = 1000;

    // `device` must be open for reading, seekable, and outlive the reader.
    explicit CsvReader(QIODevice* device, QChar delimiter = QLatin1Char(','));

    // The next non-blank record, or nullopt at the end of the file.
    std::optional<Record> next();

    // ',' ';' or tab: whichever occurs most often outside quotes in `headerLine` (',' on a tie
    // or when none does), so a spreadsheet's semicolon or tab export reads as well.
    static QChar detectDelimiter(const QString& headerLine);

private:
    std::optional<QString> readLine(bool* invalidUtf8);

    QIODevice* m_device;
    QChar m_delimiter;
    int m_line = 0;  // physical lines consumed so far
};

}  // namespace facecase
